package decode

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes HubSpot's tracking code (js.hs-scripts.com/<Hub
// ID>.js, which loads js.hs-analytics.net/analytics/…/<Hub ID>.js): page
// views go to track.hubspot.com/__ptq.gif (or track-<region>.hubspot.com)
// with a the Hub ID, pu the page, t its title, r the referrer, vi the
// hubspotutk cookie (HubSpot's visitor ID for the site), u and b the
// __hstc and __hssc cookies, bfp a browser fingerprint hash; custom
// behavioural events go to __ptbe.gif with n the event name and _<name>
// its properties. After the site calls identify(), i carries the
// visitor's identity as an urlencoded string (email, firstname, …) in
// plain text. HubSpot's collected-forms script submits the fields of
// forms on the page to forms.hscollectedforms.net. Written from HubSpot's
// documentation of its tracking code and cookies
// (https://developers.hubspot.com/docs/api/events/tracking-code,
// https://knowledge.hubspot.com/privacy-and-consent/what-cookies-does-hubspot-set-in-a-visitor-s-browser),
// Omnibug's Hubspot provider (src/providers/Hubspot.js) and real
// requests named in hubspot_test.go; the short names not in those are
// INFERRED and labelled so.

// decodeHubSpotTrack decodes a __ptq.gif or __ptbe.gif request.
func decodeHubSpotTrack(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorHubSpot, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	// The identify payload i is an urlencoded string of its own.
	if i := paramIndex(ev.Params, "i"); i >= 0 {
		for _, p := range parseQuery(ev.Params[i].Value, ev.Params[i].In, &w) {
			p.Name = "i." + p.Name
			ev.Params = append(ev.Params, p)
		}
	}
	applyLabels(ev.Params, hubSpotLabels, func(p Param) label {
		if k, ok := strings.CutPrefix(p.Name, "i."); ok {
			if l, ok := personalField(k); ok {
				return label{"identity the site gave HubSpot (identify): " + l.text, l.typ}
			}
			return label{"identity the site gave HubSpot (identify): " + k, DataAccountID}
		}
		if strings.HasPrefix(p.Name, "_") && len(p.Name) > 1 {
			return label{"event property: " + p.Name[1:], customDataType(p.Name[1:])}
		}
		return label{}
	})
	ev.Name = "page view"
	if strings.HasPrefix(ev.Path, "/__ptbe") {
		ev.Name = "custom event"
	}
	for _, p := range effectiveParams(ev.Params, &w) {
		switch {
		case p.Name == "a":
			ev.PixelID = p.Value
		case p.Name == "pu":
			ev.Page = p.Value
		case p.Name == "r":
			ev.Referrer = p.Value
		case p.Name == "n":
			ev.Name = p.Value
		case p.Name == "k" && p.Value == "14":
			ev.Name = "RSS or e-mail view"
		case p.Name == "vi":
			addID(&ev, "hubspotutk", p.Value, "param vi", label{"HubSpot visitor ID for this browser on the site (hubspotutk cookie)", DataBrowserID})
		case p.Name == "bfp":
			addID(&ev, "hubspot_bfp", p.Value, "param bfp", label{"HubSpot browser fingerprint: a hash of the browser's features, which can single out a device without a cookie (inferred)", DataDevice})
		case strings.HasPrefix(p.Name, "i.") && p.Value != "":
			if _, ok := personalField(p.Name[2:]); ok {
				userDatum(&ev, "i", p.Name[2:], p.Name, p.Value, &w)
			}
		case strings.HasPrefix(p.Name, "_") && len(p.Name) > 1:
			ev.Custom = append(ev.Custom, Custom{Key: p.Name[1:], Raw: p.Value})
		}
	}
	if ev.PixelID == "" {
		w.addf("no a: the hit names no HubSpot account (Hub ID)")
	}
	addVendorCookies(&ev, e, hubSpotCookies, &w)
	ev.Warnings = w.list
	ev.Summary = pixelSummary(&ev, "HubSpot tracking", "for Hub")
	return []Event{ev}, nil
}

