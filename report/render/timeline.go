package render

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/report"
)

// visitorJSON is the documented JSON shape of a visitor.
type visitorJSON struct {
	ID           string              `json:"id"`
	Unidentified bool                `json:"unidentified,omitempty"`
	Identifiers  map[string][]string `json:"identifiers"`
	FirstSeen    []report.Identifier `json:"identifier_details"`
	Accounts     []report.Identifier `json:"accounts"`
	Conflicts    []report.Conflict   `json:"conflicts"`
	Links        []report.Link       `json:"links"`
	Basis        []string            `json:"basis"`
	Files        []string            `json:"files"`
	Groups       []*report.Group     `json:"groups,omitempty"` // NDJSON only: the groups it is in
	Events       []json.RawMessage   `json:"events"`
}

// writeVisitorJSON writes a visitor as one line of compact JSON (the
// NDJSON shape), its events read back and written one at a time.
func writeVisitorJSON(w *bufio.Writer, a *report.Analysis, v *report.Visitor, jobs *jobPool) error {
	head := &visitorJSON{ID: v.ID, Unidentified: v.Unidentified, Identifiers: v.IdentifierMap(),
		FirstSeen: orEmpty(v.Identifiers), Accounts: orEmpty(v.Accounts), Conflicts: orEmpty(v.Conflicts),
		Links: orEmpty(v.Links), Basis: orEmpty(v.Basis), Files: v.Files, Groups: groupsOf(a, []*report.Visitor{v})}
	b, err := marshalNoEscape(head)
	if err != nil {
		return err
	}
	// events is the last member: what stands for it ("null}") gives way
	// to the events.
	const null = "null}"
	if !strings.HasSuffix(string(b), `"events":`+null) {
		panic("render: a visitor's JSON does not end with its events")
	}
	w.Write(b[:len(b)-len(null)])
	w.WriteByte('[')
	n := 0
	for eb, err := range encoded(a.VisitorEvents(v), compactJSON, jobs) {
		if err != nil {
			return err
		}
		if n > 0 {
			w.WriteByte(',')
		}
		w.Write(eb)
		n++
	}
	_, err = w.WriteString("]}")
	return err
}

// Timeline writes the timelines of visitors vs of analysis a (all of
// a.Visitors(), or some) in a format. JSON is {"files":[…],"visitors":[…]};
// NDJSON is one visitor object per line. Events are read back from the
// analysis as they are written.
func Timeline(w io.Writer, f Format, a *report.Analysis, vs []*report.Visitor, d Options) error {
	ew := &errWriter{w: w}
	return cmp.Or(timeline(ew, f, a, vs, d), ew.err)
}

