package evidence

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/haruspex/haruspex/internal/chromium"
)

// These tests open report.html in headless Chromium (Debian's chromium),
// as an examiner reads it and as it prints, and check the DOM and the
// layout boxes. In CI (CI=true) a missing browser is a failure: .ci/deps
// installs it. Elsewhere they skip, saying how to install it. Screenshots
// go to $HARUSPEX_SCREENSHOTS when set (to look at them), else to a
// temporary folder.

// page is report.html open in a headless browser.
type page struct {
	t   *testing.T
	tab context.Context
	dir string // the folder the report was written to
}

// openReport writes b into a folder and opens its report.html in a
// headless browser with a window of width × 1000 CSS pixels.
func openReport(t *testing.T, b *Bundle, width int) *page {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	bin, err := chromium.Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no chromium on PATH: CI must install it (.ci/deps: apt-get install -y chromium)")
		}
		t.Skip("no chromium on PATH: install it with apt-get install chromium to run the real-browser tests")
	}
	dir := t.TempDir()
	if err := b.WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	profile, err := chromium.NewProfile("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { chromium.RemoveProfile(profile) })
	sw := append(chromium.Headless(),
		chromium.Switch{Name: "host-resolver-rules", Value: "MAP * ~NOTFOUND"},
		chromium.Switch{Name: "hide-scrollbars"},
		chromium.Switch{Name: "user-data-dir", Value: profile})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, chromium.AllocatorOptions(bin, append(sw, chromium.NoSandbox()...))...)
	t.Cleanup(cancelAlloc)
	discard := func(string, ...any) {}
	tab, cancelTab := chromedp.NewContext(alloc, chromedp.WithLogf(discard), chromedp.WithErrorf(discard))
	t.Cleanup(cancelTab)
	p := &page{t: t, tab: tab, dir: dir}
	p.viewport(width, "screen")
	if err := chromedp.Do(tab, chromedp.Navigate("file://"+filepath.ToSlash(filepath.Join(dir, "report.html")))); err != nil {
		t.Fatalf("opening report.html in %s: %v", bin, err)
	}
	p.eval(`document.fonts.ready.then(() => true)`, new(bool))
	return p
}

// viewport sets the window's width in CSS pixels and the media type
// ("screen" or "print").
func (p *page) viewport(width int, media string) {
	p.t.Helper()
	if _, err := chromedp.Call(p.tab, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: int64(width), Height: 1000, DeviceScaleFactor: 1}); err != nil {
		p.t.Fatal(err)
	}
	if _, err := chromedp.Call(p.tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		p.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) into v.
func (p *page) eval(js string, v any) {
	p.t.Helper()
	res, err := chromedp.Run(p.tab, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluating %.60q…: %v", js, err)
	}
	if err := json.Unmarshal(res, v); err != nil {
		p.t.Fatalf("decoding %s: %v", res, err)
	}
}

