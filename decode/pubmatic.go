package decode

// This file decodes PubMatic, a supply-side ad exchange: its header
// bidding and ad scripts (ads.pubmatic.com), trackers (ae.pubmatic.com,
// phtrack.pubmatic.com) and cookie syncs (image*.pubmatic.com/AdServer/
// Pug, UCookieSetPug, PugMaster, with a partner's ID in piggybackCookie).
// The KADUSERCOOKIE cookie on pubmatic.com is PubMatic's browser ID.
// Written from Prebid.js's PubMatic adapter
// (github.com/prebid/Prebid.js modules/pubmaticBidAdapter.js) and the
// corpus's captures (expressen.se 2018, ryanair.com 2016).

var pubmaticRequest = partnerRequest{
	vendor:  VendorPubMatic,
	company: "PubMatic",
	labels: labels{
		"vcode":           {"sync code (partner and type, encoded)", DataTechnical},
		"piggybackCookie": {"partner's ID for this browser", DataBrowserID},
		"oid":             {"operation ID", DataTechnical},
		"pubid":           {"publisher ID", DataTrackerConfig},
		"pid":             {"publisher ID", DataTrackerConfig},
		"siteId":          {"site ID", DataTrackerConfig},
		"adId":            {"ad ID", DataTechnical},
		"kadpageurl":      {"page URL", DataPageURL},
		"pageURL":         {"page URL", DataPageURL},
		"refurl":          {"referrer", DataReferrer},
	},
	cookies: []cookieSpec{
		{name: "KADUSERCOOKIE", meaning: label{"PubMatic browser ID", DataBrowserID}, id: "pubmatic_kaduser"},
		{name: "KRTBCOOKIE_", prefix: true, meaning: label{"PubMatic: a partner's ID for this browser", DataBrowserID}},
		{name: "KTPCACOOKIE", meaning: label{"PubMatic: third-party cookies accepted", DataTechnical}},
		{name: "PUBMDCID", meaning: label{"PubMatic data-centre ID", DataTechnical}},
		{name: "SyncRTB", prefix: true, meaning: label{"PubMatic sync state", DataBrowserID}},
		{name: "DPSync", prefix: true, meaning: label{"PubMatic sync state", DataBrowserID}},
	},
	ids: []idParam{
		{"piggybackCookie", "partner_uid", label{"a partner's ID for this browser, given to PubMatic (cookie sync)", DataBrowserID}},
	},
	describe: pathDescriber("/AdServer/Pug", "cookie sync", "/AdServer/UCookieSetPug", "cookie sync", "/AdServer/PugMaster", "cookie sync",
		"/AdServer/js", "ad script", "/AdServer/AdServerServlet", "ad request", "/ad", "ad tracker", "/api/utility", "ad creative"),
}
