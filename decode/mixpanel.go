package decode

import "strings"

// This file decodes Mixpanel: mixpanel-js sends events to
// api-js.mixpanel.com/track (or api.mixpanel.com, api-eu.mixpanel.com)
// and profile updates to /engage, each a JSON object or array of them in
// the form field data: base64-encoded in the query of a GET (older
// libraries, and the <img> pixel), or JSON in an urlencoded POST body
// (mixpanel-js's batch sender). An event is {"event": name,
// "properties": {token, distinct_id, $device_id, $user_id,
// $current_url, …}}; a profile update {"$token", "$distinct_id", "$set":
// {…}} often names the person ($email, $name). distinct_id is the
// browser's device ID until the site calls identify(), and the site's user
// ID after. Written from Mixpanel's documentation of the ingestion API
// and of the JavaScript library's default properties
// (https://developer.mixpanel.com/reference/track-event,
// https://developer.mixpanel.com/reference/profile-set,
// https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript) and
// Omnibug's Mixpanel provider (src/providers/Mixpanel.js).

var mixpanelEvents = jsonEvents{
	vendor:  VendorMixpanel,
	fields:  []string{"data"},
	params:  mixpanelParams,
	label:   mixpanelLabel,
	custom:  []string{"properties", "$set", "$set_once", "$add", "$append", "$union"},
	cookies: mixpanelCookies,
	// The library's own properties are not the site's custom data.
	notCustom: func(name string) bool {
		_, lib := mixpanelLabels[name]
		return lib || strings.HasPrefix(name, "mp_") || strings.HasPrefix(name, "current_") || strings.HasPrefix(name, "utm_") ||
			strings.HasPrefix(name, "$") && !isPersonalField(name)
	},
	fill: func(ev *Event, key, v, param string, w *warnings) {
		k := strings.TrimPrefix(key, "properties.")
		switch k {
		case "event":
			ev.Name = v
		case "token", "$token":
			ev.PixelID = v
		case "$current_url":
			ev.Page = v
		case "mp_page":
			if ev.Page == "" {
				ev.Page = v
			}
		case "$referrer":
			ev.Referrer = v
		case "distinct_id", "$distinct_id":
			addID(ev, "mp_distinct_id", v, param, label{"Mixpanel distinct ID: this browser's device ID, or the site's own user ID once the site identified the visitor", DataBrowserID})
		case "$device_id":
			addID(ev, "mp_device_id", v, param, label{"Mixpanel device ID for this browser (mp_<token>_mixpanel cookie)", DataBrowserID})
		case "$user_id":
			addID(ev, "mp_user_id", v, param, label{"the site's own user ID for the visitor, sent to Mixpanel (identify)", DataAccountID})
		}
		if f := lastKey(key); v != "" && v != "null" && (strings.HasPrefix(key, "$set") || strings.HasPrefix(key, "properties.")) {
			if _, ok := personalField(f); ok {
				jsonUserDatum(ev, param, f, v, w)
			}
		}
		if ev.Name == "" && strings.HasPrefix(key, "$set") {
			ev.Name = "profile update"
		}
	},
	done: func(ev *Event, w *warnings) {
		if ev.PixelID == "" {
			w.addf("no token: the request names no Mixpanel project")
		}
	},
	summary: func(ev *Event) string { return jsonSummary(ev, "Mixpanel "+mixpanelWhat(ev.Path)) },
}

// mixpanelWhat names what the path records.
func mixpanelWhat(path string) string {
	switch {
	case strings.HasPrefix(path, "/engage"):
		return "profile update"
	case strings.HasPrefix(path, "/groups"):
		return "group update"
	}
	return "event"
}

// mixpanelParams are the query parameters of a /track or /engage request.
var mixpanelParams = labels{
	"ip":       {"ask Mixpanel to record the sender's IP address and its location (1)", DataDevice},
	"verbose":  {"verbose response", DataTechnical},
	"img":      {"answer with an image (the <img> pixel)", DataTechnical},
	"_":        {"time sent (ms), cache buster", DataTechnical},
	"callback": {"JavaScript callback", DataTechnical},
	"data":     {"event data (JSON or base64-encoded JSON)", DataTechnical},
}

