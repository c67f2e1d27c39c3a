package decode

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes Hotjar (Contentsquare), which records sessions
// (what the visitor sees and does: the page's content and its changes,
// mouse movements, clicks and scrolling) and builds heatmaps, surveys and
// feedback widgets. In a HAR it appears as the load of
// static.hotjar.com/c/hotjar-<site ID>.js, the visit-data call to
// in.hotjar.com/api/v2/client/sites/<site ID>/visit-data (JSON: the
// Hotjar user ID and the random values that decide whether this visit is
// recorded), identify calls to identify.hotjar.com/sites/<site ID>/users/
// <user ID>, and uploads of page content to content.hotjar.io. The
// recording itself travels over a WebSocket (ws.hotjar.com), whose
// messages most HAR exports leave out. Hotjar documents that it
// suppresses typed text in recordings by default
// (https://help.hotjar.com/hc/en-us/articles/115015563287); a site can
// change that. Written from Hotjar's documentation of its cookies and
// domains (https://help.hotjar.com/hc/en-us/articles/115011789248,
// …/articles/115011640307), Omnibug's Hotjar provider
// (src/providers/Hotjar.js) and real requests in public load-test
// recordings (named in hotjar_test.go).

// hotjarVisitData decodes the visit-data call.
var hotjarVisitData = jsonEvents{
	vendor:  VendorHotjar,
	params:  labels{"sv": {"snippet version", DataTrackerConfig}},
	label:   func(key string) label { return hotjarLabels[key] },
	cookies: hotjarCookies,
	fill: func(ev *Event, key, v, param string, w *warnings) {
		if key == "user_id" {
			addID(ev, "hotjar_user_id", v, param, label{"Hotjar user ID for this browser on the site (_hjSessionUser_<site ID> cookie)", DataBrowserID})
		}
	},
	done: func(ev *Event, w *warnings) {
		ev.PixelID = hotjarPathID(ev.Path, "sites")
		ev.Name = strings.ReplaceAll(lastSegment(ev.Path), "-", " ")
	},
	summary: func(ev *Event) string {
		s := "Hotjar " + ev.Name + " call"
		if ev.PixelID != "" {
			s += " for site " + ev.PixelID
		}
		if ev.Name == "visit data" {
			s += ": the visitor's Hotjar ID and the random values that decide whether this visit is recorded (a recording captures the page's content and changes, mouse movements, clicks and scrolling)"
		}
		return s
	},
}

var hotjarLabels = labels{
	"user_id":      {"Hotjar user ID for this browser (_hjSessionUser cookie)", DataBrowserID},
	"r_value":      {"random value that decides whether the visit is sampled", DataTechnical},
	"rec_value":    {"random value that decides whether the visit is recorded", DataTechnical},
	"is_vpv":       {"virtual page view (single-page application)", DataTechnical},
	"session_only": {"data kept for the session only", DataTechnical},
}

// hotjarPathID returns the path segment after the segment named after
// ("sites" in /api/v2/client/sites/1699068/visit-data), or "".
func hotjarPathID(path, after string) string {
	parts := strings.Split(path, "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == after {
			return parts[i+1]
		}
	}
	return ""
}

// hotjarLibraryID returns the site ID of /c/hotjar-<id>.js.
func hotjarLibraryID(path string) string {
	if id, ok := strings.CutPrefix(lastSegment(path), "hotjar-"); ok {
		return strings.TrimSuffix(id, ".js")
	}
	return ""
}

// decodeHotjarRequest decodes the other requests to Hotjar's hosts,
// saying what each host is for.
func decodeHotjarRequest(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorHotjar, KindRequest)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, labels{
		"sv":      {"snippet version", DataTrackerConfig},
		"site_id": {"Hotjar site ID", DataTrackerConfig},
		"s":       {"sampling rate", DataTechnical},
		"r":       {"random value", DataTechnical},
	}, nil)
	ev.PixelID = hotjarPathID(ev.Path, "sites")
	if ev.PixelID == "" {
		ev.PixelID = value(ev.Params, "site_id")
	}
	if u := hotjarPathID(ev.Path, "users"); u != "" {
		addID(&ev, "hotjar_user_id", u, "path", label{"Hotjar user ID for this browser on the site (_hjSessionUser_<site ID> cookie)", DataBrowserID})
	}
	addVendorCookies(&ev, e, hotjarCookies, &w)
	what := "Hotjar request"
	switch {
	case strings.HasPrefix(ev.Host, "identify."):
		what = "Hotjar identify call (links the site's own user attributes to the Hotjar user ID)"
	case strings.HasPrefix(ev.Host, "content."):
		what = "Hotjar page-content upload (a copy of the page as the visitor saw it, for heatmaps and recordings)"
	case strings.HasPrefix(ev.Host, "ws") || strings.HasPrefix(ev.Host, "events."):
		what = "Hotjar recording data (the page's changes, mouse movements, clicks and scrolling)"
	case strings.HasPrefix(ev.Host, "vc."):
		what = "Hotjar visit counter"
	case strings.HasPrefix(ev.Host, "surveys.") || strings.Contains(ev.Path, "/feedback") || strings.Contains(ev.Path, "/poll"):
		what = "Hotjar survey or feedback widget request (answers the visitor gave are in the body)"
	case strings.HasPrefix(ev.Host, "script.") || strings.HasPrefix(ev.Host, "vars."):
		what = "Hotjar code or helper frame"
	}
	ev.Summary = what + ": " + genericSummary(&ev) + idsPhrase(ev.IDs)
	ev.Warnings = w.list
	return []Event{ev}, nil
}

// hotjarCookies are Hotjar's cookies; they are first-party cookies of the
// site, so a request to Hotjar's own hosts seldom carries them.
var hotjarCookies = []cookieSpec{
	{name: "_hjSessionUser_", prefix: true, meaning: label{"Hotjar user ID for this browser on the site (base64 JSON)", DataBrowserID}},
	{name: "_hjSession_", prefix: true, meaning: label{"Hotjar session (base64 JSON)", DataBrowserID}},
	{name: "_hjid", meaning: label{"Hotjar user ID (older snippets)", DataBrowserID}, id: "hotjar_user_id"},
	{name: "_hjAbsoluteSessionInProgress", meaning: label{"Hotjar: first page view of the session", DataTechnical}},
	{name: "_hjIncludedInSessionSample", prefix: true, meaning: label{"Hotjar: this session is in the recording sample", DataTechnical}},
	{name: "_hjFirstSeen", meaning: label{"Hotjar: first visit of this browser", DataTechnical}},
}
