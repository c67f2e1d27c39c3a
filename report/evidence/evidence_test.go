package evidence

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/sensitive"
)

var update = flag.Bool("update", false, "rewrite the golden folders under testdata/")

// testTool stands in for the build's version, which a test binary does
// not carry, so that the golden files do not change with each commit.
var testTool = Tool{Name: "haruspex", Version: "(test)"}

// build makes the evidence bundle of captures as `haruspex report` does,
// with the built-in sensitive-content list.
func build(t *testing.T, opt Options, paths ...string) *Bundle {
	t.Helper()
	return buildLimit(t, 0, opt, paths...)
}

// buildLimit is build with the analysis's MemoryLimit.
func buildLimit(t *testing.T, limit int64, opt Options, paths ...string) *Bundle {
	t.Helper()
	var inputs []report.Input
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		inputs = append(inputs, report.Input{Name: filepath.Base(p), R: f})
	}
	known, err := decode.NewKnownPII([]string{"jane.doe@example.com"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	set := sensitive.Builtin()
	an, err := report.Analyze(inputs, report.Options{Generic: true, Navigations: true, Consent: true, Known: known, Sensitive: set, MemoryLimit: limit})
	if err != nil {
		t.Fatal(err)
	}
	defer an.Close()
	if opt.Tool == (Tool{}) {
		opt.Tool = testTool
	}
	opt.KnownGiven = true
	opt.SensitiveTerms = SetTerms(set, true)
	b, err := Build(an, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const sample = "../../samples/police-visit.har"

// TestGoldenSample compares the evidence folder of the bundled sample
// with testdata/police-visit/. Run with -update to rewrite it, then read
// the diff (and open report.html) before committing.
func TestGoldenSample(t *testing.T) {
	b := build(t, Options{CaseID: "EX-2025-001", GeneratedAt: "2025-11-20",
		Arguments: []string{"report", "--case-id", "EX-2025-001", "--generated-at", "2025-11-20", "--known-email", "jane.doe@example.com", "police-visit.har"}}, sample)
	dir := filepath.Join("testdata", "police-visit")
	if *update {
		os.RemoveAll(dir)
		if err := b.WriteDir(dir, false); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for _, f := range b.Files {
		names = append(names, f.Name)
		want, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if diff := cmp.Diff(string(want), string(f.Data)); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", f.Name, diff)
		}
	}
	if diff := cmp.Diff(outputNames(), names); diff != "" {
		t.Errorf("files mismatch (-want +got):\n%s", diff)
	}
	v, err := Verify(dir, []string{sample})
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Errorf("Verify(golden folder) failed: %+v", v.Checks)
	}
}

// TestSpilledSameAsMemory builds the evidence folder of the samples with
// the analysis's events in memory and in a temporary file (every event,
// and past 16 KiB): the bytes must be the same. (A spilled analysis once
// gave an empty events.ndjson.)
func TestSpilledSameAsMemory(t *testing.T) {
	paths := []string{sample, "../../samples/chromium-capture.har", filepath.Join("testdata", "hostile.har")}
	mem := buildLimit(t, -1, Options{}, paths...)
	for _, limit := range []int64{1, 16 << 10} {
		sp := buildLimit(t, limit, Options{}, paths...)
		if len(sp.Files) != len(mem.Files) {
			t.Fatalf("limit %d: %d files, in memory %d", limit, len(sp.Files), len(mem.Files))
		}
		for i := range mem.Files {
			if !bytes.Equal(mem.Files[i].Data, sp.Files[i].Data) {
				t.Errorf("limit %d: %s differs from the one made in memory", limit, mem.Files[i].Name)
			}
		}
	}
	for _, f := range mem.Files {
		if f.Name == "events.ndjson" && bytes.Count(f.Data, []byte("\n")) < 20 {
			t.Errorf("events.ndjson holds %d lines: the comparison proves little", bytes.Count(f.Data, []byte("\n")))
		}
	}
}

// TestReproducible builds the same report with the inputs in both orders
// and in two time zones for display... of the process: the bytes must
// not change. (The time zone shown is an option; the process's own
// zone and locale are covered by the testscript report_repro.)
func TestReproducible(t *testing.T) {
	hostile := filepath.Join("testdata", "hostile.har")
	a := build(t, Options{}, sample, hostile)
	b := build(t, Options{}, hostile, sample)
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Errorf("%s differs with the inputs in another order", a.Files[i].Name)
		}
	}
}

