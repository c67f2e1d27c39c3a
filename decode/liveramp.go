package decode

// This file decodes LiveRamp (rlcdn.com), the identity company that
// matches browsers to people across sites and offline data: partners'
// ID syncs (idsync.rlcdn.com/<partner>.gif?partner_uid=<their ID>,
// id.rlcdn.com/<partner>.gif) and the rlas3 and pxrc cookies on
// rlcdn.com, LiveRamp's browser IDs. Written from LiveRamp's
// documentation of its pixel syncs and cookies (docs.liveramp.com) and
// the corpus's captures (cnn.com 2017 entries 191 and 192,
// expressen.se 2018 entry 193).

var liveRampRequest = partnerRequest{
	vendor:  VendorLiveRamp,
	company: "LiveRamp",
	labels: labels{
		"partner_uid":     {"partner's ID for this browser", DataBrowserID},
		"redirect":        {"redirect step", DataTechnical},
		"queue":           {"queue", DataTechnical},
		"credir":          {"where the browser is sent next (the partner's sync URL)", DataTechnical},
		"piggybackCookie": {"ID for the next partner", DataBrowserID},
	},
	cookies: []cookieSpec{
		{name: "rlas3", meaning: label{"LiveRamp browser ID", DataBrowserID}, id: "liveramp_rlas3"},
		{name: "pxrc", meaning: label{"LiveRamp: pixel sync state for this browser", DataBrowserID}, id: "liveramp_pxrc"},
		{name: "ck1", meaning: label{"LiveRamp: cookies accepted check", DataTechnical}},
		{name: "rtn1-z", meaning: label{"LiveRamp: return visit data", DataBrowserID}},
	},
	ids: []idParam{
		{"partner_uid", "partner_uid", label{"a partner's ID for this browser, given to LiveRamp (ID sync)", DataBrowserID}},
	},
	describe: func(path string) string { return "ID sync with partner " + trimGif(lastSegment(path)) },
}

// trimGif drops a ".gif" extension.
func trimGif(s string) string {
	if len(s) > 4 && s[len(s)-4:] == ".gif" {
		return s[:len(s)-4]
	}
	return s
}
