package decode

import "strings"

// This file decodes Optimizely, the experimentation platform: the Web
// Experimentation snippet (cdn.optimizely.com/js/<project>.js) decides
// which variation of a test each visitor sees and reports decisions and
// events to logx.optimizely.com/v1/events as JSON: account_id and
// project_id name the site's account, each entry of visitors has the
// visitor_id (the optimizelyEndUserId cookie), the visitor's attributes,
// and snapshots of decisions (campaign, experiment, variation) and
// events (key, tags such as revenue). Older snippets posted to
// /log/event and /log/decision. Written from Optimizely's Event API
// documentation (docs.developers.optimizely.com, "Event API")
// and the corpus's captures (cnn.com 2017 entries 7 to 89, whose bodies
// the capture did not keep).

var optimizelyEvents = jsonEvents{
	vendor:  VendorOptimizely,
	batch:   "visitors",
	label:   optimizelyLabel,
	cookies: optimizelyCookies,
	fill: func(ev *Event, key, v, param string, w *warnings) {
		switch {
		case key == "account_id":
			ev.PixelID = v
		case key == "visitor_id":
			addID(ev, "optimizely_visitor_id", v, param, label{"Optimizely visitor ID for this browser (optimizelyEndUserId cookie on the site)", DataBrowserID})
		case key == "session_id" && v != "":
			addID(ev, "optimizely_session_id", v, param, label{"Optimizely session ID", DataBrowserID})
		case strings.HasPrefix(key, "snapshots[") && strings.HasSuffix(key, ".key") && strings.Contains(key, ".events["):
			if ev.Name == "" {
				ev.Name = v
			} else if !strings.Contains(ev.Name, v) {
				ev.Name += ", " + v
			}
		case strings.HasPrefix(key, "snapshots[") && strings.Contains(key, ".decisions[") &&
			(strings.HasSuffix(key, ".experiment_id") || strings.HasSuffix(key, ".variation_id")):
			ev.Custom = append(ev.Custom, Custom{Key: lastKey(key), Raw: v})
		}
	},
	done: func(ev *Event, w *warnings) {
		if ev.Name == "" {
			ev.Name = "decision"
		}
	},
	summary: func(ev *Event) string { return jsonSummary(ev, "Optimizely experiment event") },
}

func optimizelyLabel(key string) label {
	switch key {
	case "account_id":
		return label{"Optimizely account ID (the site's)", DataTrackerConfig}
	case "project_id":
		return label{"project ID", DataTrackerConfig}
	case "revision", "client_name", "client_version", "enrich_decisions", "anonymize_ip":
		return label{"snippet setting: " + key, DataTrackerConfig}
	case "visitor_id":
		return label{"visitor ID (optimizelyEndUserId cookie)", DataBrowserID}
	case "session_id":
		return label{"session ID", DataBrowserID}
	}
	switch {
	case strings.HasPrefix(key, "attributes["):
		return label{"visitor attribute (location, device, the site's own …): " + key, DataCustomEvent}
	case strings.Contains(key, ".decisions["):
		return label{"experiment decision: which variation the visitor was shown (" + lastKey(key) + ")", DataAdCampaign}
	case strings.Contains(key, ".events[") && strings.Contains(key, ".tags."):
		t := key[strings.Index(key, ".tags.")+6:]
		return label{"event tag: " + t, customDataType(t)}
	case strings.Contains(key, ".events["):
		return label{"experiment event: " + lastKey(key), DataEventName}
	}
	return label{}
}

// optimizelyCookies are Optimizely's cookies (first-party on the site).
var optimizelyCookies = []cookieSpec{
	{name: "optimizelyEndUserId", meaning: label{"Optimizely visitor ID for this browser", DataBrowserID}, id: "optimizely_visitor_id"},
	{name: "optimizelySegments", meaning: label{"Optimizely audience segments", DataBrowserID}},
	{name: "optimizelyBuckets", meaning: label{"Optimizely variations the browser was shown", DataAdCampaign}},
}

// optimizelyRequest decodes other requests to Optimizely's hosts (the
// snippet, older log calls, the client storage frame).
var optimizelyRequest = partnerRequest{
	vendor:  VendorOptimizely,
	company: "Optimizely",
	cookies: optimizelyCookies,
	describe: pathDescriber("/js/", "snippet load (the site's experiments)", "/log/event", "event log (older snippet)", "/log/decision", "decision log (older snippet)",
		"/client_storage", "client storage frame"),
}