var hubSpotLabels = labels{
	"a":     {"Hub ID (the site's HubSpot account)", DataTrackerConfig},
	"k":     {"hit kind (1 page view, 14 RSS or e-mail view) (inferred)", DataEventName},
	"n":     {"custom event name", DataEventName},
	"pu":    {"page URL", DataPageURL},
	"rcu":   {"canonical URL of the page", DataPageURL},
	"t":     {"page title", DataPageContent},
	"r":     {"referrer", DataReferrer},
	"bu":    {"base URL of the blog or site", DataPageURL},
	"po":    {"page path", DataPageURL},
	"ct":    {"content type", DataPageContent},
	"pi":    {"page ID", DataPageContent},
	"vi":    {"visitor ID (hubspotutk cookie)", DataBrowserID},
	"u":     {"__hstc cookie: domain hash, visitor ID, first, previous and current visit times, visit count", DataBrowserID},
	"b":     {"__hssc cookie: domain hash, page views this session, session start", DataBrowserID},
	"bfp":   {"browser fingerprint hash (inferred)", DataDevice},
	"i":     {"identity the site gave HubSpot (identify): urlencoded, read into the i.… parameters", DataAccountID},
	"sd":    {"screen size", DataDevice},
	"cd":    {"screen colour depth", DataDevice},
	"cs":    {"character set", DataTechnical},
	"ln":    {"browser language", DataDevice},
	"v":     {"tracking code version", DataTrackerConfig},
	"cts":   {"time sent (ms)", DataTechnical},
	"nc":    {"new contact (inferred)", DataTechnical},
	"cc":    {"cookie consent categories (inferred)", DataConsent},
	"bvt":   {"view type (rss, email) (inferred)", DataTechnical},
	"p":     {"platform the content came from (inferred)", DataTechnical},
	"id":    {"event ID", DataEventName},
	"value": {"event value", DataCustomEvent},
}

// hubSpotCookies are HubSpot's cookies on the site (they reach HubSpot's
// hosts only through a proxy; the tracking code copies them into vi, u
// and b) and on hubspot.com.
var hubSpotCookies = []cookieSpec{
	{name: "hubspotutk", meaning: label{"HubSpot visitor ID for this browser on the site", DataBrowserID}, id: "hubspotutk"},
	{name: "__hstc", meaning: label{"HubSpot visit history: visitor ID, visit times, visit count", DataBrowserID}},
	{name: "__hssc", meaning: label{"HubSpot session: page views and session start", DataBrowserID}},
	{name: "__hssrc", meaning: label{"HubSpot: the browser restarted", DataTechnical}},
	{name: "__hs_opt_out", meaning: label{"HubSpot: the visitor refused tracking", DataConsent}},
	{name: "__hs_do_not_track", meaning: label{"HubSpot: do not track", DataConsent}},
	{name: "__cf_bm", meaning: label{"Cloudflare bot management (on HubSpot's hosts)", DataTechnical}},
}

// decodeHubSpotRequest decodes other requests to HubSpot's hosts, saying
// what each is for.
func decodeHubSpotRequest(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorHubSpot, KindRequest)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, labels{
		"portalId": {"Hub ID (the site's HubSpot account)", DataTrackerConfig},
		"utk":      {"HubSpot visitor ID (hubspotutk)", DataBrowserID},
		"hutk":     {"HubSpot visitor ID (hubspotutk)", DataBrowserID},
	}, nil)
	ev.PixelID = value(ev.Params, "portalId")
	for _, n := range []string{"utk", "hutk"} {
		addID(&ev, "hubspotutk", value(ev.Params, n), "param "+n, label{"HubSpot visitor ID for this browser on the site (hubspotutk cookie)", DataBrowserID})
	}
	what := "HubSpot request"
	switch {
	case strings.Contains(ev.Host, "hscollectedforms") && strings.Contains(ev.Path, "submit"):
		what = "HubSpot collected-forms submission (the fields of a form on the page, as the visitor filled them in)"
		for i := range ev.Params {
			if p := &ev.Params[i]; p.Name == "(body)" {
				label{"form submission captured by HubSpot's collected-forms script: the form's fields and what the visitor typed", DataFormFieldValues}.apply(p)
			}
		}
	case strings.Contains(ev.Host, "hs-banner") || strings.Contains(ev.Path, "cookie-banner"):
		what = "HubSpot cookie banner"
	case strings.HasPrefix(ev.Host, "cta") || strings.Contains(ev.Path, "web-interactives"):
		what = "HubSpot call-to-action (web interactive)"
	case strings.Contains(ev.Host, "usemessages") || strings.Contains(ev.Path, "livechat"):
		what = "HubSpot chat"
	case strings.HasPrefix(ev.Host, "forms"):
		what = "HubSpot forms request"
	}
	addVendorCookies(&ev, e, hubSpotCookies, &w)
	ev.Summary = what + ": " + genericSummary(&ev) + idsPhrase(ev.IDs)
	ev.Warnings = w.list
	return []Event{ev}, nil
}

// hubSpotScriptID returns the Hub ID of js.hs-scripts.com/<id>.js or
// js.hs-analytics.net/analytics/<time>/<id>.js.
func hubSpotScriptID(path string) string {
	id := strings.TrimSuffix(lastSegment(path), ".js")
	if isDigits(id) {
		return id
	}
	return ""
}
