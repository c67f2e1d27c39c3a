package evidence

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
)

// caseView is everything report.html and report.md show, built once so
// that the two say the same thing. Every string in it is as captured:
// each renderer escapes for its own format.
type caseView struct {
	Title, CaseID, GeneratedAt string
	Zone                       string // "UTC" or the --tz zone's name
	// ReportHash is the hash report.html prints on every page
	// ([reportHash]); [reportHashZero] while it is being computed.
	ReportHash string
	// PageHead and PageFoot are the running header and footer of every
	// printed page (with the report hash and the page number).
	PageHead, PageFoot string
	Tool               Tool
	Inputs             []inputView
	FirstParties       []string
	Visitors           []*visitorView
	Parties            []*partyView
	Findings           []findingView
	SiteWide           []*siteWideView
	Groups             []string // each identity group as a sentence, conflicts included
	Sensitive          *SensitiveTerms
	Glossary           []decode.Term
	Methodology        []section
	Outputs            []outputDoc
	// EventCount counts the third-party events and requests; RowCount
	// the rows of all timelines (those events and the pages opened).
	EventCount, RequestCount, RowCount int
	// FirstPartyEvents counts the events among EventCount that went to a
	// first party's own hosts (a tracker's own site was captured): they
	// are events, but not sent to a third party.
	FirstPartyEvents int
}

type inputView struct {
	Name, SHA256, FirstParty, Cookies, Error string
	IDPrefix                                 string // the first digits of SHA256, as event IDs begin
	Size                                     int64
	Entries, Warnings                        int
}

// visitorView is one visitor: its headline (accounts, groups, first and
// last time, findings), its identifiers, and its timeline.
type visitorView struct {
	ID, Heading  string
	Unidentified bool
	Identifiers  []identifierView
	Accounts     []string // "c_user 100012345678901", each account identifier it sent
	Conflicts    []string // each as a sentence
	Groups       []string // the groups it is in, each as a sentence
	GroupIDs     []string // their IDs, G1 …
	Links        []linkView
	Basis        []string
	Files        []string
	// First and Last are the times of its first and last rows; Sessions
	// counts the stretches of its timeline without a pause longer than
	// [sessionGap].
	First, Last string
	Sessions    int
	Rows        []rowView
	Figure      *figure
	// Findings counts its third-party events with sensitive content of
	// their own; SiteWide names the site-wide matches its events carried.
	Findings int
	SiteWide []string
	// CookieNotes say, for each of its files that recorded no cookie at
	// all, that no row shows whether cookies were sent.
	CookieNotes []string
}

// noCookieNote is the caveat of a request without a cookie in a capture
// that records cookies.
const noCookieNote = "no cookie recorded with this request: none sent, or blocked by the browser"

type identifierView struct {
	Name, Value, Source, Time string
	Account                   bool
}

type linkView struct {
	A, B, Via, Source, Time string
}

// rowView is one line of a visitor's timeline: a page opened, or an
// event a third party received, with everything that changes what the
// line means (matches, sensitive content, warnings, delivery, cookies).
type rowView struct {
	N          int
	ID, Anchor string
	Time       string
	// Page is shown on an event when it is not the page the visitor last
	// opened in that file (the event names another page, or none was
	// opened yet).
	Page           string
	Party, Company string // "" for a navigation
	Event          string
	Summary        string
	Sources        []string // the request's file#entry, then its copies'
	Matches        []string
	// Flags are the row's own sensitive matches, one per category and
	// rule, naming the fields; SiteWide the refs (S1 …) of the
	// site-wide matches it carried, listed once in the findings.
	Flags    []string
	SiteWide []string
	// Notes are the event's warnings, what the capture shows of an
	// unanswered request, and a cookie caveat.
	Notes      []string
	Hits       []decode.SensitiveHit // every hit of the event
	Navigation bool
	Sensitive  bool // it has sensitive matches of its own
}

type partyView struct {
	*report.Party
	LegalEntity, Country, Parent, Attribution string
	FirstTime, LastTime                       string // in the display zone
	Received                                  []disclosureView
	// Notes are the long notes of its disclosures, each once, numbered
	// from 1 in the order first met: a disclosure cites its note by
	// number (NoteRef) rather than repeating it on each row.
	Notes []string
}

type disclosureView struct {
	Kind, What, Value, Note, Sources string
	NoteRef                          int  // its Note's number among the party's Notes, 0 for a short note shown on the row
	NewKind                          bool // the first of its kind in the party's list
	Count                            int
	Events                           []eventRef
}

// longNote is how long a disclosure's note may be and still be shown on
// its row.
const longNote = 40

// eventRef is an event ID as a table cites it: written compactly (from
// its "#" on after one of the same file) and linked to its row.
type eventRef struct {
	ID, Short, Anchor string
}

