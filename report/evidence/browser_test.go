package evidence

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds a headless Chromium. In CI (CI=true) its absence is a
// failure: .ci/run installs it with apt-get install -y chromium.
// Elsewhere the test skips, saying how to install it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH: CI must install it (apt-get update && apt-get install -y chromium)")
	}
	t.Skip("no chromium on PATH: install it with apt-get update && apt-get install -y chromium to run the real-browser test")
	return ""
}

// browse runs headless Chromium on a local file with the flags a root
// sandbox needs and no network use, and returns what it printed.
func browse(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

// screenshotDir is where screenshots go: $HARUSPEX_SCREENSHOTS if set
// (to look at them), else a temporary folder.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("HARUSPEX_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func TestBrowserSample(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	b := build(t, Options{CaseID: "EX-2025-001"}, sample)
	if err := b.WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	page := "file://" + filepath.ToSlash(filepath.Join(dir, "report.html"))
	dom := browse(t, bin, "--dump-dom", page)

	count := func(re string) int { return len(regexp.MustCompile(re).FindAllStringIndex(dom, -1)) }
	if n := count(`<article id="visitor-V\d+">`); n == 0 {
		t.Fatalf("no visitor rendered; DOM:\n%.2000s", dom)
	}
	if got, want := count(`<svg `), count(`<article id="visitor-V\d+">`); got != want {
		t.Errorf("%d timeline figures for %d visitors", got, want)
	}
	if n := count(`<g class="mark sensitive">`); n == 0 {
		t.Error("no sensitive mark in the timeline figures")
	}
	if n := count(`<circle class="ev"`); n == 0 {
		t.Error("no event mark in the timeline figures")
	}
	if n := count(`<table class="timeline">`); n == 0 {
		t.Error("no timeline table")
	}
	for _, want := range []string{"Report domestic abuse", "<h2>4 Third parties: what each received</h2>", "facebook.com", "Meta Platforms, Inc.",
		"f9c7f2e47b3f1f176f34a12f51668b919504a57f4d9aa7efa22313c5c0e7f684", "Appendix A Methodology", "page URL (document.location) the event was sent from"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	// Every event of the events table rendered as a row.
	events := dom[strings.Index(dom, `<section id="events">`):]
	events = events[:strings.Index(events, "</section>")]
	if got, want := strings.Count(events, "<tr"), eventRows(t, b)+1; got != want {
		t.Errorf("events table has %d rows, want %d", got, want)
	}

	shot := filepath.Join(screenshotDir(t), "report-sample.png")
	browse(t, bin, "--window-size=1000,2600", "--screenshot="+shot, page)
	st, err := os.Stat(shot)
	if err != nil || st.Size() < 10000 {
		t.Fatalf("screenshot %s: %v (size %d)", shot, err, st.Size())
	}
	t.Logf("screenshot: %s", shot)

	pdf := filepath.Join(screenshotDir(t), "report-sample.pdf")
	browse(t, bin, "--no-pdf-header-footer", "--print-to-pdf="+pdf, page)
	if st, err := os.Stat(pdf); err != nil || st.Size() < 10000 {
		t.Fatalf("printing to PDF: %v", err)
	}
}

// eventRows counts the rows of the events table from events.csv.
func eventRows(t *testing.T, b *Bundle) int {
	csv := string(file(t, b, "events.csv"))
	// One header line; captured newlines are escaped, so each event is a line.
	return strings.Count(csv, "\n") - 1
}

// TestBrowserHostile opens the report of a capture whose URLs, button
// texts and event names carry <script>, <img onerror>, javascript: links,
// a spreadsheet formula, a terminal escape and a right-to-left override:
// no script runs, no element is injected, and each string shows as text.
func TestBrowserHostile(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	if err := build(t, Options{}, filepath.Join("testdata", "hostile.har")).WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	page := "file://" + filepath.ToSlash(filepath.Join(dir, "report.html"))
	dom := browse(t, bin, "--dump-dom", page)
	lower := strings.ToLower(dom)
	for _, bad := range []string{"<script", "<img", "<iframe", "data-pwned=", "<a href=\"javascript"} {
		if strings.Contains(lower, bad) {
			t.Errorf("rendered DOM contains %q: markup from the capture was injected", bad)
		}
	}
	// Text is serialised with < as &lt;, so a < here opens a real element.
	if m := regexp.MustCompile(`<[a-z][^>]*\son[a-z]+=`).FindString(lower); m != "" {
		t.Errorf("rendered DOM has an element with an event handler: %s", m)
	}
	for _, want := range []string{
		"&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"&gt; Report domestic abuse",
		"&lt;script&gt;document.body.setAttribute('data-pwned','script')&lt;/script&gt;",
		"javascript:document.body.setAttribute('data-pwned','link')",
		`=HYPERLINK("http://evil.example")\x1b[2J\u202egnp.exe`,
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered page does not show %q literally", want)
		}
	}
	shot := filepath.Join(screenshotDir(t), "report-hostile.png")
	browse(t, bin, "--window-size=1000,2600", "--screenshot="+shot, page)
	t.Logf("screenshot: %s", shot)
}
