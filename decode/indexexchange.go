package decode

import "strings"

// This file decodes Index Exchange (casalemedia.com), a supply-side ad
// exchange: its header-bidding requests (as.casalemedia.com/cygnus, the
// bid request as JSON in r, with the page in site.page), statistics
// (headerstats, pegasus), user matching (dsum, ssum) and the CMID cookie
// on casalemedia.com, its browser ID. Written from Prebid.js's Index
// Exchange adapter (github.com/prebid/Prebid.js
// modules/ixBidAdapter.js) and the corpus's captures (cnn.com 2017,
// cnet.com 2018).

var indexExchangeRequest = partnerRequest{
	vendor:  VendorIndexExchange,
	company: "Index Exchange",
	labels: labels{
		"v":   {"API version", DataTechnical},
		"s":   {"site ID", DataTrackerConfig},
		"pid": {"publisher ID", DataTrackerConfig},
		"r":   {"bid request (JSON: the page, its referrer and the ad slots)", DataPageURL},
		"fn":  {"JavaScript callback", DataTechnical},
		"u":   {"page URL", DataPageURL},
	},
	label: func(p Param) label {
		if strings.HasPrefix(p.Name, "r.site.page") {
			return label{"page URL", DataPageURL}
		}
		return label{}
	},
	cookies: []cookieSpec{
		{name: "CMID", meaning: label{"Index Exchange browser ID", DataBrowserID}, id: "casale_cmid"},
		{name: "CMPS", meaning: label{"Index Exchange: partner sync count", DataTechnical}},
		{name: "CMPRO", meaning: label{"Index Exchange: partner sync state", DataBrowserID}},
		{name: "CMST", meaning: label{"Index Exchange: sync time", DataTechnical}},
	},
	describe: pathDescriber("/cygnus", "header-bidding request", "/headerstats", "header-bidding statistics", "/pegasus", "header-bidding statistics",
		"/rum", "user matching", "/crum", "user matching", "/usermatch", "user matching", "/cheq", "check"),
}
