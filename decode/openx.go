package decode

// This file decodes OpenX, a supply-side ad exchange: ad requests
// (<publisher>.openx.net/w/1.0/acj, jstag), cookie syncs
// (u.openx.net/w/1.0/sd?id=<partner>&val=<partner's ID>, /cm, /pd) and
// the i cookie on openx.net, OpenX's browser ID. Written from Prebid.js's
// OpenX adapter (github.com/prebid/Prebid.js modules/openxBidAdapter.js)
// and the corpus's captures (ryanair.com 2016, theverge.com 2016).

var openxRequest = partnerRequest{
	vendor:  VendorOpenX,
	company: "OpenX",
	labels: labels{
		"id":      {"partner ID", DataTrackerConfig},
		"val":     {"partner's ID for this browser", DataBrowserID},
		"cc":      {"cookie check", DataTechnical},
		"ph":      {"platform hash", DataTrackerConfig},
		"auid":    {"ad unit ID", DataTrackerConfig},
		"ju":      {"page URL", DataPageURL},
		"jr":      {"referrer", DataReferrer},
		"ch":      {"character set", DataTechnical},
		"res":     {"screen resolution", DataDevice},
		"tz":      {"time-zone offset", DataDevice},
		"tws":     {"window size", DataDevice},
		"be":      {"beacon flag", DataTechnical},
		"bc":      {"bid caller", DataTrackerConfig},
		"nocache": {"cache buster", DataTechnical},
		"r":       {"where the browser is sent next", DataTechnical},
	},
	cookies: []cookieSpec{
		{name: "i", meaning: label{"OpenX browser ID (<ID>|<time>)", DataBrowserID}, id: "openx_i", value: openxCookieID},
		{name: "pd", meaning: label{"OpenX: partner sync data", DataBrowserID}},
		{name: "univ_id", meaning: label{"OpenX universal ID", DataBrowserID}, id: "openx_univ_id"},
	},
	ids: []idParam{
		{"val", "partner_uid", label{"a partner's ID for this browser, given to OpenX (cookie sync)", DataBrowserID}},
	},
	describe: pathDescriber("/w/1.0/sd", "cookie sync", "/w/1.0/cm", "cookie match", "/w/1.0/pd", "partner data sync", "/w/1.0/acj", "ad request", "/w/1.0/jstag", "ad script", "/w/1.0/arj", "ad request"),
}

// openxCookieID returns the ID of an i cookie ("<ID>|<time>").
func openxCookieID(v string, _ *warnings) (string, []Fact) {
	for i := 0; i < len(v); i++ {
		if v[i] == '|' {
			return v[:i], nil
		}
	}
	return v, nil
}
