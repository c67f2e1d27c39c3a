package decode

import "strings"

// This file decodes the Reddit Pixel: alb.reddit.com/rp.gif image hits.
// id names the advertiser account (t2_…, a2_…), event the event, m.* the
// event metadata; uuid is the _rdt_uuid browser ID; em and external_id
// are hashed Advanced Matching values. PROTOCOLS.md §6 (vector R01),
// written from Omnibug's RedditPixel provider.

var redditPixel = queryPixel{
	vendor:  VendorReddit,
	labels:  redditLabels,
	label:   redditLabel,
	cookies: redditCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			switch {
			case p.Name == "id":
				ev.PixelID = p.Value
			case p.Name == "event":
				ev.Name = p.Value
			case p.Name == "uuid":
				addID(ev, "uuid", p.Value, "param uuid", label{"Reddit browser ID for this site (_rdt_uuid cookie)", DataBrowserID})
			case p.Name == "click_id" || p.Name == "rdt_cid":
				addID(ev, "rdt_cid", p.Value, "param "+p.Name, label{"Reddit click ID: the visit followed a click on a Reddit ad", DataClickID})
			case p.Name == "em" || p.Name == "external_id" || p.Name == "phone_number":
				userDatum(ev, "", p.Name, p.Name, p.Value, w)
			case strings.HasPrefix(p.Name, "m.") && p.Value != "":
				ev.Custom = append(ev.Custom, Custom{Key: p.Name[2:], Raw: p.Value, JSON: jsonValue(p.Value)})
			}
		}
		if ev.PixelID == "" {
			w.addf("no id: the hit names no Reddit pixel")
		}
		if ev.Page == "" {
			w.addf("no page URL parameter: the page is known only from the request's Referer header, if the capture recorded it")
		}
	},
	summary: func(ev *Event) string { return pixelSummary(ev, "Reddit pixel event", "for account") },
}

var redditLabels = labels{
	"id":          {"pixel ID (the advertiser's Reddit account)", DataTrackerConfig},
	"event":       {"event name", DataEventName},
	"ts":          {"event time (ms, browser clock)", DataTechnical},
	"uuid":        {"browser ID for this site (_rdt_uuid cookie)", DataBrowserID},
	"aaid":        {"Android advertising ID", DataBrowserID},
	"idfa":        {"iOS advertising ID", DataBrowserID},
	"em":          {"hashed e-mail address (Advanced Matching)", DataHashedEmail},
	"external_id": {"site's user ID (Advanced Matching)", DataAccountID},
	"integration": {"how the pixel was installed", DataTrackerConfig},
	"opt_out":     {"visitor opted out of tracking (1 = yes)", DataConsent},
	"sh":          {"screen height", DataDevice},
	"sw":          {"screen width", DataDevice},
	"v":           {"pixel version", DataTrackerConfig},
	"dpm":         {"data processing: mode", DataConsent},
	"dpcc":        {"data processing: country", DataConsent},
	"dprc":        {"data processing: region", DataConsent},
}

func redditLabel(p Param) label {
	switch {
	case p.Name == "ts":
		return label{"event time " + msLabel(p.Value) + " (browser clock)", DataTechnical}
	case strings.HasPrefix(p.Name, "m."):
		return label{"event metadata: " + p.Name[2:], customDataType(p.Name[2:])}
	}
	return label{}
}

// redditCookies are Reddit's cookies on reddit.com.
var redditCookies = []cookieSpec{
	{name: "loid", meaning: label{"Reddit logged-out browser ID", DataBrowserID}, id: "loid"},
	{name: "reddit_session", meaning: label{"Reddit login session of a logged-in user", DataLoginSession}, id: "reddit_session"},
	{name: "session_tracker", meaning: label{"Reddit session tracker", DataBrowserID}},
	{name: "edgebucket", meaning: label{"Reddit experiment bucket", DataTechnical}},
	{name: "csv", meaning: label{"Reddit cookie-version flag", DataTechnical}},
}

// redditRequest decodes other requests to alb.reddit.com.
var redditRequest = vendorRequest(VendorReddit, "Reddit request", redditLabels, redditCookies)
