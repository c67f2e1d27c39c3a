// Package pdf prints an evidence report to PDF with headless Chromium
// over the DevTools protocol (chromedp), for the folder's report.pdf
// (haruspex report --pdf).
//
// The page is report.html itself, loaded into a fresh headless browser
// that may not reach the network: what is printed is what the file
// shows, laid out by its own print style sheet (A4, a running header
// with the case and the report hash, "page N of M" in the footer).
// report.html holds no script and loads nothing, so the print depends
// only on the file, the browser's version and its fonts.
//
//	b, _ := evidence.Build(an, evidence.Options{PDF: true, …})
//	data, p, err := pdf.Print(ctx, b.File("report.html"), pdf.Options{})
//	if errors.Is(err, chromium.ErrNotFound) { … install Debian's chromium … }
//	_ = b.AddPDF(data, p)
//
// The same report.html printed by the same Chromium version with the same
// fonts gives the same bytes: the PDF is not tagged (a tagged PDF names
// its structure by the browser's node numbers, which vary from run to
// run), and its two dates, which Chromium takes from the clock, are set
// to [Options].Date, or blanked. Print prints twice and compares the two,
// so that [evidence.Print].Repeatable says whether this Chromium gave the
// same bytes.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/haruspex/haruspex/internal/chromium"
	"github.com/haruspex/haruspex/report/evidence"
)

// Options adjust [Print].
type Options struct {
	// Chromium is the browser to run; "" finds chromium (or Chrome) on
	// PATH.
	Chromium string
	// Date is written as the PDF's creation and modification dates; the
	// zero time leaves the PDF without dates, so that nothing in it comes
	// from the clock.
	Date time.Time
}

// ErrNoBrowser is returned, wrapping [chromium.ErrNotFound], when no
// browser is given or found; its text names the Debian package.
var ErrNoBrowser = chromium.ErrNotFound

// Print prints html, an evidence folder's report.html, to PDF on A4
// paper as the page's print style sheet lays it out, with its background
// colours. It starts a fresh headless Chromium for the print, and closes
// it. The error says what failed: no browser ([ErrNoBrowser]), the
// browser not starting, or the print.
func Print(ctx context.Context, html []byte, opt Options) ([]byte, evidence.Print, error) {
	var p evidence.Print
	bin, err := chromium.Look(opt.Chromium)
	if err != nil {
		return nil, p, fmt.Errorf("pdf: %w", err)
	}
	profile, err := chromium.NewProfile("")
	if err != nil {
		return nil, p, fmt.Errorf("pdf: %w", err)
	}
	defer chromium.RemoveProfile(profile)
	sw := append(chromium.Headless(),
		// Nothing to fetch: the report loads nothing, and its Content
		// Security Policy forbids it; no name resolves, should anything
		// try.
		chromium.Switch{Name: "host-resolver-rules", Value: "MAP * ~NOTFOUND"},
		chromium.Switch{Name: "user-data-dir", Value: profile})
	sw = append(sw, chromium.NoSandbox()...)
	var out tail
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromium.AllocatorOptions(bin, sw), chromedp.CombinedOutput(&out))...)
	defer cancelAlloc()
	discard := func(string, ...any) {}
	tab, cancelTab := chromedp.NewContext(alloc, chromedp.WithLogf(discard), chromedp.WithErrorf(discard))
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil {
		return nil, p, fmt.Errorf("pdf: starting %s: %w%s", bin, err, out.suffix())
	}
	if v, err := chromedp.CallBrowser(tab, browser.GetVersion, cdp.Empty{}); err == nil {
		p.By = v.Product
	}
	tree, err := chromedp.Call(tab, page.GetFrameTree, cdp.Empty{})
	if err != nil || tree.FrameTree == nil || tree.FrameTree.Frame == nil {
		return nil, p, fmt.Errorf("pdf: finding the page of %s: %v", bin, err)
	}
	if _, err := chromedp.Call(tab, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(html)}); err != nil {
		return nil, p, fmt.Errorf("pdf: loading report.html: %w", err)
	}
	// The fonts are the system's; wait until they are laid out.
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, p, fmt.Errorf("pdf: laying out report.html: %w", err)
	}
	first, err := printOnce(tab, opt.Date)
	if err != nil {
		return nil, p, err
	}
	second, err := printOnce(tab, opt.Date)
	if err != nil {
		return nil, p, err
	}
	p.Repeatable = bytes.Equal(first, second)
	return first, p, nil
}

// printOnce prints the page and fixes its dates.
func printOnce(tab context.Context, date time.Time) ([]byte, error) {
	no, yes := false, true
	data, err := chromedp.Run(tab, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFStream(),
		func(p *page.PrintToPDFParams) {
			p.GenerateTaggedPDF = &no
			p.GenerateDocumentOutline = &yes
		},
	))
	if err != nil {
		return nil, fmt.Errorf("pdf: printing report.html: %w", err)
	}
	if len(data) < 5 || string(data[:5]) != "%PDF-" {
		return nil, errors.New("pdf: the browser's print is not a PDF")
	}
	return SetDates(data, date), nil
}

// dateEntry matches the creation and modification dates of a PDF's
// document information dictionary, as Chromium (Skia) writes them:
// "/CreationDate (D:20261205105343+00'00')".
var dateEntry = regexp.MustCompile(`/(CreationDate|ModDate) \(D:[0-9]{4,14}(?:[Z+-][0-9']*)?\)`)

// SetDates rewrites the creation and modification dates of a PDF as
// Chromium writes it, in place: to t (in UTC), or, for the zero time, to
// spaces, which leaves the PDF without dates. Each entry keeps its length,
// so that the cross-reference table's byte offsets still hold.
func SetDates(pdf []byte, t time.Time) []byte {
	return dateEntry.ReplaceAllFunc(pdf, func(m []byte) []byte {
		repl := bytes.Repeat([]byte(" "), len(m))
		if !t.IsZero() {
			name := m[1:bytes.IndexByte(m, ' ')]
			entry := fmt.Appendf(nil, "/%s (D:%s+00'00')", name, t.UTC().Format("20060102150405"))
			if len(entry) <= len(m) {
				copy(repl, entry)
			}
		}
		return repl
	})
}

// tail keeps the last bytes the browser wrote, to say why it would not
// start. chromedp's goroutine writes while Print may read.
type tail struct {
	mu sync.Mutex
	b  []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 2048 {
		t.b = t.b[len(t.b)-2048:]
	}
	return len(p), nil
}

func (t *tail) suffix() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(bytes.TrimSpace(t.b)) == 0 {
		return ""
	}
	return ": " + string(bytes.TrimSpace(t.b))
}
