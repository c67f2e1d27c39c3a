package evidence

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/sensitive"
)

// analyse analyses paths as `haruspex report` does.
func analyse(t *testing.T, paths ...string) *report.Analysis {
	t.Helper()
	var inputs []report.Input
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, report.Input{Name: filepath.Base(p), R: bytes.NewReader(data)})
	}
	known, err := decode.NewKnownPII([]string{"jane.doe@example.com"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	an, err := report.Analyze(inputs, report.Options{Generic: true, Navigations: true, Known: known, Sensitive: sensitive.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { an.Close() })
	return an
}

// readDir returns the files of a folder by name.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, de := range des {
		b, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[de.Name()] = string(b)
	}
	return out
}

// TestWriteFolder: the folder written straight to disk is the one Build,
// Sign and WriteDir make, byte for byte, signed or not, and it refuses a
// folder that is not empty.
func TestWriteFolder(t *testing.T) {
	jane := testSigner(t, 1, "jane@laptop")
	opt := Options{CaseID: "EX-1", Tool: testTool, KnownGiven: true, SensitiveTerms: SetTerms(sensitive.Builtin(), true)}
	for _, signers := range [][]Signer{nil, {jane}} {
		a := analyse(t, sample)
		b, err := Build(a, opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Sign(rand.Reader, signers...); err != nil {
			t.Fatal(err)
		}
		want := t.TempDir()
		if err := b.WriteDir(want, false); err != nil {
			t.Fatal(err)
		}
		got := filepath.Join(t.TempDir(), "case")
		wb, err := WriteFolder(got, false, analyse(t, sample), opt, rand.Reader, signers...)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(readDir(t, want), readDir(t, got)); diff != "" {
			t.Errorf("%d signer(s): WriteFolder differs from Build+Sign+WriteDir (-want +got):\n%s", len(signers), diff)
		}
		if diff := cmp.Diff(b.Manifest, wb.Manifest); diff != "" {
			t.Errorf("%d signer(s): manifest mismatch (-want +got):\n%s", len(signers), diff)
		}
		if _, err := WriteFolder(got, false, analyse(t, sample), opt, rand.Reader); err == nil {
			t.Errorf("WriteFolder into a folder that is not empty: no error")
		}
	}
}

// TestReportLimits: past MaxRows, report.html and report.md list the
// first rows of each table and say how many the CSV and JSON files hold;
// the counts are of every row; the folder's other files are complete.
func TestReportLimits(t *testing.T) {
	opt := Options{Tool: testTool, MaxRows: 3}
	b, err := Build(analyse(t, sample), opt)
	if err != nil {
		t.Fatal(err)
	}
	full, err := Build(analyse(t, sample), Options{Tool: testTool})
	if err != nil {
		t.Fatal(err)
	}
	file := func(b *Bundle, name string) string {
		for _, f := range b.Files {
			if f.Name == name {
				return string(f.Data)
			}
		}
		t.Fatalf("no %s", name)
		return ""
	}
	html, md := file(b, "report.html"), file(b, "report.md")
	for name, doc := range map[string]string{"report.html": html, "report.md": md} {
		for _, want := range []string{
			"The first 3 of the ",
			" rows are listed here and drawn in the figure; timeline.csv and timeline.json hold them all.",
		} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s does not say %q", name, want)
			}
		}
	}
	for _, name := range []string{"events.csv", "events.ndjson", "timeline.csv", "timeline.json", "parties.csv"} {
		if file(b, name) != file(full, name) {
			t.Errorf("%s changes with MaxRows", name)
		}
	}
}

// TestGlossaryMerged: the glossary made of batches of events is the one
// decode.Glossary makes of them all.
func TestGlossaryMerged(t *testing.T) {
	paths := []string{sample}
	corpus, _ := filepath.Glob("../../../shared/corpus/*.har*")
	paths = append(paths, corpus...)
	var evs []decode.Event
	for _, p := range paths {
		a := analyse(t, p)
		for ev, err := range a.Events() {
			if err != nil {
				t.Fatal(err)
			}
			evs = append(evs, *ev)
		}
	}
	for _, size := range []int{1, 7, 1000} {
		var g glossary
		for i := 0; i < len(evs); i += size {
			g.add(decode.Glossary(evs[i:min(i+size, len(evs))]))
		}
		if diff := cmp.Diff(decode.Glossary(evs), g.terms()); diff != "" {
			t.Errorf("batches of %d: glossary mismatch (-want +got):\n%s", size, diff)
		}
	}
}
