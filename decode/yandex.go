package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes Yandex Metrica (and its international twin Yango):
// tag.js sends page views to mc.yandex.ru/watch/<counter ID> (or
// mc.yandex.com, mc.yango.com, mc.webvisor.org) with page-url, page-ref
// and browser-info, a ":"-separated list of key:value pairs that carries
// the _ym_uid user ID (u), the page title (t), the screen and window, the
// time zone, a browser fingerprint (fip) and, when the site also runs
// Google Analytics, the _ga cookie base64-encoded (gi). Webvisor, Yandex's
// session recording, POSTs to /webvisor/<counter ID> (the page's content,
// mouse movements, scrolling, clicks and form input: Yandex documents
// that it records form fields unless the site excludes them); clicks for
// the click map go to /clmap/<counter ID> (pointer-click: x, y and the
// element). Yandex documents the tag's options, cookies and Webvisor
// (https://yandex.com/support/metrica/code/counter-initialize.html,
// https://yandex.com/support/metrica/general/cookie-usage.html,
// https://yandex.com/support/metrica/webvisor/about.html); it does not
// document the browser-info keys, whose meanings here are INFERRED from
// real requests (a Gatling recording of votegd.com, 2024; a LoadRunner
// script for light.mail.ru, 2021; a Webvisor recording of
// shtab.opmoscow.ru, 2024; a click-map request of diada-arms.ru, 2019)
// and are labelled so.

// decodeYandex decodes one /watch, /webvisor or /clmap request.
func decodeYandex(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorYandexMetrica, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	var sub []Param
	for _, p := range ev.Params {
		if (p.Name == "browser-info" || p.Name == "pointer-click") && p.In != InCookie {
			sub = append(sub, yandexPairs(p.Name, p.Value, p.In)...)
		}
	}
	ev.Params = append(ev.Params, sub...)
	applyLabels(ev.Params, yandexLabels, func(p Param) label {
		if k, ok := strings.CutPrefix(p.Name, "browser-info."); ok {
			if l, ok := yandexBrowserInfo[k]; ok {
				return l
			}
			return label{"browser-info field " + k + " (meaning not known)", DataTechnical}
		}
		if k, ok := strings.CutPrefix(p.Name, "pointer-click."); ok {
			return label{"click-map field " + k + " (x, y: where on the page; p: the element) (inferred)", DataButtonText}
		}
		if strings.HasPrefix(p.Name, "site-info") {
			return label{"visit parameters the site sends", DataCustomEvent}
		}
		return label{}
	})
	ev.PixelID = yandexCounter(ev.Path)
	kind := strings.TrimPrefix(ev.Path, "/")
	kind, _, _ = strings.Cut(kind, "/")
	switch kind {
	case "webvisor":
		ev.Name = "Webvisor session recording"
	case "clmap":
		ev.Name = "click-map click"
	default:
		ev.Name = "page view"
	}
	for _, p := range effectiveParams(ev.Params, &w) {
		switch p.Name {
		case "page-url":
			ev.Page = p.Value
		case "page-ref":
			ev.Referrer = p.Value
		case "browser-info.ar":
			if p.Value == "1" {
				ev.Name = "hit sent by the site's code (artificial hit)"
			}
		case "browser-info.u":
			addID(&ev, "_ym_uid", p.Value, "browser-info u", label{"Yandex Metrica user ID for this browser (_ym_uid cookie on the site) (inferred)", DataBrowserID})
		case "browser-info.gi":
			// The site's Google Analytics cookie, read by tag.js:
			// base64 of "GA1.1.<client ID>".
			if s, ok := decodeBase64Text(p.Value); ok {
				if parts := strings.SplitN(s, ".", 3); len(parts) == 3 && strings.HasPrefix(parts[0], "GA") {
					addID(&ev, "cid", parts[2], "browser-info gi", label{"Google Analytics client ID (the site's _ga cookie), read by Yandex Metrica and sent to Yandex (inferred)", DataBrowserID})
				}
			}
		case "browser-info.fip":
			addID(&ev, "yandex_fip", p.Value, "browser-info fip", label{"browser fingerprint: hashes of the browser's features, which single out a device without a cookie (inferred)", DataDevice})
		case "browser-info.t":
			ev.Custom = append(ev.Custom, Custom{Key: "title", Raw: p.Value})
		}
	}
	if ev.PixelID == "" {
		w.addf("no counter ID in the path: the hit names no Yandex Metrica counter")
	}
	addVendorCookies(&ev, e, yandexCookies, &w)
	ev.Warnings = w.list
	ev.Summary = pixelSummary(&ev, "Yandex Metrica", "for counter")
	if kind == "webvisor" {
		ev.Summary += " (Webvisor records the page's content, mouse movements, scrolling, clicks and form input)"
	}
	return []Event{ev}, nil
}

// yandexCounter returns the counter ID of /watch/<id>, /webvisor/<id> or
// /clmap/<id> (Yango adds a segment: /watch/3/1).
func yandexCounter(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) >= 2 {
		return parts[1]
	}
	return ""
}

// yandexPairs splits a key:value:key:value list into parameters named
// name.key, values percent-decoded where they were encoded twice.
func yandexPairs(name, v string, in ParamIn) []Param {
	fields := strings.Split(v, ":")
	var ps []Param
	for i := 0; i+1 < len(fields); i += 2 {
		val := fields[i+1]
		if u, ok := form.Unescape(val, false); ok {
			val = u
		}
		ps = append(ps, Param{Name: name + "." + fields[i], Value: form.ValidUTF8(val), In: in})
	}
	return ps
}

