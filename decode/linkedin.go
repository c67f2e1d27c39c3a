package decode

import (
	"github.com/haruspex/haruspex/har"
)

// This file decodes the LinkedIn Insight Tag: px.ads.linkedin.com/collect
// (image or script hits: pid, url, time, conversionId) and the newer
// px.ads.linkedin.com/wa/ beacons, whose JSON body is kept as flattened
// parameters. PROTOCOLS.md §6 (vector L01), written from Omnibug's
// LinkedIn provider and LinkedIn's Insight Tag documentation
// (https://www.linkedin.com/help/lms/answer/a417869).

var linkedInCollect = queryPixel{
	vendor:  VendorLinkedIn,
	labels:  linkedInLabels,
	label:   linkedInLabel,
	cookies: linkedInCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			switch p.Name {
			case "pid":
				ev.PixelID = p.Value
			case "url":
				ev.Page = p.Value
			case "conversionId":
				ev.Name = "conversion"
				ev.Custom = append(ev.Custom, Custom{Key: "conversionId", Raw: p.Value})
			case "li_fat_id":
				addID(ev, "li_fat_id", p.Value, "param li_fat_id", linkedInClickID)
			}
		}
		if ev.PixelID == "" {
			w.addf("no pid: the hit names no LinkedIn partner ID")
		}
	},
	summary: linkedInSummary,
}

// decodeLinkedInWA decodes a /wa/ beacon: query parameters and, when the
// body is JSON, its values as flattened parameters.
func decodeLinkedInWA(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorLinkedIn, KindEvent)
	var w warnings
	ev.Params = queryParams(e, &w)
	if body, ok := bodyText(e, &w); ok {
		flat, err := flattenJSON(body)
		if err != nil {
			if len(flat) == 0 {
				ev.Params = append(ev.Params, bodyParams(&e.Request, &w)...)
			}
			w.addf("body is not valid JSON (%v): kept as sent", err)
		}
		for _, f := range flat {
			ev.Params = append(ev.Params, Param{Name: f.path, Value: f.value, In: InBody})
		}
	}
	applyLabels(ev.Params, linkedInLabels, linkedInLabel)
	for _, p := range lastParams(ev.Params) {
		switch {
		case (p.Name == "pid" || p.Name == "pids[0]") && ev.PixelID == "":
			ev.PixelID = p.Value
		case (p.Name == "url" || p.Name == "pageUrl") && ev.Page == "":
			ev.Page = p.Value
		case p.Name == "signalType" || p.Name == "eventType":
			ev.Name = p.Value
		case p.Name == "conversionId" && ev.Name == "":
			ev.Name = "conversion"
		case p.Name == "liFatId" || p.Name == "li_fat_id":
			addID(&ev, "li_fat_id", p.Value, "param "+p.Name, linkedInClickID)
		case p.Name == "hem":
			userDatum(&ev, "", "hem", p.Name, p.Value, &w)
		}
	}
	addVendorCookies(&ev, e, linkedInCookies, &w)
	ev.Warnings = w.list
	ev.Summary = linkedInSummary(&ev)
	return []Event{ev}, nil
}

func linkedInSummary(ev *Event) string {
	what := "LinkedIn Insight page view"
	if c, ok := customValue(ev.Custom, "conversionId"); ok {
		what = "LinkedIn conversion " + c.Raw
	} else if ev.Name != "" && ev.Name != "conversion" {
		what = "LinkedIn Insight " + ev.Name
	}
	if ev.PixelID != "" {
		what += " for partner " + ev.PixelID
	}
	if pd := personalDataPhrase(ev.UserData); pd != "" {
		what += "; with " + pd
	}
	name := ev.Name
	if name == "" {
		name = "(page view)"
	}
	return summarise(name, what, ev.Page)
}

var linkedInLabels = labels{
	"pid":          {"LinkedIn partner ID (the advertiser's Insight Tag)", DataTrackerConfig},
	"pids":         {"LinkedIn partner IDs", DataTrackerConfig},
	"url":          {"page URL the hit was sent from", DataPageURL},
	"pageUrl":      {"page URL the hit was sent from", DataPageURL},
	"time":         {"hit time (ms, browser clock)", DataTechnical},
	"fmt":          {"response format (js or gif)", DataTechnical},
	"v":            {"protocol version", DataTechnical},
	"conversionId": {"conversion ID (a conversion action set up by the advertiser)", DataAdCampaign},
	"li_fat_id":    {"LinkedIn first-party click ID", DataClickID},
	"liFatId":      {"LinkedIn first-party click ID", DataClickID},
	"liSync":       {"repeat of the hit after a LinkedIn cookie sync", DataTechnical},
	"redirect":     {"URL to go to after the cookie sync", DataTechnical},
	"tm":           {"tag manager", DataTrackerConfig},
	"hem":          {"hashed e-mail address", DataHashedEmail},
}

// linkedInClickID is the meaning of the li_fat_id identifier.
var linkedInClickID = label{"LinkedIn first-party click ID (li_fat_id cookie): the visit followed a click on a LinkedIn ad", DataClickID}

func linkedInLabel(p Param) label {
	if p.Name == "time" {
		return label{"hit time " + msLabel(p.Value) + " (browser clock)", DataTechnical}
	}
	return label{}
}

// linkedInCookies are LinkedIn's cookies on linkedin.com.
var linkedInCookies = []cookieSpec{
	{name: "bcookie", meaning: label{"LinkedIn browser ID cookie", DataBrowserID}, id: "bcookie"},
	{name: "bscookie", meaning: label{"LinkedIn secure browser ID cookie", DataBrowserID}, id: "bscookie"},
	{name: "li_sugr", meaning: label{"LinkedIn browser ID for ad matching", DataBrowserID}, id: "li_sugr"},
	{name: "UserMatchHistory", meaning: label{"LinkedIn ad-partner ID sync history", DataBrowserID}, id: "UserMatchHistory"},
	{name: "AnalyticsSyncHistory", meaning: label{"LinkedIn analytics sync history", DataTechnical}},
	{name: "lidc", meaning: label{"LinkedIn data-centre routing cookie", DataTechnical}},
	{name: "li_gc", meaning: label{"LinkedIn guest consent to non-essential cookies", DataConsent}},
	{name: "lang", meaning: label{"LinkedIn language preference", DataDevice}},
	{name: "li_at", meaning: label{"LinkedIn login session of a signed-in member", DataLoginSession}, id: "li_at"},
	{name: "liap", meaning: label{"LinkedIn: the visitor is signed in", DataLoginSession}},
	{name: "JSESSIONID", meaning: label{"LinkedIn session (CSRF) cookie", DataTechnical}},
}

// linkedInRequest decodes other requests to LinkedIn's hosts (the
// www.linkedin.com/px/li_sync cookie sync, and the rest).
var linkedInRequest = vendorRequest(VendorLinkedIn, "LinkedIn request", linkedInLabels, linkedInCookies)
