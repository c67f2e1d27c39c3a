package decode

import "strings"

// This file decodes Outbrain (merged with Teads in 2025), the
// content-recommendation network. The Outbrain Pixel (amplify.outbrain.com
// /cp/obtp.js) sends advertisers' events to tr.outbrain.com/unifiedPixel
// (older: /pixel) with marketerId the advertiser, name the event
// (PAGE_VIEW, purchase …), dl the page and, for conversions, orderValue,
// currency and orderId; widgets on publishers' pages ask
// odb.outbrain.com/utils/get for recommendations (url the page) and log
// to log.outbrain.com. The obuid cookie on outbrain.com identifies the
// browser across sites. Written from Outbrain's pixel documentation
// (https://www.outbrain.com/help/advertisers/outbrain-pixel/ and its
// conversion-event guide) and Omnibug's Outbrain provider
// (src/providers/Outbrain.js), whose test requests are fixtures, and the
// corpus's captures (cnn.com 2017 entries 38 to 248).

var outbrainPixel = queryPixel{
	vendor:  VendorOutbrain,
	labels:  outbrainLabels,
	cookies: outbrainCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			switch p.Name {
			case "marketerId", "mid":
				ev.PixelID = p.Value
			case "name":
				ev.Name = p.Value
			case "dl":
				ev.Page = p.Value
			case "ob_click_id", "obclid":
				addID(ev, "ob_click_id", p.Value, "param "+p.Name, label{"Outbrain click ID: the visit followed a click on an Outbrain recommendation", DataClickID})
			case "orderValue", "currency", "orderId":
				ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
			default:
				if _, known := outbrainLabels[p.Name]; !known && p.Value != "" {
					ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
				}
			}
		}
		if ev.Name == "" {
			ev.Name = "PAGE_VIEW"
		}
		if ev.PixelID == "" {
			w.addf("no marketerId: the hit names no Outbrain advertiser")
		}
	},
	summary: func(ev *Event) string { return pixelSummary(ev, "Outbrain Pixel", "for marketer") },
}

var outbrainLabels = labels{
	"marketerId":   {"marketer ID(s) (the advertiser's Outbrain accounts)", DataTrackerConfig},
	"mid":          {"marketer ID (the advertiser's Outbrain account)", DataTrackerConfig},
	"name":         {"event name (PAGE_VIEW, or a conversion the advertiser defines)", DataEventName},
	"dl":           {"page URL", DataPageURL},
	"optOut":       {"visitor opted out (true/false)", DataConsent},
	"bust":         {"cache buster", DataTechnical},
	"obApiVersion": {"pixel API version", DataTrackerConfig},
	"obtpVersion":  {"pixel version", DataTrackerConfig},
	"orderValue":   {"order value", DataPurchase},
	"currency":     {"currency", DataPurchase},
	"orderId":      {"order ID", DataPurchase},
	"ob_click_id":  {"Outbrain click ID", DataClickID},
	"url":          {"page URL", DataPageURL},
	"ref":          {"referrer", DataReferrer},
	"widgetJSId":   {"widget ID", DataTrackerConfig},
	"key":          {"publisher key", DataTrackerConfig},
	"idx":          {"widget index", DataTechnical},
	"version":      {"widget version", DataTrackerConfig},
	"rand":         {"cache buster", DataTechnical},
	"winW":         {"window width", DataDevice},
	"winH":         {"window height", DataDevice},
	"adblck":       {"ad-blocker detected", DataDevice},
	"settings":     {"ask for settings", DataTechnical},
	"recs":         {"ask for recommendations", DataTechnical},
	"format":       {"response format", DataTechnical},
	"apv":          {"flag apv (inferred)", DataTechnical},
	"sig":          {"signature (inferred)", DataTechnical},
	"pvId":         {"page-view ID (inferred)", DataTechnical},
	"rId":          {"request ID (inferred)", DataTechnical},
	"eT":           {"event type (inferred)", DataTechnical},
	"tm":           {"time (ms) (inferred)", DataTechnical},
	"pid":          {"publisher ID (inferred)", DataTrackerConfig},
	"sid":          {"source ID (inferred)", DataTrackerConfig},
	"wId":          {"widget ID (inferred)", DataTrackerConfig},
	"wRV":          {"widget version (inferred)", DataTrackerConfig},
}

// outbrainCookies are Outbrain's cookies on outbrain.com.
var outbrainCookies = []cookieSpec{
	{name: "obuid", meaning: label{"Outbrain browser ID: identifies this browser across every site with Outbrain", DataBrowserID}, id: "obuid"},
	{name: "adrl", meaning: label{"Outbrain advertiser retargeting list", DataBrowserID}},
	{name: "apnxs", meaning: label{"Outbrain: the browser's Xandr (AppNexus) ID", DataBrowserID}},
	{name: "criteo", meaning: label{"Outbrain: the browser's Criteo ID", DataBrowserID}},
	{name: "tidal", meaning: label{"Outbrain: the browser's partner ID", DataBrowserID}},
}

// outbrainRequest decodes other requests to Outbrain's hosts
// (recommendations, widget logs, the pixel's code).
var outbrainRequest = partnerRequest{
	vendor:  VendorOutbrain,
	company: "Outbrain",
	labels:  outbrainLabels,
	cookies: outbrainCookies,
	describe: func(path string) string {
		switch {
		case strings.HasPrefix(path, "/utils/get"):
			return "recommendation request"
		case strings.HasPrefix(path, "/loggerServices"):
			return "widget log"
		case strings.HasPrefix(path, "/page/view"):
			return "page-view log"
		case strings.HasSuffix(path, ".js"):
			return "code load"
		}
		return ""
	},
}
