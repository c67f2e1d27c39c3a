package decode

import (
	"fmt"

	"github.com/haruspex/haruspex/har"
)

// decodeGeneric decodes a request no decoder understands: its query and
// body parameters and its cookies, unlabelled, so that nothing is dropped.
func decodeGeneric(e *har.Entry, v Vendor) Event {
	ev := entryEvent(e)
	ev.Vendor = v
	ev.Kind = KindRequest
	var w warnings
	ev.Params = requestParams(e, &w)
	cookies, _ := requestCookies(&e.Request)
	ev.Params = append(ev.Params, cookies...)
	ev.Warnings = w.list
	ev.Summary = genericSummary(&ev)
	return ev
}

func genericSummary(ev *Event) string {
	n := 0
	for _, p := range ev.Params {
		if p.In != InCookie {
			n++
		}
	}
	s := fmt.Sprintf("%s %s%s", ev.Method, ev.Host, ev.Path)
	switch n {
	case 0:
		s += " (no parameters)"
	case 1:
		s += " (1 parameter)"
	default:
		s += fmt.Sprintf(" (%d parameters)", n)
	}
	return s
}