// screenshot keeps a full-page screenshot as a test artefact.
func (p *page) screenshot(name string) {
	p.t.Helper()
	png, err := chromedp.Run(p.tab, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatal(err)
	}
	if len(png) < 10000 {
		p.t.Errorf("screenshot %s: only %d bytes", name, len(png))
	}
	dir := os.Getenv("HARUSPEX_SCREENSHOTS")
	if dir == "" {
		dir = p.t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", filepath.Join(dir, name))
}

// dom returns the document as serialised after parsing.
func (p *page) dom() string {
	var s string
	p.eval(`document.documentElement.outerHTML`, &s)
	return s
}

// layoutJS checks the layout of every table cell and list item:
// a line may break only at a space, after a separator of a value or URL,
// or at a <wbr>; no unbreakable token (a .u span: a time, an ID, a
// number, an event name, an identifier) is split across lines or sticks
// out of its cell; and no cell's content is wider than the cell. It
// returns what breaks those rules, at most 20 findings.
//
//go:embed testdata/layout.js
var layoutJS string

// printJS checks, under print media at the A4 content width, that
// every table row is kept whole (break-inside: avoid) and fits a page,
// so that the print never splits one; that table headers repeat
// (display: table-header-group); and that nothing is forced onto a new
// page.
//
//go:embed testdata/print.js
var printJS string

// a4Width and a4Height are the content box of an A4 page inside the
// report's @page margins (12 mm, 10 mm, 11 mm, 10 mm), in CSS pixels.
const (
	a4Width  = (210 - 20) * 96 / 25.4
	a4Height = (297 - 23) * 96 / 25.4
)

// checkLayout runs the layout checks at a screen width and in print.
func (p *page) checkLayout(width int) {
	p.t.Helper()
	p.viewport(width, "screen")
	var bad []string
	p.eval(layoutJS, &bad)
	for _, b := range bad {
		p.t.Errorf("at %d px: %s", width, b)
	}
	// Full width: the tables use the window, not a narrow column.
	var tableWidth float64
	p.eval(`Math.max(...[...document.querySelectorAll("table")].map(t => t.getBoundingClientRect().width))`, &tableWidth)
	if tableWidth < 0.9*float64(width) {
		p.t.Errorf("at %d px the widest table is %.0f px: the page is not full width", width, tableWidth)
	}

	p.viewport(int(math.Floor(a4Width)), "print")
	bad = nil
	p.eval(layoutJS, &bad)
	for _, b := range bad {
		p.t.Errorf("in print at A4 width: %s", b)
	}
	bad = nil
	p.eval(strings.ReplaceAll(printJS, "PAGE_HEIGHT", formatFloat(a4Height)), &bad)
	for _, b := range bad {
		p.t.Errorf("in print: %s", b)
	}
	p.viewport(width, "screen")
}

func TestBrowserSample(t *testing.T) {
	b := build(t, Options{CaseID: "EX-2025-001"}, sample)
	p := openReport(t, b, 1400)
	dom := p.dom()
	count := func(re string) int { return len(regexp.MustCompile(re).FindAllStringIndex(dom, -1)) }
	if n := count(`<article id="visitor-V\d+">`); n != 1 {
		t.Fatalf("%d visitors rendered, want 1; DOM:\n%.2000s", n, dom)
	}
	if got := count(`<svg `); got != 1 {
		t.Errorf("%d timeline figures for 1 visitor", got)
	}
	if n := count(`<g class="mark sensitive">`); n == 0 {
		t.Error("no sensitive mark in the timeline figure")
	}
	if n := count(`<circle class="ev"`); n == 0 {
		t.Error("no event mark in the timeline figure")
	}
	var text string
	p.eval(`document.body.innerText`, &text)
	for _, want := range []string{"Report domestic abuse", "4 Third parties: what each received", "facebook.com", "Meta Platforms, Inc.",
		"f9c7f2e47b3f1f176f34a12f51668b919504a57f4d9aa7efa22313c5c0e7f684", "Appendix A Methodology",
		"page URL (document.location) the event was sent from", "c_user 100012345678901", "f9c7f2e4#17.2"} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	checkRows(t, p, b)
	p.checkLayout(1400)
	p.checkLayout(1000)
	p.screenshot("report-sample.png")
}

// multiVisitor writes the sample, the same visit two days later (the
// same browser: one visitor over two sessions) and the Chromium capture
// (another browser that sent the same hashed e-mail: a group), and
// returns their paths.
func multiVisitor(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	later := bytes.ReplaceAll(data, []byte("2025-11-12T09:1"), []byte("2025-11-14T17:4"))
	paths := []string{sample, filepath.Join(dir, "police-visit-later.har"), "../../samples/chromium-capture.har"}
	if err := os.WriteFile(paths[1], later, 0o644); err != nil {
		t.Fatal(err)
	}
	return paths
}

func TestBrowserMultiVisitor(t *testing.T) {
	b := build(t, Options{CaseID: "EX-2025-002"}, multiVisitor(t)...)
	p := openReport(t, b, 1400)
	// Each visitor's headline says which accounts it was tied to.
	var headlines []string
	p.eval(`[...document.querySelectorAll("article[id^=visitor-] .headline")].map(h => h.innerText.split("\n")[0])`, &headlines)
	want := []string{
		"Accounts: c_user 100012345678901, sha256(email) 86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d, sha256(phone) 033134b911b137918338415ee3d20a064b24773d36a3b02e8b99fdd3fcd6b4cd",
		"Accounts: sha256(email) 86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d",
	}
	if !slices.Equal(want, headlines) {
		t.Errorf("visitor headlines:\n%q\nwant\n%q", headlines, want)
	}
	var summary []string
	p.eval(`[...document.querySelectorAll("ul.visitors li")].map(l => l.innerText)`, &summary)
	if len(summary) != 2 || !strings.Contains(summary[0], "tied to c_user 100012345678901") || !strings.Contains(summary[0], "2 session(s)") ||
		!strings.Contains(summary[0], "in group G1") || !strings.Contains(summary[1], "in group G1") {
		t.Errorf("case summary's visitors:\n%s", strings.Join(summary, "\n"))
	}
	// The two sessions two days apart are drawn with the pause cut out.
	var cuts []string
	p.eval(`[...document.querySelectorAll("#visitor-V1 svg .cut-label")].map(c => c.textContent)`, &cuts)
	if !slices.Equal(cuts, []string{"2 days 8 h"}) {
		t.Errorf("V1's figure cuts %q, want one pause of 2 days 8 h", cuts)
	}
	var xs []float64
	p.eval(`[...document.querySelectorAll("#visitor-V1 svg .mark")].map(m => m.lastElementChild.getBBox().x)`, &xs)
	if len(xs) < 2 {
		t.Fatalf("V1's figure has %d marks", len(xs))
	}
	// Neither session is squeezed into a clump: each spans a good part
	// of the plot.
	slices.Sort(xs)
	if span := xs[len(xs)-1] - xs[0]; span < 600 {
		t.Errorf("V1's marks span %.0f of the figure's 800 units", span)
	}
	checkRows(t, p, b)
	p.checkLayout(1400)
	p.screenshot("report-multi-visitor.png")
}

// checkRows checks that every event of events.csv is a timeline row,
// once, with its ID shown and as its anchor.
func checkRows(t *testing.T, p *page, b *Bundle) {
	t.Helper()
	type row struct{ Anchor, ID string }
	var rows []row
	p.eval(`[...document.querySelectorAll("table.timeline tbody tr")].map(r => ({Anchor: r.id, ID: r.cells[0].querySelector(".u").textContent}))`, &rows)
	seen := map[string]bool{}
	for _, r := range rows {
		if r.Anchor != anchor(r.ID) {
			t.Errorf("row %s has the anchor %q, want %q", r.ID, r.Anchor, anchor(r.ID))
		}
		if seen[r.ID] {
			t.Errorf("row %s appears twice", r.ID)
		}
		seen[r.ID] = true
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b.File("events.csv"))), "\n")[1:] {
		id, _, _ := strings.Cut(line, ",")
		if !seen[id] {
			t.Errorf("event %s of events.csv is not a row of the report", id)
		}
	}
}

// TestBrowserHostile opens the report of a capture whose URLs, button
// texts and event names carry <script>, <img onerror>, javascript: links,
// a spreadsheet formula, a terminal escape and a right-to-left override:
// no script runs, no element is injected, and each string shows as text.
func TestBrowserHostile(t *testing.T) {
	b := build(t, Options{}, filepath.Join("testdata", "hostile.har"))
	p := openReport(t, b, 1400)
	dom := p.dom()
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
	var text string
	p.eval(`document.body.innerText`, &text)
	for _, want := range []string{
		"<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> Report domestic abuse",
		"<script>document.body.setAttribute('data-pwned','script')</script>",
		"javascript:document.body.setAttribute('data-pwned','link')",
		`=HYPERLINK("http://evil.example")\x1b[2J\u202egnp.exe`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered page does not show %q literally", want)
		}
	}
	p.checkLayout(1400)
	p.screenshot("report-hostile.png")
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
