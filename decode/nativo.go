package decode

// This file decodes Nativo (postrelease.com), a native-advertising
// platform for publishers: its script (a.postrelease.com/serve/load.js)
// asks jadserve.postrelease.com/t for the sponsored content of a page
// (ntv_url, the page), and reports impressions and views to
// jadserve.postrelease.com/trk.gif (ntv_ui an impression ID, ntv_a the
// ad, ntv_at the event types). The visitor cookie on postrelease.com is
// Nativo's browser ID. Nativo publishes no wire format; the meanings of
// the ntv_ fields are INFERRED from the corpus's captures (cnn.com 2017,
// 47 trk.gif requests among entries 19 to 250) and labelled so.

var nativoRequest = partnerRequest{
	vendor:  VendorNativo,
	company: "Nativo",
	labels: labels{
		"ntv_url": {"page URL the sponsored content is requested for (inferred)", DataPageURL},
		"ntv_med": {"media flag (inferred)", DataTechnical},
		"ntv_ui":  {"impression ID (inferred)", DataTechnical},
		"ntv_ht":  {"publisher ID (inferred)", DataTrackerConfig},
		"ntv_at":  {"event types (inferred)", DataTechnical},
		"ntv_a":   {"ad ID (inferred)", DataAdCampaign},
		"ntv_it":  {"impression data (inferred)", DataTechnical},
		"ntv_r":   {"referrer (inferred)", DataReferrer},
		"ord":     {"cache buster (time, ms)", DataTechnical},
		"async":   {"asynchronous load", DataTechnical},
	},
	cookies: []cookieSpec{
		{name: "visitor", meaning: label{"Nativo browser ID", DataBrowserID}, id: "nativo_visitor"},
		{name: "has_data", meaning: label{"Nativo: data on this browser (inferred)", DataTechnical}},
	},
	describe: pathDescriber("/trk.gif", "impression or view report", "/t", "sponsored-content request", "/serve/load.js", "script load"),
}
