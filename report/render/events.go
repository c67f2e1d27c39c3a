package render

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
)

// Format is an output format.
type Format int

// The output formats.
const (
	FormatTable  Format = iota // a terminal table
	FormatCSV                  // RFC 4180 CSV, formula-neutralised
	FormatJSON                 // one indented JSON document
	FormatNDJSON               // one JSON object per line
	// FormatTimesketch is JSON Lines that Timesketch imports as they are
	// (timesketch.go).
	FormatTimesketch
	// FormatL2TCSV is Plaso's 17-column l2tcsv (l2tcsv.go).
	FormatL2TCSV
)

var formatNames = []string{"table", "csv", "json", "ndjson", "timesketch", "l2tcsv"}

// String returns the format's name, as --format takes it.
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if n == s {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q (want %s)", s, strings.Join(formatNames, ", "))
}

// Options adjust how times are shown in the table and CSV formats. JSON
// and NDJSON always carry UTC.
type Options struct {
	// Location, when set, shows times in that zone (--tz); nil is UTC.
	Location *time.Location
}

// Time writes an event's time as every output shows it: UTC RFC 3339
// with milliseconds ([report.TimeFormat]), or in loc with its offset; for
// a time that could not be read, the text as captured followed by
// "(unreadable)", or "(no time)" when there was none.
func Time(ev *decode.Event, loc *time.Location) string {
	if !ev.Time.Valid() {
		if ev.Time.Raw == "" {
			return "(no time)"
		}
		return ev.Time.Raw + " (unreadable)"
	}
	t := ev.Time.T.UTC()
	if loc == nil || loc == time.UTC {
		return t.Format(report.TimeFormat)
	}
	return t.In(loc).Format("2006-01-02T15:04:05.000Z07:00")
}

func (o Options) time(ev *decode.Event) string { return Time(ev, o.Location) }

// EventName is how an event is named in every output: its name, "opened
// page" for a navigation, else its kind.
func EventName(ev *decode.Event) string {
	switch {
	case ev.Kind == decode.KindNavigation:
		return "opened page"
	case ev.Kind == decode.KindConsent:
		return consentName(&ev.Consent)
	case ev.Name != "":
		return ev.Name
	}
	return ev.Kind.String()
}

// Events writes events in a format, as they come from seq (e.g.
// [report.Analysis.Events]): NDJSON, JSON and CSV as the events come,
// never whole in memory (the table needs them all). files are the
// analysed inputs, named in the JSON document and, for the table, in a
// provenance footer. The first error seq yields stops the output and is
// returned.
func Events(w io.Writer, f Format, files []*report.File, seq iter.Seq2[*decode.Event, error], d Options) error {
	ew := &errWriter{w: w}
	return cmp.Or(events(ew, f, files, seq, d), ew.err)
}

func events(w io.Writer, f Format, files []*report.File, seq iter.Seq2[*decode.Event, error], d Options) error {
	switch f {
	case FormatNDJSON:
		bw := newBuffered(w)
		for b, err := range encoded(seq, compactJSON, nil) {
			if err != nil {
				return err
			}
			bw.Write(b)
			bw.WriteByte('\n')
		}
		return bw.Flush()
	case FormatJSON:
		// Streamed, so that the document is never whole in memory.
		js := newJSONStream(w)
		js.raw("{")
		js.member("files", 1, true)
		js.value(filesJSON(files), 1)
		js.member("events", 1, false)
		if err := js.events(seq, 1); err != nil {
			return err
		}
		js.raw("\n}\n")
		return js.flush()
	case FormatCSV:
		return writeEventsCSV(w, seq, d)
	case FormatTimesketch, FormatL2TCSV:
		return TimelineRows(w, f, eventRows(seq), d)
	default:
		return writeEventsTable(w, files, seq, d)
	}
}

// eventCSVHeader is the header row of the events CSV.
var eventCSVHeader = []string{"id", "time", "file", "sha256", "entry", "copies", "vendor", "kind", "host", "method",
	"pixel_id", "event", "page", "referrer", "ids", "custom", "user_data", "matches", "sensitive", "cookies", "summary", "warnings", "delivery",
	"consent", "consent_rests_on"}