func timeline(w io.Writer, f Format, a *report.Analysis, vs []*report.Visitor, d Options) error {
	switch f {
	case FormatNDJSON:
		bw := newBuffered(w)
		jobs := newJobPool()
		for _, v := range vs {
			if err := writeVisitorJSON(bw, a, v, jobs); err != nil {
				return err
			}
			bw.WriteByte('\n')
		}
		return bw.Flush()
	case FormatJSON:
		// Streamed, so that the document is never whole in memory.
		js := newJSONStream(w)
		js.raw("{")
		js.member("files", 1, true)
		js.value(filesJSON(a.Files), 1)
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
				{"accounts", orEmpty(v.Accounts), false},
				{"conflicts", orEmpty(v.Conflicts), false},
				{"links", orEmpty(v.Links), false},
				{"basis", orEmpty(v.Basis), false},
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
		js.member("groups", 1, false)
		js.value(orEmpty(groupsOf(a, vs)), 1)
		js.raw("\n}\n")
		return js.flush()
	case FormatTimesketch, FormatL2TCSV:
		return TimelineRows(w, f, visitorRows(a, vs), d)
	case FormatCSV:
		cw := csv.NewWriter(newBuffered(w))
		cw.Write(timelineCSVHeader)
		for _, v := range vs {
			for r, err := range a.Timeline(v) {
				if err != nil {
					return err
				}
				ev := r.Event
				src := firstSource(ev)
				row := []string{v.ID, ev.ID(), d.time(ev), r.Page, r.Party, r.Company, ev.Vendor.String(), ev.Kind.String(), EventName(ev),
					ev.Summary, sensitiveText(ev), src.File, src.SHA256, strconv.Itoa(src.Entry), copiesText(ev), deliveryText(ev.Delivery),
					consentState(ev), restsOnText(ev, d.Location)}
				if err := writeCSVRow(cw, row); err != nil {
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

// timelineCSVHeader is the header row of the timeline CSV.
var timelineCSVHeader = []string{"visitor", "id", "time", "page", "third_party", "company", "vendor", "kind", "event", "summary", "sensitive", "file", "sha256", "entry", "copies", "delivery",
	"consent", "consent_rests_on"}

func marshalNoEscape(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// groupsOf returns the groups of the analysis that hold any of vs.
func groupsOf(a *report.Analysis, vs []*report.Visitor) []*report.Group {
	var out []*report.Group
	for _, g := range a.Groups() {
		if slices.ContainsFunc(vs, func(v *report.Visitor) bool { return slices.Contains(g.Visitors, v.ID) }) {
			out = append(out, g)
		}
	}
	return out
}

// GroupText says what a group is, in a sentence: "Meta can tie visitors
// V1 and V4 together through sha256(email) ffbe8c…, received in
// one.har#23, two.har#23".
func GroupText(g *report.Group) string {
	var srcs []string
	for _, s := range g.Sources {
		srcs = append(srcs, s.File+"#"+strconv.Itoa(s.Entry))
	}
	vs := g.Visitors
	who := strings.Join(vs[:len(vs)-1], ", ") + " and " + vs[len(vs)-1]
	return fmt.Sprintf("%s can tie visitors %s together through %s %s, received in %s", g.Party, who, g.Identifier, g.Value, strings.Join(srcs, ", "))
}

// ConflictText says what a conflict shows.
func ConflictText(c report.Conflict) string {
	return fmt.Sprintf("%d values of %s (%s): %d accounts", len(c.Values), c.Identifier, strings.Join(c.Values, ", "), len(c.Values))
}

func writeTimelineTable(w io.Writer, a *report.Analysis, vs []*report.Visitor, d Options) error {
	defer func() {
		for _, g := range groupsOf(a, vs) {
			fmt.Fprintf(w, "\nGroup %s: %s.", g.ID, Terminal(GroupText(g)))
			for _, c := range g.Conflicts {
				fmt.Fprintf(w, " CONFLICT: the group holds %s.", Terminal(ConflictText(c)))
			}
			fmt.Fprintln(w, " Different browsers: the capture does not show whether one person or several.")
		}
	}()
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
		fmt.Fprintf(w, "%s: %d event(s) in %s\n", title, v.Len(), Terminal(strings.Join(v.Files, ", ")))
		for _, c := range v.Conflicts {
			fmt.Fprintf(w, "  CONFLICT: this browser sent %d values of the account identifier %s: %s\n", len(c.Values), Terminal(c.Identifier), Terminal(strings.Join(c.Values, ", ")))
		}
		for _, id := range v.Accounts {
			fmt.Fprintf(w, "  account: %s = %s  (first seen %s#%d, %s)\n", Terminal(id.Name), Terminal(id.Value), Terminal(id.FirstSeen.File), id.FirstSeen.Entry, TimeIn(id.FirstTime, d.Location))
		}
		for _, id := range v.Identifiers {
			if !slices.Contains(v.Accounts, id) {
				fmt.Fprintf(w, "  %s = %s  (first seen %s#%d, %s)\n", Terminal(id.Name), Terminal(id.Value), Terminal(id.FirstSeen.File), id.FirstSeen.Entry, TimeIn(id.FirstTime, d.Location))
			}
		}
		for _, b := range v.Basis {
			fmt.Fprintf(w, "  browser: %s\n", Terminal(b))
		}
		for _, l := range v.Links {
			at := ""
			if l.Time != "" {
				at = ", " + TimeIn(l.Time, d.Location)
			}
			fmt.Fprintf(w, "  linked: %s and %s are one browser: both sent %s (%s#%d%s)\n", Terminal(l.A), Terminal(l.B), Terminal(l.Via), Terminal(l.Source.File), l.Source.Entry, at)
		}
		// The events sent without consent, in their own section before
		// the table: counted, then listed, then the table, each a pass
		// over the visitor's events (none is held).
		without := 0
		for r, err := range a.Timeline(v) {
			if err != nil {
				return err
			}
			if report.SentWithoutConsent(r.Event) {
				without++
			}
		}
		if without > 0 {
			writeWithoutConsentHeader(w, without)
			for r, err := range a.Timeline(v) {
				if err != nil {
					return err
				}
				if report.SentWithoutConsent(r.Event) {
					writeWithoutConsentLine(w, withoutConsentLine(r, d))
				}
			}
		}
		t := newTable(w, []string{"time", "page", "third party", "event", "what was sent", "id, source"})
		for r, err := range a.Timeline(v) {
			if err != nil {
				return err
			}
			ev := r.Event
			party := Terminal(r.Party)
			if party == "" {
				party = "-"
			} else if r.Company != "" {
				party += "\n(" + r.Company + ")"
			}
			if err := t.add([]string{cell(d.time(ev), 0), cell(r.Page, 40), party, cell(EventName(ev), 24), summaryCell(ev, 56), tableSource(ev)}); err != nil {
				return err
			}
		}
		if err := t.close(); err != nil {
			return err
		}
	}
	return nil
}
