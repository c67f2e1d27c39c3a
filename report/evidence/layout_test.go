package evidence

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/sensitive"
)

func TestWrapped(t *testing.T) {
	hash := strings.Repeat("0123456789abcdef", 4)
	tests := []struct {
		name string
		in   string
		want template.HTML
	}{
		{"a word is kept whole", "SubscribedButtonClick", `<span class="u">SubscribedButtonClick</span>`},
		{"words break at spaces", "Report domestic-abuse", `<span class="u">Report</span> <span class="u">domestic-abuse</span>`},
		{"a URL breaks after / ? and &", "https://a.example/report/?x=1&y=2",
			`<span class="u">https:/</span><wbr><span class="u">/</span><wbr><span class="u">a.example/</span><wbr><span class="u">report/</span><wbr><span class="u">?</span><wbr><span class="u">x=1&amp;</span><wbr><span class="u">y=2</span>`},
		{"a SHA-256 is kept whole", hash, template.HTML(`<span class="u">` + hash + `</span>`)},
		{"a file and its entry are kept whole", "police-visit.har#12", `<span class="u">police-visit.har#12</span>`},
		{"a long run breaks at a dot", "fb.1.1762938720298.428317650907561234", `<span class="u">fb.1.1762938720298.</span><wbr><span class="u">428317650907561234</span>`},
		// Bad: an opaque token longer than a SHA-256 would push its table
		// off the page; it is cut, every 64 characters.
		{"an opaque run is cut", hash + "XY", template.HTML(`<span class="u">` + hash + `</span><wbr class="cut"><span class="u">XY</span>`)},
		// Bad: captured markup and control characters.
		{"markup is text", `<img src=x onerror="a()">`, `<span class="u">&lt;img</span> <span class="u">src=x</span> <span class="u">onerror=&#34;a()&#34;&gt;</span>`},
		{"controls are visible", "a\x1bb", `<span class="u">a\x1bb</span>`},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrapped(tt.in); got != tt.want {
				t.Errorf("wrapped(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}
	if got, want := timeHTML("2025-11-12T09:12:35.419Z"), template.HTML(`<span class="u">2025-11-12</span><wbr><span class="u">T09:12:35.419Z</span>`); got != want {
		t.Errorf("timeHTML = %s, want %s", got, want)
	}
	if got := timeHTML("(no time)"); got != wrapped("(no time)") {
		t.Errorf("timeHTML of a text that is no time = %s", got)
	}
	if got, want := anchor("f9c7f2e4#17.2"), "ev-f9c7f2e4-17-2"; got != want {
		t.Errorf("anchor = %q, want %q", got, want)
	}
}

// TestReportHash: report.html prints a hash that anyone can recompute
// from the file alone, the manifest records it, and Verify checks it.
func TestReportHash(t *testing.T) {
	b := build(t, Options{CaseID: "EX-2025-001"}, sample)
	html := b.File("report.html")
	printed := b.Manifest.Outputs[0].PrintedHash
	if b.Manifest.Outputs[0].Name != "report.html" || len(printed) != ReportHashDigits {
		t.Fatalf("manifest's first output %+v", b.Manifest.Outputs[0])
	}
	if got := ReportHash(html, printed); got != printed {
		t.Errorf("ReportHash(report.html) = %s, but it prints %s", got, printed)
	}
	// On every printed page (the running header) and at the top.
	if n := bytes.Count(html, []byte(printed)); n != 2 {
		t.Errorf("report.html holds its hash %d times, want 2 (page header, top of page)", n)
	}
	if !bytes.Contains(html, []byte(`content: "report hash `+printed+`"`)) {
		t.Error("the running header does not print the report hash")
	}
	// Any other change makes the hash wrong.
	changed := bytes.Replace(html, []byte("police.example"), []byte("police.exampl3"), 1)
	if bytes.Equal(changed, html) {
		t.Fatal("no police.example in report.html")
	}
	if ReportHash(changed, printed) == printed {
		t.Error("a changed report.html still matches its printed hash")
	}
	dir := t.TempDir()
	if err := b.WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	v, err := Verify(dir, nil)
	if err != nil || !v.OK() {
		t.Fatalf("Verify = %v, %+v", err, v)
	}
	if c := v.Checks[0]; c.Name != "report.html" || !strings.Contains(c.Note, printed) {
		t.Errorf("report.html's check %+v does not name its report hash", c)
	}
	// A report.html whose printed hash is not its own, with a manifest
	// that agrees with its bytes, fails.
	forged := bytes.ReplaceAll(html, []byte(printed), []byte("0123456789abcdef"))
	if err := os.WriteFile(filepath.Join(dir, "report.html"), forged, 0o644); err != nil {
		t.Fatal(err)
	}
	b.Manifest.Outputs[0].SHA256 = sha256Hex(forged)
	b.Manifest.Outputs[0].Size = int64(len(forged))
	mb, _ := marshalManifest(b.Manifest)
	if err := os.WriteFile(filepath.Join(dir, ManifestName), mb, 0o644); err != nil {
		t.Fatal(err)
	}
	if v, _ := Verify(dir, nil); v.OK() || v.Checks[0].Status != StatusMismatch {
		t.Errorf("a report.html printing another hash passes: %+v", v.Checks[0])
	}
}

// siteHAR is a visit of three pages whose Meta Pixel sends the site's
// meta description, "How to report a crime online", from each; the last
// page's pixel saw an automated browser; a GA4 hit carries no cookie
// while the pixel's do.
func siteHAR() string {
	var es []string
	entry := func(at, url, dest, cookie string) {
		h := `{"name":"User-Agent","value":"UA1"}`
		if dest != "" {
			h += `,{"name":"Sec-Fetch-Dest","value":"` + dest + `"}`
		}
		if cookie != "" {
			h += `,{"name":"Cookie","value":"` + cookie + `"}`
		}
		es = append(es, fmt.Sprintf(`{"startedDateTime":"2025-11-12T09:%s.000Z","request":{"method":"GET","url":%q,"headers":[%s]},"response":{"status":200}}`, at, url, h))
	}
	for i, p := range []string{"", "contact/", "about/"} {
		page := "https://www.police.example/" + p
		entry(fmt.Sprintf("%02d:00", i), page, "document", "")
		tr := "https://www.facebook.com/tr/?id=1&ev=PageView&dl=" + strings.ReplaceAll(page, "/", "%2F") + "&pmd[description]=How%20to%20report%20a%20crime%20online&fbp=fb.1.1762938720298.1"
		if i == 2 {
			tr += "&o=286"
		}
		entry(fmt.Sprintf("%02d:01", i), tr, "", "datr=AAA")
	}
	entry("02:02", "https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid=1.2&en=page_view&dl=https%3A%2F%2Fwww.police.example%2Fabout%2F", "", "")
	return `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[` + strings.Join(es, ",\n") + `]}}`
}

func writeTemp(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSiteWideOnce: text the site sends from every page is listed once,
// as site-wide, not as a finding of each event; and the rows show what
// changes their meaning: the pixel's automation warning, and the missing
// cookie of a request in a capture that records cookies.
func TestSiteWideOnce(t *testing.T) {
	path := writeTemp(t, "site.har", siteHAR())
	b := build(t, Options{}, path)
	c := caseFor(t, path)
	if len(c.SiteWide) != 1 {
		t.Fatalf("%d site-wide matches, want 1: %+v", len(c.SiteWide), c.SiteWide)
	}
	s := c.SiteWide[0]
	var ids []string
	for _, e := range s.Events {
		ids = append(ids, e.ID)
	}
	got := fmt.Sprintf("%s %s %q %s %q pages %d/%d events %v", s.Ref, s.Field, s.Value, s.Category, s.Rule, s.Pages, s.SitePages, ids)
	want := `S1 param pmd[description] "How to report a crime online" crime-reporting "report a crime" pages 3/3 events [` +
		s.Events[0].ID[:8] + `#1.1 ` + s.Events[0].ID[:8] + `#3.1 ` + s.Events[0].ID[:8] + `#5.1]`
	if got != want {
		t.Errorf("site-wide match:\n%s\nwant\n%s", got, want)
	}
	if s.OnPages() != "on every page of police.example in the captures (3)" {
		t.Errorf("OnPages() = %q", s.OnPages())
	}
	if len(c.Findings) != 0 {
		t.Errorf("site-wide text made %d findings: %+v", len(c.Findings), c.Findings)
	}
	notes := map[string][]string{}
	for _, r := range c.Visitors[0].Rows {
		if r.Navigation {
			continue
		}
		if r.Sensitive || len(r.Flags) > 0 {
			t.Errorf("row %s flags the site-wide text as its own: %v", r.ID, r.Flags)
		}
		if r.Party == "facebook.com" && !slices.Equal(r.SiteWide, []string{"S1"}) {
			t.Errorf("row %s cites site-wide %v, want S1", r.ID, r.SiteWide)
		}
		notes[r.Event+" "+r.ID[9:]] = r.Notes
	}
	wantNotes := map[string][]string{
		"PageView 1.1":  nil,
		"PageView 3.1":  nil,
		"PageView 5.1":  {"o=286: the pixel detected an automated browser (IS_SELENIUM); the capture was probably made by a crawler"},
		"page_view 6.1": {noCookieNote},
	}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("row notes mismatch (-want +got):\n%s", diff)
	}
	html := unwrapped(string(b.File("report.html")))
	for _, want := range []string{"the pixel detected an automated browser", noCookieNote, "site-wide match S1", "on every page of police.example in the captures (3)"} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	md := string(b.File("report.md"))
	for _, want := range []string{"the pixel detected an automated browser", "site-wide match S1"} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}

// caseFor builds the view of captures that Build renders, as build
// analyses them.
func caseFor(t *testing.T, paths ...string) *caseView {
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
	an, err := report.Analyze(inputs, report.Options{Generic: true, Navigations: true, Sensitive: sensitive.Builtin()})
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
	return c
}

// TestFigureSessions: a visitor seen on two days is drawn as two
// sessions with the pause cut out, each given a fair share of the width.
func TestFigureSessions(t *testing.T) {
	at := func(s string) report.TimelineRow {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return report.TimelineRow{Event: &decode.Event{Time: har.Time{T: tm}, Kind: decode.KindEvent}, Party: "facebook.com"}
	}
	rows := []report.TimelineRow{at("2025-11-12T09:12:00Z"), at("2025-11-12T09:14:00Z"), at("2025-11-14T17:42:00Z"), at("2025-11-14T17:43:00Z")}
	views := make([]rowView, len(rows))
	f := newFigure(rows, views, nil)
	if len(f.Segments) != 2 || len(f.Cuts) != 1 || f.Cuts[0].Label != "2 days 8 h" {
		t.Fatalf("segments %d, cuts %+v", len(f.Segments), f.Cuts)
	}
	for i, s := range f.Segments {
		if s.width < figMinSeg {
			t.Errorf("session %d is %.0f wide, less than %v", i, s.width, figMinSeg)
		}
	}
	var xs []string
	for _, m := range f.Marks {
		xs = append(xs, m.X)
	}
	if diff := cmp.Diff([]string{"180.0", "660.7", "704.7", "980.0"}, xs); diff != "" {
		t.Errorf("marks' x mismatch (-want +got):\n%s", diff)
	}
	one := newFigure(rows[:2], views[:2], nil)
	if len(one.Cuts) != 0 || len(one.Segments) != 1 {
		t.Errorf("one session: %d cuts, %d segments", len(one.Cuts), len(one.Segments))
	}
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{{45 * time.Minute, "45 min"}, {2*time.Hour + 14*time.Minute, "2 h 14 min"}, {3 * time.Hour, "3 h"}, {24 * time.Hour, "1 day"}, {50 * time.Hour, "2 days 2 h"}} {
		if got := pauseText(tt.d); got != tt.want {
			t.Errorf("pauseText(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestAddPDF: the printed report joins the folder after report.html, the
// manifest covers it and says how it compares; Verify checks it.
func TestAddPDF(t *testing.T) {
	b := build(t, Options{PDF: true}, sample)
	if !strings.Contains(unwrapped(string(b.File("report.html"))), "report.pdf") {
		t.Error("report.html made for a PDF does not list report.pdf among the folder's files")
	}
	if err := b.AddPDF([]byte("%PDF-1.4 test"), Print{By: "HeadlessChrome/156.0.8078.79", Repeatable: true}); err != nil {
		t.Fatal(err)
	}
	if err := b.AddPDF([]byte("%PDF-1.4 again"), Print{}); err == nil {
		t.Error("a second AddPDF succeeded")
	}
	var names []string
	for _, f := range b.Files {
		names = append(names, f.Name)
	}
	if names[0] != "report.html" || names[1] != PDFName || names[len(names)-1] != ManifestName {
		t.Errorf("files %v", names)
	}
	m, err := ReadManifest(b.File(ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	want := ManifestFile{Name: PDFName, Size: 13, SHA256: sha256Hex([]byte("%PDF-1.4 test")), PrintedFrom: "report.html",
		PrintedBy: "HeadlessChrome/156.0.8078.79", Compare: CompareSamePrinter}
	if diff := cmp.Diff(want, m.Outputs[1]); diff != "" {
		t.Errorf("manifest's report.pdf mismatch (-want +got):\n%s", diff)
	}
	dir := t.TempDir()
	if err := b.WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	v, err := Verify(dir, nil)
	if err != nil || !v.OK() {
		t.Fatalf("Verify = %v, %+v", err, v)
	}
	if !strings.Contains(v.Checks[1].Note, "HeadlessChrome/156.0.8078.79") {
		t.Errorf("report.pdf's check %+v does not name its printer", v.Checks[1])
	}

	b = build(t, Options{PDF: true}, sample)
	if err := b.AddPDF([]byte("%PDF-1.4 test"), Print{By: "HeadlessChrome/1"}); err != nil {
		t.Fatal(err)
	}
	if b.Manifest.Outputs[1].Compare != CompareExcluded {
		t.Errorf("a print that did not repeat: byte_comparison %q, want %q", b.Manifest.Outputs[1].Compare, CompareExcluded)
	}
}
