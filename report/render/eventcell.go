package render

import (
	"github.com/haruspex/haruspex/decode"
)

// This file holds the table cells that the events and timeline tables
// both show for an event.

// summaryCell is an event's summary wrapped at width runes, then, each on
// lines of its own, what a reader must not miss: the delivery warning,
// the sensitive categories, each value matched to a known person's, and
// the consent warning.
func summaryCell(ev *decode.Event, width int) string {
	s := cell(ev.Summary, width)
	if dw := deliveryWarning(ev.Delivery); dw != "" {
		s += "\n" + cell(dw, width)
	}
	if st := sensitiveText(ev); st != "" {
		s += "\n" + cell(st, width)
	}
	for _, m := range ev.Matches {
		s += "\n" + cell("MATCH: "+m.Param+" is "+m.Algorithm+" of "+m.Kind+" "+m.Known, width)
	}
	if cw := consentWarning(ev); cw != "" {
		s += "\n" + cell(cw, width)
	}
	return s
}
