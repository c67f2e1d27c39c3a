package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haruspex/haruspex/internal/chromium"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/evidence/pdf"
	"github.com/haruspex/haruspex/report/sensitive"
)

const sample = "../../../samples/police-visit.har"

// need finds a tool the test cannot do without: in CI (CI=true) its
// absence is a failure (.ci/deps installs it), elsewhere the test skips,
// saying how to install it.
func need(t *testing.T, tool, pkg string) string {
	t.Helper()
	if p, err := exec.LookPath(tool); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("no %s on PATH: CI must install it (.ci/deps: apt-get install -y %s)", tool, pkg)
	}
	t.Skipf("no %s on PATH: install it with apt-get install %s to run this test", tool, pkg)
	return ""
}

func browser(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	if p, err := chromium.Find(); err == nil {
		return p
	}
	return need(t, "chromium", "chromium")
}

// bundle builds the evidence folder of captures as haruspex report
// --pdf does, before the print.
func bundle(t *testing.T, opt evidence.Options, paths ...string) *evidence.Bundle {
	t.Helper()
	var in []report.Input
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		in = append(in, report.Input{Name: filepath.Base(p), R: f})
	}
	set := sensitive.Builtin()
	an, err := report.Analyze(in, report.Options{Generic: true, Navigations: true, Sensitive: set})
	if err != nil {
		t.Fatal(err)
	}
	defer an.Close()
	opt.Tool = evidence.Tool{Name: "haruspex", Version: "(test)"}
	opt.SensitiveTerms = evidence.SetTerms(set, true)
	opt.PDF = true
	b, err := evidence.Build(an, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func print(t *testing.T, bin string, html []byte, date time.Time) ([]byte, evidence.Print) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	data, p, err := pdf.Print(ctx, html, pdf.Options{Chromium: bin, Date: date})
	if err != nil {
		t.Fatal(err)
	}
	return data, p
}

// pages returns the text of each page of a PDF, by pdftotext.
func pages(t *testing.T, data []byte) []string {
	t.Helper()
	bin := need(t, "pdftotext", "poppler-utils")
	name := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", name, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	ps := strings.Split(string(out), "\f")
	if len(ps) > 0 && strings.TrimSpace(ps[len(ps)-1]) == "" {
		ps = ps[:len(ps)-1]
	}
	return ps
}

// TestPrintSample prints the sample's report: at most 8 pages, and every
// page carries "page N of M", the case reference and the report hash
// that manifest.json records.
func TestPrintSample(t *testing.T) {
	bin := browser(t)
	b := bundle(t, evidence.Options{CaseID: "EX-2025-001"}, sample)
	data, p := print(t, bin, b.File("report.html"), time.Time{})
	if !strings.HasPrefix(p.By, "HeadlessChrome/") && !strings.HasPrefix(p.By, "Chrome/") {
		t.Errorf("printed by %q, want the browser's product name", p.By)
	}
	if err := b.AddPDF(data, p); err != nil {
		t.Fatal(err)
	}
	var hash string
	for _, o := range b.Manifest.Outputs {
		if o.Name == "report.html" {
			hash = o.PrintedHash
		}
	}
	if len(hash) != evidence.ReportHashDigits {
		t.Fatalf("manifest records the report hash %q", hash)
	}
	ps := pages(t, data)
	t.Logf("the sample's report prints on %d pages", len(ps))
	if len(ps) == 0 || len(ps) > 8 {
		t.Errorf("the sample's report prints on %d pages, want 1 to 8", len(ps))
	}
	for i, text := range ps {
		for _, want := range []string{"page " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(ps)), "Case EX-2025-001", "report hash " + hash} {
			if !strings.Contains(text, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
	}
	// No near-empty page: each but the last is at least half as full as
	// the fullest.
	most := 0
	for _, text := range ps {
		most = max(most, lines(text))
	}
	for i, text := range ps[:len(ps)-1] {
		if n := lines(text); 2*n < most {
			t.Errorf("page %d holds %d lines, the fullest %d: a near-empty page", i+1, n, most)
		}
	}
	if bytes.Contains(data, []byte("/CreationDate")) || bytes.Contains(data, []byte("/ModDate")) {
		t.Error("the PDF has a date, from the clock")
	}
	keep(t, "report-sample.pdf", data)
}

// lines counts the lines of a page's text that hold something.
func lines(text string) int {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

// TestPrintRepeatable prints one report.html in two browser starts: the
// same bytes, dated as asked.
func TestPrintRepeatable(t *testing.T) {
	bin := browser(t)
	b := bundle(t, evidence.Options{CaseID: "EX-2025-001", GeneratedAt: "2025-11-20"}, sample)
	date := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)
	one, p1 := print(t, bin, b.File("report.html"), date)
	two, _ := print(t, bin, b.File("report.html"), date)
	if !p1.Repeatable {
		t.Errorf("two prints in one browser differed")
	}
	if !bytes.Equal(one, two) {
		t.Errorf("two browser starts printed different bytes (%d and %d)", len(one), len(two))
	}
	if !bytes.Contains(one, []byte("/CreationDate (D:20251120000000+00'00')")) {
		t.Error("the PDF lacks the creation date asked for")
	}
}

// TestPrintNoBrowser: without Chromium the error says which Debian
// package to install.
func TestPrintNoBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, _, err := pdf.Print(context.Background(), []byte("<p>x</p>"), pdf.Options{})
	if !errors.Is(err, pdf.ErrNoBrowser) || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("Print without a browser = %v, want ErrNoBrowser naming the package", err)
	}
}

func TestSetDates(t *testing.T) {
	in := []byte("<</Producer (Skia/PDF m156)\n/CreationDate (D:20261205105343+00'00')\n/ModDate (D:20261205105343+00'00')>>")
	for _, tt := range []struct {
		name string
		t    time.Time
		want string
	}{
		{"no date", time.Time{}, "<</Producer (Skia/PDF m156)\n" + strings.Repeat(" ", 39) + "\n" + strings.Repeat(" ", 34) + ">>"},
		{"a date", time.Date(2025, 11, 20, 10, 0, 0, 0, time.UTC),
			"<</Producer (Skia/PDF m156)\n/CreationDate (D:20251120100000+00'00')\n/ModDate (D:20251120100000+00'00')>>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := pdf.SetDates(bytes.Clone(in), tt.t)
			if string(got) != tt.want {
				t.Errorf("SetDates = %q, want %q", got, tt.want)
			}
			if len(got) != len(in) {
				t.Errorf("SetDates changed the length: %d, was %d", len(got), len(in))
			}
		})
	}
	// Bad: a date in another form than Chromium's is left alone rather
	// than half-rewritten.
	odd := []byte("/CreationDate (Friday)")
	if got := pdf.SetDates(bytes.Clone(odd), time.Time{}); !bytes.Equal(got, odd) {
		t.Errorf("SetDates(%q) = %q", odd, got)
	}
}

// keep writes a test artefact to $HARUSPEX_SCREENSHOTS, when set.
func keep(t *testing.T, name string, data []byte) {
	if d := os.Getenv("HARUSPEX_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("kept %s", filepath.Join(d, name))
	}
}
