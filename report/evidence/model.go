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
	Tool                       Tool
	Inputs                     []inputView
	FirstParties               []string
	Visitors                   []*visitorView
	Parties                    []*partyView
	Events                     []eventView
	Findings                   []findingView
	Consent                    consentSummary // the requests sent without consent
	Groups                     []string       // each identity group as a sentence, conflicts included
	Sensitive                  *SensitiveTerms
	Glossary                   []decode.Term
	Methodology                []section
	Outputs                    []outputDoc
	EventCount, RequestCount   int
	FindingCount               int // Findings lists the first MaxRows
	// FirstPartyEvents counts the events among EventCount that went to a
	// first party's own hosts (a tracker's own site was captured): they
	// are events, but not sent to a third party.
	FirstPartyEvents int
}

type inputView struct {
	Name, SHA256, FirstParty, Cookies, Error string
	Size                                     int64
	Entries, Warnings                        int
}

type visitorView struct {
	ID, Heading  string
	Unidentified bool
	Identifiers  []report.Identifier
	Accounts     []report.Identifier
	Conflicts    []string // each as a sentence
	Groups       []string // the groups it is in, each as a sentence
	Links        []report.Link
	Basis        []string
	Files        []string
	Rows         []rowView // the first rows, up to the table limit
	RowCount     int       // all its rows
	Figure       *figure
	Flagged      int
}

// rowView is one line of a visitor's timeline.
type rowView struct {
	N          int
	Time       string
	Page       string
	Party      string // "" for a navigation
	Event      string
	Summary    string
	Matches    []string
	Sources    []string
	Flags      []decode.SensitiveHit
	Navigation bool
	Consent    string // "SENT WITHOUT CONSENT: …" for a request sent without consent
}

type partyView struct {
	*report.Party
	LegalEntity, Country, Parent, Attribution string
	Received                                  []disclosureView
}

type disclosureView struct {
	Kind, What, Value, Note, Sources string
	Count                            int
}

type eventView struct {
	N                                            int
	Time, Vendor, Party, Host, Kind, Event, Page string
	Summary                                      string
	Matches, IDs, Sources, Warnings              []string
	Flags                                        []decode.SensitiveHit
}

// findingView is one third-party event with sensitive content: its
// categories, and each match as "where: what matched (term, rule)".
type findingView struct {
	Time, Visitor, Party, Event, Source string
	Categories                          []string
	Matches                             []string
}

