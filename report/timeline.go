package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode"
)

// TimelineRow is one line of a visitor's timeline: a page the visitor
// opened, or an event a third party received.
type TimelineRow struct {
	Event   *decode.Event
	Page    string // the page the visitor was on
	Party   string // registrable domain of the receiving host; "" for navigations
	Company string // the company behind it, "" when unknown
}

// Timeline returns the rows of a visitor's timeline in time order. The
// page of an event is the page URL the event itself reports (Meta's dl,
// GA's dl, …), else the last page the visitor opened in the same file,
// else the request's Referer.
//
// For a spilled analysis (see [Options.Spill]) the visitor's events are
// read back; a read error ends the rows early (WriteTimeline reports it).
func Timeline(a *Analysis, v *Visitor) []TimelineRow {
	rows, _ := timelineRows(a, v)
	return rows
}

func timelineRows(a *Analysis, v *Visitor) ([]TimelineRow, error) {
	rows := make([]TimelineRow, 0, v.count())
	current := map[string]string{} // file → last page opened
	for ev, err := range a.VisitorEvents(v) {
		if err != nil {
			return rows, err
		}
		src := firstSource(*ev)
		r := TimelineRow{Event: ev}
		if ev.Kind == decode.KindNavigation {
			r.Page = ev.Page
			current[src.File] = ev.Page
		} else {
			r.Party = Domain(ev.Host)
			if m, ok := a.Entities.Lookup(ev.Host); ok {
				r.Company = m.Company
			}
			switch {
			case ev.Page != "":
				r.Page = ev.Page
			case current[src.File] != "":
				r.Page = current[src.File]
			default:
				r.Page = a.RefererOf(src)
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// visitorJSON is the documented JSON shape of a visitor.
type visitorJSON struct {
	ID           string              `json:"id"`
	Unidentified bool                `json:"unidentified,omitempty"`
	Identifiers  map[string][]string `json:"identifiers"`
	FirstSeen    []Identifier        `json:"identifier_details"`
	Links        []Link              `json:"links"`
	Attributed   []string            `json:"attributed,omitempty"`
	Files        []string            `json:"files"`
	Events       []json.RawMessage   `json:"events"`
}

func toVisitorJSON(a *Analysis, v *Visitor) (*visitorJSON, error) {
	out := &visitorJSON{ID: v.ID, Unidentified: v.Unidentified, Identifiers: v.IdentifierMap(),
		FirstSeen: v.Identifiers, Links: v.Links, Attributed: v.Attributed, Files: v.Files}
	if out.FirstSeen == nil {
		out.FirstSeen = []Identifier{}
	}
	if out.Links == nil {
		out.Links = []Link{}
	}
	for ev, err := range a.VisitorEvents(v) {
		if err != nil {
			return nil, err
		}
		b, err := ev.MarshalJSON()
		if err != nil {
			return nil, err
		}
		out.Events = append(out.Events, b)
	}
	if out.Events == nil {
		out.Events = []json.RawMessage{}
	}
	return out, nil
}

// WriteTimeline writes the visitors' timelines in a format. JSON is
// {"files":[…],"visitors":[…]}; NDJSON is one visitor object per line.
func WriteTimeline(w io.Writer, f Format, a *Analysis, vs []*Visitor, d Display) error {
	switch f {
	case FormatNDJSON:
		bw := bufio.NewWriter(w)
		for _, v := range vs {
			vj, err := toVisitorJSON(a, v)
			if err != nil {
				return err
			}
			b, err := marshalNoEscape(vj)
			if err != nil {
				return err
			}
			bw.Write(b)
			bw.WriteByte('\n')
		}
		return bw.Flush()
	case FormatJSON:
		// Streamed, so that the document is never whole in memory.
		files := a.Files
		if files == nil {
			files = []*FileInfo{}
		}
		js := newJSONStream(w)
		js.raw("{")
		js.member("files", 1, true)
		js.value(files, 1)
		js.member("visitors", 1, false)
		js.raw("[")
		for i, v := range vs {
			if i > 0 {
				js.raw(",")
			}
			js.raw("\n" + indent(2) + "{")
			head := []struct {
				name string
				v    any
				skip bool
			}{
				{"id", v.ID, false},
				{"unidentified", v.Unidentified, !v.Unidentified},
				{"identifiers", v.IdentifierMap(), false},
				{"identifier_details", orEmpty(v.Identifiers), false},
				{"links", orEmpty(v.Links), false},
				{"attributed", v.Attributed, len(v.Attributed) == 0},
				{"files", v.Files, false},
			}
			first := true
			for _, m := range head {
				if m.skip {
					continue
				}
				js.member(m.name, 3, first)
				js.value(m.v, 3)
				first = false
			}
			js.member("events", 3, false)
			if err := js.events(a.VisitorEvents(v), 3); err != nil {
				return err
			}
			js.raw("\n" + indent(2) + "}")
		}
		js.close("]", 1, len(vs))
		js.raw("\n}\n")
		return js.flush()
	case FormatCSV:
		cw := csv.NewWriter(w)
		cw.Write(TimelineCSVHeader)
		for _, v := range vs {
			rows, err := timelineRows(a, v)
			if err != nil {
				return err
			}
			for _, r := range rows {
				ev := r.Event
				src := firstSource(*ev)
				row := []string{v.ID, d.time(ev), r.Page, r.Party, r.Company, ev.Vendor.String(), ev.Kind.String(), eventName(ev),
					ev.Summary, sensitiveText(ev), src.File, src.SHA256, strconv.Itoa(src.Entry), copiesText(ev)}
				for j := range row {
					row[j] = Spreadsheet(row[j])
				}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		return cw.Error()
	default:
		return writeTimelineTable(w, a, vs, d)
	}
}

// TimelineCSVHeader is the header row of the timeline CSV.
var TimelineCSVHeader = []string{"visitor", "time", "page", "third_party", "company", "vendor", "kind", "event", "summary", "sensitive", "file", "sha256", "entry", "copies"}

func marshalNoEscape(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

func eventName(ev *decode.Event) string {
	switch {
	case ev.Kind == decode.KindNavigation:
		return "opened page"
	case ev.Name != "":
		return ev.Name
	}
	return ev.Kind.String()
}

func writeTimelineTable(w io.Writer, a *Analysis, vs []*Visitor, d Display) error {
	if len(vs) == 0 {
		fmt.Fprintln(w, "no visitors: the captures hold no tracker event and no navigation")
	}
	for i, v := range vs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		title := "Visitor " + v.ID
		if v.Unidentified {
			title += " (no identifier)"
		}
		fmt.Fprintf(w, "%s: %d event(s) in %s\n", title, v.count(), Terminal(strings.Join(v.Files, ", ")))
		for _, id := range v.Identifiers {
			fmt.Fprintf(w, "  %s = %s  (first seen %s#%d, %s)\n", Terminal(id.Name), Terminal(id.Value), Terminal(id.FirstSeen.File), id.FirstSeen.Entry, id.FirstTime)
		}
		for _, l := range v.Links {
			fmt.Fprintf(w, "  linked: %s and %s, sent together (%s) in %s#%d\n", Terminal(l.A), Terminal(l.B), Terminal(l.Via), Terminal(l.Source.File), l.Source.Entry)
		}
		for _, at := range v.Attributed {
			fmt.Fprintf(w, "  %s\n", at)
		}
		var rows [][]string
		trs, err := timelineRows(a, v)
		if err != nil {
			return err
		}
		for _, r := range trs {
			ev := r.Event
			party := Terminal(r.Party)
			if party == "" {
				party = "-"
			} else if r.Company != "" {
				party += "\n(" + r.Company + ")"
			}
			what := cell(ev.Summary, 56)
			if st := sensitiveText(ev); st != "" {
				what += "\n" + cell(st, 56)
			}
			for _, m := range ev.Matches {
				what += "\n" + cell("MATCH: "+m.Param+" is "+m.Algorithm+" of "+m.Kind+" "+m.Known, 56)
			}
			var srcs []string
			for _, s := range ev.Sources {
				srcs = append(srcs, Terminal(s.File)+"#"+strconv.Itoa(s.Entry))
			}
			rows = append(rows, []string{cell(d.time(ev), 0), cell(r.Page, 40), party, cell(eventName(ev), 24), what, strings.Join(srcs, "\n")})
		}
		if err := writeWrappedTable(w, []string{"time", "page", "third party", "event", "what was sent", "source"}, rows); err != nil {
			return err
		}
	}
	return nil
}

// orEmpty returns s, or an empty slice for nil, so that JSON shows [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
