package decode

// This file decodes Neustar's AdAdvisor (agkn.com; TransUnion since 2021),
// an audience and identity service: d.agkn.com frames receive the page and
// the site's audience fields (c, JSON), aa.agkn.com/adscores scores the
// browser, and the ab cookie is its browser ID. Written from the corpus's
// captures (cnet.com 2018 entries 181 and 212, cnn.com 2017 entry 235).

var neustarRequest = partnerRequest{
	vendor:  VendorNeustar,
	company: "Neustar (AdAdvisor, TransUnion)",
	labels: labels{
		"url":    {"page URL", DataPageURL},
		"bpid":   {"publisher ID", DataTrackerConfig},
		"c":      {"page data (JSON: the page, referrer, and the site's audience fields)", DataPageContent},
		"che":    {"cache buster", DataTechnical},
		"sid":    {"site ID", DataTrackerConfig},
		"_kdpid": {"partner's data-point ID (Salesforce Krux)", DataTrackerConfig},
	},
	cookies: []cookieSpec{
		{name: "ab", meaning: label{"Neustar AdAdvisor browser ID", DataBrowserID}, id: "neustar_ab"},
		{name: "u", meaning: label{"Neustar: audience data", DataBrowserID}},
	},
	describe: pathDescriber("/adscores", "audience score request", "/iframe", "data collection frame", "/pixel", "pixel", "/prod", "script load"),
}
