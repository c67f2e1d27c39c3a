package decode

import "strings"

// This file decodes Crazy Egg, a heatmap and session-recording tool: its
// tag loads script.crazyegg.com/pages/scripts/<account path>.js (the
// account number split into folders: 0028/7323.js is account 00287323),
// then the page's snapshot and sampling settings
// (/pages/data-scripts/…, /pages/sampling-data-scripts/…), and records
// clicks and scrolling, and, where the site enables recordings, the
// visitor's session (mouse movements, clicks, scrolling and the page's
// changes) for replay. Written from Crazy Egg's help pages on installing
// the tag and on recordings (https://support.crazyegg.com/) and the
// corpus's captures (ferguson.com 2022, cnet.com 2018).

// crazyEggAccount returns the account of
// /pages/(scripts|data-scripts|sampling-data-scripts)/<dir>/<file>.js(on).
func crazyEggAccount(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) == 4 && parts[0] == "pages" && strings.Contains(parts[1], "scripts") {
		file := strings.TrimSuffix(strings.TrimSuffix(parts[3], ".json"), ".js")
		if isDigits(parts[2]) && isDigits(file) {
			return parts[2] + file
		}
	}
	return ""
}

// crazyEggCookies are Crazy Egg's cookies (first-party on the site).
var crazyEggCookies = []cookieSpec{
	{name: "_ceir", meaning: label{"Crazy Egg: returning visitor", DataTechnical}},
	{name: "is_returning", meaning: label{"Crazy Egg: returning visitor", DataTechnical}},
	{name: "cebs", meaning: label{"Crazy Egg session", DataBrowserID}},
	{name: "_ce.s", meaning: label{"Crazy Egg session and visitor data", DataBrowserID}},
	{name: "_ce.clock_data", meaning: label{"Crazy Egg clock check", DataTechnical}},
	{name: "cebsp_", meaning: label{"Crazy Egg page views this session", DataTechnical}},
}

// crazyEggRequest decodes Crazy Egg's other requests (recording and
// tracking uploads).
var crazyEggRequest = vendorRequest(VendorCrazyEgg, "Crazy Egg request (heatmaps and session recording)", nil, crazyEggCookies)
