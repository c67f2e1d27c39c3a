package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/report/evidence"
)

func TestWriteVersion(t *testing.T) {
	tests := []struct {
		name string
		tool evidence.Tool
		want string
	}{
		{"release", evidence.Tool{Name: "haruspex", Version: "v1.2.3", Go: "go1.26.0"},
			"haruspex v1.2.3 (revision unknown, go1.26.0, linux/arm64)\n"},
		{"checkout", evidence.Tool{Name: "haruspex", Version: "(devel)", Revision: "4e98d5f0123456789abcdef0123456789abcdef0", Go: "go1.26.8"},
			"haruspex (devel) (4e98d5f0123456789abcdef0123456789abcdef0, go1.26.8, linux/arm64)\n"},
		{"modified", evidence.Tool{Name: "haruspex", Version: "(devel)", Revision: "4e98d5f0123456789abcdef0123456789abcdef0", Modified: true, Go: "go1.26.8"},
			"haruspex (devel) (4e98d5f0123456789abcdef0123456789abcdef0, modified, go1.26.8, linux/arm64)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := writeVersion(&b, tt.tool, "linux/arm64"); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("writeVersion mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVersionMatchesManifest: what "version --verbose" prints is what a
// report's manifest.json records: the tool, the decoder table, the
// company data and the built-in sensitive terms.
func TestVersionMatchesManifest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "case")
	sample := filepath.Join("..", "..", "samples", "police-visit.har")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "--quiet", "--out", dir, sample}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("report: exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, evidence.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	m, err := evidence.ReadManifest(b)
	if err != nil {
		t.Fatal(err)
	}

	stdout.Reset()
	if code := run(context.Background(), []string{"version", "--verbose"}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("version: exit %d: %s", code, stderr.String())
	}
	got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")

	rev := m.Tool.Revision
	if rev == "" {
		rev = "revision unknown"
	}
	if m.Tool.Modified {
		rev += ", modified"
	}
	want := []string{fmt.Sprintf("%s %s (%s, %s, ", m.Tool.Name, m.Tool.Version, rev, m.Tool.Go)}
	if m.Tool.Module != "" {
		want = append(want, "module           "+m.Tool.Module)
	}
	if m.Tool.Time != "" {
		want = append(want, "revision time    "+m.Tool.Time)
	}
	want = append(want, fmt.Sprintf("decoder table    sha256 %s, %d routes", m.Decoders.SHA256, len(m.Decoders.Routes)))
	for _, e := range m.Entities {
		l := fmt.Sprintf("entity data      %s: version %s; licence %s", e.Name, e.Version, e.Licence)
		if e.SHA256 != "" {
			l += "; sha256 " + e.SHA256
		}
		want = append(want, l)
	}
	terms := fmt.Sprintf("sensitive terms  %s: sha256 %s", m.Sensitive.Name, m.Sensitive.SHA256)
	if m.Sensitive.Version != "" {
		terms += "; version " + m.Sensitive.Version
	}
	want = append(want, terms+"; categories "+strings.Join(m.Sensitive.Categories, ", "))

	if len(got) > 0 && strings.HasPrefix(got[0], want[0]) {
		got[0] = want[0] // the platform is not in the manifest
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("version --verbose disagrees with manifest.json (-manifest +version):\n%s", diff)
	}
}