func TestDisplayZone(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Skip("no time-zone database:", err)
	}
	b := build(t, Options{Location: loc}, sample)
	html := string(file(t, b, "report.html"))
	// html/template writes "+" as "&#43;".
	if !strings.Contains(html, "2025-11-12T14:42:00.000&#43;05:30") {
		t.Errorf("report.html does not show times in Asia/Kolkata")
	}
	if !strings.Contains(string(file(t, b, "timeline.json")), "2025-11-12T09:12:00.000Z") {
		t.Errorf("timeline.json is not in UTC")
	}
	// Every other time too: an identifier's first sighting, a party's
	// first and last request, the visitor's headline.
	text := unwrapped(html)
	for _, want := range []string{
		"police-visit.har#5 2025-11-12T14:42:00.303+05:30",                    // c_user's first sighting
		"from 2025-11-12T14:42:00.303+05:30 to 2025-11-12T14:43:56.391+05:30", // facebook.com
		"2025-11-12T14:42:00.000+05:30 to 2025-11-12T14:43:56.391+05:30",      // V1
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(text, "T09:12:00.303Z") {
		t.Error("report.html shows a time in UTC")
	}
	if !strings.Contains(string(file(t, b, "parties.csv")), ",2025-11-12T14:42:00.303+05:30,2025-11-12T14:43:56.391+05:30,") {
		t.Error("parties.csv does not show the parties' times in Asia/Kolkata")
	}
}

// unwrapped is report.html without the spans and line-break
// opportunities that wrap its text (wrap.go), to search it for text.
func unwrapped(html string) string {
	return regexp.MustCompile(`<span class="u">|</span>|<wbr>|<wbr class="cut">`).ReplaceAllString(html, "")
}

func file(t *testing.T, b *Bundle, name string) []byte {
	t.Helper()
	for _, f := range b.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("no %s in bundle", name)
	return nil
}

