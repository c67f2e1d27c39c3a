package decode

// This file decodes Lotame, a data-management platform (crwdcntrl.net):
// its data-collection calls put the client and behaviours in the path
// (/5/c=<client>/pv=y …) and the _cc_id cookie is its browser ID. Written
// from Lotame's description of its cookies and the corpus's captures
// (theverge.com 2016 entries 130 to 153); path meanings are INFERRED.

var lotameRequest = partnerRequest{
	vendor:  VendorLotame,
	company: "Lotame",
	labels: labels{
		"_cb": {"cache buster", DataTechnical},
	},
	cookies: []cookieSpec{
		{name: "_cc_id", meaning: label{"Lotame browser ID", DataBrowserID}, id: "lotame_cc_id"},
		{name: "_cc_cc", meaning: label{"Lotame: cookie check", DataTechnical}},
		{name: "_cc_aud", meaning: label{"Lotame: audiences of this browser", DataBrowserID}},
		{name: "_cc_dc", meaning: label{"Lotame: data collected", DataTechnical}},
	},
	describe: pathDescriber("/5/", "data collection call (client and behaviours in the path: c=<client>, …) (inferred)", "/5", "data collection call (inferred)"),
}
