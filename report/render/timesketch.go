package render

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
)

// Timesketch's importer (timesketch/lib/utils.py, read_and_validate_jsonl)
// requires message, datetime and timestamp_desc on every line; it takes
// timestamp, in microseconds since the Unix epoch, as given, and would
// otherwise compute it from datetime; it reads tag as a list of labels.
// https://timesketch.org/guides/user/import-from-json-csv/

// The data types of the lines, Timesketch's data_type (Plaso's naming,
// source:kind:what).
const (
	TimesketchEvent      = "haruspex:tracker:event" // an event, request or load a third party received
	TimesketchNavigation = "haruspex:page:open"     // a page the visitor opened
	TimesketchConsent    = "haruspex:consent"       // a consent marker
)

// TimestampDesc is what every line's time is, Timesketch's
// timestamp_desc (and the l2tcsv type).
const TimestampDesc = "Request Sent"

// timesketchLine is one line of FormatTimesketch, its members in order.
type timesketchLine struct {
	Message        string   `json:"message"`
	Datetime       string   `json:"datetime"`
	Timestamp      int64    `json:"timestamp"`
	TimestampDesc  string   `json:"timestamp_desc"`
	DataType       string   `json:"data_type"`
	URL            string   `json:"url"`
	Domain         string   `json:"domain"`
	Party          string   `json:"party"`
	Event          string   `json:"event"`
	Vendor         string   `json:"vendor"`
	Kind           string   `json:"kind"`
	Request        string   `json:"request"`
	Visitor        string   `json:"visitor"`
	DataTypes      []string `json:"data_types"`
	Sensitive      []string `json:"sensitive"`
	Consent        string   `json:"consent"`
	ConsentRestsOn string   `json:"consent_rests_on,omitempty"`
	ConsentSignal  string   `json:"consent_signal,omitempty"`
	Delivery       string   `json:"delivery"`
	SourceFile     string   `json:"source_file"`
	SourceSHA256   string   `json:"source_sha256"`
	SourceEntry    int      `json:"source_entry"`
	Copies         string   `json:"copies,omitempty"`
	TimeRaw        string   `json:"time_raw,omitempty"`
	Tag            []string `json:"tag"`
}

// TimelineRows writes timeline rows — [report.Analysis.Rows], or one
// visitor's [report.Analysis.Timeline] — as a super-timeline:
// FormatTimesketch (one JSON object per line, for Timesketch) or
// FormatL2TCSV (Plaso's l2tcsv). Other formats are an error.
//
// An event whose time could not be read is written at the Unix epoch
// (Timesketch) or with Plaso's placeholders 00/00/0000 and --:--:--
// (l2tcsv), tagged no-time, its time as captured in time_raw: never
// left out.
func TimelineRows(w io.Writer, f Format, rows iter.Seq2[report.TimelineRow, error], d Options) error {
	switch f {
	case FormatTimesketch:
		return writeTimesketch(w, rows, d)
	case FormatL2TCSV:
		return writeL2TCSV(w, rows, d)
	}
	return fmt.Errorf("render: TimelineRows writes timesketch and l2tcsv, not %s", f)
}

func writeTimesketch(w io.Writer, rows iter.Seq2[report.TimelineRow, error], d Options) error {
	bw := newBuffered(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for r, err := range rows {
		if err != nil {
			return err
		}
		if err := enc.Encode(newTimesketchLine(r, d)); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func newTimesketchLine(r report.TimelineRow, d Options) *timesketchLine {
	ev := r.Event
	src := firstSource(ev)
	l := &timesketchLine{
		Message: ev.Summary, TimestampDesc: TimestampDesc, DataType: dataTypeOf(ev), URL: r.Page, Domain: ev.Host,
		Party: partyOf(r), Event: EventName(ev), Vendor: ev.Vendor.String(), Kind: ev.Kind.String(),
		Request: ev.Method + " " + ev.Host + ev.Path, Visitor: r.Visitor, DataTypes: []string{}, Sensitive: []string{},
		Consent: consentState(ev), ConsentRestsOn: restsOnText(ev, d.Location), Delivery: deliveryText(ev.Delivery),
		SourceFile: src.File, SourceSHA256: src.SHA256, SourceEntry: src.Entry, Copies: copiesText(ev), Tag: tagsOf(ev),
	}
	if l.Consent == "" {
		l.Consent = ev.ConsentInForce.State.String()
	}
	if ev.Kind == decode.KindConsent {
		l.ConsentSignal = consentSignalText(&ev.Consent)
	}
	for _, t := range ev.DataTypes() {
		l.DataTypes = append(l.DataTypes, t.String())
	}
	l.Sensitive = sensitiveCategories(ev)
	if ev.Time.Valid() {
		t := ev.Time.T.UTC()
		if d.Location != nil {
			t = t.In(d.Location)
		}
		l.Datetime = t.Format("2006-01-02T15:04:05.000000-07:00")
		l.Timestamp = t.UnixMicro()
	} else {
		l.Datetime = time.Unix(0, 0).UTC().Format("2006-01-02T15:04:05.000000-07:00")
		l.TimeRaw = ev.Time.Raw
	}
	return l
}

// dataTypeOf is a row's Timesketch data_type.
func dataTypeOf(ev *decode.Event) string {
	switch ev.Kind {
	case decode.KindNavigation:
		return TimesketchNavigation
	case decode.KindConsent:
		return TimesketchConsent
	}
	return TimesketchEvent
}

// partyOf names who received an event: the company when known, else the
// registrable domain (or the gateway); "" for a navigation.
func partyOf(r report.TimelineRow) string {
	if r.Company != "" {
		return r.Company
	}
	return r.Party
}

// sensitiveCategories lists the sensitive categories an event disclosed,
// each once, in order.
func sensitiveCategories(ev *decode.Event) []string {
	out := []string{}
	for _, h := range ev.Sensitive {
		if !slices.Contains(out, h.Category) {
			out = append(out, h.Category)
		}
	}
	return out
}

// tagsOf is a row's tag list: sensitive:<category> for each category it
// disclosed, no-consent when sent without consent, no-time when its time
// could not be read.
func tagsOf(ev *decode.Event) []string {
	tags := []string{}
	for _, c := range sensitiveCategories(ev) {
		tags = append(tags, "sensitive:"+c)
	}
	if report.SentWithoutConsent(ev) {
		tags = append(tags, "no-consent")
	}
	if !ev.Time.Valid() {
		tags = append(tags, "no-time")
	}
	return tags
}

// consentSignalText says what a consent marker records:
// "cookie OptanonConsent (OneTrust): accept".
func consentSignalText(c *decode.ConsentSignal) string {
	var s string
	if c.Inference != "" {
		s = "inferred " + c.Inference
	} else {
		s = c.Where.String()
	}
	if c.Source != "" {
		s += " (" + c.Source + ")"
	}
	return s + ": " + c.Choice.String()
}
