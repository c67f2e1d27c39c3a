package decode

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes the loads of Google's tag libraries from
// www.googletagmanager.com: the Google tag, gtag.js (/gtag/js?id=…), and
// Google Tag Manager containers (/gtm.js?id=GTM-…, and /ns.html?id=GTM-…,
// the iframe a page loads for visitors without JavaScript). Each is a
// [KindInstallation] event naming the tag ID the site loaded, and so which
// Google products it sends data to: the ID's prefix names the product
// (Google's table, https://developers.google.com/tag-platform/gtagjs/configure:
// GT- a Google tag, G- Google Analytics 4, AW- Google Ads, DC- Floodlight;
// UA- Universal Analytics; GTM- a Tag Manager container, whose tags the
// container itself lists). Corpus: pagexray__ferguson.har entries 66
// (gtm.js?id=GTM-WZL8XZV&l=gtmDataLayer) and 79 (gtag/js?id=G-D8LRHP9HJ8);
// Omnibug's GoogleTagManager provider reads id and l.
//
// /a?id=GTM-…&cv=…&v=…&n=…&p=…&l=…&sr=…&ps=…&cb=… is a ping Tag Manager
// sends about the container (pagexray__expressen.har entry 327). Google
// does not document it: its labels say what they are inferred from.

// googleTagProducts name the product of each tag-ID prefix.
var googleTagProducts = []struct{ prefix, product string }{
	{"GTM-", "a Google Tag Manager container (the site's tags are configured in Tag Manager)"},
	{"GT-", "a Google tag (sends to the Google products linked to it)"},
	{"G-", "a Google Analytics 4 data stream"},
	{"AW-", "a Google Ads account (conversion tracking and remarketing)"},
	{"DC-", "a Floodlight advertiser (Campaign Manager 360)"},
	{"UA-", "a Universal Analytics property"},
	{"OPT-", "a Google Optimize container"},
}

// googleTagProduct returns what a tag ID is, "" when its prefix is not
// known.
func googleTagProduct(id string) string {
	for _, p := range googleTagProducts {
		if strings.HasPrefix(id, p.prefix) {
			return p.product
		}
	}
	return ""
}

// decodeGoogleTagLoader decodes the load of gtag.js, gtm.js or ns.html.
func decodeGoogleTagLoader(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorGoogleTag, KindInstallation)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, googleTagLabels, googleTagLabel)
	eff := effectiveParams(ev.Params, &w)
	ev.PixelID = value(eff, "id")
	addVendorCookies(&ev, e, nil, &w)
	what := "Google tag (gtag.js)"
	switch {
	case strings.HasSuffix(ev.Path, "/gtm.js"):
		what = "Google Tag Manager container (gtm.js)"
	case strings.HasSuffix(ev.Path, "/ns.html"):
		what = "Google Tag Manager noscript iframe (ns.html, for visitors without JavaScript)"
	case strings.Contains(ev.Path, "/destination"):
		what = "Google tag destination (gtag/destination)"
	}
	ev.Summary = what + " loaded"
	switch p := googleTagProduct(ev.PixelID); {
	case ev.PixelID == "":
		w.addf("no id: the load names no tag")
	case p == "":
		ev.Summary += " for " + ev.PixelID
		w.addf("id %q: prefix not one of GTM-, GT-, G-, AW-, DC-, UA-, OPT-", ev.PixelID)
	default:
		ev.Summary += " for " + ev.PixelID + ": " + p
	}
	if value(eff, "gtm_preview") != "" {
		ev.Summary += " (preview environment)"
	}
	ev.Warnings = w.list
	return []Event{ev}, nil
}

// decodeGTMPing decodes Tag Manager's /a ping.
func decodeGTMPing(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorGoogleTag, KindRequest)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, gtmPingLabels, googleTagLabel)
	eff := effectiveParams(ev.Params, &w)
	ev.PixelID = value(eff, "id")
	addVendorCookies(&ev, e, nil, &w)
	ev.Summary = "Google Tag Manager ping (/a)"
	if ev.PixelID != "" {
		ev.Summary += " for " + ev.PixelID
	}
	if cv := value(eff, "cv"); cv != "" {
		ev.Summary += " (container version " + cv + ")"
	}
	ev.Warnings = w.list
	return []Event{ev}, nil
}

// googleTagLabels label the loaders' parameters.
var googleTagLabels = labels{
	"l":               {"name of the page's data layer (the JavaScript array the tags read)", DataTrackerConfig},
	"cx":              {"loading context (c: loaded by a container)", DataTrackerConfig},
	"gtm_auth":        {"Tag Manager environment key", DataTrackerConfig},
	"gtm_preview":     {"Tag Manager environment or preview being loaded", DataTrackerConfig},
	"gtm_cookies_win": {"Tag Manager environment cookie flag", DataTrackerConfig},
	"gtm_debug":       {"Tag Manager debug mode", DataTrackerConfig},
	"tag_exp":         {"Google tag experiment IDs", DataTechnical},
	"cb":              {"cache buster", DataTechnical},
}

// gtmPingLabels label /a; Google does not document it.
var gtmPingLabels = labels{
	"cv": {"container version (inferred: a small number that matches the container's published versions)", DataTrackerConfig},
	"sr": {"sampling rate (inferred: 0.050000, a fraction)", DataTechnical},
	"ps": {"random draw compared with the sampling rate (inferred: a fraction below sr)", DataTechnical},
	"cb": {"cache buster", DataTechnical},
	"v":  {"v (meaning not published)", DataTechnical},
	"n":  {"n (meaning not published; ga seen)", DataTechnical},
	"p":  {"p (meaning not published; ga seen)", DataTechnical},
	"l":  {"l (meaning not published; a number seen)", DataTechnical},
}

// googleTagLabel labels id by what its prefix says.
func googleTagLabel(p Param) label {
	if p.Name != "id" {
		return label{}
	}
	if prod := googleTagProduct(p.Value); prod != "" {
		return label{"tag ID the site loads: " + prod, DataTrackerConfig}
	}
	return label{"tag ID the site loads", DataTrackerConfig}
}

// googleTagRequest decodes any other request to googletagmanager.com.
var googleTagRequest = vendorRequest(VendorGoogleTag, "Google tag request", googleTagLabels, nil)
