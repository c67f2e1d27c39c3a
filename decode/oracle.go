package decode

// This file decodes Oracle Advertising, which Oracle closed in September
// 2024: Moat, its ad-viewability and attention measurement (moatads.com,
// moatpixel.com: scripts named after the customer, and pixel.gif beacons
// with the page and ad's data), and BlueKai, its data-management
// platform (tags.bluekai.com/site/<site ID>, stags.bluekai.com; the bku
// cookie on bluekai.com is BlueKai's browser ID). Captures made before
// the closure contain them. Written from Oracle's privacy notice for its
// advertising services (https://www.oracle.com/legal/privacy/advertising-privacy-policy.html)
// and the corpus's captures (nytimes.com 2015, cnet.com 2018, cnn.com
// 2017, theverge.com 2016).

var oracleRequest = partnerRequest{
	vendor:  VendorOracle,
	company: "Oracle Advertising (Moat, BlueKai)",
	labels: labels{
		"ret":     {"return type", DataTechnical},
		"limit":   {"limit", DataTechnical},
		"phint":   {"page hint: data the site sends about the page or visitor", DataCustomEvent},
		"r":       {"cache buster", DataTechnical},
		"e":       {"event (Moat)", DataTechnical},
		"q":       {"query counter (Moat)", DataTechnical},
		"hp":      {"page flag (Moat)", DataTechnical},
		"qs":      {"query string flag (Moat)", DataTechnical},
		"j":       {"page URL (Moat)", DataPageURL},
		"t":       {"time (ms)", DataTechnical},
		"de":      {"ad identifier (Moat)", DataTechnical},
		"m":       {"measurement data (Moat)", DataTechnical},
		"ar":      {"version (Moat)", DataTrackerConfig},
		"i":       {"customer (Moat)", DataTrackerConfig},
		"cb":      {"cache buster", DataTechnical},
		"vi":      {"viewability data (Moat)", DataTechnical},
		"rx":      {"random (Moat)", DataTechnical},
		"zMoatPS": {"ad placement (Moat)", DataTechnical},
	},
	label: func(p Param) label {
		if len(p.Name) > 5 && p.Name[:5] == "zMoat" {
			return label{"ad data the customer sends (Moat)", DataAdCampaign}
		}
		return label{}
	},
	ids: []idParam{
		{"id", "partner_uid", label{"a partner's ID for this browser, given to BlueKai (cookie sync)", DataBrowserID}},
	},
	cookies: []cookieSpec{
		{name: "bku", meaning: label{"BlueKai browser ID", DataBrowserID}, id: "bluekai_bku"},
		{name: "bkdc", meaning: label{"BlueKai data centre", DataTechnical}},
		{name: "bkpa", meaning: label{"BlueKai partner data", DataBrowserID}},
	},
	describe: pathDescriber("/site/", "BlueKai site tag (audience data)", "/pixel.gif", "Moat measurement beacon", "/n.js", "Moat geolocation script", "/swf", "Moat Flash helper"),
}
