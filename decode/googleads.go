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
	applyLabels(ev.Params, googleAdsLabels, googleAdsLabel)
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
			addID(&ev, "gclid", googleClickID(p.Value), "param "+p.Name, label{"Google Ads click ID: the visit followed a click on a Google ad", DataClickID})
		case "auid":
			addID(&ev, "gcl_au", p.Value, "param auid", label{"Google Ads conversion-linker browser ID (_gcl_au cookie)", DataBrowserID}, gaClientIDFacts(p.Value)...)
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
// such as /pagead/viewthroughconversion/931905991/. Two-segment endpoints
// (/pagead/privacysandbox/conversion/<id>/, /ads/user-lists/<id>/,
// /ccm/conversion/<id>/, /td/rul/<id>) are named by both segments.
func googleAdsPath(path string) (endpoint, id string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) >= 2 && segs[0] == "pagead" && segs[1] == "privacysandbox" {
		segs = segs[1:]
	}
	switch {
	case len(segs) >= 3 && (segs[0] == "privacysandbox" || segs[0] == "ads" || segs[0] == "ccm" || segs[0] == "td"):
		return segs[0] + "/" + segs[1], segs[2]
	case len(segs) >= 2 && segs[0] == "pagead":
		if len(segs) >= 3 {
			id = segs[2]
		}
		return segs[1], id
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
	// Google family (issue 18)
	"ads/user-lists":            "remarketing (user list) hit",
	"privacysandbox/conversion": "privacy-sandbox (Attribution Reporting) conversion hit",
	"ccm/conversion":            "consent-mode conversion hit",
	"td/rul":                    "Protected Audience remarketing hit (adds the browser to an interest group)",
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
	"label":             {"conversion label (which conversion action)", DataAdCampaign},
	"value":             {"conversion value", DataPurchase},
	"currency_code":     {"currency", DataPurchase},
	"url":               {"page URL the hit was sent from", DataPageURL},
	"ref":               {"referrer of that page", DataReferrer},
	"tiba":              {"page title", DataPageContent},
	"data":              {"event data: event=<name>;key=value…", DataCustomEvent},
	"gclaw":             {"Google Ads click ID (_gcl_aw cookie)", DataClickID},
	"gclid":             {"Google Ads click ID", DataClickID},
	"gcl":               {"click-ID cookie state", DataTechnical},
	"auid":              {"conversion-linker browser ID (_gcl_au cookie)", DataBrowserID},
	"random":            {"cache buster", DataTechnical},
	"cv":                {"tag version", DataTrackerConfig},
	"fst":               {"first-seen time (ms)", DataTechnical},
	"num":               {"tag counter", DataTechnical},
	"fmt":               {"response format", DataTechnical},
	"guid":              {"Google user-ID lookup (ON = read Google's cookies)", DataTrackerConfig},
	"u_h":               {"screen height", DataDevice},
	"u_w":               {"screen width", DataDevice},
	"u_ah":              {"available screen height", DataDevice},
	"u_aw":              {"available screen width", DataDevice},
	"u_cd":              {"screen colour depth", DataDevice},
	"u_his":             {"browser history length", DataDevice},
	"u_tz":              {"time-zone offset in minutes", DataDevice},
	"u_java":            {"Java enabled", DataDevice},
	"u_nplug":           {"number of browser plug-ins", DataDevice},
	"u_nmime":           {"number of MIME types", DataDevice},
	"gtm":               {"Google tag build and container hash", DataTrackerConfig},
	"sendb":             {"sent with sendBeacon", DataTechnical},
	"frm":               {"page is in an iframe", DataTechnical},
	"async":             {"asynchronous tag", DataTrackerConfig},
	"ctc_id":            {"click-to-call ID", DataTechnical},
	"ct_cookie_present": {"conversion-tracking cookie present", DataTechnical},
	"ocp_id":            {"on-click ping ID", DataTechnical},
	"crd":               {"crd (meaning not established)", DataTechnical},
	"gtd":               {"gtd (meaning not established)", DataTechnical},
	"bg":                {"background colour", DataTechnical},
	"resp":              {"response mode", DataTechnical},
	"script":            {"script tag (0 = image tag)", DataTechnical},
	"tid":               {"Google tag ID the hit is sent for (AW-…)", DataTrackerConfig},
	"en":                {"event name", DataEventName},
	"dl":                {"page URL the hit was sent from", DataPageURL},
	"dr":                {"referrer of that page", DataReferrer},
	"npa":               {"ads personalisation disabled (1) or allowed (0)", DataConsent},
	"dma":               {"EU Digital Markets Act: the site says the visitor is in the EEA (1 = yes)", DataConsent},
	"gcs":               {"consent state (G1<ad_storage><analytics_storage>)", DataConsent},
	"gcd":               {"consent defaults and updates", DataConsent},
	"em":                {"user-provided data (hashed e-mail and other fields)", DataHashedEmail},
	"google_nid":        {"cookie matching: the partner network's ID", DataTrackerConfig},
	"google_hm":         {"cookie matching: the partner's user ID for this browser (base64)", DataBrowserID},
	"google_cm":         {"cookie matching request", DataTechnical},
	"google_sc":         {"cookie matching: set cookie", DataTechnical},
	"google_push":       {"cookie matching push token", DataTechnical},
	"google_tc":         {"cookie matching tc flag", DataTechnical},
	// Google family (issue 18): conversion_async.js's other parameters
	// (the function that builds the hit URL names them; the labels say
	// what the script fills them from) and those seen on the
	// www.google.<country> copies of remarketing hits.
	"oid":        {"order ID of the conversion", DataPurchase},
	"userId":     {"the site's ID for its user, sent for remarketing (google_user_id)", DataAccountID},
	"tfcd":       {"the site says the visitor is a child (COPPA)", DataConsent},
	"tfua":       {"the site says the visitor is under the age of consent", DataConsent},
	"rdp":        {"restricted data processing (CCPA)", DataConsent},
	"us_privacy": {"US privacy (CCPA) string", DataConsent},
	"hl":         {"language of the conversion page", DataDevice},
	"gl":         {"country of the conversion page", DataDevice},
	"disvt":      {"view-through conversions disabled", DataTrackerConfig},
	"eid":        {"Google experiment IDs the page is in", DataTechnical},
	"ig":         {"sent to googleadservices.com (ig=1)", DataTechnical},
	"hn":         {"host the tag sends to", DataTechnical},
	"mid":        {"Merchant Center ID of the conversion's products", DataPurchase},
	"fcntr":      {"feed country of the products", DataPurchase},
	"flng":       {"feed language of the products", DataPurchase},
	"dscnt":      {"basket discount", DataPurchase},
	"bttype":     {"basket transaction type", DataPurchase},
	"item":       {"items bought: (value*quantity*item ID*start*end)…", DataPurchase},
	"gcp":        {"gcp (not documented)", DataTechnical},
	"sscte":      {"sscte (not documented)", DataTechnical},
	"gbcov":      {"gbcov (not documented)", DataTechnical},
	"gclgb":      {"Google click ID of a Google-owned (gb) ad click", DataClickID},
	"mcov":       {"mcov (not documented)", DataTechnical},
	"gacgb":      {"Google Analytics click IDs (gb)", DataClickID},
	"gacmcov":    {"gacmcov (not documented)", DataTechnical},
	"gac":        {"Google Analytics click IDs (_gac cookie)", DataClickID},
	"li":         {"li (not documented)", DataTechnical},
	"top":        {"URL of the top page, when the tag is in an iframe", DataPageURL},
	"ipr":        {"ipr (not documented; y on the www.google.<country> copy of a remarketing hit)", DataTechnical},
	"ulfeg":      {"ulfeg (not documented)", DataTechnical},
	"cdct":       {"cdct (not documented)", DataTechnical},
	"is_vtc":     {"view-through conversion flag (inferred from the name)", DataTechnical},
	"pscdl":      {"Chrome privacy-sandbox cookie-deprecation label", DataDevice},
	"uaa":        {"client hint: CPU architecture", DataDevice},
	"uab":        {"client hint: bitness", DataDevice},
	"uafvl":      {"client hint: browser brands and full versions", DataDevice},
	"uamb":       {"client hint: mobile device (1 = yes)", DataDevice},
	"uam":        {"client hint: device model", DataDevice},
	"uap":        {"client hint: operating system", DataDevice},
	"uapv":       {"client hint: operating system version", DataDevice},
	"uaw":        {"client hint: 32-bit browser on 64-bit Windows (WoW64)", DataDevice},
}

