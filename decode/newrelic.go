package decode

import "strings"

// This file decodes New Relic Browser, the performance monitor whose
// agent (js-agent.newrelic.com/nr-<version>.min.js, or inline) sends
// harvests to bam.nr-data.net (bam-cell.nr-data.net, or the EU
// bam.eu01.nr-data.net): /1/<browser licence key> is the page view with
// its timings, /events/1/… interactions and timings, /jserrors/1/…
// JavaScript errors, /ins/1/… page actions (events the site defines),
// /resources/1/… session traces, and /browser/blobs session replay,
// which records the page's content and changes, mouse movements,
// clicks and scrolling (New Relic masks typed text by default). a names
// the site's application, ref the page (without its query), s the
// agent's session ID. Written from New Relic's documentation of the
// browser agent's data and session replay
// (https://docs.newrelic.com/docs/browser/new-relic-browser/page-load-timing-resources/page-load-timing-process/,
// https://docs.newrelic.com/docs/browser/browser-monitoring/browser-pro-features/session-replay/)
// and the corpus's captures (bam.nr-data.net/1/b5bcf2eba4, nytimes.com
// and cnn.com); the meanings of the short query names are INFERRED from
// those captures and the public agent's source
// (github.com/newrelic/newrelic-browser-agent) and are labelled so.

var newRelicHarvest = queryPixel{
	vendor:  VendorNewRelic,
	labels:  newRelicLabels,
	cookies: newRelicCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			switch p.Name {
			case "a":
				ev.PixelID = p.Value
			case "ref":
				ev.Page = p.Value
			case "s":
				addID(ev, "newrelic_session", p.Value, "param s", label{"New Relic browser agent session ID (inferred)", DataBrowserID})
			case "ptid":
				addID(ev, "newrelic_ptid", p.Value, "param ptid", label{"New Relic page-trace ID (inferred)", DataTechnical})
			}
		}
		ev.Name = newRelicWhat(ev.Path)
		if ev.PixelID == "" {
			w.addf("no a: the harvest names no New Relic application")
		}
	},
	summary: func(ev *Event) string {
		s := "New Relic Browser " + ev.Name
		if ev.PixelID != "" {
			s += " for application " + ev.PixelID
		}
		return s + pageSuffix(ev.Page)
	},
}

// newRelicWhat names what a harvest path carries.
func newRelicWhat(path string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	switch first {
	case "1":
		return "page view with its timings"
	case "events":
		return "interactions and timings"
	case "jserrors":
		return "JavaScript errors"
	case "ins":
		return "page actions (events the site defines)"
	case "resources":
		return "session trace (the page's resources and user interactions, timed)"
	case "browser":
		return "session replay upload (the page's content and changes, mouse movements, clicks and scrolling; typed text masked by default)"
	}
	return "harvest"
}

var newRelicLabels = labels{
	"a":                      {"application ID (the site's New Relic application)", DataTrackerConfig},
	"sa":                     {"flag sa (inferred)", DataTechnical},
	"v":                      {"agent version", DataTrackerConfig},
	"t":                      {"transaction name (inferred)", DataPageContent},
	"rst":                    {"time since navigation start (ms) (inferred)", DataTechnical},
	"ck":                     {"cookies enabled (inferred)", DataDevice},
	"ref":                    {"page URL, without query", DataPageURL},
	"be":                     {"back-end time (ms) (inferred)", DataTechnical},
	"fe":                     {"front-end time (ms) (inferred)", DataTechnical},
	"dc":                     {"DOM content loaded (ms) (inferred)", DataTechnical},
	"af":                     {"agent features (inferred)", DataTrackerConfig},
	"perf":                   {"navigation timings (JSON) (inferred)", DataTechnical},
	"fp":                     {"first paint (ms)", DataTechnical},
	"fcp":                    {"first contentful paint (ms)", DataTechnical},
	"jsonp":                  {"JavaScript callback", DataTechnical},
	"s":                      {"session ID (inferred)", DataBrowserID},
	"ptid":                   {"page-trace ID (inferred)", DataTechnical},
	"st":                     {"start time (ms) (inferred)", DataTechnical},
	"at":                     {"custom attributes the site sets (inferred)", DataCustomEvent},
	"ja":                     {"custom attributes the site sets (JSON) (inferred)", DataCustomEvent},
	"pr":                     {"flag pr (inferred)", DataTechnical},
	"us":                     {"user ID the site sets (setUserId) (inferred)", DataAccountID},
	"ac":                     {"account ID (inferred)", DataTrackerConfig},
	"browser_monitoring_key": {"browser licence key", DataTrackerConfig},
	"type":                   {"payload type (SessionReplay, …)", DataTechnical},
	"app_id":                 {"application ID", DataTrackerConfig},
	"protocol_version":       {"protocol version", DataTechnical},
	"attributes":             {"replay attributes (session, timestamps, …)", DataTechnical},
}

// newRelicCookies are New Relic's cookies (first-party on the site).
var newRelicCookies = []cookieSpec{
	{name: "NRBA_SESSION", meaning: label{"New Relic browser agent session", DataBrowserID}},
	{name: "JSESSIONID", meaning: label{"the site's server session (New Relic reads it to join the browser and server traces)", DataBrowserID}},
}
