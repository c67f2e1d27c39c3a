package decode

// This file decodes Magnite (formerly the Rubicon Project), a supply-side
// ad exchange: publishers' header bidding (fastlane.rubiconproject.com:
// account_id, site_id, zone_id, the page in rf), ad scripts
// (ads.rubiconproject.com, optimized-by.rubiconproject.com), and cookie
// syncs (pixel.rubiconproject.com/tap.php, with put a partner's ID; the
// eus.rubiconproject.com/usync.html frame). The khaos cookie on
// rubiconproject.com is Magnite's browser ID. Written from Prebid.js's
// Rubicon adapter (github.com/prebid/Prebid.js modules/rubiconBidAdapter.js,
// which builds the fastlane request) and the corpus's captures
// (theverge.com 2016, cnet.com 2018, ryanair.com 2016).

var magniteRequest = partnerRequest{
	vendor:  VendorMagnite,
	company: "Magnite (Rubicon Project)",
	labels: labels{
		"account_id":   {"publisher account ID", DataTrackerConfig},
		"site_id":      {"site ID", DataTrackerConfig},
		"zone_id":      {"ad zone ID", DataTrackerConfig},
		"size_id":      {"ad size", DataTechnical},
		"rf":           {"page URL the ad is requested for", DataPageURL},
		"p_pos":        {"ad position", DataTechnical},
		"p_screen_res": {"screen resolution", DataDevice},
		"rp_secure":    {"secure page", DataTechnical},
		"tk_flint":     {"integration", DataTrackerConfig},
		"tk_st":        {"integration flag", DataTechnical},
		"x_source.tid": {"transaction ID", DataTechnical},
		"put":          {"partner's ID for this browser", DataBrowserID},
		"nid":          {"partner ID", DataTrackerConfig},
		"v":            {"version", DataTechnical},
		"ad_slot":      {"ad slot", DataTechnical},
		"tg_i.site":    {"site targeting", DataPageContent},
		"kw":           {"page keywords", DataPageContent},
	},
	cookies: []cookieSpec{
		{name: "khaos", meaning: label{"Magnite (Rubicon) browser ID", DataBrowserID}, id: "rubicon_khaos"},
		{name: "audit", meaning: label{"Magnite: cookie audit", DataTechnical}},
		{name: "rpb", meaning: label{"Magnite: which partners know the browser's ID", DataBrowserID}},
		{name: "rpx", meaning: label{"Magnite: partner sync state", DataBrowserID}},
		{name: "c", meaning: label{"Magnite: cookie flag", DataTechnical}},
	},
	ids: []idParam{
		{"put", "partner_uid", label{"a partner's ID for this browser, given to Magnite (cookie sync)", DataBrowserID}},
	},
	describe: pathDescriber("/a/api/fastlane", "header-bidding request", "/tap.php", "cookie sync", "/usync", "cookie-sync frame", "/token", "ID token request",
		"/beacon", "ad beacon", "/ad/", "ad script", "/a/", "ad request", "/header/", "header-bidding script"),
}
