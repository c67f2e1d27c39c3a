package decode

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// This file decodes the values of the Meta Pixel parameters and cookies
// that the pixel of 2025–26 added or changed (issue 18): who installed
// the pixel (a), Limited Data Use (dpo, dpoco, dpost), the codeless,
// referrer-class, cookie-deprecation and time-zone fields, page metadata
// (pmd[…]), the fifth "appendix" component of _fbp and _fbc, and the
// _fbi cookie (the visitor's IP address).
//
// Sources, as in PROTOCOLS.md: Meta's fbevents.js 2.9.252 and the
// per-pixel configuration script of the same release ([code]); Meta's
// Conversions API parameter builder (github.com/facebook/capi-param-builder,
// client_js/shared/model/constants.js, utils/appendixUtil.js, ipUtil.js
// and cookieUtil.js, May 2026); Meta's developer documentation "Data
// Processing Options for US Users"
// (https://developers.facebook.com/docs/meta-pixel/implementation/data-processing-options).
// Where Meta documents nothing the label says "inferred".

// metaValueLabel labels the parameters whose label depends on their
// value; ok is false for any other parameter.
func metaValueLabel(name, value string) (label, bool) {
	switch name {
	case "a":
		return label{"agent: the integration or partner that installed the pixel" + metaAgent(value), DataTrackerConfig}, true
	case "dpo":
		switch {
		case value == "":
			return label{"Data Processing Options: none (Limited Data Use not requested)", DataConsent}, true
		case strings.Contains(strings.ToUpper(value), "LDU"):
			return label{"Data Processing Options: Limited Data Use requested", DataConsent}, true
		}
		return label{"Data Processing Options", DataConsent}, true
	case "dpoco":
		switch value {
		case "0":
			return label{"Data Processing Options: country 0 (Meta is to geolocate the visitor)", DataConsent}, true
		case "1":
			return label{"Data Processing Options: country 1 (United States)", DataConsent}, true
		}
		return label{"Data Processing Options: country", DataConsent}, true
	case "dpost":
		switch value {
		case "0":
			return label{"Data Processing Options: state 0 (Meta is to geolocate the visitor)", DataConsent}, true
		case "1000":
			return label{"Data Processing Options: state 1000 (California)", DataConsent}, true
		}
		return label{"Data Processing Options: state", DataConsent}, true
	case "coo":
		// fbevents.js 2.9.252: coo = (pixel.codeless === "false").
		switch value {
		case "true":
			return label{"codeless events flag: true (the pixel's codeless, Event Setup Tool, events are turned off)", DataTrackerConfig}, true
		case "false":
			return label{"codeless events flag: false (codeless events not turned off)", DataTrackerConfig}, true
		}
		return label{"codeless events flag", DataTrackerConfig}, true
	case "ler":
		// The lastexternalreferrer plugin keeps the class 90 days.
		what := map[string]string{
			"empty": "none: the visitor arrived without an external referrer",
			"fb":    "Facebook",
			"ig":    "Instagram",
			"other": "another site",
		}[value]
		if what == "" {
			return label{"class of the last external referrer", DataReferrer}, true
		}
		return label{"class of the last external referrer: " + what, DataReferrer}, true
	case "cdl":
		switch value {
		case "":
			return label{"Chrome cookie-deprecation label: empty (the browser exposes the API but gave no label)", DataDevice}, true
		case "API_unavailable":
			return label{"Chrome cookie-deprecation label: API unavailable (not Chrome, or a Chrome without the API)", DataDevice}, true
		}
		return label{"Chrome cookie-deprecation label: the browser's group in Chrome's third-party-cookie phase-out test", DataDevice}, true
	case "tz":
		if n, err := strconv.Atoi(value); err == nil && n >= -24*60 && n <= 24*60 {
			return label{"time zone of the browser: " + utcOffset(n) + " (inferred: minutes east of UTC; Meta documents nothing)", DataDevice}, true
		}
		return label{"time zone of the browser (inferred; Meta documents nothing)", DataDevice}, true
	}
	return label{}, false
}

// utcOffset writes an offset of n minutes east of UTC as "UTC+02:00".
func utcOffset(n int) string {
	sign := "+"
	if n < 0 {
		sign, n = "−", -n
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, n/60, n%60)
}

// metaAgents name the integrations known by their agent string (the a
// parameter: fbq('init', id, data, {agent: …}) or fbq.agent), matched as
// a case-insensitive prefix, first match wins. Each is seen in a public
// integration's code: Meta's own GTM and partner integrations
// ("tmgoogletagmanager", "tmhubspot", pixel-vectors M14, M15), Simo
// Ahava's GTM template, Ensighten, Tealium (the corpus's coach-core
// cpuTime capture, 2018), stape's templates (M21), Segment's
// analytics.js integration (.option('agent', 'seg')), Shopify's web
// pixel ("shopify_web_pixel"), BigCommerce ("plbigcommerce1.2"), Facebook
// for WooCommerce ("woocommerce-<WooCommerce version>-<plugin version>").
var metaAgents = []struct{ prefix, who string }{
	{"tmgoogletagmanager", "Google Tag Manager"},
	{"tmsimo-gtm-webtemplate", "Google Tag Manager, Simo Ahava's community template"},
	{"tmhubspot", "HubSpot"},
	{"tmensighten", "Ensighten tag manager"},
	{"tmtealium", "Tealium iQ tag manager"},
	{"stape", "stape (a server-side tagging host), with its Google Tag Manager template"},
	{"shopify", "Shopify"},
	{"plbigcommerce", "BigCommerce"},
	{"woocommerce", "WooCommerce (Facebook for WooCommerce plugin)"},
}

