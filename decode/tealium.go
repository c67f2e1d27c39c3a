package decode

import "strings"

// This file decodes Tealium, a tag manager and customer-data platform:
// tags.tiqcdn.com/utag/<account>/<profile>/<environment>/utag.js loads the
// site's tag container (utag.<n>.js are the tags it loads: each a
// vendor's code, which then makes that vendor's own requests), and
// Tealium Collect sends the page's data layer to Tealium's servers:
// collect.tealiumiq.com/<account>/<profile>/2/i.gif with the data layer as
// JSON in a data field, or POST collect.tealiumiq.com/event as JSON. The
// data layer holds the page (dom.url, dom.title, dom.referrer), Tealium's
// visitor and session IDs (tealium_visitor_id: the utag_main cookie's
// v_id), the page's query parameters (qp.…), its meta tags (meta.…) and
// every first-party cookie the page's scripts can read (cp.…), whoever
// set it. Written from Tealium's documentation of utag.js, the data
// layer and Tealium Collect (https://docs.tealium.com/platforms/javascript/,
// https://docs.tealium.com/server-side/data-sources/tealium-collect/)
// and the corpus's captures (cnet.com 2018 entry 108, verizonwireless.com
// 2018).

var tealiumCollect = jsonEvents{
	vendor:  VendorTealium,
	fields:  []string{"data"},
	label:   tealiumLabel,
	cookies: tealiumCookies,
	fill: func(ev *Event, key, v, param string, w *warnings) {
		k := strings.TrimPrefix(key, "data.")
		switch k {
		case "tealium_event", "ut.event", "event":
			if ev.Name == "" {
				ev.Name = v
			}
		case "tealium_account", "ut.account":
			if ev.PixelID == "" {
				ev.PixelID = v
			}
		case "tealium_profile", "ut.profile":
			if ev.PixelID != "" && !strings.Contains(ev.PixelID, "/") {
				ev.PixelID += "/" + v
			}
		case "dom.url":
			ev.Page = v
		case "dom.referrer":
			ev.Referrer = v
		case "tealium_visitor_id", "ut.visitor_id", "cp.utag_main_v_id":
			addID(ev, "tealium_visitor_id", v, param, label{"Tealium visitor ID for this browser on the site (utag_main cookie, v_id)", DataBrowserID})
		case "tealium_session_id", "ut.session_id":
			addID(ev, "tealium_session_id", v, param, label{"Tealium session ID (the session's start time, ms)", DataBrowserID})
		}
	},
	done: func(ev *Event, w *warnings) {
		if ev.PixelID == "" {
			parts := strings.Split(strings.Trim(ev.Path, "/"), "/")
			if len(parts) >= 2 && parts[0] != "event" {
				ev.PixelID = parts[0] + "/" + parts[1]
			} else {
				w.addf("no tealium_account: the hit names no Tealium account")
			}
		}
	},
	summary: func(ev *Event) string {
		return summarise(ev.Name, "Tealium Collect (the page's data layer)"+accountPhrase(ev.PixelID), ev.Page)
	},
}

// accountPhrase returns " for <account>", or "" when account is empty.
func accountPhrase(account string) string {
	if account == "" {
		return ""
	}
	return " for " + account
}

// tealiumLabel labels a key of the data layer (with or without the data.
// prefix of i.gif's JSON).
func tealiumLabel(key string) label {
	k := strings.TrimPrefix(key, "data.")
	switch k {
	case "tealium_event", "ut.event", "event":
		return label{"event (view, link …)", DataEventName}
	case "tealium_account", "ut.account", "tealium_profile", "ut.profile", "tealium_environment", "ut.env",
		"tealium_datasource", "tealium_library_name", "tealium_library_version", "ut.version", "tealium.profile", "tealium.env":
		return label{"Tealium account, profile or library: " + k, DataTrackerConfig}
	case "tealium_visitor_id", "ut.visitor_id", "cp.utag_main_v_id":
		return label{"Tealium visitor ID (utag_main cookie)", DataBrowserID}
	case "tealium_session_id", "ut.session_id", "cp.utag_main_ses_id":
		return label{"Tealium session ID", DataBrowserID}
	case "dom.url", "dom.pathname", "dom.domain", "dom.hash", "dom.query_string", "ut.domain":
		return label{"page address: " + k, DataPageURL}
	case "dom.title":
		return label{"page title", DataPageContent}
	case "dom.referrer":
		return label{"referrer", DataReferrer}
	case "post_time", "tealium_random", "tealium_timestamp_epoch", "tealium_timestamp_utc", "tealium_timestamp_local":
		return label{"time or cache buster", DataTechnical}
	}
	switch {
	case strings.HasPrefix(k, "cp."):
		return label{"a cookie of the site the page's scripts can read, copied into the data layer: " + strings.TrimPrefix(k, "cp."), DataCookie}
	case strings.HasPrefix(k, "qp."):
		return label{"a query parameter of the page's URL: " + strings.TrimPrefix(k, "qp."), DataPageURL}
	case strings.HasPrefix(k, "meta."):
		return label{"a meta tag of the page: " + strings.TrimPrefix(k, "meta."), DataPageContent}
	case strings.HasPrefix(k, "browser.") || strings.HasPrefix(k, "dom.viewport") || strings.HasPrefix(k, "ut.lang"):
		return label{"device data: " + k, DataDevice}
	case strings.HasPrefix(k, "loader.cfg") || strings.HasPrefix(k, "services."):
		return label{"tag container configuration: " + k, DataTrackerConfig}
	case strings.HasPrefix(k, "dom.") || strings.HasPrefix(k, "ut."):
		return label{"page data: " + k, DataPageContent}
	}
	if l, ok := personalField(lastKey(k)); ok {
		return label{"data-layer variable the site set: " + l.text, l.typ}
	}
	return label{"data-layer variable the site set: " + k, DataCustomEvent}
}

// tealiumCookies are Tealium's cookies (first-party on the site; the
// data layer copies them as cp.…).
var tealiumCookies = []cookieSpec{
	{name: "utag_main", meaning: label{"Tealium visitor and session data (v_id: the visitor ID)", DataBrowserID}},
	{name: "TAPID", meaning: label{"Tealium AudienceStream visitor ID on tealiumiq.com", DataBrowserID}, id: "tealium_tapid"},
}

// tealiumContainer returns "<account>/<profile> (<environment>)" of a
// /utag/<account>/<profile>/<environment>/… path.
func tealiumContainer(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) >= 4 && parts[0] == "utag" {
		return parts[1] + "/" + parts[2] + " (" + parts[3] + ")"
	}
	return ""
}

// tealiumRequest decodes other requests to Tealium's hosts (visitor data
// lookups on datacloud.tealiumiq.com).
var tealiumRequest = partnerRequest{
	vendor:  VendorTealium,
	company: "Tealium",
	cookies: tealiumCookies,
	labels: labels{
		"tealium_visitor_id": {"Tealium visitor ID", DataBrowserID},
		"tealium_account":    {"Tealium account", DataTrackerConfig},
		"tealium_profile":    {"Tealium profile", DataTrackerConfig},
	},
	ids: []idParam{
		{"tealium_visitor_id", "tealium_visitor_id", label{"Tealium visitor ID for this browser on the site (utag_main cookie, v_id)", DataBrowserID}},
	},
	describe: pathDescriber("/vdata", "visitor data lookup (AudienceStream)", "/utag", "tag container"),
}