// TestHostileText checks that strings from a hostile capture never
// become markup in report.html or report.md. The browser test checks the
// same in Chromium.
func TestHostileText(t *testing.T) {
	b := build(t, Options{}, filepath.Join("testdata", "hostile.har"))
	html := string(file(t, b, "report.html"))
	text := unwrapped(html)
	for _, bad := range []string{"<script", "<img", "<iframe", "<svg onload", "href=\"javascript", "\x1b", "\u202e"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	for _, want := range []string{"&lt;img src=x onerror=", "&lt;script&gt;document.body.setAttribute", `=HYPERLINK(&#34;http://evil.example&#34;)\x1b[2J\u202egnp.exe`} {
		if !strings.Contains(text, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	mdText := string(file(t, b, "report.md"))
	// Every < and ] of captured text is escaped with a backslash; the
	// only markup is the <br> the writer adds in table cells.
	bare := regexp.MustCompile(`(^|[^\\])(<|\]\()`)
	for i, line := range strings.Split(strings.ReplaceAll(mdText, "<br>", " "), "\n") {
		if m := bare.FindString(line); m != "" {
			t.Errorf("report.md line %d has unescaped %q: %s", i+1, m, line)
		}
	}
	for _, bad := range []string{"\x1b", "\u202e"} {
		if strings.Contains(mdText, bad) {
			t.Errorf("report.md contains %q", bad)
		}
	}
	for _, line := range strings.Split(mdText, "\n") {
		if strings.HasPrefix(line, "| custom data | cd\\[x\\] |") {
			if n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); n != 6 {
				t.Errorf("table row has %d unescaped pipes, want 6: %s", n, line)
			}
		}
	}
	csv := string(file(t, b, "events.csv"))
	if strings.Contains(csv, ",=HYPERLINK") || strings.Contains(csv, `,"=HYPERLINK`) || !strings.Contains(csv, `,"'=HYPERLINK`) {
		t.Errorf("events.csv does not neutralise the formula")
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Report domestic abuse", "Report domestic abuse"},
		{"pipe would split a table cell", "a|b", `a\|b`},
		{"newline would end a table row", "a\nb", `a\\x0ab`},
		{"html would render", "<script>x</script>", `\<script\>x\</script\>`},
		{"link syntax", "[x](javascript:alert(1))", `\[x\](javascript:alert(1))`},
		{"emphasis and code", "*_`~", "\\*\\_\\`\\~"},
		{"entity would decode", "&lt;", `\&lt;`},
		{"backslash", `a\b`, `a\\b`},
		{"bidi override would reorder", "a\u202eb", `a\\u202eb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := md(tt.in); got != tt.want {
				t.Errorf("md(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriteDirRefusesNonEmpty(t *testing.T) {
	b := &Bundle{Files: []File{{Name: "a.txt", Data: []byte("a")}}}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "old"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteDir(dir, false); !errorsIs(err, ErrNotEmpty) {
		t.Fatalf("WriteDir(non-empty) = %v, want ErrNotEmpty", err)
	}
	if err := b.WriteDir(dir, true); err != nil {
		t.Fatalf("WriteDir(force) = %v", err)
	}
	des, _ := os.ReadDir(dir)
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	if diff := cmp.Diff([]string{"a.txt", "old"}, names); diff != "" {
		t.Errorf("folder mismatch (-want +got):\n%s", diff)
	}
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "police-visit.har")
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := build(t, Options{}, in).WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	status := func(v *Verification) map[string]string {
		m := map[string]string{}
		for _, c := range v.Checks {
			m[filepath.Base(c.Name)] = c.Status.String()
		}
		return m
	}
	v, err := Verify(dir, []string{in})
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Fatalf("fresh folder fails: %v", status(v))
	}

	// One byte of an output changed.
	flip(t, filepath.Join(dir, "events.csv"), 100)
	v, _ = Verify(dir, []string{in})
	if v.OK() || status(v)["events.csv"] != "MISMATCH" {
		t.Errorf("after changing events.csv: %v", status(v))
	}
	flip(t, filepath.Join(dir, "events.csv"), 100)

	// One byte of the input changed.
	os.Chmod(in, 0o644)
	flip(t, in, 5000)
	v, _ = Verify(dir, []string{in})
	if v.OK() || status(v)["police-visit.har"] != "MISMATCH" {
		t.Errorf("after changing the input: %v", status(v))
	}
	flip(t, in, 5000)

	// A file added, a file removed.
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	os.Remove(filepath.Join(dir, "parties.csv"))
	v, _ = Verify(dir, []string{in})
	got := status(v)
	if v.OK() || got["notes.txt"] != "EXTRA" || got["parties.csv"] != "MISSING" {
		t.Errorf("after adding and removing: %v", got)
	}
}

// flip inverts one bit of the byte at offset off.
func flip(t *testing.T, name string, off int) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	b[off] ^= 1
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuildRefusesDuplicateNames(t *testing.T) {
	an, err := report.Analyze([]report.Input{
		{Name: "a.har", R: strings.NewReader(`{"log":{"version":"1.2","entries":[]}}`)},
		{Name: "a.har", R: strings.NewReader(`{"log":{"version":"1.1","entries":[]}}`)},
	}, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer an.Close()
	if _, err := Build(an, Options{}); err == nil {
		t.Error("Build with two inputs named a.har succeeded")
	}
}

func TestGlossaryFromLabels(t *testing.T) {
	b := build(t, Options{}, sample)
	html := unwrapped(string(file(t, b, "report.html")))
	// The label comes from decode's Meta dictionary, not from this package.
	if !strings.Contains(html, "page URL (document.location) the event was sent from") {
		t.Error("glossary lacks the decoder's label for dl")
	}
	if !slices.ContainsFunc(b.Manifest.Decoders.Routes, func(r DecoderRoute) bool { return r.Host == "*.facebook.com" && r.Path == "/tr" }) {
		t.Error("manifest lacks the Meta /tr route")
	}
}

// TestFlagsPerEvent: a GA4 request carrying two events (sample entry 17:
// scroll, then form_submit) shows each event's own sensitive-content
// flags, under its own ID and anchor; they were once keyed by file and
// entry, so the scroll row showed the form's fields, and both rows cited
// the same "police-visit.har#17".
func TestFlagsPerEvent(t *testing.T) {
	f, err := os.Open(sample)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	an, err := report.Analyze([]report.Input{{Name: "police-visit.har", R: f}}, report.Options{Generic: true, Navigations: true, Sensitive: sensitive.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	defer an.Close()
	ps, err := an.Parties()
	if err != nil {
		t.Fatal(err)
	}
	c, err := buildCase(an, ps, &Options{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ ID, Anchor, Event string }
	var rows []row
	fields := map[string][]string{}
	for _, r := range c.Visitors[0].Rows {
		if strings.Join(r.Sources, " ") == "police-visit.har#17" {
			rows = append(rows, row{r.ID, r.Anchor, r.Event})
			for _, fl := range r.Hits {
				fields[r.ID] = append(fields[r.ID], fl.Field)
			}
		}
	}
	wantRows := []row{{"f9c7f2e4#17.1", "ev-f9c7f2e4-17-1", "scroll"}, {"f9c7f2e4#17.2", "ev-f9c7f2e4-17-2", "form_submit"}}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("entry 17's rows (-want +got):\n%s", diff)
	}
	want := map[string][]string{
		"f9c7f2e4#17.1": {"page", "param dt"},
		"f9c7f2e4#17.2": {"form_destination", "form_name", "page", "param dt"},
	}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("flagged fields of entry 17's events (-want +got):\n%s", diff)
	}
	var cited []string
	for _, f := range c.Findings {
		cited = append(cited, f.ID)
	}
	for _, id := range []string{"f9c7f2e4#17.1", "f9c7f2e4#17.2"} {
		if !slices.Contains(cited, id) {
			t.Errorf("findings %v do not cite %s", cited, id)
		}
	}
}