// detach copies the row's strings out of the event they were taken
// from (figureEvent says why).
func (r *rowView) detach() {
	r.Page, r.Party, r.Event, r.Summary, r.Consent = strings.Clone(r.Page), strings.Clone(r.Party), strings.Clone(r.Event),
		strings.Clone(r.Summary), strings.Clone(r.Consent)
	r.Matches, r.Sources = cloneAll(r.Matches), cloneAll(r.Sources)
	r.Flags = cloneHits(r.Flags)
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

func newFinding(row rowView, visitor, party string) findingView {
	f := findingView{Time: row.Time, Visitor: visitor, Party: party, Event: row.Event, Source: strings.Join(row.Sources, " ")}
	for _, fl := range row.Flags {
		if !slices.Contains(f.Categories, fl.Category) {
			f.Categories = append(f.Categories, fl.Category)
		}
		shown := fl.Value
		if len(shown) > 160 {
			shown = "…" + fl.Text + "…"
		}
		f.Matches = append(f.Matches, fl.Field+": "+shown+" — "+fl.Category+", “"+fl.Rule+"” ("+fl.Where+")")
	}
	return f
}

type outputDoc struct{ Name, What string }

// outputDocs describe each file of the folder, in the order written.
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
	c := &caseView{Title: opt.Title, CaseID: opt.CaseID, GeneratedAt: opt.GeneratedAt, Zone: "UTC", Tool: opt.Tool, Sensitive: opt.SensitiveTerms}
	if a.Sensitive == nil {
		c.Sensitive = nil // no list was applied, whatever the options say
	} else if c.Sensitive == nil {
		c.Sensitive = SetTerms(a.Sensitive, false)
	}
	if loc != nil && loc != time.UTC {
		c.Zone = loc.String()
	}
	for _, f := range a.Files {
		c.Inputs = append(c.Inputs, inputView{Name: f.Name, SHA256: f.SHA256, FirstParty: f.FirstParty, Cookies: f.Cookies,
			Error: f.Error, Size: f.Size, Entries: f.Entries, Warnings: len(f.Warnings)})
		if f.FirstParty != "" && !slices.Contains(c.FirstParties, f.FirstParty) {
			c.FirstParties = append(c.FirstParties, f.FirstParty)
		}
	}
	slices.Sort(c.FirstParties)
	if c.Title == "" {
		c.Title = "What " + cmp.Or(strings.Join(c.FirstParties, ", "), "the captured site") + " sent to third parties"
	}

	maxRows := cmp.Or(opt.MaxRows, defaultMaxRows)
	rowsLeft := visitorRowsFactor * maxRows // rows listed for all visitors together
	c.Consent.max = maxRows
	for _, v := range vs {
		vv := &visitorView{ID: v.ID, Unidentified: v.Unidentified, Identifiers: v.Identifiers, Accounts: v.Accounts, Links: v.Links,
			Basis: v.Basis, Files: v.Files}
		for _, cf := range v.Conflicts {
			vv.Conflicts = append(vv.Conflicts, "this browser sent "+render.ConflictText(cf))
		}
		for _, g := range a.Groups() {
			if slices.Contains(g.Visitors, v.ID) {
				vv.Groups = append(vv.Groups, g.ID+": "+render.GroupText(g))
			}
		}
		vv.Heading = "Visitor " + v.ID
		if v.Unidentified {
			vv.Heading += " (no identifier)"
		}
		// The first rows are listed (and drawn), as many as the limits
		// allow; every row is counted.
		shown := min(maxRows, rowsLeft)
		var rows []report.TimelineRow
		for r, err := range a.Timeline(v) {
			if err != nil {
				return nil, err
			}
			vv.RowCount++
			c.Consent.add(r, v.ID, loc)
			flagged := len(r.Event.Sensitive) > 0
			nav := r.Event.Kind == decode.KindNavigation
			if flagged {
				vv.Flagged++
				if !nav {
					c.FindingCount++
				}
			}
			if len(rows) >= shown && (!flagged || nav || len(c.Findings) >= maxRows) {
				continue
			}
			ev := *r.Event
			row := rowView{N: vv.RowCount, Time: render.Time(&ev, loc), Page: r.Page, Party: r.Party, Event: render.EventName(&ev),
				Summary: ev.Summary, Matches: matchesOf(&ev), Sources: sourcesOf(&ev), Flags: ev.Sensitive,
				Navigation: nav, Consent: consentWarning(&ev)}
			row.detach()
			if flagged && !nav && len(c.Findings) < maxRows {
				c.Findings = append(c.Findings, newFinding(row, v.ID, strings.Clone(r.Party)))
			}
			if len(rows) < shown {
				// The figure draws a row from its time, kind, name (a
				// consent signal's), source and first sensitive category: the rest of the
				// event is not kept.
				r.Event = figureEvent(&ev)
				rows = append(rows, r)
				vv.Rows = append(vv.Rows, row)
			}
		}
		rowsLeft -= len(rows)
		vv.Figure = newFigure(v, rows, loc)
		c.Visitors = append(c.Visitors, vv)
	}

	c.Consent.finish(maxRows)
	for _, g := range a.Groups() {
		text := g.ID + ": " + render.GroupText(g) + "."
		for _, cf := range g.Conflicts {
			text += " CONFLICT: the group holds " + render.ConflictText(cf) + "."
		}
		c.Groups = append(c.Groups, text)
	}
	for _, p := range ps {
		pv := &partyView{Party: p}
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
			pv.Received = append(pv.Received, disclosureView{Kind: d.Kind, What: d.What, Value: d.Value, Note: d.Note,
				Sources: list, Count: d.Count})
		}
		c.Parties = append(c.Parties, pv)
		c.RequestCount += p.Requests
	}

	firstPartyOf := map[string]string{}
	for _, f := range a.Files {
		firstPartyOf[f.Name+"\x00"+f.SHA256] = f.FirstParty
	}
	n := 0
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
		n++
		if fp := firstPartyOf[fileKey(firstSource(ev))]; fp != "" && site.Domain(ev.Host) == fp && ev.Gateway == "" {
			c.FirstPartyEvents++
		}
		if len(c.Events) == maxRows {
			continue // counted, and in events.csv; not listed here
		}
		var ids []string
		for _, id := range ev.IDs {
			ids = append(ids, id.Name+"="+id.Value)
		}
		// Copied out of the event: its strings share one allocation,
		// which keeping any of them would keep (figureEvent).
		c.Events = append(c.Events, eventView{N: n, Time: render.Time(ev, loc), Vendor: ev.Vendor.String(), Party: strings.Clone(site.Domain(ev.Host)),
			Host: strings.Clone(ev.Host), Kind: ev.Kind.String(), Event: strings.Clone(render.EventName(ev)), Page: strings.Clone(ev.Page),
			Summary: strings.Clone(ev.Summary), Matches: cloneAll(matchesOf(ev)), IDs: cloneAll(ids), Sources: sourcesOf(ev),
			Warnings: cloneAll(ev.Warnings), Flags: cloneHits(ev.Sensitive)})
	}
	gl.add(decode.Glossary(batch))
	c.EventCount = n
	c.Glossary = gl.terms()
	c.Outputs = outputDocs
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
	visitorRowsFactor = 5
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
