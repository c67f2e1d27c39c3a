package decode

import "strings"

// This file decodes The Trade Desk, a demand-side platform: its universal
// pixel (insight.adsrvr.org/track/up or /track/evnt, with adv the
// advertiser, upid/ct the pixel, ref the page) records visits to
// advertisers' sites for retargeting, and match.adsrvr.org/track/cmf|cmb
// syncs its TDID cookie (its browser ID) with partners named in ttd_pid.
// TDID is also the basis of Unified ID 2.0's predecessor. Written from
// The Trade Desk's universal-pixel documentation for advertisers (its
// parameter names: adv, upid, ref) and the corpus's captures (cnn.com
// 2017, cnet.com 2018, expressen.se 2018).

var tradeDeskRequest = partnerRequest{
	vendor:  VendorTradeDesk,
	company: "The Trade Desk",
	labels: labels{
		"adv":      {"advertiser ID", DataTrackerConfig},
		"upid":     {"universal pixel ID", DataTrackerConfig},
		"upv":      {"universal pixel version", DataTrackerConfig},
		"ct":       {"conversion tracker ID", DataTrackerConfig},
		"fmt":      {"response format", DataTechnical},
		"ref":      {"page URL (referrer of the pixel)", DataPageURL},
		"v":        {"revenue or value", DataPurchase},
		"vf":       {"currency", DataPurchase},
		"orderid":  {"order ID", DataPurchase},
		"td1":      {"custom field td1", DataCustomEvent},
		"td2":      {"custom field td2", DataCustomEvent},
		"ttd_pid":  {"partner the ID is synced with", DataTrackerConfig},
		"ttd_tpi":  {"partner integration flag", DataTechnical},
		"ttd_puid": {"partner's ID for this browser", DataBrowserID},
		"p":        {"partner ID", DataTrackerConfig},
		"gdpr":     {"GDPR applies", DataConsent},
	},
	label: func(p Param) label {
		if strings.HasPrefix(p.Name, "td") {
			return label{"custom field " + p.Name + " (its meaning is the advertiser's)", DataCustomEvent}
		}
		return label{}
	},
	cookies: []cookieSpec{
		{name: "TDID", meaning: label{"The Trade Desk browser ID: identifies this browser across every site that works with it", DataBrowserID}, id: "ttd_tdid"},
		{name: "TDCPM", meaning: label{"The Trade Desk: which partners know the browser's ID", DataBrowserID}},
		{name: "TTDOptOut", meaning: label{"The Trade Desk opt-out", DataConsent}},
	},
	ids: []idParam{
		{"ttd_puid", "partner_uid", label{"a partner's ID for this browser, given to The Trade Desk (cookie sync)", DataBrowserID}},
	},
	describe: pathDescriber("/track/up", "universal pixel (visit to an advertiser's site)", "/track/evnt", "universal pixel event",
		"/track/conv", "conversion pixel", "/track/cmf", "cookie sync (from a partner)", "/track/cmb", "cookie sync (back to a partner)",
		"/track/rid", "ID request", "/track/pxl", "pixel"),
}
