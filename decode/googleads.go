package decode

import (
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes Google Ads and DoubleClick: conversion and
// remarketing hits (googleadservices.com/pagead/conversion/<id>/,
// googleads.g.doubleclick.net/pagead/viewthroughconversion/<id>/,
// /pagead/1p-user-list/<id>/, /pagead/1p-conversion/<id>/), the consent
// pings of www.google.com/ccm/collect, and, as requests attributed to
// Google's ad business, anything else sent to *.doubleclick.net (ad
// serving, cookie matching). PROTOCOLS.md §6 (vector A01), written from
// Omnibug's GoogleAds provider and gtag.js behaviour.

// decodeGoogleAds decodes a conversion or remarketing hit: the conversion
// ID is the path segment after the endpoint.
func decodeGoogleAds(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorGoogleAds, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, googleAdsLabels, func(p Param) string { return googleAdsLabel(p) })
	endpoint, id := googleAdsPath(ev.Path)
	ev.PixelID = id
	eff := effectiveParams(ev.Params, &w)
	for _, p := range eff {
		switch p.Name {
		case "tid":
			if ev.PixelID == "" {
				ev.PixelID = strings.TrimPrefix(p.Value, "AW-")
			}
		case "url", "dl":
			if ev.Page == "" {
				ev.Page = p.Value
			}
		case "ref", "dr":
			if ev.Referrer == "" {
				ev.Referrer = p.Value
			}
		case "en":
			ev.Name = p.Value
		case "data":
			for part := range strings.SplitSeq(p.Value, ";") {
				k, v, _ := strings.Cut(part, "=")
				if k == "" {
					continue
				}
				if k == "event" && ev.Name == "" {
					ev.Name = v
					continue
				}
				ev.Custom = append(ev.Custom, Custom{Key: k, Raw: v})
			}
		case "gclaw", "gclid":
			addID(&ev, "gclid", googleClickID(p.Value), "param "+p.Name, "Google Ads click ID: the visit followed a click on a Google ad")
		case "auid":
			addID(&ev, "gcl_au", p.Value, "param auid", "Google Ads conversion-linker browser ID (_gcl_au cookie)", gaClientIDFacts(p.Value)...)
		}
	}
	if ev.PixelID == "" {
		w.addf("no conversion ID in the path %q or a tid parameter", ev.Path)
	}
	addVendorCookies(&ev, e, googleAdsCookies, &w)
	ev.Warnings = w.list
	ev.Summary = googleAdsSummary(&ev, endpoint)
	return []Event{ev}, nil
}

// googleAdsPath returns the endpoint and the conversion ID of a path
// such as /pagead/viewthroughconversion/931905991/.
func googleAdsPath(path string) (endpoint, id string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) >= 2 && segs[0] == "pagead" {
		endpoint = segs[1]
		if len(segs) >= 3 {
			id = segs[2]
		}
		return endpoint, id
	}
	return strings.Join(segs, "/"), ""
}

// googleClickID returns the gclid inside a _gcl_aw value
// (GCL.<time>.<gclid>), or the value itself.
func googleClickID(v string) string {
	if parts := strings.SplitN(v, ".", 3); len(parts) == 3 && parts[0] == "GCL" {
		return parts[2]
	}
	return v
}

var googleAdsEndpoints = map[string]string{
	"conversion":            "conversion hit",
	"viewthroughconversion": "remarketing / view-through conversion hit",
	"1p-user-list":          "first-party audience-list (remarketing) hit",
	"1p-conversion":         "first-party conversion hit",
	"ccm/collect":           "consent-mode conversion ping",
	"ccm/form-data":         "user-provided form data",
}

func googleAdsSummary(ev *Event, endpoint string) string {
	what := googleAdsEndpoints[endpoint]
	if what == "" {
		what = "hit to /" + endpoint
	}
	what = "Google Ads " + what
	if ev.PixelID != "" {
		what += " for conversion ID " + ev.PixelID
	}
	eff := lastParams(ev.Params)
	if l := value(eff, "label"); l != "" {
		what += " (label " + l + ")"
	}
	if v := value(eff, "value"); v != "" && v != "0" {
		what += ", value " + v
		if c := value(eff, "currency_code"); c != "" {
			what += " " + c
		}
	}
	if t := value(eff, "tiba"); t != "" {
		what += ", page title " + strconv.Quote(t)
	}
	name := ev.Name
	if name == "" {
		name = endpoint
	}
	return summarise(name, what, ev.Page)
}

