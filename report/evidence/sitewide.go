package evidence

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
)

// A site's boilerplate — a meta description, a site-wide keyword list, a
// constant section name — goes out with every page view, and when it
// matches a sensitive term it would flag every event of a visit and
// bury the findings that are about what the visitor did. Such a match is
// shown once, as site-wide text, with the events that carried it,
// instead of on each event: a sensitive hit is site-wide when the same
// value, in the same field, matched the same rule in events sent from two
// or more different pages of one first party, and the field is one that
// describes the page or the browser rather than what the visitor did
// ([siteWideTypes]). The events keep their hits in every other output.

// siteWideTypes are the kinds of field whose matches may be site-wide:
// page titles and descriptions, device and configuration data, and
// parameters no decoder labels. A button text, a form field, a search,
// an event name, custom event data, a page URL or a referrer is about
// the visitor's own action or page, and is always shown on its event.
var siteWideTypes = []decode.DataType{decode.DataPageContent, decode.DataDevice, decode.DataTrackerConfig,
	decode.DataTechnical, decode.DataUnclassified}

// siteKey identifies one site-wide match.
type siteKey struct{ site, field, value, category, rule string }

// siteWideView is one site-wide match, listed once in the findings.
type siteWideView struct {
	Ref                      string // "S1", shown on the rows that carried it
	Site, Field, Value, Text string
	Category, Rule, Where    string
	Pages, SitePages         int // pages it was sent from; pages of the site in the timelines
	// Events are the first of the events that carried it (at most
	// maxSourcesShown); EventCount counts them all.
	Events     []eventRef
	EventCount int
	Visitors   []string
	ids        []string
	last       string // the ID of the last event counted
	pages      map[string]bool
}

// Where says on how many of the site's pages it was sent.
func (s *siteWideView) OnPages() string {
	if s.Pages == s.SitePages {
		return "on every page of " + s.Site + " in the captures (" + strconv.Itoa(s.Pages) + ")"
	}
	return "on " + strconv.Itoa(s.Pages) + " of the " + strconv.Itoa(s.SitePages) + " pages of " + s.Site + " in the captures"
}

// hitType is the kind of data of the field a hit was found in:
// [decode.DataPageURL] for the page, referrer and event name, which are
// never site-wide, else the type of the parameter named by the field.
func hitType(ev *decode.Event, h decode.SensitiveHit) decode.DataType {
	switch h.Field {
	case "page", "page opened", "referrer":
		return decode.DataPageURL
	case "event":
		return decode.DataEventName
	}
	name := strings.TrimPrefix(h.Field, "param ")
	for _, p := range ev.Params {
		if p.Name == name || p.Name == "cd["+name+"]" {
			return p.Type
		}
	}
	return decode.DataCustomEvent
}

// siteWideFinder finds the site-wide matches among timeline rows, given
// one at a time (add), so that no row is kept: what it keeps grows with
// the pages of each site and the distinct matches, not with the events.
type siteWideFinder struct {
	sitePages map[string]map[string]bool
	found     map[siteKey]*siteWideView
	order     []*siteWideView
}

func newSiteWideFinder() *siteWideFinder {
	return &siteWideFinder{sitePages: map[string]map[string]bool{}, found: map[siteKey]*siteWideView{}}
}

// add notes a row of visitor's timeline; site is the first party of the
// row's file.
func (f *siteWideFinder) add(visitor, site string, r report.TimelineRow) {
	ev := r.Event
	pages := f.sitePages[site]
	if pages == nil {
		pages = map[string]bool{}
		f.sitePages[strings.Clone(site)] = pages
	}
	if !pages[r.Page] {
		pages[strings.Clone(r.Page)] = true
	}
	if ev.Kind == decode.KindNavigation {
		return
	}
	for _, h := range ev.Sensitive {
		if !slices.Contains(siteWideTypes, hitType(ev, h)) {
			continue
		}
		k := siteKey{site, h.Field, h.Value, h.Category, h.Rule}
		s := f.found[k]
		if s == nil {
			h := cloneHits([]decode.SensitiveHit{h})[0]
			k = siteKey{strings.Clone(site), h.Field, h.Value, h.Category, h.Rule}
			s = &siteWideView{Site: k.site, Field: h.Field, Value: h.Value, Text: h.Text, Category: h.Category, Rule: h.Rule,
				Where: h.Where, pages: map[string]bool{}}
			f.found[k] = s
			f.order = append(f.order, s)
		}
		if !s.pages[r.Page] {
			s.pages[strings.Clone(r.Page)] = true
		}
		// Each event once: the rows of one event come together.
		if id := ev.ID(); s.last != id {
			s.last = id
			s.EventCount++
			if len(s.ids) < maxSourcesShown {
				s.ids = append(s.ids, id)
			}
		}
		if !slices.Contains(s.Visitors, visitor) {
			s.Visitors = append(s.Visitors, visitor)
		}
	}
}

// finish returns the site-wide matches, numbered S1, S2 … in the order
// of their first event, keyed for [siteWideOf].
func (f *siteWideFinder) finish() (map[siteKey]*siteWideView, []*siteWideView) {
	var out []*siteWideView
	for _, s := range f.order {
		if len(s.pages) < 2 {
			delete(f.found, siteKey{s.Site, s.Field, s.Value, s.Category, s.Rule})
			continue
		}
		s.Pages, s.SitePages = len(s.pages), len(f.sitePages[s.Site])
		s.pages = nil
		s.Ref = "S" + strconv.Itoa(len(out)+1)
		s.Events = eventRefs(s.ids)
		slices.SortFunc(s.Visitors, func(a, b string) int {
			return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
		})
		out = append(out, s)
	}
	return f.found, out
}

// siteWideOf returns the site-wide match a hit of a row belongs to, or
// nil.
func siteWideOf(found map[siteKey]*siteWideView, site string, h decode.SensitiveHit) *siteWideView {
	return found[siteKey{site, h.Field, h.Value, h.Category, h.Rule}]
}
