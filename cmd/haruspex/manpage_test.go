package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// manPath is the manual page, kept at the top of the repository so that
// "man ./haruspex.1" works in a fresh clone.
const manPath = "../../haruspex.1"

// TestManPage keeps haruspex.1 equal to what the help texts generate;
// -update (or go generate ./cmd/haruspex) rewrites it. Where groff is
// installed, the page must render without a warning.
func TestManPage(t *testing.T) {
	var got bytes.Buffer
	if err := manPage(&got); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(manPath, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(manPath)
	if err != nil {
		t.Fatalf("%v (run go generate ./cmd/haruspex)", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("haruspex.1 is stale; run go generate ./cmd/haruspex (-want +got):\n%s", diff)
	}

	groff, err := exec.LookPath("groff")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("groff is not installed: under CI the manual page must be rendered (.ci/deps installs groff)")
		}
		t.Skip("groff is not installed: the manual page's rendering is not checked")
	}
	abs, _ := filepath.Abs(manPath)
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z", abs)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("groff -man -Tutf8 -ww %s: %v\n%s", manPath, err, strings.TrimSpace(stderr.String()))
	}
}

// FuzzRoffText: whatever a help text holds, the page's text lines are
// text: printable ASCII only (other characters as \[uXXXX]), never a
// request (a leading dot or quote).
func FuzzRoffText(f *testing.F) {
	for _, s := range []string{
		"plain words", ".starts with a dot", "'starts with a quote", `back\slash`, "--known-email x",
		"… and — and é", "tab\there", "a" + strings.Repeat(" bb", 60), "~/.config ^ `x`",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := &roff{}
		m.text(s)
		for _, l := range strings.Split(strings.TrimSuffix(m.b.String(), "\n"), "\n") {
			if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
				t.Errorf("text %q gave a request line %q", s, l)
			}
			for i := 0; i < len(l); i++ {
				if l[i] < 0x20 || l[i] > 0x7e {
					t.Fatalf("text %q gave byte %#x in %q", s, l[i], l)
				}
			}
		}
	})
}