func eventRefs(ids []string) []eventRef {
	var out []eventRef
	last := ""
	for _, id := range ids {
		r := eventRef{ID: id, Short: id, Anchor: anchor(id)}
		if prefix, rest, ok := strings.Cut(id, "#"); ok {
			if prefix == last {
				r.Short = "#" + rest
			}
			last = prefix
		}
		out = append(out, r)
	}
	return out
}

// findingView is one third-party event with sensitive content of its
// own: its categories, and each match as "where: what matched (term,
// rule)".
type findingView struct {
	ID, Anchor, Time, Visitor, Party, Event string
	Categories                              []string
	Matches                                 []string
}

func newFinding(row *rowView, own []decode.SensitiveHit, visitor string) findingView {
	f := findingView{ID: row.ID, Anchor: row.Anchor, Time: row.Time, Visitor: visitor, Party: row.Party, Event: row.Event}
	type key struct{ cat, rule, where string }
	var order []key
	sent := map[key][]string{}
	for _, h := range own {
		if !slices.Contains(f.Categories, h.Category) {
			f.Categories = append(f.Categories, h.Category)
		}
		k := key{h.Category, h.Rule, h.Where}
		if _, ok := sent[k]; !ok {
			order = append(order, k)
		}
		sent[k] = append(sent[k], h.Field+": "+shorten(h))
	}
	for _, k := range order {
		f.Matches = append(f.Matches, k.cat+" “"+k.rule+"” ("+k.where+") in "+strings.Join(sent[k], "; "))
	}
	return f
}

// shorten is a hit's value as the findings show it: whole, or, when
// long, the matching text between ellipses.
func shorten(h decode.SensitiveHit) string {
	if len(h.Value) > 160 {
		return "…" + h.Text + "…"
	}
	return h.Value
}

// flagLines sums up hits, one line per category and rule, naming the
// fields they were found in: "domestic-abuse: “domestic abuse” in
// cd[buttonText], page (terms.txt:90)".
func flagLines(hits []decode.SensitiveHit) []string {
	type key struct{ cat, rule, where string }
	var order []key
	fields := map[key][]string{}
	for _, h := range hits {
		k := key{h.Category, h.Rule, h.Where}
		if _, ok := fields[k]; !ok {
			order = append(order, k)
		}
		if !slices.Contains(fields[k], h.Field) {
			fields[k] = append(fields[k], h.Field)
		}
	}
	var out []string
	for _, k := range order {
		out = append(out, k.cat+": “"+k.rule+"” in "+strings.Join(fields[k], ", ")+" ("+k.where+")")
	}
	return out
}

type outputDoc struct{ Name, What string }

// pdfDoc describes report.pdf, written with Options.PDF after
// report.html.
var pdfDoc = outputDoc{PDFName, "this report printed to PDF by headless Chromium, as report.html prints (manifest.json names the browser)"}

// outputDocs describe each file of the folder, in the order written
// (report.pdf, when printed, after report.html).
var outputDocs = []outputDoc{
	{"report.html", "this report: one self-contained page to read or print"},
	{"report.md", "the same report as Markdown"},
	{"events.csv", "every third-party event and request, one row each (columns as haruspex events --format csv)"},
	{"events.ndjson", "the same events as JSON, one object per line, every parameter included (haruspex events --format ndjson)"},
	{"timeline.csv", "each visitor's timeline, one row per page opened or event (haruspex timeline --format csv)"},
	{"timeline.json", "the visitors, their identifiers, links and events (haruspex timeline --format json)"},
	{"parties.csv", "what each third party received, one row per distinct value (haruspex parties --format csv)"},
	{ManifestName, "tool version, arguments, inputs, data versions and the SHA-256 of every other file"},
}

type section struct {
	Heading    string
	Paragraphs []string
}

func fileKey(s decode.Source) string { return s.File + "\x00" + s.SHA256 }

func firstSource(ev *decode.Event) decode.Source {
	if len(ev.Sources) == 0 {
		return decode.Source{}
	}
	return ev.Sources[0]
}

func sourceText(s decode.Source) string { return s.File + "#" + strconv.Itoa(s.Entry) }

func sourcesOf(ev *decode.Event) []string {
	out := make([]string, 0, len(ev.Sources))
	for _, s := range ev.Sources {
		out = append(out, sourceText(s))
	}
	return out
}

func matchesOf(ev *decode.Event) []string {
	var out []string
	for _, m := range ev.Matches {
		out = append(out, m.Param+" is the "+m.Algorithm+" of "+m.Kind+" "+m.Known)
	}
	return out
}

