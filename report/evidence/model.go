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
	Findings           []findingView // the first MaxRows
	FindingCount       int           // all of them
	SiteWide           []*siteWideView
	Consent            consentSummary // the requests sent without consent
	Groups             []string       // each identity group as a sentence, conflicts included
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
	Rows        []rowView // the first rows, up to the table limit
	RowCount    int       // all its rows
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
	Sensitive  bool   // it has sensitive matches of its own
	Consent    string // "SENT WITHOUT CONSENT: …" for a request sent without consent
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
	Events                           []eventRef // the first maxSourcesShown
	MoreEvents                       int        // the events not in Events
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

// detach copies the row's strings out of the event they were taken
// from (figureEvent says why).
func (r *rowView) detach() {
	r.Page, r.Party, r.Company, r.Event, r.Summary, r.Consent = strings.Clone(r.Page), strings.Clone(r.Party), strings.Clone(r.Company),
		strings.Clone(r.Event), strings.Clone(r.Summary), strings.Clone(r.Consent)
	r.Matches, r.Sources, r.Flags, r.Notes = cloneAll(r.Matches), cloneAll(r.Sources), cloneAll(r.Flags), cloneAll(r.Notes)
	r.Hits = cloneHits(r.Hits)
}

// figureEvent is what the figure draws of an event (its time, kind, name,
// first source and first sensitive category), copied out of it. An event
// read back from the analysis shares one allocation among its strings:
// keeping one of them, for each of the thousands of rows a report lists,
// would keep every event whole.
func figureEvent(ev *decode.Event) *decode.Event {
	f := &decode.Event{Time: ev.Time, Kind: ev.Kind, Name: strings.Clone(ev.Name)}
	f.Time.Raw = strings.Clone(ev.Time.Raw)
	if ev.Kind == decode.KindConsent {
		f.Consent = decode.ConsentSignal{Where: ev.Consent.Where, Inference: strings.Clone(ev.Consent.Inference)}
		f.Consent.Where.Name = strings.Clone(ev.Consent.Where.Name)
	}
	if len(ev.Sources) > 0 {
		f.Sources = []decode.Source{ev.Sources[0]}
		f.Sources[0].File, f.Sources[0].SHA256 = strings.Clone(f.Sources[0].File), strings.Clone(f.Sources[0].SHA256)
	}
	f.Sensitive = cloneHits(ev.Sensitive[:min(1, len(ev.Sensitive))])
	return f
}

// cloneAll returns a copy of ss whose strings are copies.
func cloneAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}