func writeEventsCSV(w io.Writer, seq iter.Seq2[*decode.Event, error], d Options) error {
	cw := csv.NewWriter(newBuffered(w))
	cw.Write(eventCSVHeader)
	for ev, err := range seq {
		if err != nil {
			return err
		}
		src := firstSource(ev)
		row := []string{
			ev.ID(), d.time(ev), src.File, src.SHA256, strconv.Itoa(src.Entry), copiesText(ev),
			ev.Vendor.String(), ev.Kind.String(), ev.Host, ev.Method,
			ev.PixelID, ev.Name, ev.Page, ev.Referrer,
			idsText(ev), customText(ev), userDataText(ev), matchesText(ev), sensitiveText(ev), ev.Cookies.String(),
			ev.Summary, strings.Join(ev.Warnings, "; "), deliveryText(ev.Delivery),
			consentState(ev), restsOnText(ev, d.Location),
		}
		if err := writeCSVRow(cw, row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeEventsTable(w io.Writer, files []*report.File, seq iter.Seq2[*decode.Event, error], d Options) error {
	t := newTable(w, []string{"time", "vendor", "event", "summary", "identifiers", "id, source"})
	n := 0
	for ev, err := range seq {
		if err != nil {
			return err
		}
		n++
		name := ev.Name
		if name == "" {
			name = ev.Kind.String()
		}
		if err := t.add([]string{cell(d.time(ev), 0), ev.Vendor.String(), cell(name, 30), summaryCell(ev, 60), tableIDs(ev), tableSource(ev)}); err != nil {
			return err
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "no events")
	} else if err := t.close(); err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(w, "%s  sha256 %s  cookies %s\n", Terminal(f.Name), f.SHA256, f.Cookies)
	}
	return nil
}

// tableSource is the last column of the events and timeline tables:
// the event's ID ([decode.Event.ID]), then each entry it was read from.
func tableSource(ev *decode.Event) string {
	var lines []string
	if id := ev.ID(); id != "" {
		lines = append(lines, id)
	}
	for _, s := range ev.Sources {
		lines = append(lines, Terminal(s.File)+"#"+strconv.Itoa(s.Entry))
	}
	return strings.Join(lines, "\n")
}

// tableIDs lists an event's identifiers for the table, one per line:
// those that name a person or a browser in full (c_user, fbp, fbc,
// external_id, client IDs), then the names of the other cookies sent. The
// CSV and JSON formats carry every value.
func tableIDs(ev *decode.Event) string {
	var lines, others []string
	for _, id := range ev.IDs {
		switch id.Name {
		case "xs", "fr", "datr", "sb":
			others = append(others, id.Name)
		default:
			lines = append(lines, cell(id.Name+"="+id.Value, 0))
		}
	}
	if len(others) > 0 {
		lines = append(lines, "+ cookies "+strings.Join(others, ", "))
	}
	return strings.Join(lines, "\n")
}

// cell makes a captured string safe for the terminal, then wraps it at
// n runes (0: no wrapping). The order matters: a newline in the captured
// text is shown as \x0a; only the wrapping adds real line breaks.
func cell(s string, n int) string {
	s = Terminal(s)
	if n > 0 {
		s = wrapText(s, n)
	}
	return s
}

func copiesText(ev *decode.Event) string {
	var parts []string
	for _, s := range ev.Sources[min(1, len(ev.Sources)):] {
		parts = append(parts, s.File+"#"+strconv.Itoa(s.Entry))
	}
	return strings.Join(parts, " ")
}

func idsText(ev *decode.Event) string {
	var parts []string
	for _, id := range ev.IDs {
		parts = append(parts, id.Name+"="+id.Value)
	}
	return strings.Join(parts, "; ")
}

func customText(ev *decode.Event) string {
	var parts []string
	for _, c := range ev.Custom {
		v := c.Raw
		if c.JSON != nil {
			v = string(c.JSON)
		}
		parts = append(parts, c.Key+"="+v)
	}
	return strings.Join(parts, "; ")
}

func userDataText(ev *decode.Event) string {
	var parts []string
	for _, u := range ev.UserData {
		parts = append(parts, u.Param()+"="+u.Value+" ("+u.Class.String()+")")
	}
	return strings.Join(parts, "; ")
}

func matchesText(ev *decode.Event) string {
	var parts []string
	for _, m := range ev.Matches {
		parts = append(parts, m.Param+" = "+m.Algorithm+"("+m.Known+")")
	}
	return strings.Join(parts, "; ")
}

// wrapText breaks s into lines of at most n runes at spaces or
// separators, so a table stays readable; nothing is cut.
func wrapText(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	var b strings.Builder
	line := 0
	for _, r := range s {
		if line >= n && r == ' ' || line >= n+20 {
			b.WriteByte('\n')
			line = 0
			if r == ' ' {
				continue
			}
		}
		b.WriteRune(r)
		line++
	}
	return b.String()
}