// metaAgent says who an agent string names, as ": <who>", or "" when it
// is not known. "seg" alone is Segment; other "tm…" and "pl…" agents are
// tag managers and platform plugins by the pattern of the known ones.
func metaAgent(v string) string {
	l := strings.ToLower(v)
	if l == "" {
		return ""
	}
	if l == "seg" {
		return ": Segment (analytics.js integration)"
	}
	for _, a := range metaAgents {
		if strings.HasPrefix(l, a.prefix) {
			return ": " + a.who
		}
	}
	switch {
	case strings.HasPrefix(l, "tm"):
		return ": a tag manager (inferred from the \"tm\" prefix of known tag-manager agents)"
	case strings.HasPrefix(l, "pl"):
		return ": a platform plugin (inferred from the \"pl\" prefix of known platform agents)"
	}
	return ""
}

// metaPageMetadata label the pmd[…] keys of the pagemetadata plugin
// (PROTOCOLS.md §3.3): the page's <title> (on PageView), its meta
// description and keywords (each up to 500 characters), product contents
// and, from 2.9.345, a locale.
var metaPageMetadata = map[string]label{
	"title":       {"page metadata: title (the page's <title>)", DataPageContent},
	"description": {"page metadata: description (the page's <meta name=description>)", DataPageContent},
	"keywords":    {"page metadata: keywords (the page's <meta name=keywords>)", DataPageContent},
	"contents":    {"page metadata: product contents read from the page", DataPurchase},
	"locale":      {"page metadata: locale (inferred: the page's language; seen in 2.9.345)", DataPageContent},
}

// Meta's parameter builder (the Conversions API parameter builder
// library) writes a fifth, "appendix" component into the _fbp, _fbc and
// _fbi cookies it sets: either a two-character language token (older
// versions) or eight characters of URL-safe base64 holding six bytes:
// format (1), language, appendix type, and the library's major, minor
// and patch version.
var (
	// paramBuilderLanguages name the language index of an appendix, and
	// paramBuilderTokens the two-character tokens (base64 of the index).
	paramBuilderLanguages = map[byte]string{
		1: "PHP", 2: "Python", 3: "Java", 4: "Node.js", 5: "Ruby",
		6: "client-side JavaScript (clientParamBuilder)",
	}
	paramBuilderTokens = map[string]byte{"AQ": 1, "Ag": 2, "Aw": 3, "BA": 4, "BQ": 5, "Bg": 6}
	// paramBuilderTypes name the appendix types.
	paramBuilderTypes = map[byte]string{
		0: "value unchanged",
		1: "new value",
		2: "new cookie (net new)",
		3: "value modified",
	}
)

// appendixFacts decodes the appendix of a cookie set by Meta's parameter
// builder; ok is false when a is not one.
func appendixFacts(a string) ([]Fact, bool) {
	if lang, ok := paramBuilderTokens[a]; ok {
		return []Fact{{Name: "set_by", Value: "Meta parameter builder, " + paramBuilderLanguages[lang]}}, true
	}
	if len(a) != 8 {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(a)
	if err != nil || len(b) != 6 || b[0] != 1 {
		return nil, false
	}
	lang := paramBuilderLanguages[b[1]]
	if lang == "" {
		lang = "language " + strconv.Itoa(int(b[1]))
	}
	typ := paramBuilderTypes[b[2]]
	if typ == "" {
		typ = "type " + strconv.Itoa(int(b[2]))
	}
	return []Fact{
		{Name: "set_by", Value: fmt.Sprintf("Meta parameter builder %d.%d.%d, %s", b[3], b[4], b[5], lang)},
		{Name: "appendix_type", Value: typ},
	}, true
}

// fbiCookie decodes the _fbi cookie, <IP address>[.<appendix>]: the
// visitor's IP address, which the parameter builder stores for a day so
// that the site's server can send it to Meta as the client_ip_address
// match key. ok is false when the value holds no IP address.
func fbiCookie(v string) (ip string, facts []Fact, ok bool) {
	if i := strings.LastIndexByte(v, '.'); i > 0 {
		if f, isAppendix := appendixFacts(v[i+1:]); isAppendix {
			if a, err := netip.ParseAddr(v[:i]); err == nil {
				return a.String(), f, true
			}
		}
	}
	if a, err := netip.ParseAddr(v); err == nil {
		return a.String(), nil, true
	}
	return "", nil, false
}

// markFBI labels every _fbi cookie the event's request carried as the
// personal data it is, wherever it was sent, and warns. The type is
// [DataPlainPersonal], not [DataDevice] (which names an IP address seen
// in passing): this cookie exists to hand the visitor's IP address to
// Meta as a match key, one of the customer information parameters Meta
// uses to identify a person, and it travels readable.
func markFBI(ev *Event) {
	for i := range ev.Params {
		p := &ev.Params[i]
		if p.In != InCookie || p.Name != "_fbi" {
			continue
		}
		ip, facts, ok := fbiCookie(p.Value)
		if !ok {
			label{"_fbi cookie of Meta's parameter builder, meant to hold the visitor's IP address (this value is not one): personal data", DataPlainPersonal}.apply(p)
			continue
		}
		text := "the visitor's IP address " + ip + " (_fbi cookie of Meta's parameter builder, kept for the Conversions API match key client_ip_address"
		for _, f := range facts {
			text += "; " + f.Value
		}
		label{text + "): personal data, sent readable", DataPlainPersonal}.apply(p)
		ev.Warnings = appendOnce(ev.Warnings, "cookie _fbi: the visitor's IP address "+ip+", stored by Meta's parameter builder, was sent to "+ev.Host)
	}
}

// appendOnce appends s to list unless it is there already.
func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
