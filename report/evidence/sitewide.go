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
	Pages, SitePages         int        // pages it was sent from; pages of the site in the timelines
	Events                   []eventRef // the events that carried it
	Visitors                 []string
	ids                      []string
	pages                    map[string]bool
}

// Where says on how many of the site's pages it was sent.
func (s *siteWideView) OnPages() string {
	if s.Pages == s.SitePages {
		return "on every page of " + s.Site + " in the captures (" + strconv.Itoa(s.Pages) + ")"
	}
	return "on " + strconv.Itoa(s.Pages) + " of the " + strconv.Itoa(s.SitePages) + " pages of " + s.Site + " in the captures"
}

// siteRow is what site-wide detection needs of a timeline row.
type siteRow struct {
	visitor string
	site    string // the first party of the row's file
	row     report.TimelineRow
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

// findSiteWide returns the site-wide matches among rows, numbered S1, S2
// … in the order of their first event, keyed for [siteWideOf].
func findSiteWide(rows []siteRow) (map[siteKey]*siteWideView, []*siteWideView) {
	sitePages := map[string]map[string]bool{}
	found := map[siteKey]*siteWideView{}
	var order []*siteWideView
	for _, r := range rows {
		ev := r.row.Event
		if sitePages[r.site] == nil {
			sitePages[r.site] = map[string]bool{}
		}
		sitePages[r.site][r.row.Page] = true
		if ev.Kind == decode.KindNavigation {
			continue
		}
		for _, h := range ev.Sensitive {
			if !slices.Contains(siteWideTypes, hitType(ev, h)) {
				continue
			}
			k := siteKey{r.site, h.Field, h.Value, h.Category, h.Rule}
			s := found[k]
			if s == nil {
				s = &siteWideView{Site: r.site, Field: h.Field, Value: h.Value, Text: h.Text, Category: h.Category, Rule: h.Rule,
					Where: h.Where, pages: map[string]bool{}}
				found[k] = s
				order = append(order, s)
			}
			s.pages[r.row.Page] = true
			if id := ev.ID(); !slices.Contains(s.ids, id) {
				s.ids = append(s.ids, id)
			}
			if !slices.Contains(s.Visitors, r.visitor) {
				s.Visitors = append(s.Visitors, r.visitor)
			}
		}
	}
	var out []*siteWideView
	for _, s := range order {
		if len(s.pages) < 2 {
			delete(found, siteKey{s.Site, s.Field, s.Value, s.Category, s.Rule})
			continue
		}
		s.Pages, s.SitePages = len(s.pages), len(sitePages[s.Site])
		s.Ref = "S" + strconv.Itoa(len(out)+1)
		s.Events = eventRefs(s.ids)
		slices.SortFunc(s.Visitors, func(a, b string) int {
			return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
		})
		out = append(out, s)
	}
	return found, out
}

// siteWideOf returns the site-wide match a hit of a row belongs to, or
// nil.
func siteWideOf(found map[siteKey]*siteWideView, site string, h decode.SensitiveHit) *siteWideView {
	return found[siteKey{site, h.Field, h.Value, h.Category, h.Rule}]
}
