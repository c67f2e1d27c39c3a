package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportPDFNoBrowser: report --pdf with no browser on PATH is a usage
// error that names Debian's package and --chromium, and writes no folder.
func TestReportPDFNoBrowser(t *testing.T) {
	sample, err := filepath.Abs("../../samples/police-visit.har")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(t.TempDir(), "case")
	var stdout, stderr strings.Builder
	code := run(context.Background(), []string{"report", "--pdf", "--out", out, sample}, strings.NewReader(""), &stdout, &stderr)
	if code != exitUsage {
		t.Errorf("exit %d, want %d (usage)", code, exitUsage)
	}
	const want = "haruspex report: --pdf: no Chromium or Chrome found on PATH (install Debian's package chromium: apt-get install chromium), or give --chromium PATH\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the folder %s was made (%v)", out, err)
	}
}
