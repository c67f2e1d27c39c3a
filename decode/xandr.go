package decode

// This file decodes Xandr (formerly AppNexus, owned by Microsoft since
// 2022), an ad exchange: ib.adnxs.com and secure.adnxs.com serve ads,
// sync IDs with partners (getuid redirects with the browser's ID in
// place of $UID; setuid stores a partner's ID) and run advertisers'
// pixels (px: a conversion pixel; seg: a segment pixel, which adds the
// browser to an audience segment for retargeting). The uuid2 cookie on
// adnxs.com is Xandr's browser ID across every site that uses it.
// Written from Xandr's documentation of conversion and segment pixels
// and of user-ID syncing (https://learn.microsoft.com/en-us/xandr/,
// "Segment pixels", "User ID syncing") and the corpus's captures
// (ryanair.com 2016, cnn.com 2017, theverge.com 2016).

var xandrRequest = partnerRequest{
	vendor:  VendorXandr,
	company: "Xandr (AppNexus)",
	labels: labels{
		"id":       {"pixel ID (the advertiser's conversion pixel)", DataTrackerConfig},
		"add":      {"audience segments to add the browser to (retargeting)", DataAdCampaign},
		"remove":   {"audience segments to remove the browser from", DataAdCampaign},
		"t":        {"pixel type (1 JavaScript, 2 image)", DataTechnical},
		"other":    {"extra data the advertiser sends (often an order or user ID)", DataCustomEvent},
		"order_id": {"order ID", DataPurchase},
		"value":    {"conversion value", DataPurchase},
		"entity":   {"partner entity ID", DataTrackerConfig},
		"code":     {"partner's ID for this browser", DataBrowserID},
		"member":   {"Xandr member ID (the buyer or seller)", DataTrackerConfig},
		"seg":      {"segment", DataAdCampaign},
		"gdpr":     {"GDPR applies", DataConsent},
	},
	cookies: []cookieSpec{
		{name: "uuid2", meaning: label{"Xandr (AppNexus) browser ID: identifies this browser across every site that uses Xandr", DataBrowserID}, id: "adnxs_uuid2"},
		{name: "anj", meaning: label{"Xandr: which partners know the browser's ID", DataBrowserID}},
		{name: "sess", meaning: label{"Xandr: cookies accepted check", DataTechnical}},
		{name: "icu", meaning: label{"Xandr: cookie for Safari", DataBrowserID}},
		{name: "usersync", meaning: label{"Xandr: sync state with partners", DataBrowserID}},
	},
	ids: []idParam{
		{"code", "partner_uid", label{"a partner's ID for this browser, given to Xandr (cookie sync)", DataBrowserID}},
	},
	describe: pathDescriber("/getuid", "cookie sync (getuid)", "/setuid", "cookie sync (setuid)", "/bounce", "cookie check", "/seg", "segment pixel (adds the browser to an audience)",
		"/px", "conversion pixel", "/ttj", "ad request", "/ut/", "ad request", "/jpt", "ad request", "/pxj", "conversion pixel", "/mapuid", "cookie sync", "/it", "impression tracker"),
}
