package decode

import "strings"

// This file decodes comScore's audience-measurement beacon:
// (s)b.scorecardresearch.com/b (and /b2, /p) with c1 the tag type (2 for
// a site's page-view tag), c2 the comScore client ID (the site's
// account), c7 the page URL, c8 its title, c9 the referrer, cs_ucfr the
// consent signal, and the UID cookie on scorecardresearch.com that
// identifies the browser across every site with the tag. Written from
// comScore's own beacon.js (which appends c8=document.title,
// c7=document.URL, c9=document.referrer, ns__t and ns_c; a prettified
// copy is public at https://gist.github.com/4367343), Tealium's Comscore
// tag guide (https://docs.tealium.com/client-side-tags/comscore-tag/:
// c2 publisher ID, cs_ucfr consent, cs_fpid and cs_fpcu first-party IDs),
// Omnibug's Comscore provider (src/providers/Comscore.js, whose test
// request is a fixture) and the corpus's captures (cnet.com 2018,
// nytimes.com 2015, theverge.com 2016, cnn.com 2017).

var comscoreBeacon = queryPixel{
	vendor:  VendorComscore,
	labels:  comscoreLabels,
	label:   comscoreLabel,
	cookies: comscoreCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		ev.Name = "page view"
		for _, p := range eff {
			switch p.Name {
			case "c2":
				ev.PixelID = p.Value
			case "c7":
				ev.Page = p.Value
			case "c9":
				ev.Referrer = p.Value
			case "c1":
				if p.Value != "2" {
					ev.Name = "beacon (tag type " + p.Value + ")"
				}
			case "cs_fpid":
				addID(ev, "comscore_fpid", p.Value, "param cs_fpid", label{"comScore first-party browser ID for this site", DataBrowserID})
			case "cs_fpcu":
				addID(ev, "comscore_scor_uid", p.Value, "param cs_fpcu", label{"comScore first-party browser ID for this site (_scor_uid cookie)", DataBrowserID})
			}
		}
		if ev.PixelID == "" {
			w.addf("no c2: the beacon names no comScore client")
		}
	},
	summary: func(ev *Event) string {
		s := "comScore " + ev.Name
		if ev.PixelID != "" {
			s += " for client " + ev.PixelID
		}
		if t := value(ev.Params, "c8"); t != "" {
			s += " (\"" + t + "\")"
		}
		return s + pageSuffix(ev.Page)
	},
}

var comscoreLabels = labels{
	"c1":          {"tag type (2: a site's page-view tag, 1: an ad tag)", DataTrackerConfig},
	"c2":          {"comScore client ID (the site's comScore account)", DataTrackerConfig},
	"c3":          {"client field c3 (campaign or sub-brand, set by the client)", DataCustomEvent},
	"c4":          {"client field c4 (site section or page, set by the client)", DataCustomEvent},
	"c5":          {"client field c5 (content or genre, set by the client)", DataCustomEvent},
	"c6":          {"client field c6 (set by the client)", DataCustomEvent},
	"c7":          {"page URL", DataPageURL},
	"c8":          {"page title", DataPageContent},
	"c9":          {"referrer", DataReferrer},
	"c10":         {"client field c10 (set by the client)", DataCustomEvent},
	"c12":         {"client field c12 (set by the client)", DataCustomEvent},
	"cv":          {"tag version", DataTrackerConfig},
	"cj":          {"sent by the JavaScript tag (1)", DataTechnical},
	"ns__t":       {"time sent (ms)", DataTechnical},
	"ns_c":        {"character set", DataTechnical},
	"ns_type":     {"hit type (hidden: a page view)", DataTechnical},
	"ns_site":     {"site name", DataTrackerConfig},
	"ns_ap_sv":    {"SDK version", DataTrackerConfig},
	"cs_ucfr":     {"user consent (1 given, 0 refused, empty: not stated)", DataConsent},
	"cs_fpid":     {"first-party browser ID", DataBrowserID},
	"cs_fpit":     {"first-party ID type", DataTechnical},
	"cs_fpdm":     {"first-party ID age", DataTechnical},
	"cs_fpdt":     {"first-party ID date", DataTechnical},
	"cs_cfg":      {"tag configuration", DataTrackerConfig},
	"rn":          {"cache buster", DataTechnical},
	"cs_pv_id":    {"page-view ID", DataTechnical},
	"ns_category": {"content category", DataPageContent},
}

func comscoreLabel(p Param) label {
	if strings.HasPrefix(p.Name, "c") && isDigits(p.Name[1:]) {
		return label{"client field " + p.Name + " (set by the client)", DataCustomEvent}
	}
	if strings.HasPrefix(p.Name, "ns_") || strings.HasPrefix(p.Name, "cs_") {
		return label{"comScore field " + p.Name, DataTechnical}
	}
	return label{}
}

// comscoreCookies are comScore's cookies on scorecardresearch.com.
var comscoreCookies = []cookieSpec{
	{name: "UID", meaning: label{"comScore browser ID: identifies this browser across every site with comScore's tag", DataBrowserID}, id: "comscore_uid"},
	{name: "UIDR", meaning: label{"comScore browser ID (backup copy, with its creation time)", DataBrowserID}, id: "comscore_uidr"},
	{name: "XID", meaning: label{"comScore cross-device ID", DataBrowserID}, id: "comscore_xid"},
}

// comscoreRequest decodes other requests to comScore's hosts (beacon.js,
// the per-client cs.js).
var comscoreRequest = vendorRequest(VendorComscore, "comScore request", comscoreLabels, comscoreCookies)
