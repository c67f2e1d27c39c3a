package render

import (
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
)

// l2tcsvHeader is Plaso's l2tcsv header (plaso/output/l2t_csv.py; the
// format: https://forensics.wiki/l2t_csv).
var l2tcsvHeader = []string{"date", "time", "timezone", "MACB", "source", "sourcetype", "type", "user", "host", "short",
	"desc", "version", "filename", "inode", "notes", "format", "extra"}

// writeL2TCSV writes rows as Plaso's l2tcsv: 17 fields, no quoting, a
// comma inside a value replaced by a space (as Plaso does), line breaks
// by spaces; date MM/DD/YYYY and time HH:MM:SS in the zone of d (UTC by
// default), named in the timezone field; "-" for a field with nothing.
// Captured strings are made safe for terminals and spreadsheets.
func writeL2TCSV(w io.Writer, rows iter.Seq2[report.TimelineRow, error], d Options) error {
	bw := newBuffered(w)
	bw.WriteString(strings.Join(l2tcsvHeader, ",") + "\n")
	for r, err := range rows {
		if err != nil {
			return err
		}
		bw.WriteString(strings.Join(l2tcsvRecord(r, d), ",") + "\n")
	}
	return bw.Flush()
}

// l2tcsvRecord is the 17 fields of one row.
func l2tcsvRecord(r report.TimelineRow, d Options) []string {
	ev := r.Event
	src := firstSource(ev)
	date, clock, zone := "00/00/0000", "--:--:--", "-"
	if ev.Time.Valid() {
		t := ev.Time.T.UTC()
		zone = "UTC"
		if d.Location != nil && d.Location != time.UTC {
			t = t.In(d.Location)
			zone = t.Format("MST")
		}
		date, clock = t.Format("01/02/2006"), t.Format("15:04:05")
	}
	short := EventName(ev)
	if p := partyOf(r); p != "" {
		short += " to " + p
	}
	var extra []string
	add := func(name, value string) {
		if value != "" {
			extra = append(extra, name+": "+value)
		}
	}
	add("consent", consentState(ev))
	add("consent_rests_on", restsOnText(ev, d.Location))
	if ev.Kind == decode.KindConsent {
		add("consent_signal", consentSignalText(&ev.Consent))
	}
	add("copies", copiesText(ev))
	var types []string
	for _, t := range ev.DataTypes() {
		types = append(types, t.String())
	}
	add("data_types", strings.Join(types, " "))
	add("data_type", dataTypeOf(ev))
	add("delivery", deliveryText(ev.Delivery))
	add("domain", ev.Host)
	add("entry", strconv.Itoa(src.Entry))
	add("kind", ev.Kind.String())
	add("request", ev.Method+" "+ev.Host+ev.Path)
	add("sha256", src.SHA256)
	if !ev.Time.Valid() {
		add("time_raw", ev.Time.Raw)
	}
	add("url", r.Page)
	add("vendor", ev.Vendor.String())
	add("visitor", r.Visitor)
	slices.Sort(extra)
	notes := strings.Join(tagsOf(ev), " ")
	return []string{
		date, clock, zone, "....", "WEBHIST", "HAR capture", TimestampDesc, "-", "-",
		l2tField(short), l2tField(ev.Summary), "2", l2tField(src.File), "-", l2tField(notes), "haruspex", l2tField(strings.Join(extra, "; ")),
	}
}

// l2tField makes a captured string one l2tcsv field: safe for terminals
// and spreadsheets, commas and line breaks replaced by spaces, "-" when
// empty.
func l2tField(s string) string {
	s = strings.NewReplacer(",", " ", "\n", " ", "\r", " ").Replace(s)
	return dash(Spreadsheet(s))
}