// cloneHits returns a copy of hs whose strings are copies.
func cloneHits(hs []decode.SensitiveHit) []decode.SensitiveHit {
	if hs == nil {
		return nil
	}
	out := make([]decode.SensitiveHit, len(hs))
	for i, h := range hs {
		out[i] = decode.SensitiveHit{Category: strings.Clone(h.Category), Rule: strings.Clone(h.Rule), Where: strings.Clone(h.Where),
			Field: strings.Clone(h.Field), Value: strings.Clone(h.Value), Text: strings.Clone(h.Text)}
	}
	return out
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

	maxRows := cmp.Or(opt.MaxRows, defaultMaxRows)
	rowsLeft := visitorRowsFactor * maxRows // rows listed for all visitors together
	c.Consent.max = maxRows
	// A first pass over every visitor's rows: whether a sensitive match
	// is site-wide depends on all of them.
	swf := newSiteWideFinder()
	for _, v := range vs {
		for r, err := range a.Timeline(v) {
			if err != nil {
				return nil, err
			}
			swf.add(v.ID, firstPartyOf[fileKey(firstSource(r.Event))], r)
		}
	}
	siteWide, siteList := swf.finish()
	c.SiteWide = siteList

	groups := a.Groups()
	for _, v := range vs {
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
		// The first rows are listed (and drawn), as many as the limits
		// allow; every row is counted.
		shown := min(maxRows, rowsLeft)
		var rows []report.TimelineRow
		current := map[string]string{} // file → the page last opened
		for r, err := range a.Timeline(v) {
			if err != nil {
				return nil, err
			}
			vv.RowCount++
			c.Consent.add(r, v.ID, loc)
			ev := r.Event
			src := firstSource(ev)
			fp := firstPartyOf[fileKey(src)]
			nav := ev.Kind == decode.KindNavigation
			t := render.Time(ev, loc)
			if vv.RowCount == 1 {
				vv.First = t
			}
			vv.Last = t
			page := ""
			if nav {
				current[strings.Clone(src.File)] = strings.Clone(r.Page)
			} else if r.Page != current[src.File] {
				page = r.Page
			}
			var own []decode.SensitiveHit
			var sw []string
			for _, h := range ev.Sensitive {
				if s := siteWideOf(siteWide, fp, h); s != nil && !nav {
					if !slices.Contains(sw, s.Ref) {
						sw = append(sw, s.Ref)
					}
					if !slices.Contains(vv.SiteWide, s.Ref) {
						vv.SiteWide = append(vv.SiteWide, s.Ref)
					}
					continue
				}
				own = append(own, h)
			}
			finding := len(own) > 0 && !nav
			if finding {
				vv.Findings++
				c.FindingCount++
			}
			listFinding := finding && len(c.Findings) < maxRows
			if len(rows) >= shown && !listFinding {
				continue // counted, and in the CSV and JSON files
			}
			row := rowView{N: vv.RowCount, ID: ev.ID(), Time: t, Page: page, Party: r.Party, Company: r.Company, Event: render.EventName(ev),
				Summary: ev.Summary, Matches: matchesOf(ev), Sources: sourcesOf(ev), Hits: ev.Sensitive, Navigation: nav,
				Consent: consentWarning(ev), SiteWide: sw, Flags: flagLines(own), Sensitive: len(own) > 0}
			row.Anchor = anchor(row.ID)
			row.Notes = append(row.Notes, ev.Warnings...)
			if dn := render.DeliveryNote(ev.Delivery); dn != "" {
				row.Notes = append(row.Notes, dn)
			}
			if !nav && ev.Cookies == decode.CookiesNotCaptured && cookiesOf[fileKey(src)] == "captured" {
				row.Notes = append(row.Notes, noCookieNote)
			}
			row.detach()
			if listFinding {
				c.Findings = append(c.Findings, newFinding(&row, cloneHits(own), v.ID))
			}
			if len(rows) < shown {
				// The figure draws a row from its time, kind, name (a
				// consent signal's), source and first sensitive
				// category: the rest of the event is not kept.
				r.Event = figureEvent(ev)
				r.Page, r.Party, r.Company = strings.Clone(r.Page), strings.Clone(r.Party), strings.Clone(r.Company)
				rows = append(rows, r)
				vv.Rows = append(vv.Rows, row)
			}
		}
		c.RowCount += vv.RowCount
		rowsLeft -= len(rows)
		vv.Figure = newFigure(rows, vv.Rows, loc)
		vv.Sessions = 1
		if vv.Figure != nil {
			vv.Sessions = len(vv.Figure.Segments)
		}
		c.Visitors = append(c.Visitors, vv)
	}

	c.Consent.finish(maxRows)
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
		for i := range p.Received {
			d := &p.Received[i]
			var srcs []decode.Source
			for s, err := range d.SourceSeq() {
				if err != nil {
					return nil, err
				}
				if len(srcs) == maxSourcesShown {
					break
				}
				srcs = append(srcs, s)
			}
			list := sourcesList(srcs)
			if d.Count > len(srcs) {
				list += "; … and " + strconv.Itoa(d.Count-len(srcs)) + " more (parties.csv lists them all)"
			}
			var ids []string
			more := 0
			for id, err := range d.EventSeq() {
				if err != nil {
					return nil, err
				}
				if len(ids) == maxSourcesShown {
					more++
					continue
				}
				ids = append(ids, id)
			}
			dv := disclosureView{Kind: d.Kind, What: d.What, Value: d.Value, Note: d.Note,
				Sources: list, Count: d.Count, Events: eventRefs(ids), MoreEvents: more}
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

	var gl glossary
	var batch []decode.Event
	for ev, err := range a.Events() {
		if err != nil {
			return nil, err
		}
		if ev.Kind == decode.KindNavigation || ev.Kind == decode.KindConsent {
			continue
		}
		batch = append(batch, *ev)
		if len(batch) == glossaryBatch {
			gl.add(decode.Glossary(batch))
			batch = batch[:0]
		}
		c.EventCount++
		if fp := firstPartyOf[fileKey(firstSource(ev))]; fp != "" && site.Domain(ev.Host) == fp && ev.Gateway == "" {
			c.FirstPartyEvents++
		}
	}
	gl.add(decode.Glossary(batch))
	c.Glossary = gl.terms()
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

// How much report.html and report.md list: each table (a visitor's
// timeline, the sensitive findings, all events) its first MaxRows rows,
// the visitors' timelines together visitorRowsFactor times that, each
// value a party received its first maxSourcesShown entries; each says
// how many more the CSV and JSON files of the folder hold. A court
// exhibit of millions of rows is read in those files, not on paper.
const (
	defaultMaxRows    = 2000
	visitorRowsFactor = 2
	maxSourcesShown   = 100
)

// glossaryBatch is how many events a glossary is made of at a time: the
// glossaries of batches are merged (glossary), so that the events are
// never all in memory.
const glossaryBatch = 1000

// glossary merges the glossaries of batches of events into the glossary
// of them all, as [decode.Glossary] would make it: a term is its vendor,
// name and whether it is an identifier; its meaning and type those of
// the first batch it is in; its count the sum; where it was read the
// union, in the order query, body, cookie.
type glossary struct {
	idx  map[glossaryKey]int
	list []decode.Term
	ins  [][]string
}

type glossaryKey struct {
	v    decode.Vendor
	name string
	id   bool
}

func (g *glossary) add(ts []decode.Term) {
	if g.idx == nil {
		g.idx = map[glossaryKey]int{}
	}
	for _, t := range ts {
		k := glossaryKey{t.Vendor, t.Name, t.In == "identifier"}
		i, ok := g.idx[k]
		if !ok {
			i = len(g.list)
			g.idx[k] = i
			first := t
			first.Count = 0
			g.list = append(g.list, first)
			g.ins = append(g.ins, nil)
		}
		g.list[i].Count += t.Count
		for _, in := range strings.Split(t.In, ", ") {
			if !slices.Contains(g.ins[i], in) {
				g.ins[i] = append(g.ins[i], in)
			}
		}
	}
}

func (g *glossary) terms() []decode.Term {
	order := []string{"query", "body", "cookie", "identifier"}
	for i := range g.list {
		slices.SortFunc(g.ins[i], func(a, b string) int { return cmp.Compare(slices.Index(order, a), slices.Index(order, b)) })
		g.list[i].In = strings.Join(g.ins[i], ", ")
	}
	slices.SortFunc(g.list, func(a, b decode.Term) int {
		return cmp.Or(cmp.Compare(a.Vendor, b.Vendor), strings.Compare(a.Name, b.Name), strings.Compare(a.In, b.In))
	})
	return g.list
}