func googleAdsLabel(p Param) label {
	switch p.Name {
	case "gcs":
		return label{"consent state: " + describeGCS(p.Value), DataConsent}
	case "gcd":
		return label{"consent defaults and updates: " + describeGCD(p.Value), DataConsent}
	}
	return label{}
}

// googleAdsCookies are Google's advertising cookies on doubleclick.net
// and google.com, and the site's conversion-linker cookies.
var googleAdsCookies = []cookieSpec{
	{name: "IDE", meaning: label{"DoubleClick advertising cookie: identifies this browser across sites for Google's ad network", DataBrowserID}, id: "IDE"},
	{name: "DSID", meaning: label{"DoubleClick cookie linking the browser to a signed-in Google account", DataAccountID}, id: "DSID"},
	{name: "test_cookie", meaning: label{"DoubleClick test whether the browser accepts cookies", DataTechnical}},
	{name: "NID", meaning: label{"Google preferences and advertising cookie (google.com)", DataBrowserID}, id: "NID"},
	{name: "ANID", meaning: label{"Google advertising cookie (google.com)", DataBrowserID}, id: "ANID"},
	{name: "AEC", meaning: label{"Google anti-abuse cookie", DataTechnical}},
	{name: "1P_JAR", meaning: label{"Google advertising statistics cookie", DataTechnical}},
	{name: "_gcl_au", meaning: label{"Google Ads conversion linker: browser ID for ad attribution", DataBrowserID}, id: "gcl_au"},
	{name: "_gcl_aw", meaning: label{"Google Ads click ID (gclid) of an ad click that led to the site", DataClickID}, id: "gclid", value: func(v string, _ *warnings) (string, []Fact) { return googleClickID(v), nil }},
}