var mixpanelLabels = labels{
	"event":                      {"event name ($mp_web_page_view is a page view)", DataEventName},
	"token":                      {"project token (the site's Mixpanel project)", DataTrackerConfig},
	"$token":                     {"project token (the site's Mixpanel project)", DataTrackerConfig},
	"distinct_id":                {"distinct ID: device ID, or the site's user ID after identify()", DataBrowserID},
	"$distinct_id":               {"distinct ID: device ID, or the site's user ID after identify()", DataBrowserID},
	"$device_id":                 {"device ID for this browser", DataBrowserID},
	"$user_id":                   {"the site's own user ID for the visitor", DataAccountID},
	"$anon_id":                   {"anonymous ID before identify()", DataBrowserID},
	"$identified_id":             {"identified ID", DataAccountID},
	"$insert_id":                 {"event ID (de-duplication)", DataTechnical},
	"time":                       {"event time", DataTechnical},
	"$time":                      {"time", DataTechnical},
	"$current_url":               {"page URL", DataPageURL},
	"current_page_title":         {"page title", DataPageContent},
	"current_domain":             {"page host", DataPageURL},
	"current_url_path":           {"page path", DataPageURL},
	"current_url_protocol":       {"page protocol", DataPageURL},
	"current_url_search":         {"page query string", DataPageURL},
	"mp_page":                    {"page URL", DataPageURL},
	"$referrer":                  {"referrer of that page", DataReferrer},
	"$referring_domain":          {"host of that referrer", DataReferrer},
	"$initial_referrer":          {"referrer of the visitor's first visit", DataReferrer},
	"$initial_referring_domain":  {"host of the first visit's referrer", DataReferrer},
	"$search_engine":             {"search engine the visitor came from", DataReferrer},
	"mp_keyword":                 {"search words the visitor came from a search engine with", DataSearchTerms},
	"$os":                        {"operating system", DataDevice},
	"$browser":                   {"browser", DataDevice},
	"$browser_version":           {"browser version", DataDevice},
	"$device":                    {"device", DataDevice},
	"$screen_height":             {"screen height", DataDevice},
	"$screen_width":              {"screen width", DataDevice},
	"mp_browser":                 {"browser", DataDevice},
	"mp_platform":                {"operating system", DataDevice},
	"mp_lib":                     {"library", DataTrackerConfig},
	"$lib_version":               {"library version", DataTrackerConfig},
	"$mp_api_endpoint":           {"API host", DataTrackerConfig},
	"$mp_api_timestamp_ms":       {"time sent (ms)", DataTechnical},
	"$ip":                        {"IP address (0: do not record it)", DataDevice},
	"$duration":                  {"time since the event's timer started (s)", DataTechnical},
	"$had_persisted_distinct_id": {"the browser already had a distinct ID", DataTechnical},
	"gclid":                      {"Google Ads click ID", DataClickID},
	"fbclid":                     {"Facebook click ID", DataClickID},
}

// mixpanelLabel labels a key of an event or profile update.
func mixpanelLabel(key string) label {
	k := strings.TrimPrefix(key, "properties.")
	if l, ok := mixpanelLabels[k]; ok {
		return l
	}
	if op, rest, ok := strings.Cut(key, "."); ok && strings.HasPrefix(op, "$") {
		// A profile operation: $set, $set_once, $add, $union …
		if l, ok := personalField(lastKey(rest)); ok {
			return label{"profile property the site set (" + op + "): " + l.text, l.typ}
		}
		return label{"profile property the site set (" + op + "): " + rest, DataCustomEvent}
	}
	if strings.HasPrefix(key, "properties.") {
		if l, ok := personalField(lastKey(k)); ok {
			return label{"event property: " + l.text, l.typ}
		}
		if strings.HasPrefix(k, "utm_") {
			return label{"campaign data: " + k, DataAdCampaign}
		}
		return label{"event property: " + k, customDataType(propertyKey(strings.TrimPrefix(k, "$")))}
	}
	return label{}
}

// mixpanelCookies are Mixpanel's cookie on the site (mp_<token>_mixpanel,
// JSON with the distinct ID), which reaches Mixpanel only through a proxy
// on the site's domain.
var mixpanelCookies = []cookieSpec{
	{name: "mp_", prefix: true, meaning: label{"Mixpanel cookie for the site: JSON with the distinct and device IDs", DataBrowserID}},
}

// mixpanelRequest decodes other requests to Mixpanel's hosts (/decide,
// the feature-flag and settings call, which names the distinct ID).
var mixpanelRequest = partnerRequest{
	vendor:  VendorMixpanel,
	company: "Mixpanel",
	labels: labels{
		"token":       {"project token", DataTrackerConfig},
		"distinct_id": {"distinct ID: device ID, or the site's user ID after identify()", DataBrowserID},
		"lib":         {"library", DataTrackerConfig},
		"version":     {"API version", DataTechnical},
		"verbose":     {"verbose response", DataTechnical},
		"ip":          {"record the sender's IP address (1)", DataDevice},
		"_":           {"time sent (ms)", DataTechnical},
	},
	cookies: mixpanelCookies,
	ids: []idParam{
		{"distinct_id", "mp_distinct_id", label{"Mixpanel distinct ID: this browser's device ID, or the site's own user ID once the site identified the visitor", DataBrowserID}},
	},
	describe: pathDescriber("/decide", "settings call (decide)", "/flags", "feature-flag call", "/record", "session-replay upload (a recording of the page as the visitor saw it: its content and changes, scrolling, mouse movements and clicks; Mixpanel masks typed text by default)"),
}