var googleAdsLabels = labels{
	"label":             "conversion label (which conversion action)",
	"value":             "conversion value",
	"currency_code":     "currency",
	"url":               "page URL the hit was sent from",
	"ref":               "referrer of that page",
	"tiba":              "page title",
	"data":              "event data: event=<name>;key=value…",
	"gclaw":             "Google Ads click ID (_gcl_aw cookie)",
	"gclid":             "Google Ads click ID",
	"gcl":               "click-ID cookie state",
	"auid":              "conversion-linker browser ID (_gcl_au cookie)",
	"random":            "cache buster",
	"cv":                "tag version",
	"fst":               "first-seen time (ms)",
	"num":               "tag counter",
	"fmt":               "response format",
	"guid":              "Google user-ID lookup (ON = read Google's cookies)",
	"u_h":               "screen height",
	"u_w":               "screen width",
	"u_ah":              "available screen height",
	"u_aw":              "available screen width",
	"u_cd":              "screen colour depth",
	"u_his":             "browser history length",
	"u_tz":              "time-zone offset in minutes",
	"u_java":            "Java enabled",
	"u_nplug":           "number of browser plug-ins",
	"u_nmime":           "number of MIME types",
	"gtm":               "Google tag build and container hash",
	"sendb":             "sent with sendBeacon",
	"frm":               "page is in an iframe",
	"async":             "asynchronous tag",
	"ctc_id":            "click-to-call ID",
	"ct_cookie_present": "conversion-tracking cookie present",
	"ocp_id":            "on-click ping ID",
	"crd":               "crd (meaning not established)",
	"gtd":               "gtd (meaning not established)",
	"bg":                "background colour",
	"resp":              "response mode",
	"script":            "script tag (0 = image tag)",
	"tid":               "Google tag ID the hit is sent for (AW-…)",
	"en":                "event name",
	"dl":                "page URL the hit was sent from",
	"dr":                "referrer of that page",
	"npa":               "ads personalisation disabled (1) or allowed (0)",
	"dma":               "EU Digital Markets Act: the site says the visitor is in the EEA (1 = yes)",
	"gcs":               "consent state (G1<ad_storage><analytics_storage>)",
	"gcd":               "consent defaults and updates",
	"em":                "user-provided data (hashed e-mail and other fields)",
	"google_nid":        "cookie matching: the partner network's ID",
	"google_hm":         "cookie matching: the partner's user ID for this browser (base64)",
	"google_cm":         "cookie matching request",
	"google_sc":         "cookie matching: set cookie",
	"google_push":       "cookie matching push token",
	"google_tc":         "cookie matching tc flag",
}

func googleAdsLabel(p Param) string {
	switch p.Name {
	case "gcs":
		return "consent state: " + describeGCS(p.Value)
	case "gcd":
		return "consent defaults and updates: " + describeGCD(p.Value)
	}
	return ""
}

// googleAdsCookies are Google's advertising cookies on doubleclick.net
// and google.com, and the site's conversion-linker cookies.
var googleAdsCookies = []cookieSpec{
	{name: "IDE", meaning: "DoubleClick advertising cookie: identifies this browser across sites for Google's ad network", id: "IDE"},
	{name: "DSID", meaning: "DoubleClick cookie linking the browser to a signed-in Google account", id: "DSID"},
	{name: "test_cookie", meaning: "DoubleClick test whether the browser accepts cookies"},
	{name: "NID", meaning: "Google preferences and advertising cookie (google.com)", id: "NID"},
	{name: "ANID", meaning: "Google advertising cookie (google.com)", id: "ANID"},
	{name: "AEC", meaning: "Google anti-abuse cookie"},
	{name: "1P_JAR", meaning: "Google advertising statistics cookie"},
	{name: "_gcl_au", meaning: "Google Ads conversion linker: browser ID for ad attribution", id: "gcl_au"},
	{name: "_gcl_aw", meaning: "Google Ads click ID (gclid) of an ad click that led to the site", id: "gclid", value: func(v string, _ *warnings) (string, []Fact) { return googleClickID(v), nil }},
}

// doubleClickRequest decodes any other request to *.doubleclick.net:
// ad serving, DoubleClick Floodlight, cookie matching with other ad
// networks (cm.g.doubleclick.net/pixel).
var doubleClickRequest = vendorRequest(VendorGoogleAds, "Google ad network (DoubleClick) request", googleAdsLabels, googleAdsCookies)

// googleAdServicesRequest decodes other requests to googleadservices.com.
var googleAdServicesRequest = vendorRequest(VendorGoogleAds, "Google Ads request", googleAdsLabels, googleAdsCookies)