// doubleClickRequest decodes any other request to *.doubleclick.net:
// ad serving, DoubleClick Floodlight, cookie matching with other ad
// networks (cm.g.doubleclick.net/pixel).
var doubleClickRequest = vendorRequest(VendorGoogleAds, "Google ad network (DoubleClick) request", googleAdsLabels, googleAdsCookies)

// googleAdsRequest decodes other requests to Google Ads' paths on
// www.google.<country> (/pagead/drt/ui, /pagead/landing, …). Google
// family (issue 18).
var googleAdsRequest = vendorRequest(VendorGoogleAds, "Google Ads request", googleAdsLabels, googleAdsCookies)

// googleAdServiceRequest decodes requests to adservice.google.<country>
// (adsid/integrator.js, which Google's ad libraries load to read the
// browser's Google ad ID on each country domain). Google family (issue 18).
var googleAdServiceRequest = vendorRequest(VendorGoogleAds, "Google ad service request", googleAdsLabels, googleAdsCookies)

// doubleClickCreativeRequest decodes requests to 2mdn.net, DoubleClick's
// ad-creative host. Google family (issue 18).
var doubleClickCreativeRequest = vendorRequest(VendorGoogleAds, "DoubleClick ad creative (2mdn.net) request", googleAdsLabels, googleAdsCookies)

// googleAdServicesRequest decodes other requests to googleadservices.com.
var googleAdServicesRequest = vendorRequest(VendorGoogleAds, "Google Ads request", googleAdsLabels, googleAdsCookies)
