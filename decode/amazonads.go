package decode

// This file decodes Amazon Ads' requests on amazon-adsystem.com: the
// publisher services' header bidding (aax.amazon-adsystem.com/e/dtb/bid,
// with the page in u and the ad slots), its library
// (c.amazon-adsystem.com/aax2/apstag.js), and cookie syncs with partners
// (s.amazon-adsystem.com, aax-eu.amazon-adsystem.com /s/…). The ad-id
// cookie on amazon-adsystem.com is Amazon's advertising browser ID.
// Written from Amazon Publisher Services' apstag documentation (the
// fetchBids request: src, pid, slots, u), Amazon's cookie notice (which
// names ad-id and ad-privacy) and the corpus's captures (cnn.com 2017, expressen.se 2018).

var amazonAdsRequest = partnerRequest{
	vendor:  VendorAmazonAds,
	company: "Amazon Ads",
	labels: labels{
		"src":    {"publisher source ID", DataTrackerConfig},
		"u":      {"page URL the ads are requested for", DataPageURL},
		"pid":    {"page-view ID", DataTechnical},
		"cb":     {"cache buster", DataTechnical},
		"ws":     {"window size", DataDevice},
		"v":      {"library version", DataTrackerConfig},
		"t":      {"timeout (ms)", DataTechnical},
		"slots":  {"ad slots requested (JSON)", DataTechnical},
		"d":      {"partner or product", DataTrackerConfig},
		"dl":     {"partner list", DataTrackerConfig},
		"cm3ppd": {"sync flag", DataTechnical},
		"csif":   {"sync flag", DataTechnical},
		"ep":     {"encrypted partner data", DataBrowserID},
		"pj":     {"publisher data (JSON)", DataCustomEvent},
	},
	cookies: []cookieSpec{
		{name: "ad-id", meaning: label{"Amazon advertising browser ID", DataBrowserID}, id: "amazon_ad_id"},
		{name: "ad-privacy", meaning: label{"Amazon advertising opt-out", DataConsent}},
	},
	describe: pathDescriber("/e/dtb/bid", "header-bidding request", "/aax2", "library load", "/s/", "cookie sync", "/e/cm", "cookie match", "/x/", "ad event"),
}
