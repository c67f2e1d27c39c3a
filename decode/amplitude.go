package decode

import "strings"

// This file decodes Amplitude: the Browser SDK POSTs JSON to
// api2.amplitude.com/2/httpapi ({"api_key", "events": [{event_type,
// device_id, user_id, session_id, event_properties, user_properties,
// …}]}); the older amplitude-js POSTs a form to api.amplitude.com/ with
// the events as a JSON array in e and the API key in client. device_id
// identifies the browser, user_id is the site's own user ID, session_id
// the session's start time (ms). The SDK's automatic page views are
// "[Amplitude] Page Viewed" with "[Amplitude] Page URL" among their
// properties. Written from Amplitude's HTTP V2 API and Browser SDK
// documentation
// (https://amplitude.com/docs/apis/analytics/http-v2,
// https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2) and
// Omnibug's Amplitude provider (src/providers/Amplitude.js).

var amplitudeEvents = jsonEvents{
	vendor:  VendorAmplitude,
	fields:  []string{"e"},
	batch:   "events",
	params:  amplitudeParams,
	label:   amplitudeLabel,
	custom:  []string{"event_properties"},
	cookies: amplitudeCookies,
	notCustom: func(name string) bool {
		return strings.HasPrefix(name, "[Amplitude] ")
	},
	fill: func(ev *Event, key, v, param string, w *warnings) {
		switch key {
		case "event_type":
			ev.Name = v
		case "api_key", "client":
			ev.PixelID = v
		case "event_properties.[Amplitude] Page URL", "event_properties.[Amplitude] Page Location":
			if ev.Page == "" {
				ev.Page = v
			}
		case "event_properties.referrer", "event_properties.[Amplitude] Page Referrer":
			ev.Referrer = v
		case "device_id":
			addID(ev, "amplitude_device_id", v, param, label{"Amplitude device ID for this browser (AMP_ cookie on the site)", DataBrowserID})
		case "user_id":
			if v != "null" {
				addID(ev, "amplitude_user_id", v, param, label{"the site's own user ID for the visitor, sent to Amplitude", DataAccountID})
			}
		}
		if f := lastKey(key); v != "" && v != "null" && (strings.HasPrefix(key, "user_properties.") || strings.HasPrefix(key, "event_properties.")) {
			if _, ok := personalField(f); ok {
				jsonUserDatum(ev, param, f, v, w)
			}
		}
	},
	done: func(ev *Event, w *warnings) {
		if ev.PixelID == "" {
			w.addf("no api_key (or client): the request names no Amplitude project")
		}
	},
	summary: func(ev *Event) string { return jsonSummary(ev, "Amplitude event") },
}

// amplitudeParams are the fields of amplitude-js's form POST.
var amplitudeParams = labels{
	"client":      {"API key (the site's Amplitude project)", DataTrackerConfig},
	"e":           {"events (JSON array)", DataTechnical},
	"v":           {"API version", DataTechnical},
	"upload_time": {"time sent (ms)", DataTechnical},
	"checksum":    {"checksum of the request", DataTechnical},
}

var amplitudeLabels = labels{
	"api_key":               {"API key (the site's Amplitude project)", DataTrackerConfig},
	"event_type":            {"event name", DataEventName},
	"device_id":             {"device ID for this browser", DataBrowserID},
	"user_id":               {"the site's own user ID for the visitor", DataAccountID},
	"session_id":            {"session ID (the session's start time, ms)", DataBrowserID},
	"time":                  {"event time (ms)", DataTechnical},
	"timestamp":             {"event time (ms)", DataTechnical},
	"insert_id":             {"event ID (de-duplication)", DataTechnical},
	"uuid":                  {"event ID", DataTechnical},
	"event_id":              {"event counter", DataTechnical},
	"sequence_number":       {"event counter", DataTechnical},
	"platform":              {"platform", DataDevice},
	"os_name":               {"browser", DataDevice},
	"os_version":            {"browser version", DataDevice},
	"device_model":          {"operating system or device model", DataDevice},
	"device_manufacturer":   {"device manufacturer", DataDevice},
	"language":              {"browser language", DataDevice},
	"user_agent":            {"browser user agent", DataDevice},
	"ip":                    {"IP address ($remote: the sender's)", DataDevice},
	"country":               {"country", DataDevice},
	"city":                  {"city", DataDevice},
	"library":               {"library name and version", DataTrackerConfig},
	"library.name":          {"library name", DataTrackerConfig},
	"library.version":       {"library version", DataTrackerConfig},
	"version_name":          {"the site's app version", DataTrackerConfig},
	"partner_id":            {"partner ID", DataTrackerConfig},
	"plan.branch":           {"tracking plan branch", DataTrackerConfig},
	"plan.source":           {"tracking plan source", DataTrackerConfig},
	"plan.version":          {"tracking plan version", DataTrackerConfig},
	"client_upload_time":    {"time sent", DataTechnical},
	"options.min_id_length": {"minimum ID length setting", DataTechnical},
	"api_properties.gclid":  {"Google Ads click ID", DataClickID},
	"api_properties.fbclid": {"Facebook click ID", DataClickID},
	"adid":                  {"Android advertising ID", DataBrowserID},
	"idfa":                  {"iOS advertising ID", DataBrowserID},
	"android_id":            {"Android ID", DataBrowserID},
	"location_lat":          {"latitude", DataDevice},
	"location_lng":          {"longitude", DataDevice},
}

