package report

import (
	"iter"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har/site"
)

// TimelineRow is one line of a visitor's timeline: a page the visitor
// opened, or an event a third party received.
type TimelineRow struct {
	Event   *decode.Event
	Page    string // the page the visitor was on
	Party   string // registrable domain of the receiving host; "" for navigations
	Company string // the company behind it, "" when unknown
}

// Timeline returns the rows of a visitor's timeline in time order, one
// per event. The page of an event is the page URL the event itself
// reports (Meta's dl, GA's dl, …), else the last page the visitor opened
// in the same file, else the request's Referer. A read error is yielded
// once, last, as by [Analysis.Events].
func (a *Analysis) Timeline(v *Visitor) iter.Seq2[TimelineRow, error] {
	return func(yield func(TimelineRow, error) bool) {
		current := map[string]string{} // file → last page opened
		a.visitorEvents(v, func(ev *decode.Event, rec *record, err error) bool {
			if err != nil {
				yield(TimelineRow{}, err)
				return false
			}
			src := firstSource(ev)
			r := TimelineRow{Event: ev}
			if ev.Kind == decode.KindNavigation {
				r.Page = ev.Page
				current[src.File] = ev.Page
			} else {
				r.Party = site.Domain(ev.Host)
				if m, ok := a.Entities.Lookup(ev.Host); ok {
					r.Company = m.Company
				}
				switch {
				case ev.Page != "":
					r.Page = ev.Page
				case current[src.File] != "":
					r.Page = current[src.File]
				default:
					r.Page = rec.referer
				}
			}
			return yield(r, nil)
		})
	}
}