// buildCase assembles the view of an analysis; the error is one reading
// its events back.
func buildCase(a *report.Analysis, ps []*report.Party, opt *Options) (*caseView, error) {
	vs := a.Visitors()
	loc := opt.Location
	c := &caseView{Title: opt.Title, CaseID: opt.CaseID, GeneratedAt: opt.GeneratedAt, Zone: "UTC", Tool: opt.Tool, Sensitive: opt.SensitiveTerms,
		ReportHash: reportHashZero}
	if a.Sensitive == nil {
		c.Sensitive = nil // no list was applied, whatever the options say
	} else if c.Sensitive == nil {
		c.Sensitive = SetTerms(a.Sensitive, false)
	}
	if loc != nil && loc != time.UTC {
		c.Zone = loc.String()
	}
	firstPartyOf := map[string]string{}
	cookiesOf := map[string]string{}
	for _, f := range a.Files {
		iv := inputView{Name: f.Name, SHA256: f.SHA256, FirstParty: f.FirstParty, Cookies: f.Cookies,
			Error: f.Error, Size: f.Size, Entries: f.Entries, Warnings: len(f.Warnings)}
		if len(f.SHA256) >= decode.IDDigits {
			iv.IDPrefix = f.SHA256[:decode.IDDigits]
		}
		c.Inputs = append(c.Inputs, iv)
		if f.FirstParty != "" && !slices.Contains(c.FirstParties, f.FirstParty) {
			c.FirstParties = append(c.FirstParties, f.FirstParty)
		}
		firstPartyOf[f.Name+"\x00"+f.SHA256] = f.FirstParty
		cookiesOf[f.Name+"\x00"+f.SHA256] = f.Cookies
	}
	slices.Sort(c.FirstParties)
	if c.Title == "" {
		c.Title = "What " + cmp.Or(strings.Join(c.FirstParties, ", "), "the captured site") + " sent to third parties"
	}
	c.PageHead, c.PageFoot = render.Terminal(c.Title), "haruspex evidence report"
	if c.CaseID != "" {
		c.PageHead, c.PageFoot = "Case "+render.Terminal(c.CaseID), c.PageFoot+" · "+render.Terminal(c.Title)
	}

	// Every visitor's rows first: whether a sensitive match is site-wide
	// depends on all of them.
	rowsOf := make([][]report.TimelineRow, len(vs))
	var all []siteRow
	for i, v := range vs {
		for r, err := range a.Timeline(v) {
			if err != nil {
				return nil, err
			}
			rowsOf[i] = append(rowsOf[i], r)
			all = append(all, siteRow{visitor: v.ID, site: firstPartyOf[fileKey(firstSource(r.Event))], row: r})
		}
	}
	siteWide, siteList := findSiteWide(all)
	c.SiteWide = siteList

	groups := a.Groups()
	for i, v := range vs {
		vv := &visitorView{ID: v.ID, Unidentified: v.Unidentified, Basis: v.Basis, Files: v.Files}
		for _, id := range v.Identifiers {
			vv.Identifiers = append(vv.Identifiers, identifierView{Name: id.Name, Value: id.Value, Account: slices.Contains(v.Accounts, id),
				Source: sourceText(id.FirstSeen), Time: render.TimeIn(id.FirstTime, loc)})
		}
		for _, id := range v.Accounts {
			vv.Accounts = append(vv.Accounts, id.Name+" "+id.Value)
		}
		for _, l := range v.Links {
			vv.Links = append(vv.Links, linkView{A: l.A, B: l.B, Via: l.Via, Source: sourceText(l.Source), Time: render.TimeIn(l.Time, loc)})
		}
		for _, cf := range v.Conflicts {
			vv.Conflicts = append(vv.Conflicts, "this browser sent "+render.ConflictText(cf))
		}
		for _, g := range groups {
			if slices.Contains(g.Visitors, v.ID) {
				vv.Groups = append(vv.Groups, g.ID+": "+render.GroupText(g))
				vv.GroupIDs = append(vv.GroupIDs, g.ID)
			}
		}
		vv.Heading = "Visitor " + v.ID
		if v.Unidentified {
			vv.Heading += " (no identifier)"
		}
		for _, f := range v.Files {
			for _, in := range a.Files {
				if in.Name == f && in.Cookies != "captured" {
					vv.CookieNotes = append(vv.CookieNotes, "The capture "+f+" recorded no cookie with any request (Chrome's default export drops them): no row of it shows whether cookies were sent.")
				}
			}
		}
		rows := rowsOf[i]
		current := map[string]string{} // file → the page last opened
		for n, r := range rows {
			ev := r.Event
			src := firstSource(ev)
			fp := firstPartyOf[fileKey(src)]
			row := rowView{N: n + 1, ID: ev.ID(), Time: render.Time(ev, loc), Party: r.Party, Company: r.Company, Event: render.EventName(ev),
				Summary: ev.Summary, Matches: matchesOf(ev), Sources: sourcesOf(ev), Hits: ev.Sensitive,
				Navigation: ev.Kind == decode.KindNavigation}
			row.Anchor = anchor(row.ID)
			if row.Navigation {
				current[src.File] = r.Page
			} else if r.Page != current[src.File] {
				row.Page = r.Page
			}
			var own []decode.SensitiveHit
			for _, h := range ev.Sensitive {
				if sw := siteWideOf(siteWide, fp, h); sw != nil && !row.Navigation {
					if !slices.Contains(row.SiteWide, sw.Ref) {
						row.SiteWide = append(row.SiteWide, sw.Ref)
					}
					if !slices.Contains(vv.SiteWide, sw.Ref) {
						vv.SiteWide = append(vv.SiteWide, sw.Ref)
					}
					continue
				}
				own = append(own, h)
			}
			row.Flags = flagLines(own)
			row.Sensitive = len(own) > 0
			row.Notes = append(row.Notes, ev.Warnings...)
			if dn := render.DeliveryNote(ev.Delivery); dn != "" {
				row.Notes = append(row.Notes, dn)
			}
			if !row.Navigation && ev.Cookies == decode.CookiesNotCaptured && cookiesOf[fileKey(src)] == "captured" {
				row.Notes = append(row.Notes, noCookieNote)
			}
			vv.Rows = append(vv.Rows, row)
			if row.Sensitive && !row.Navigation {
				vv.Findings++
				c.Findings = append(c.Findings, newFinding(&row, own, v.ID))
			}
		}
		c.RowCount += len(rows)
		if len(rows) > 0 {
			vv.First, vv.Last = vv.Rows[0].Time, vv.Rows[len(rows)-1].Time
		}
		vv.Figure = newFigure(rows, vv.Rows, loc)
		vv.Sessions = 1
		if vv.Figure != nil {
			vv.Sessions = len(vv.Figure.Segments)
		}
		c.Visitors = append(c.Visitors, vv)
	}

	for _, g := range groups {
		text := g.ID + ": " + render.GroupText(g) + "."
		for _, cf := range g.Conflicts {
			text += " CONFLICT: the group holds " + render.ConflictText(cf) + "."
		}
		c.Groups = append(c.Groups, text)
	}
	for _, p := range ps {
		pv := &partyView{Party: p, FirstTime: render.TimeIn(p.FirstTime, loc), LastTime: render.TimeIn(p.LastTime, loc)}
		pv.LegalEntity, pv.Country, pv.Parent, pv.Attribution = p.LegalEntity, p.Country, p.Parent, p.CompanySource
		for _, d := range p.Received {
			dv := disclosureView{Kind: d.Kind, What: d.What, Value: d.Value, Note: d.Note,
				Sources: sourcesList(d.Sources), Count: d.Count, Events: eventRefs(d.Events)}
			dv.NewKind = len(pv.Received) == 0 || pv.Received[len(pv.Received)-1].Kind != d.Kind
			if len(d.Note) > longNote {
				i := slices.Index(pv.Notes, d.Note)
				if i < 0 {
					pv.Notes = append(pv.Notes, d.Note)
					i = len(pv.Notes) - 1
				}
				dv.NoteRef = i + 1
			}
			pv.Received = append(pv.Received, dv)
		}
		c.Parties = append(c.Parties, pv)
		c.RequestCount += p.Requests
	}

	var evs []decode.Event
	for ev, err := range a.Events() {
		if err != nil {
			return nil, err
		}
		if ev.Kind == decode.KindNavigation {
			continue
		}
		evs = append(evs, *ev)
		c.EventCount++
		if fp := firstPartyOf[fileKey(firstSource(ev))]; fp != "" && site.Domain(ev.Host) == fp && ev.Gateway == "" {
			c.FirstPartyEvents++
		}
	}
	c.Glossary = decode.Glossary(evs)
	c.Outputs = outputDocs
	if opt.PDF {
		c.Outputs = slices.Insert(slices.Clone(outputDocs), 1, pdfDoc)
	}
	c.Methodology = methodology(c, opt)
	return c, nil
}

// sourcesList lists sources grouped by file: "a.har#5, 10, 11; b.har#2".
func sourcesList(ss []decode.Source) string {
	var b strings.Builder
	last := ""
	for i, s := range ss {
		switch {
		case i == 0:
		case s.File != last:
			b.WriteString("; ")
		default:
			b.WriteString(", ")
		}
		if i == 0 || s.File != last {
			b.WriteString(s.File)
			b.WriteByte('#')
			last = s.File
		}
		b.WriteString(strconv.Itoa(s.Entry))
	}
	return b.String()
}
