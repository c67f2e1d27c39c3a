package decode

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes Universal Analytics (analytics.js, Measurement
// Protocol v1) hits: /collect, /j/collect, /r/collect and /batch on
// www.google-analytics.com, and the copies analytics.js sends to
// stats.g.doubleclick.net when the site enables Advertising Features
// (t=dc). PROTOCOLS.md §6 (vector U01); Google's Measurement Protocol
// parameter reference (developers.google.com/analytics/devguides/
// collection/protocol/v1/parameters); Omnibug's UniversalAnalytics
// provider. UA was retired in 2023–24 but is common in older captures.
//
// A hit's parameters are in the URL (GET, and /j/collect and /r/collect
// POSTs) or in the body (a sendBeacon POST); a /batch body carries up to
// 20 hits, one per line.

// decodeUA decodes a UA request into one event per hit.
func decodeUA(e *har.Entry) ([]Event, error) {
	return decodeHitLines(e, uaEvent, finishUA), nil
}

func uaEvent(e *har.Entry, params []Param, w *warnings) Event {
	ev := newVendorEvent(e, VendorUA, KindEvent)
	applyLabels(params, uaLabels, uaLabel)
	ev.Params = params
	eff := lastParams(params)
	for _, p := range eff {
		switch p.Name {
		case "tid":
			ev.PixelID = p.Value
		case "t":
			ev.Name = p.Value
		case "dl":
			ev.Page = p.Value
		case "dr":
			ev.Referrer = p.Value
		case "cid":
			addID(&ev, "cid", p.Value, "param cid", gaClientIDMeaning, gaClientIDFacts(p.Value)...)
		case "uid":
			addID(&ev, "uid", p.Value, "param uid", gaUserIDMeaning)
		case "_gid":
			addID(&ev, "gid", p.Value, "param _gid", label{"Google Analytics 24-hour browser ID (_gid cookie)", DataBrowserID}, gaClientIDFacts(p.Value)...)
		}
		if uaIsCustom(p.Name) {
			ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
		}
	}
	if ev.Page == "" {
		// dh and dp give the page when dl is absent.
		if dp := value(eff, "dp"); dp != "" {
			ev.Page = value(eff, "dh") + dp
		}
	}
	if len(eff) == 0 {
		if e.Request.Method != "GET" {
			w.addf("%s with no parameters in the URL and no recorded body: the capture did not keep the hit's data", e.Request.Method)
		}
		return ev
	}
	if ev.PixelID == "" {
		w.addf("no tid: the hit names no property")
	} else if !strings.HasPrefix(ev.PixelID, "UA-") {
		w.addf("tid %q is not a Universal Analytics property ID (UA-…)", ev.PixelID)
	}
	if ev.Name == "" {
		w.addf("no t parameter: the hit has no type")
	}
	return ev
}

func finishUA(ev *Event, e *har.Entry, w *warnings, n, of int) {
	addVendorCookies(ev, e, gaCookies, w)
	ev.Warnings = w.list
	ev.Summary = uaSummary(ev, n, of)
}

// uaIsCustom reports whether a parameter is a custom dimension or metric
// (cd<n>, cm<n>) or a content group (cg<n>).
func uaIsCustom(name string) bool {
	for _, pre := range []string{"cd", "cm", "cg"} {
		if rest, ok := strings.CutPrefix(name, pre); ok && isDigits(rest) {
			return true
		}
	}
	return false
}

// uaLabels label the Measurement Protocol v1 parameters.
var uaLabels = labels{
	"v":      {"protocol version (1 = Universal Analytics)", DataTechnical},
	"tid":    {"property ID the hit is sent to", DataTrackerConfig},
	"cid":    {"client ID (_ga cookie): identifies this browser on this site", DataBrowserID},
	"uid":    {"user ID set by the site for a logged-in user", DataAccountID},
	"_gid":   {"24-hour browser ID (_gid cookie)", DataBrowserID},
	"dl":     {"page URL (document.location) the hit was sent from", DataPageURL},
	"dr":     {"referrer of that page (document.referrer)", DataReferrer},
	"dh":     {"page host name", DataPageURL},
	"dp":     {"page path", DataPageURL},
	"dt":     {"page title", DataPageContent},
	"ec":     {"event category", DataCustomEvent},
	"ea":     {"event action", DataCustomEvent},
	"el":     {"event label", DataCustomEvent},
	"ev":     {"event value", DataCustomEvent},
	"ni":     {"non-interaction hit", DataTechnical},
	"ul":     {"browser language", DataDevice},
	"de":     {"page character encoding", DataTechnical},
	"sd":     {"screen colour depth", DataDevice},
	"sr":     {"screen resolution", DataDevice},
	"vp":     {"viewport size", DataDevice},
	"je":     {"Java enabled", DataDevice},
	"fl":     {"Flash version", DataDevice},
	"_v":     {"analytics.js library version", DataTrackerConfig},
	"a":      {"page-load ID (random, one per page load)", DataBrowserID},
	"_s":     {"hit sequence number on this page", DataTechnical},
	"_u":     {"analytics.js feature bits (internal)", DataTechnical},
	"jid":    {"join ID linking the hit to its DoubleClick copy", DataTechnical},
	"gjid":   {"Google join ID (Advertising Features)", DataTechnical},
	"_r":     {"Advertising Features (display features) enabled", DataTrackerConfig},
	"z":      {"cache buster", DataTechnical},
	"aip":    {"anonymise IP: the last octet of the visitor's IP address is dropped", DataTrackerConfig},
	"gtm":    {"Google Tag Manager container hash", DataTrackerConfig},
	"cn":     {"campaign name", DataAdCampaign},
	"cs":     {"campaign source", DataAdCampaign},
	"cm":     {"campaign medium", DataAdCampaign},
	"ck":     {"campaign keyword", DataAdCampaign},
	"cc":     {"campaign content", DataAdCampaign},
	"ci":     {"campaign ID", DataAdCampaign},
	"gclid":  {"Google Ads click ID", DataClickID},
	"dclid":  {"Display & Video 360 click ID", DataClickID},
	"linkid": {"ID of the link clicked (enhanced link attribution)", DataButtonText},
	"ti":     {"transaction ID", DataPurchase},
	"ta":     {"transaction affiliation", DataPurchase},
	"tr":     {"transaction revenue", DataPurchase},
	"ts":     {"transaction shipping", DataPurchase},
	"tt":     {"transaction tax", DataPurchase},
	"tcc":    {"coupon code", DataPurchase},
	"cu":     {"currency", DataPurchase},
	"pa":     {"product action", DataPurchase},
	"pal":    {"product action list", DataPurchase},
	"cos":    {"checkout step", DataPurchase},
	"col":    {"checkout step option", DataPurchase},
	"sn":     {"social network", DataCustomEvent},
	"sa":     {"social action", DataCustomEvent},
	"st":     {"social action target", DataCustomEvent},
	"utc":    {"user timing category", DataTechnical},
	"utv":    {"user timing variable", DataTechnical},
	"utt":    {"user timing time (ms)", DataTechnical},
	"utl":    {"user timing label", DataTechnical},
	"plt":    {"page load time (ms)", DataTechnical},
	"exd":    {"exception description", DataTechnical},
	"exf":    {"exception is fatal", DataTechnical},
	"ds":     {"data source", DataTrackerConfig},
	"qt":     {"queue time (ms)", DataTechnical},
	"sc":     {"session control (start or end)", DataTechnical},
	"an":     {"application name", DataTrackerConfig},
	"av":     {"application version", DataTrackerConfig},
	"cd":     {"screen name", DataPageContent},
}

// uaHitTypes describe the values of t.
var uaHitTypes = map[string]string{
	"pageview":    "page view",
	"screenview":  "app screen view",
	"event":       "event",
	"transaction": "ecommerce transaction",
	"item":        "ecommerce item",
	"social":      "social interaction",
	"exception":   "exception",
	"timing":      "timing",
	"dc":          "Advertising Features copy for DoubleClick (remarketing and demographics)",
	"adtiming":    "ad timing",
}

func uaLabel(p Param) label {
	if p.Name == "t" {
		if d, ok := uaHitTypes[p.Value]; ok {
			return label{"hit type: " + d, DataEventName}
		}
		return label{"hit type", DataEventName}
	}
	for _, f := range []struct{ pre, what string }{{"cd", "custom dimension "}, {"cm", "custom metric "}, {"cg", "content group "}} {
		if rest, ok := strings.CutPrefix(p.Name, f.pre); ok && isDigits(rest) {
			return label{f.what + rest, DataCustomEvent}
		}
	}
	if strings.HasPrefix(p.Name, "pr") || strings.HasPrefix(p.Name, "il") || strings.HasPrefix(p.Name, "promo") {
		return label{"enhanced ecommerce field", DataPurchase}
	}
	return label{}
}

func uaSummary(ev *Event, n, of int) string {
	eff := lastParams(ev.Params)
	var what string
	switch ev.Name {
	case "pageview":
		what = "viewed"
		if t := value(eff, "dt"); t != "" {
			what += " " + strconv.Quote(t)
		}
	case "event":
		var parts []string
		for _, f := range []struct{ name, what string }{{"ec", "category"}, {"ea", "action"}, {"el", "label"}, {"ev", "value"}} {
			if v := value(eff, f.name); v != "" {
				parts = append(parts, f.what+" "+strconv.Quote(v))
			}
		}
		what = "event " + strings.Join(parts, ", ")
	case "dc":
		what = "Advertising Features hit: tells Google's ad network (DoubleClick) about this visit"
	case "":
		what = "hit with no type"
	default:
		what = ev.Name + " hit"
		if d, ok := uaHitTypes[ev.Name]; ok {
			what = d + " hit"
		}
	}
	s := "UA " + summarise(ev.Name, strings.TrimSpace(what), ev.Page)
	if ev.PixelID != "" {
		s += " (" + ev.PixelID + ")"
	}
	if of > 1 {
		s += fmt.Sprintf(" [hit %d of %d in one request]", n, of)
	}
	return s
}
