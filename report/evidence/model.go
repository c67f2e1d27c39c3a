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
	Groups                     []string // each identity group as a sentence, conflicts included
	Sensitive                  *SensitiveTerms
	Glossary                   []decode.Term
	Methodology                []section
	Outputs                    []outputDoc
	EventCount, RequestCount   int
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
	Rows         []rowView
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
		var rows []report.TimelineRow
		for r, err := range a.Timeline(v) {
			if err != nil {
				return nil, err
			}
			rows = append(rows, r)
		}
		for i, r := range rows {
			ev := r.Event
			row := rowView{N: i + 1, Time: render.Time(ev, loc), Page: r.Page, Party: r.Party, Event: render.EventName(ev),
				Summary: ev.Summary, Matches: matchesOf(ev), Sources: sourcesOf(ev), Flags: ev.Sensitive,
				Navigation: ev.Kind == decode.KindNavigation}
			vv.Rows = append(vv.Rows, row)
			if len(row.Flags) > 0 {
				vv.Flagged++
				if !row.Navigation {
					c.Findings = append(c.Findings, newFinding(row, v.ID, r.Party))
				}
			}
		}
		vv.Figure = newFigure(v, rows, loc)
		c.Visitors = append(c.Visitors, vv)
	}

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
				srcs = append(srcs, s)
			}
			pv.Received = append(pv.Received, disclosureView{Kind: d.Kind, What: d.What, Value: d.Value, Note: d.Note,
				Sources: sourcesList(srcs), Count: d.Count})
		}
		c.Parties = append(c.Parties, pv)
		c.RequestCount += p.Requests
	}

	n := 0
	var evs []decode.Event
	for ev, err := range a.Events() {
		if err != nil {
			return nil, err
		}
		if ev.Kind == decode.KindNavigation {
			continue
		}
		evs = append(evs, *ev)
		n++
		var ids []string
		for _, id := range ev.IDs {
			ids = append(ids, id.Name+"="+id.Value)
		}
		c.Events = append(c.Events, eventView{N: n, Time: render.Time(ev, loc), Vendor: ev.Vendor.String(), Party: site.Domain(ev.Host),
			Host: ev.Host, Kind: ev.Kind.String(), Event: render.EventName(ev), Page: ev.Page, Summary: ev.Summary, Matches: matchesOf(ev),
			IDs: ids, Sources: sourcesOf(ev), Warnings: ev.Warnings, Flags: ev.Sensitive})
	}
	c.EventCount = n
	c.Glossary = decode.Glossary(evs)
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
