package report

import (
	"iter"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har/site"
)

// TimelineRow is one line of a visitor's timeline: a page the visitor
// opened, a consent marker, or an event a third party received.
type TimelineRow struct {
	Event   *decode.Event
	Visitor string // the visitor's ID ("V1")
	Page    string // the page the visitor was on
	Party   string // registrable domain of the receiving host ("capig.x (first-party gateway)" for a gateway); "" for navigations
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
			return yield(a.timelineRow(ev, v.ID, current, rec.referer), nil)
		})
	}
}

// timelineRow makes the row of an event of visitor id; current holds
// the last page the visitor opened in each file, and is updated; referer
// is the Referer header of the event's request.
func (a *Analysis) timelineRow(ev *decode.Event, id string, current map[string]string, referer string) TimelineRow {
	src := firstSource(ev)
	r := TimelineRow{Event: ev, Visitor: id}
	if ev.Kind == decode.KindNavigation {
		r.Page = ev.Page
		current[src.File] = ev.Page
		return r
	}
	r.Party = site.Domain(ev.Host)
	if m, ok := a.Entities.Lookup(ev.Host); ok {
		r.Company = m.Company
	}
	if ev.Gateway != "" && ev.Host == ev.Gateway {
		// Sent to the site's own gateway, which forwards it to
		// the vendor whose format it speaks.
		r.Party = ev.Gateway + " (first-party gateway)"
		if m, ok := a.Entities.Lookup(ev.Vendor.Host()); ok {
			r.Company = m.Company
		}
	}
	switch {
	case ev.Page != "":
		r.Page = ev.Page
	case current[src.File] != "":
		r.Page = current[src.File]
	default:
		r.Page = referer
	}
	return r
}

// Rows returns the rows of every visitor's timeline together, in the
// order of [Analysis.Events]: each event once, with its visitor. A read
// error is yielded once, last.
func (a *Analysis) Rows() iter.Seq2[TimelineRow, error] {
	return func(yield func(TimelineRow, error) bool) {
		a.link()
		if a.linkErr != nil {
			yield(TimelineRow{}, a.linkErr)
			return
		}
		current := map[string]map[string]string{} // visitor → file → last page opened
		a.orderedEvents(func(ev *decode.Event, rec *record, err error) bool {
			if err != nil {
				yield(TimelineRow{}, err)
				return false
			}
			id := ""
			if v := a.segVisit[rec.seg]; v != nil {
				id = v.ID
			}
			if current[id] == nil {
				current[id] = map[string]string{}
			}
			return yield(a.timelineRow(ev, id, current[id], rec.referer), nil)
		})
	}
}
