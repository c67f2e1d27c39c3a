package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
)

// This file decodes Quantcast Measure: quant.js sends each page view to
// pixel.quantserve.com/pixel;r=…;a=p-<account>;labels=…;url=…;ref=…;
// fpa=<__qca cookie>;…, its parameters separated by ";" in the path
// rather than in a query. a names the site's account (p-…), url and ref
// the page and referrer, fpan/fpa the site's first-party __qca cookie
// (Quantcast's browser ID for that site), labels and ogl the site's
// content labels and Open Graph tags (title, description, keywords);
// the mc cookie on quantserve.com identifies the browser across sites.
// The older image tag is pixel.quantserve.com/pixel/p-<account>.gif.
// Written from Quantcast's description of its tag and cookies
// (https://www.quantcast.com/privacy/) and the corpus's captures (cnn.com 2017 entry 92, expressen.se 2018);
// the meanings of the short names are INFERRED from those captures where
// marked.

// decodeQuantcast sends /pixel;… and /pixel/… to quantcastPixel (a
// route's path prefix matches whole segments, and ";" does not end one)
// and any other path of pixel.quantserve.com to quantcastRequest.
func decodeQuantcast(e *har.Entry) ([]Event, error) {
	_, path, _ := site.Split(e.Request.URL)
	if path == "/pixel" || strings.HasPrefix(path, "/pixel;") || strings.HasPrefix(path, "/pixel/") {
		return quantcastPixel(e)
	}
	return quantcastRequest.Decode(e)
}

// quantcastPixel decodes one /pixel request.
func quantcastPixel(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorQuantcast, KindEvent)
	var w warnings
	ev.Params = append(quantcastPathParams(ev.Path, &w), requestParams(e, &w)...)
	applyLabels(ev.Params, quantcastLabels, func(p Param) label {
		if strings.HasPrefix(p.Name, "ogl") {
			return label{"Open Graph tags of the page (title, description, …)", DataPageContent}
		}
		return label{}
	})
	ev.Name = "page view"
	for _, p := range effectiveParams(ev.Params, &w) {
		switch p.Name {
		case "a":
			ev.PixelID = p.Value
		case "url":
			ev.Page = p.Value
		case "ref":
			ev.Referrer = p.Value
		case "event":
			ev.Name = p.Value
		case "fpa":
			addID(&ev, "qca", p.Value, "param fpa", label{"Quantcast browser ID for this site (__qca cookie on the site)", DataBrowserID})
		case "labels":
			ev.Custom = append(ev.Custom, Custom{Key: "labels", Raw: p.Value})
		}
	}
	if ev.PixelID == "" {
		// The image tag names the account in the path: /pixel/p-<id>.gif.
		if id := strings.TrimSuffix(lastSegment(ev.Path), ".gif"); strings.HasPrefix(id, "p-") {
			ev.PixelID = id
		} else {
			w.addf("no a: the hit names no Quantcast account")
		}
	}
	addVendorCookies(&ev, e, quantcastCookies, &w)
	ev.Warnings = w.list
	ev.Summary = pixelSummary(&ev, "Quantcast measurement", "for account")
	return []Event{ev}, nil
}

// quantcastPathParams reads the ";"-separated parameters of a /pixel;…
// path.
func quantcastPathParams(path string, w *warnings) []Param {
	_, rest, ok := strings.Cut(path, ";")
	if !ok {
		return nil
	}
	var ps []Param
	for pair := range strings.SplitSeq(rest, ";") {
		if pair == "" {
			continue
		}
		name, v, _ := strings.Cut(pair, "=")
		n, _ := form.Unescape(name, false)
		val, ok := form.Unescape(v, false)
		if !ok {
			w.addf("path parameter %s: bad percent-encoding, kept as sent", form.ValidUTF8(name))
		}
		ps = append(ps, newParam(n, val, InQuery, w))
	}
	return ps
}

var quantcastLabels = labels{
	"a":            {"Quantcast account (p-…): the site's", DataTrackerConfig},
	"r":            {"cache buster", DataTechnical},
	"event":        {"event (load, refresh, click …) (inferred)", DataEventName},
	"labels":       {"content labels the site sends (sections, keywords, campaigns)", DataPageContent},
	"url":          {"page URL", DataPageURL},
	"ref":          {"referrer", DataReferrer},
	"rf":           {"referrer flag (inferred)", DataTechnical},
	"uh":           {"URL hash (inferred)", DataTechnical},
	"fpan":         {"first-party cookie is new (1) (inferred)", DataTechnical},
	"fpa":          {"first-party browser ID (__qca cookie)", DataBrowserID},
	"ns":           {"flag ns (inferred)", DataTechnical},
	"ce":           {"cookies enabled (inferred)", DataDevice},
	"cm":           {"cookie mode (inferred)", DataTechnical},
	"je":           {"Java enabled (inferred)", DataDevice},
	"sr":           {"screen resolution and colour depth", DataDevice},
	"enc":          {"encoding flag (inferred)", DataTechnical},
	"dst":          {"daylight-saving time (inferred)", DataDevice},
	"et":           {"event time (ms)", DataTechnical},
	"tzo":          {"time-zone offset (minutes)", DataDevice},
	"ogl":          {"Open Graph tags of the page (title, description, …)", DataPageContent},
	"gdpr":         {"GDPR applies (1) (inferred)", DataConsent},
	"gdpr_consent": {"IAB TCF consent string", DataConsent},
	"us_privacy":   {"IAB US Privacy string", DataConsent},
}

// quantcastCookies are Quantcast's cookies on quantserve.com (and the
// site's __qca, which reaches Quantcast as fpa).
var quantcastCookies = []cookieSpec{
	{name: "mc", meaning: label{"Quantcast browser ID: identifies this browser across every site with Quantcast's tag", DataBrowserID}, id: "quantcast_mc"},
	{name: "d", meaning: label{"Quantcast audience data for this browser", DataBrowserID}},
	{name: "__qca", meaning: label{"Quantcast browser ID for the site", DataBrowserID}, id: "qca"},
}

// quantcastRequest decodes other requests to Quantcast's hosts (quant.js,
// the consent tool's code).
var quantcastRequest = vendorRequest(VendorQuantcast, "Quantcast request", quantcastLabels, quantcastCookies)
