package decode

// This file decodes Tapad (Experian since 2020), the cross-device identity
// graph: partners sync their IDs for a browser with it
// (pixel.tapad.com/idsync/ex/receive with partner_id and
// partner_device_id; tapestry.tapad.com), and the TapAd_DID cookie on
// tapad.com is its device ID. Written from the corpus's captures
// (expressen.se 2018 entries 192 and 196, cnn.com 2017 entry 223);
// parameter meanings are those their names state.

var tapadRequest = partnerRequest{
	vendor:  VendorTapad,
	company: "Tapad (Experian)",
	labels: labels{
		"partner_id":        {"partner ID", DataTrackerConfig},
		"partner_device_id": {"partner's ID for this browser", DataBrowserID},
		"ta_partner_id":     {"partner ID", DataTrackerConfig},
		"ta_redirect":       {"where the browser is sent next, with Tapad's ID", DataTechnical},
	},
	cookies: []cookieSpec{
		{name: "TapAd_DID", meaning: label{"Tapad device ID: its cross-device graph's ID for this browser", DataBrowserID}, id: "tapad_did"},
		{name: "TapAd_TS", meaning: label{"Tapad: time of the last sync", DataTechnical}},
		{name: "TapAd_3WAY_SYNCS", meaning: label{"Tapad: partners synced", DataBrowserID}},
	},
	ids: []idParam{
		{"partner_device_id", "partner_uid", label{"a partner's ID for this browser, given to Tapad (ID sync)", DataBrowserID}},
	},
	describe: pathDescriber("/idsync", "ID sync", "/tapestry", "ID sync (Tapestry)", "/tap/", "pixel"),
}