var yandexLabels = labels{
	"page-url":      {"page URL", DataPageURL},
	"page-ref":      {"referrer", DataReferrer},
	"browser-info":  {"browser information: key:value pairs, read into the browser-info.… parameters", DataTechnical},
	"pointer-click": {"click-map click: key:value pairs, read into the pointer-click.… parameters", DataButtonText},
	"charset":       {"character set", DataTechnical},
	"wmode":         {"response mode", DataTechnical},
	"uah":           {"client hints: browser brands, platform, architecture and versions", DataDevice},
	"t":             {"tag flags (gdpr(…), ti(…), …) (inferred)", DataTechnical},
	"nohit":         {"not a page view (1)", DataTechnical},
	"cnt-class":     {"counter class", DataTrackerConfig},
	"rn":            {"cache buster", DataTechnical},
	"redirnss":      {"redirect flag", DataTechnical},
	"wv-part":       {"Webvisor: part number of the recording", DataTechnical},
	"wv-type":       {"Webvisor: payload type", DataTechnical},
	"wv-hit":        {"Webvisor: hit ID the recording belongs to", DataTechnical},
	"wv-check":      {"Webvisor: checksum", DataTechnical},
}

// yandexBrowserInfo labels the keys of browser-info (all inferred).
var yandexBrowserInfo = map[string]label{
	"u":    {"Yandex Metrica user ID (_ym_uid cookie) (inferred)", DataBrowserID},
	"t":    {"page title (inferred)", DataPageContent},
	"gi":   {"the site's Google Analytics _ga cookie, base64-encoded (inferred)", DataBrowserID},
	"fip":  {"browser fingerprint hashes (inferred)", DataDevice},
	"pv":   {"page view (1) (inferred)", DataEventName},
	"ar":   {"hit sent by the site's code (1) (inferred)", DataTechnical},
	"s":    {"screen size and colour depth (inferred)", DataDevice},
	"w":    {"window size (inferred)", DataDevice},
	"z":    {"time-zone offset (minutes) (inferred)", DataDevice},
	"i":    {"local time (yyyymmddhhmmss) (inferred)", DataDevice},
	"et":   {"event time (Unix seconds) (inferred)", DataTechnical},
	"st":   {"time sent (Unix seconds) (inferred)", DataTechnical},
	"ns":   {"navigation start (ms) (inferred)", DataTechnical},
	"la":   {"browser language (inferred)", DataDevice},
	"en":   {"page encoding (inferred)", DataTechnical},
	"c":    {"cookies enabled (inferred)", DataDevice},
	"v":    {"tag version (inferred)", DataTrackerConfig},
	"vf":   {"visit fingerprint or version flag (inferred)", DataTechnical},
	"hid":  {"hit ID (inferred)", DataTechnical},
	"rn":   {"cache buster (inferred)", DataTechnical},
	"rqn":  {"request number (inferred)", DataTechnical},
	"rqnl": {"request number of the page load (inferred)", DataTechnical},
	"ls":   {"local-storage ID (inferred)", DataBrowserID},
	"cn":   {"counter number on the page (inferred)", DataTechnical},
	"dp":   {"Do Not Track (inferred)", DataConsent},
	"fu":   {"URL flag (inferred)", DataTechnical},
	"sk":   {"screen scale (inferred)", DataDevice},
	"wv":   {"Webvisor version (inferred)", DataTrackerConfig},
	"ds":   {"page timings (inferred)", DataTechnical},
	"co":   {"connection type (inferred)", DataDevice},
	"cpf":  {"flag cpf (inferred)", DataTechnical},
	"ntf":  {"flag ntf (inferred)", DataTechnical},
	"adb":  {"ad-blocker detected (inferred)", DataDevice},
	"pp":   {"flag pp (inferred)", DataTechnical},
	"gdpr": {"GDPR consent state (inferred)", DataConsent},
	"ti":   {"tracking type (inferred)", DataTechnical},
	"fp":   {"first paint (ms) (inferred)", DataTechnical},
	"bt":   {"Webvisor: buffer type (inferred)", DataTechnical},
	"we":   {"Webvisor: enabled (inferred)", DataTechnical},
}

// yandexCookies are Yandex's cookies: on the site (_ym_uid, _ym_d,
// _ym_isad), which reach Yandex only through a proxy, and on yandex.ru
// (yandexuid, i, yuidss: Yandex's own browser IDs).
var yandexCookies = []cookieSpec{
	{name: "_ym_uid", meaning: label{"Yandex Metrica user ID for this browser on the site", DataBrowserID}, id: "_ym_uid"},
	{name: "_ym_d", meaning: label{"Yandex Metrica: the first visit's date", DataTechnical}},
	{name: "_ym_isad", meaning: label{"Yandex Metrica: ad-blocker detected", DataDevice}},
	{name: "yandexuid", meaning: label{"Yandex browser ID: identifies this browser across Yandex's services and advertising", DataBrowserID}, id: "yandexuid"},
	{name: "yuidss", meaning: label{"Yandex browser ID (copy)", DataBrowserID}, id: "yandexuid"},
	{name: "i", meaning: label{"Yandex browser ID (encrypted)", DataBrowserID}, id: "yandex_i"},
	{name: "ymex", meaning: label{"Yandex browser ID expiry data", DataBrowserID}},
	{name: "Session_id", meaning: label{"Yandex login session of a signed-in user", DataLoginSession}, id: "yandex_session"},
	{name: "yandex_login", meaning: label{"Yandex account name of the signed-in user", DataAccountID}, id: "yandex_login"},
}

// yandexRequest decodes other requests to Metrica's hosts (tag.js, sync
// frames).
var yandexRequest = vendorRequest(VendorYandexMetrica, "Yandex Metrica request", yandexLabels, yandexCookies)