// amplitudePageProperties label the Browser SDK's page-view properties.
var amplitudePageProperties = labels{
	"[Amplitude] Page Domain":   {"page host", DataPageURL},
	"[Amplitude] Page Location": {"page URL", DataPageURL},
	"[Amplitude] Page Path":     {"page path", DataPageURL},
	"[Amplitude] Page Title":    {"page title", DataPageContent},
	"[Amplitude] Page URL":      {"page URL (without query)", DataPageURL},
	"[Amplitude] Page Counter":  {"page count in the session", DataTechnical},
	"[Amplitude] Page Referrer": {"referrer of that page", DataReferrer},
	"referrer":                  {"referrer", DataReferrer},
	"referring_domain":          {"host of the referrer", DataReferrer},
}

// amplitudeLabel labels a key of an event.
func amplitudeLabel(key string) label {
	if l, ok := amplitudeLabels[key]; ok {
		return l
	}
	for _, fam := range []struct{ prefix, what string }{
		{"event_properties.", "event property"},
		{"user_properties.", "user property the site set"},
		{"group_properties.", "group property"},
	} {
		k, ok := strings.CutPrefix(key, fam.prefix)
		if !ok {
			continue
		}
		if l, ok := amplitudePageProperties[k]; ok {
			return l
		}
		if l, ok := personalField(lastKey(k)); ok {
			return label{fam.what + ": " + l.text, l.typ}
		}
		switch {
		case strings.Contains(k, "utm_") || strings.Contains(k, "gclid") || strings.Contains(k, "fbclid"):
			return label{fam.what + ": campaign data (" + k + ")", DataAdCampaign}
		case strings.HasPrefix(k, "[Amplitude] "):
			return label{fam.what + " set by the SDK: " + k, DataTechnical}
		}
		return label{fam.what + ": " + k, customDataType(propertyKey(strings.TrimPrefix(strings.TrimPrefix(k, "$set."), "$setOnce.")))}
	}
	if key == "options" || strings.HasPrefix(key, "options.") {
		return label{"upload options", DataTechnical}
	}
	if strings.HasPrefix(key, "groups.") {
		return label{"group the visitor belongs to: " + strings.TrimPrefix(key, "groups."), DataAccountID}
	}
	return label{}
}

// amplitudeCookies are Amplitude's cookies on the site (AMP_<key>, base64
// JSON with the device and user IDs); they reach Amplitude only through a
// proxy on the site's domain.
var amplitudeCookies = []cookieSpec{
	{name: "AMP_", prefix: true, meaning: label{"Amplitude cookie for the site: device ID, user ID and session", DataBrowserID}},
	{name: "amp_", prefix: true, meaning: label{"Amplitude cookie for the site (older SDK): device ID, user ID and session", DataBrowserID}},
}

// amplitudeRequest decodes other requests to Amplitude's hosts: remote
// configuration, and session-replay uploads.
var amplitudeRequest = partnerRequest{
	vendor:  VendorAmplitude,
	company: "Amplitude",
	labels: labels{
		"api_key":     {"API key", DataTrackerConfig},
		"device_id":   {"device ID for this browser", DataBrowserID},
		"session_id":  {"session ID (the session's start time, ms)", DataBrowserID},
		"config_keys": {"configuration requested", DataTechnical},
	},
	cookies: amplitudeCookies,
	ids: []idParam{
		{"device_id", "amplitude_device_id", label{"Amplitude device ID for this browser (AMP_ cookie on the site)", DataBrowserID}},
	},
	describe: func(path string) string {
		if strings.Contains(path, "/sessions/") {
			return "session-replay upload (a recording of the page as the visitor saw it: its content and changes, scrolling, mouse movements and clicks; Amplitude masks typed text by default)"
		}
		return ""
	},
}
