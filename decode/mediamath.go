package decode

// This file decodes MediaMath, a demand-side platform (mathtag.com;
// bankrupt in 2023, its platform bought by Infillion):
// sync.mathtag.com/sync/img syncs its uuid cookie (its browser ID) with an
// exchange (mt_exid), redirecting with the ID in place of [MM_UUID].
// Written from the corpus's captures (cnn.com 2017 entries 240 and 243,
// theverge.com 2016 entry 101).

var mediaMathRequest = partnerRequest{
	vendor:  VendorMediaMath,
	company: "MediaMath",
	labels: labels{
		"mt_exid":  {"exchange the ID is synced with", DataTrackerConfig},
		"mt_exuid": {"exchange's ID for this browser", DataBrowserID},
		"mm_bnc":   {"bounce flag", DataTechnical},
		"mm_bct":   {"bounce check", DataTechnical},
		"mt_id":    {"pixel ID", DataTrackerConfig},
		"mt_adid":  {"advertiser ID", DataTrackerConfig},
	},
	cookies: []cookieSpec{
		{name: "uuid", meaning: label{"MediaMath browser ID", DataBrowserID}, id: "mediamath_uuid"},
		{name: "mt_mop", meaning: label{"MediaMath: partner IDs", DataBrowserID}},
		{name: "mt_misc", meaning: label{"MediaMath: sync state", DataTechnical}},
	},
	ids: []idParam{
		{"mt_exuid", "partner_uid", label{"an exchange's ID for this browser, given to MediaMath (cookie sync)", DataBrowserID}},
	},
	describe: pathDescriber("/sync", "cookie sync", "/event", "pixel"),
}
