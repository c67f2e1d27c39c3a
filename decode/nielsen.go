package decode

// This file decodes Nielsen's audience measurement: the Digital Content
// Ratings and older Site Census beacon
// (secure-<region>.imrworldwide.com/cgi-bin/m with ci the Nielsen client
// ID, si the page URL, rp the referrer, and the IMRID cookie on
// imrworldwide.com identifying the browser), the DCR SDK's calls
// (secure-dcr.imrworldwide.com/cgi-bin/gn …, prd=dcr) and eXelate, the
// data exchange Nielsen bought in 2015 (Nielsen Marketing Cloud:
// loadm.exelator.com/load, a cookie sync naming a partner's user ID in
// buid). Written from Nielsen's DCR browser SDK documentation
// (https://engineeringportal.nielsen.com/wiki/Browser_SDK_API_Reference)
// for the parameters it names (apid, apn, section, segA–C, type, assetid)
// and the corpus's captures (cnet.com 2018, cnn.com 2017, nytimes.com
// 2015); the meanings of the short Site Census names (ci, cg, cc, si, rp,
// ts) are inferred from those captures and say so.

var nielsenBeacon = queryPixel{
	vendor:  VendorNielsen,
	labels:  nielsenLabels,
	cookies: nielsenCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		ev.Name = "page view"
		for _, p := range eff {
			switch p.Name {
			case "ci", "apid":
				if ev.PixelID == "" {
					ev.PixelID = p.Value
				}
			case "si", "assetid":
				if ev.Page == "" && (p.Name == "si" || len(p.Value) > 8 && p.Value[:4] == "http") {
					ev.Page = p.Value
				}
			case "rp":
				ev.Referrer = p.Value
			case "prd":
				ev.Name = "page view (" + p.Value + ")"
			case "uoo":
				addID(ev, "nielsen_uoo", p.Value, "param uoo", label{"Nielsen opt-out flag or user ID (uoo)", DataConsent})
			}
		}
		if ev.PixelID == "" {
			w.addf("no ci or apid: the beacon names no Nielsen client")
		}
	},
	summary: func(ev *Event) string { return pixelSummary(ev, "Nielsen measurement beacon", "for client") },
}

var nielsenLabels = labels{
	"ci":      {"Nielsen client ID (the site's account) (inferred)", DataTrackerConfig},
	"cg":      {"content group (inferred)", DataPageContent},
	"cc":      {"cookie check (inferred)", DataTechnical},
	"si":      {"page URL (inferred)", DataPageURL},
	"rp":      {"referrer (inferred)", DataReferrer},
	"ts":      {"tag style (compact) (inferred)", DataTechnical},
	"rnd":     {"cache buster (time, ms)", DataTechnical},
	"ja":      {"JavaScript-built second hit (inferred)", DataTechnical},
	"prd":     {"Nielsen product (dcr: Digital Content Ratings)", DataTrackerConfig},
	"apid":    {"app ID (the site's Nielsen account)", DataTrackerConfig},
	"apn":     {"app name", DataTrackerConfig},
	"section": {"site section", DataPageContent},
	"segA":    {"content segment A", DataPageContent},
	"segB":    {"content segment B", DataPageContent},
	"segC":    {"content segment C", DataPageContent},
	"type":    {"content type (static: a page)", DataTechnical},
	"assetid": {"asset ID (often the page URL)", DataPageContent},
	"uoo":     {"user opt-out", DataConsent},
	"c6":      {"Nielsen field c6 (inferred)", DataTechnical},
	"c7":      {"Nielsen field c7 (inferred)", DataTechnical},
}

// nielsenCookies are Nielsen's cookies on imrworldwide.com and
// exelator.com.
var nielsenCookies = []cookieSpec{
	{name: "IMRID", meaning: label{"Nielsen browser ID: identifies this browser across every site with Nielsen's tag", DataBrowserID}, id: "nielsen_imrid"},
	{name: "ud", meaning: label{"eXelate (Nielsen Marketing Cloud) user data: the browser's audience segments", DataBrowserID}},
	{name: "EE", meaning: label{"eXelate (Nielsen Marketing Cloud) browser ID", DataBrowserID}, id: "exelator_ee"},
}

// nielsenRequest decodes other requests to Nielsen's hosts: eXelate's
// cookie syncs and the loads of its code.
var nielsenRequest = partnerRequest{
	vendor:  VendorNielsen,
	company: "Nielsen (eXelate)",
	labels: labels{
		"_kdpid":        {"partner's data-point ID (Salesforce Krux)", DataTrackerConfig},
		"buid":          {"the partner's user ID for this browser (cookie sync)", DataBrowserID},
		"p":             {"eXelate partner ID", DataTrackerConfig},
		"g":             {"eXelate segment or group", DataTrackerConfig},
		"j":             {"JavaScript flag", DataTechnical},
		"xl8blockcheck": {"ad-blocker check", DataTechnical},
	},
	cookies: nielsenCookies,
	ids: []idParam{
		{"buid", "partner_buid", label{"a partner's user ID for this browser, given to eXelate (Nielsen) in a cookie sync", DataBrowserID}},
	},
	describe: pathDescriber("/load", "cookie sync", "/pixel", "pixel", "/cgi-bin", "measurement request"),
}
