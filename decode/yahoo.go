package decode

// This file decodes Yahoo's advertising (ads.yahoo.com pixels and syncs,
// the older advertising.com, and the Yahoo dot tag on
// sp.analytics.yahoo.com). Written from the corpus's captures (ryanair.com
// 2016 entries 73, 195 and 227); parameter meanings not stated by their
// names are INFERRED.

var yahooRequest = partnerRequest{
	vendor:  VendorYahoo,
	company: "Yahoo",
	labels: labels{
		"id":        {"pixel ID (the advertiser's)", DataTrackerConfig},
		"t":         {"pixel type (inferred)", DataTechnical},
		"piggyback": {"next pixel in the chain", DataTechnical},
		"nwid":      {"network ID", DataTrackerConfig},
		"eid":       {"partner's ID for this browser (inferred)", DataBrowserID},
		"esig":      {"signature", DataTechnical},
		"sigv":      {"signature version", DataTechnical},
		".yp":       {"Yahoo pixel ID", DataTrackerConfig},
		"ea":        {"event action", DataEventName},
		"ec":        {"event category", DataCustomEvent},
		"el":        {"event label", DataCustomEvent},
		"gv":        {"goal value", DataPurchase},
	},
	cookies: []cookieSpec{
		{name: "A3", meaning: label{"Yahoo advertising browser ID", DataBrowserID}, id: "yahoo_a3"},
		{name: "B", meaning: label{"Yahoo browser ID", DataBrowserID}, id: "yahoo_b"},
		{name: "IDSYNC", meaning: label{"Yahoo: sync state", DataBrowserID}},
	},
	ids: []idParam{
		{"eid", "partner_uid", label{"a partner's ID for this browser, given to Yahoo (cookie sync) (inferred)", DataBrowserID}},
	},
	describe: pathDescriber("/pixel", "pixel", "/cms/v1", "cookie sync", "/sp/", "dot pixel"),
}
