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
			addID(&ev, "uid", p.Value, "param uid", "the site's own ID for a logged-in user (Google Analytics User-ID), sent in plain text")
		case "_gid":
			addID(&ev, "gid", p.Value, "param _gid", "Google Analytics 24-hour browser ID (_gid cookie)", gaClientIDFacts(p.Value)...)
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
	"v":      "protocol version (1 = Universal Analytics)",
	"tid":    "property ID the hit is sent to",
	"cid":    "client ID (_ga cookie): identifies this browser on this site",
	"uid":    "user ID set by the site for a logged-in user",
	"_gid":   "24-hour browser ID (_gid cookie)",
	"dl":     "page URL (document.location) the hit was sent from",
	"dr":     "referrer of that page (document.referrer)",
	"dh":     "page host name",
	"dp":     "page path",
	"dt":     "page title",
	"ec":     "event category",
	"ea":     "event action",
	"el":     "event label",
	"ev":     "event value",
	"ni":     "non-interaction hit",
	"ul":     "browser language",
	"de":     "page character encoding",
	"sd":     "screen colour depth",
	"sr":     "screen resolution",
	"vp":     "viewport size",
	"je":     "Java enabled",
	"fl":     "Flash version",
	"_v":     "analytics.js library version",
	"a":      "page-load ID (random, one per page load)",
	"_s":     "hit sequence number on this page",
	"_u":     "analytics.js feature bits (internal)",
	"jid":    "join ID linking the hit to its DoubleClick copy",
	"gjid":   "Google join ID (Advertising Features)",
	"_r":     "Advertising Features (display features) enabled",
	"z":      "cache buster",
	"aip":    "anonymise IP: the last octet of the visitor's IP address is dropped",
	"gtm":    "Google Tag Manager container hash",
	"cn":     "campaign name",
	"cs":     "campaign source",
	"cm":     "campaign medium",
	"ck":     "campaign keyword",
	"cc":     "campaign content",
	"ci":     "campaign ID",
	"gclid":  "Google Ads click ID",
	"dclid":  "Display & Video 360 click ID",
	"linkid": "ID of the link clicked (enhanced link attribution)",
	"ti":     "transaction ID",
	"ta":     "transaction affiliation",
	"tr":     "transaction revenue",
	"ts":     "transaction shipping",
	"tt":     "transaction tax",
	"tcc":    "coupon code",
	"cu":     "currency",
	"pa":     "product action",
	"pal":    "product action list",
	"cos":    "checkout step",
	"col":    "checkout step option",
	"sn":     "social network",
	"sa":     "social action",
	"st":     "social action target",
	"utc":    "user timing category",
	"utv":    "user timing variable",
	"utt":    "user timing time (ms)",
	"utl":    "user timing label",
	"plt":    "page load time (ms)",
	"exd":    "exception description",
	"exf":    "exception is fatal",
	"ds":     "data source",
	"qt":     "queue time (ms)",
	"sc":     "session control (start or end)",
	"an":     "application name",
	"av":     "application version",
	"cd":     "screen name",
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

func uaLabel(p Param) string {
	if p.Name == "t" {
		if d, ok := uaHitTypes[p.Value]; ok {
			return "hit type: " + d
		}
		return "hit type"
	}
	for _, f := range []struct{ pre, what string }{{"cd", "custom dimension "}, {"cm", "custom metric "}, {"cg", "content group "}} {
		if rest, ok := strings.CutPrefix(p.Name, f.pre); ok && isDigits(rest) {
			return f.what + rest
		}
	}
	if strings.HasPrefix(p.Name, "pr") || strings.HasPrefix(p.Name, "il") || strings.HasPrefix(p.Name, "promo") {
		return "enhanced ecommerce field"
	}
	return ""
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
