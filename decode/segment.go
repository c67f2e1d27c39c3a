package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
)

// This file decodes Segment (Twilio Segment), the customer-data platform
// whose analytics.js sends each call as JSON to api.segment.io/v1/<type>
// (t track, p page, i identify, g group, a alias, s screen; or the long
// names) or a batch to /v1/batch, and forwards it to the site's other
// tools. type says what the call is; event names a track call;
// properties are the event's data, traits what the site knows about the
// person (identify calls often carry an e-mail address); anonymousId is
// the ajs_anonymous_id cookie and userId the site's own user ID.
// Written from Segment's Spec
// (https://segment.com/docs/connections/spec/common/ and …/spec/page/,
// …/spec/identify/) and Omnibug's Segment provider
// (src/providers/Segment.js), whose test request is a fixture here.

var segmentEvents = jsonEvents{
	vendor:  VendorSegment,
	batch:   "batch",
	label:   segmentLabel,
	custom:  []string{"properties", "traits"},
	cookies: segmentCookies,
	fill: func(ev *Event, key, v, param string, w *warnings) {
		switch key {
		case "type":
			if ev.Name == "" {
				ev.Name = v
			}
		case "event":
			ev.Name = v
		case "writeKey":
			ev.PixelID = v
		case "context.page.url":
			ev.Page = v
		case "properties.url":
			if ev.Page == "" {
				ev.Page = v
			}
		case "context.page.referrer":
			ev.Referrer = v
		case "anonymousId":
			addID(ev, "ajs_anonymous_id", v, param, label{"Segment anonymous ID for this browser on the site (ajs_anonymous_id cookie)", DataBrowserID})
		case "userId":
			if v != "null" {
				addID(ev, "ajs_user_id", v, param, label{"the site's own user ID for the visitor, sent to Segment (ajs_user_id)", DataAccountID})
			}
		case "context.traits.crossDomainId":
			addID(ev, "segment_xid", v, param, label{"Segment cross-domain ID", DataBrowserID})
		}
		if f := lastKey(key); (strings.HasPrefix(key, "traits.") || strings.HasPrefix(key, "context.traits.")) && v != "" && v != "null" {
			if _, ok := personalField(f); ok {
				jsonUserDatum(ev, param, f, v, w)
			}
		}
	},
	done: func(ev *Event, w *warnings) {
		if ev.PixelID == "" {
			w.addf("no writeKey: the call names no Segment source (it may be in an Authorization header)")
		}
	},
	summary: func(ev *Event) string { return jsonSummary(ev, "Segment call") },
}

var segmentLabels = labels{
	"type":                         {"call type: track (an event), page, identify (who the visitor is), group, alias, screen", DataEventName},
	"event":                        {"event name", DataEventName},
	"name":                         {"page or screen name", DataPageContent},
	"category":                     {"page category", DataPageContent},
	"anonymousId":                  {"anonymous ID for this browser (ajs_anonymous_id cookie)", DataBrowserID},
	"userId":                       {"the site's own user ID for the visitor", DataAccountID},
	"previousId":                   {"previous ID of the visitor (alias call)", DataBrowserID},
	"groupId":                      {"the site's ID for the visitor's company or group", DataAccountID},
	"writeKey":                     {"write key (the site's Segment source)", DataTrackerConfig},
	"messageId":                    {"message ID", DataTechnical},
	"timestamp":                    {"event time", DataTechnical},
	"originalTimestamp":            {"event time (browser clock)", DataTechnical},
	"sentAt":                       {"time sent", DataTechnical},
	"integrations":                 {"tools this call is forwarded to", DataTrackerConfig},
	"context.page.url":             {"page URL", DataPageURL},
	"context.page.path":            {"page path", DataPageURL},
	"context.page.search":          {"page query string", DataPageURL},
	"context.page.title":           {"page title", DataPageContent},
	"context.page.referrer":        {"referrer of that page", DataReferrer},
	"context.userAgent":            {"browser user agent", DataDevice},
	"context.locale":               {"browser language", DataDevice},
	"context.timezone":             {"time zone", DataDevice},
	"context.ip":                   {"IP address", DataDevice},
	"context.library.name":         {"library name", DataTrackerConfig},
	"context.library.version":      {"library version", DataTrackerConfig},
	"context.campaign.name":        {"campaign name (utm_campaign)", DataAdCampaign},
	"context.campaign.source":      {"campaign source (utm_source)", DataAdCampaign},
	"context.campaign.medium":      {"campaign medium (utm_medium)", DataAdCampaign},
	"context.campaign.term":        {"campaign term (utm_term)", DataAdCampaign},
	"context.campaign.content":     {"campaign content (utm_content)", DataAdCampaign},
	"context.traits.crossDomainId": {"cross-domain ID", DataBrowserID},
	"properties.url":               {"page URL", DataPageURL},
	"properties.path":              {"page path", DataPageURL},
	"properties.search":            {"page query string", DataPageURL},
	"properties.title":             {"page title", DataPageContent},
	"properties.referrer":          {"referrer of that page", DataReferrer},
	"properties.name":              {"page name", DataPageContent},
}

