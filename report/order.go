package report

import (
	"cmp"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// TimeFormat is how every time haruspex prints is written: UTC, RFC 3339,
// milliseconds.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// compareAt orders by time (unknown times last), then file, SHA-256 and
// entry: the order of an analysis's events, for anything that has a time
// and a source.
func compareAt(at har.Time, as decode.Source, bt har.Time, bs decode.Source) int {
	av, bv := at.Valid(), bt.Valid()
	switch {
	case av && !bv:
		return -1
	case !av && bv:
		return 1
	case av && bv:
		if c := at.T.Compare(bt.T); c != 0 {
			return c
		}
	}
	return cmp.Or(strings.Compare(as.File, bs.File), strings.Compare(as.SHA256, bs.SHA256), cmp.Compare(as.Entry, bs.Entry))
}

func compareSources(a, b decode.Source) int {
	return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.SHA256, b.SHA256), cmp.Compare(a.Entry, b.Entry))
}

func firstSource(e *decode.Event) decode.Source {
	if len(e.Sources) == 0 {
		return decode.Source{}
	}
	return e.Sources[0]
}

func timeText(t har.Time) string {
	if !t.Valid() {
		return ""
	}
	return t.T.UTC().Format(TimeFormat)
}
