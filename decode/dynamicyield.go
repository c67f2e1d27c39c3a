package decode

// This file decodes Dynamic Yield (Mastercard since 2022), a
// personalisation platform: its scripts
// (static.dynamicyield.com/scripts/<section>/…) and reports
// (px.dynamicyield.com /imp, /uia, /dps) carry the DYID cookie, its user
// ID. Written from Dynamic Yield's description of its cookies and the
// corpus's captures (nytimes.com 2015 entries 158 to 168).

var dynamicYieldRequest = partnerRequest{
	vendor:  VendorDynamicYield,
	company: "Dynamic Yield",
	labels: labels{
		"sec":  {"site ID (section)", DataTrackerConfig},
		"v":    {"script version", DataTrackerConfig},
		"uid":  {"Dynamic Yield user ID", DataBrowserID},
		"cnst": {"consent", DataConsent},
	},
	cookies: []cookieSpec{
		{name: "DYID", meaning: label{"Dynamic Yield user ID for this browser", DataBrowserID}, id: "dyid"},
		{name: "_dyid", meaning: label{"Dynamic Yield user ID for this browser (first-party)", DataBrowserID}, id: "dyid"},
		{name: "DYSES", meaning: label{"Dynamic Yield session", DataBrowserID}},
		{name: "_dyjsession", meaning: label{"Dynamic Yield session", DataBrowserID}},
	},
	ids: []idParam{
		{"uid", "dyid", label{"Dynamic Yield user ID for this browser", DataBrowserID}},
	},
	describe: pathDescriber("/ast", "settings call", "/scripts", "script load", "/uia", "user-interaction report", "/imp", "impression report", "/rimp", "impression report", "/dps", "page-view report"),
}
