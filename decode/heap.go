package decode

import "strings"

// This file decodes Heap (Contentsquare), which records page views and
// every click and form change automatically. heap.js sends page views
// as GET heapanalytics.com/h?a=<environment>&u=<user>&v=<page view>&s=
// <session>&b=web&…, identify calls to /api/identify_v3 (i = the
// identity the site gives, often an e-mail address) and other calls to
// /api/…; newer versions post to c.us.heap-api.com. Heap does not
// publish its wire format: the parameter meanings below are INFERRED
// from the requests a public load-test script replays against /h and
// /api/identify_v3 (with their field names and values, 2022), a page
// view from a public performance report (pushpress.com, 2024, a=352269000
// …, b=web&tv=4.0), and Heap's documentation of what it captures
// (https://developers.heap.io/docs/web, …/reference/identify). Every
// label says "(inferred)"; values are kept as sent.

var heapHit = queryPixel{
	vendor:  VendorHeap,
	labels:  heapLabels,
	cookies: heapCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			switch p.Name {
			case "a":
				ev.PixelID = p.Value
			case "h":
				ev.Page = p.Value
			case "r":
				ev.Referrer = p.Value
			case "u":
				addID(ev, "heap_user_id", p.Value, "param u", label{"Heap user ID for this browser (the _hp2_id.<environment> cookie on the site) (inferred)", DataBrowserID})
			case "i":
				addID(ev, "heap_identity", p.Value, "param i", label{"the identity the site gave Heap for the visitor (identify): often an e-mail address or customer ID (inferred)", DataAccountID})
			}
		}
		switch {
		case strings.HasPrefix(ev.Path, "/api/identify"):
			ev.Name = "identify"
		case strings.HasPrefix(ev.Path, "/api/add_user_properties"):
			ev.Name = "add user properties"
		case strings.HasPrefix(ev.Path, "/api/track"):
			ev.Name = "track"
			if t := value(eff, "t"); t != "" {
				ev.Name = t
			}
		default:
			ev.Name = "page view"
		}
		if i := value(eff, "i"); i != "" && strings.Contains(i, "@") {
			// An e-mail address as the identity: personal data in plain text.
			userDatum(ev, "", "i", "i", i, w)
			for k := range ev.Params {
				if ev.Params[k].Name == "i" && ev.Params[k].In != InCookie {
					ev.Params[k].Type = DataPlainPersonal
				}
			}
		}
		if ev.PixelID == "" {
			w.addf("no a: the hit names no Heap environment")
		}
	},
	summary: func(ev *Event) string { return pixelSummary(ev, "Heap "+ev.Name, "for environment") },
}

var heapLabels = labels{
	"a":   {"environment (app) ID: the site's Heap project (inferred)", DataTrackerConfig},
	"u":   {"Heap user ID for this browser (_hp2_id cookie) (inferred)", DataBrowserID},
	"v":   {"page-view ID (inferred)", DataTechnical},
	"s":   {"session ID (inferred)", DataBrowserID},
	"b":   {"platform: web, ios, android (inferred)", DataDevice},
	"tv":  {"tracking protocol version (inferred)", DataTrackerConfig},
	"lv":  {"library version (inferred)", DataTrackerConfig},
	"h":   {"page path, or app screen (inferred)", DataPageURL},
	"q":   {"page query string (inferred)", DataPageURL},
	"g":   {"page hash (inferred)", DataPageURL},
	"d":   {"page host (inferred)", DataPageURL},
	"t":   {"page title, or the event name on /api/track (inferred)", DataPageContent},
	"r":   {"referrer (inferred)", DataReferrer},
	"i":   {"identity the site gave the visitor, often an e-mail address (inferred)", DataAccountID},
	"ts":  {"time (ms) (inferred)", DataTechnical},
	"st":  {"time sent (ms) (inferred)", DataTechnical},
	"z":   {"counter (inferred)", DataTechnical},
	"sp":  {"session properties (inferred)", DataCustomEvent},
	"k":   {"property name or value (inferred)", DataCustomEvent},
	"m":   {"app name (inferred)", DataDevice},
	"p":   {"app version (inferred)", DataDevice},
	"o":   {"device model (inferred)", DataDevice},
	"f":   {"operating system (inferred)", DataDevice},
	"vid": {"device vendor ID (inferred)", DataBrowserID},
	"y":   {"(unknown) (inferred)", DataTechnical},
}

// heapCookies are Heap's cookies on the site (_hp2_id.<environment>:
// JSON with userId, pageviewId, sessionId, identity), which reach Heap
// only through a proxy on the site's domain.
var heapCookies = []cookieSpec{
	{name: "_hp2_id.", prefix: true, meaning: label{"Heap cookie for the site: user, session and page-view IDs and the identity", DataBrowserID}},
	{name: "_hp2_ses_props.", prefix: true, meaning: label{"Heap session properties (referrer, landing page)", DataReferrer}},
	{name: "_hp2_props.", prefix: true, meaning: label{"Heap event properties the site set", DataCustomEvent}},
}

// heapRequest decodes other requests to Heap's hosts (newer libraries'
// uploads to c.us.heap-api.com, whose bodies are kept as sent).
var heapRequest = vendorRequest(VendorHeap, "Heap request", heapLabels, heapCookies)

// heapLibraryID returns the environment ID of /js/heap-<id>.js.
func heapLibraryID(path string) string {
	name := lastSegment(path)
	if id, ok := strings.CutPrefix(name, "heap-"); ok {
		return strings.TrimSuffix(id, ".js")
	}
	return ""
}
