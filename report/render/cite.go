package render

import (
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
)

// TimeIn shows a time the analysis holds as text — UTC in
// [report.TimeFormat], as an identifier's first sighting, a link or a
// party's first and last request are — the way [Time] shows an event's:
// unchanged for UTC (loc nil or UTC), else in loc with its offset. Text
// that is not such a time ("" among it) is returned as it is.
func TimeIn(s string, loc *time.Location) string {
	if loc == nil || loc == time.UTC || s == "" {
		return s
	}
	t, err := time.Parse(report.TimeFormat, s)
	if err != nil {
		return s
	}
	return t.In(loc).Format("2006-01-02T15:04:05.000Z07:00")
}

// EventIDs lists event IDs ([decode.Event.ID]) compactly: an ID whose
// file prefix is the one before it is written from its "#" on, so that
// "f9c7f2e4#5.1 f9c7f2e4#10.1 0a1b2c3d#2.1" is
// "f9c7f2e4#5.1 #10.1 0a1b2c3d#2.1". Each stays whole, so that it can
// be searched for after the "#".
func EventIDs(ids []string) string {
	var b strings.Builder
	last := ""
	for _, id := range ids {
		appendEventID(&b, &last, id)
	}
	return b.String()
}

// appendEventID adds an event ID to a list made by [EventIDs]; last is
// the file prefix of the one before.
func appendEventID(b *strings.Builder, last *string, id string) {
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	prefix, rest, ok := strings.Cut(id, "#")
	if ok && prefix == *last {
		b.WriteString("#" + rest)
		return
	}
	*last = prefix
	b.WriteString(id)
}

// DeliveryNote says what the capture shows of a request that was not
// answered — "NOT SENT: …" for one that failed before it reached the
// server, "NOT CONFIRMED: …" for one without a recorded answer — as the
// tables show it under the event; "" for an answered request.
func DeliveryNote(d decode.Delivery) string { return deliveryWarning(d) }
