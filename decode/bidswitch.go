package decode

// This file decodes BidSwitch (part of Criteo since its purchase of
// IPONWEB in 2022), which connects ad buyers and sellers:
// x.bidswitch.net/sync stores a partner's user_id for the browser against
// its tuuid cookie. Written from the corpus's captures (nytimes.com 2015
// entries 210, 213 and 317).

var bidswitchRequest = partnerRequest{
	vendor:  VendorBidswitch,
	company: "BidSwitch",
	labels: labels{
		"dsp_id":  {"buyer (DSP) the ID is synced with", DataTrackerConfig},
		"ssp_id":  {"seller (SSP) the ID is synced with", DataTrackerConfig},
		"user_id": {"partner's ID for this browser", DataBrowserID},
		"expires": {"days the sync is kept", DataTechnical},
	},
	cookies: []cookieSpec{
		{name: "tuuid", meaning: label{"BidSwitch browser ID", DataBrowserID}, id: "bidswitch_tuuid"},
		{name: "tuuid_lu", meaning: label{"BidSwitch: last update", DataTechnical}},
		{name: "c", meaning: label{"BidSwitch: cookie time", DataTechnical}},
	},
	ids: []idParam{
		{"user_id", "partner_uid", label{"a partner's ID for this browser, given to BidSwitch (cookie sync)", DataBrowserID}},
	},
	describe: pathDescriber("/sync", "cookie sync", "/ul_cb/sync", "cookie sync"),
}