// segmentLabel labels a key of a call.
func segmentLabel(key string) label {
	if l, ok := segmentLabels[key]; ok {
		return l
	}
	for _, pre := range []string{"traits.", "context.traits."} {
		if t, ok := strings.CutPrefix(key, pre); ok {
			if l, ok := personalField(lastKey(t)); ok {
				return label{"visitor trait the site sent: " + l.text + " (" + t + ")", l.typ}
			}
			return label{"visitor trait the site sent: " + t, DataCustomEvent}
		}
	}
	switch {
	case strings.HasPrefix(key, "properties."):
		p := strings.TrimPrefix(key, "properties.")
		return label{"event property: " + p, customDataType(propertyKey(p))}
	case strings.HasPrefix(key, "context.campaign."):
		return label{"campaign data: " + strings.TrimPrefix(key, "context.campaign."), DataAdCampaign}
	case strings.HasPrefix(key, "context.device.") || strings.HasPrefix(key, "context.screen.") || strings.HasPrefix(key, "context.os."):
		return label{"device data: " + strings.TrimPrefix(key, "context."), DataDevice}
	case strings.HasPrefix(key, "integrations."):
		return label{"forwarding setting for " + strings.TrimPrefix(key, "integrations."), DataTrackerConfig}
	case strings.HasPrefix(key, "_metadata."):
		return label{"tools bundled with the site's Segment library", DataTrackerConfig}
	case strings.HasPrefix(key, "context."):
		return label{"context: " + strings.TrimPrefix(key, "context."), DataTechnical}
	}
	return label{}
}

// segmentCookies are Segment's first-party cookies, which reach Segment
// only when the site proxies its API; they are listed so that a proxied
// call's cookies are labelled.
var segmentCookies = []cookieSpec{
	{name: "ajs_anonymous_id", meaning: label{"Segment anonymous ID for this browser", DataBrowserID}, id: "ajs_anonymous_id", value: unquoteCookie},
	{name: "ajs_user_id", meaning: label{"the site's user ID, stored by Segment", DataAccountID}, id: "ajs_user_id", value: unquoteCookie},
	{name: "ajs_group_id", meaning: label{"the site's group ID, stored by Segment", DataAccountID}},
}

// unquoteCookie strips the JSON quotes analytics.js writes around a
// cookie's value ("%22abc%22" or "\"abc\"").
func unquoteCookie(v string, _ *warnings) (string, []Fact) {
	if u, ok := form.Unescape(v, false); ok {
		v = u
	}
	return strings.Trim(v, `"`), nil
}

// segmentRequest decodes other requests to Segment's hosts.
var segmentRequest = vendorRequest(VendorSegment, "Segment request", segmentLabels, segmentCookies)
