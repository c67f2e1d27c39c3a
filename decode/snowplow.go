package decode

import "strings"

// This file decodes Snowplow, open-source behavioural analytics whose
// collector each site runs on its own domain (or rents from Snowplow:
// *.snplow.net). The JavaScript tracker POSTs
// /com.snowplowanalytics.snowplow/tp2 with {"schema": …, "data": [event,
// …]}; each event is the tracker protocol's flat fields: e the event
// type (pv page view, pp page ping, se structured event, ue
// self-describing event, tr/ti transaction), url, page and refr the page,
// duid the _sp_id cookie's user ID, nuid the collector's own cookie, uid
// the site's user ID, sid the session, and co/cx (contexts) and
// ue_pr/ue_px (the self-describing event) as JSON or base64-encoded JSON,
// which are decoded here. Because collectors run on the site's own
// domain, tp2 is routed on any host. Written from Snowplow's tracker
// protocol (https://docs.snowplow.io/docs/collecting-data/collecting-from-own-applications/snowplow-tracker-protocol/).

var snowplowEvents = jsonEvents{
	vendor:  VendorSnowplow,
	fields:  nil,
	batch:   "data",
	params:  snowplowLabels,
	label:   snowplowLabel,
	cookies: snowplowCookies,
	fill: func(ev *Event, key, v, param string, w *warnings) {
		switch key {
		case "e":
			ev.Name = snowplowEventName(v)
		case "aid":
			ev.PixelID = v
		case "url":
			ev.Page = v
		case "refr":
			ev.Referrer = v
		case "duid":
			addID(ev, "sp_duid", v, param, label{"Snowplow user ID for this browser on the site (_sp_id cookie)", DataBrowserID})
		case "nuid", "tnuid":
			addID(ev, "sp_nuid", v, param, label{"Snowplow collector's browser ID (its own cookie)", DataBrowserID})
		case "uid":
			addID(ev, "sp_uid", v, param, label{"the site's own user ID for the visitor (setUserId)", DataAccountID})
		case "sid":
			addID(ev, "sp_sid", v, param, label{"Snowplow session ID", DataBrowserID})
		case "se_ca", "se_ac", "se_la", "se_pr", "se_va", "tr_id", "tr_tt", "tr_cu", "ti_sk", "ti_nm", "ti_pr", "ti_qu":
			ev.Custom = append(ev.Custom, Custom{Key: key, Raw: v})
		case "ue_px", "cx":
			// Base64-encoded JSON: decoded into parameters of its own.
			if doc, enc := decodeJSONField(v); doc != nil && enc != "JSON" {
				for _, p := range jsonParams(param+".decoded", doc) {
					label{"decoded " + key + " (" + enc + "): " + strings.TrimPrefix(p.Name, param+".decoded."), snowplowJSONType(key)}.apply(&p)
					ev.Params = append(ev.Params, p)
				}
			} else if doc == nil {
				w.addf("%s: not base64-encoded JSON, kept as sent", param)
			}
		}
	},
	done: func(ev *Event, w *warnings) {
		if ev.Name == "" {
			ev.Name = "event"
		}
	},
	summary: func(ev *Event) string { return jsonSummary(ev, "Snowplow event") },
}

// snowplowJSONType is the type of the values of a JSON field: contexts
// describe the page and visitor; ue_px is an event's own data.
func snowplowJSONType(key string) DataType {
	if key == "cx" || key == "co" {
		return DataPageContent
	}
	return DataCustomEvent
}

// snowplowEventName names an e code.
func snowplowEventName(e string) string {
	switch e {
	case "pv":
		return "page view"
	case "pp":
		return "page ping"
	case "se":
		return "structured event"
	case "ue":
		return "self-describing event"
	case "tr":
		return "transaction"
	case "ti":
		return "transaction item"
	}
	return e
}

var snowplowLabels = labels{
	"e":      {"event type (pv page view, pp page ping, se structured, ue self-describing, tr/ti transaction)", DataEventName},
	"aid":    {"application ID (the site's tracker)", DataTrackerConfig},
	"p":      {"platform", DataDevice},
	"tv":     {"tracker version", DataTrackerConfig},
	"tna":    {"tracker namespace", DataTrackerConfig},
	"url":    {"page URL", DataPageURL},
	"page":   {"page title", DataPageContent},
	"refr":   {"referrer", DataReferrer},
	"duid":   {"user ID for this browser (_sp_id cookie)", DataBrowserID},
	"nuid":   {"collector's browser ID", DataBrowserID},
	"tnuid":  {"collector's browser ID", DataBrowserID},
	"uid":    {"the site's own user ID for the visitor", DataAccountID},
	"sid":    {"session ID", DataBrowserID},
	"vid":    {"visit count", DataTechnical},
	"eid":    {"event ID", DataTechnical},
	"dtm":    {"event time (ms, browser clock)", DataTechnical},
	"stm":    {"time sent (ms)", DataTechnical},
	"ttm":    {"true time (ms)", DataTechnical},
	"tz":     {"time zone", DataDevice},
	"lang":   {"browser language", DataDevice},
	"cs":     {"character set", DataTechnical},
	"res":    {"screen resolution", DataDevice},
	"vp":     {"viewport size", DataDevice},
	"ds":     {"document size", DataDevice},
	"cd":     {"colour depth", DataDevice},
	"cookie": {"cookies enabled", DataDevice},
	"f_pdf":  {"PDF plug-in", DataDevice},
	"f_fla":  {"Flash plug-in", DataDevice},
	"f_java": {"Java plug-in", DataDevice},
	"ip":     {"IP address (set by the tracker)", DataDevice},
	"ua":     {"user agent (set by the tracker)", DataDevice},
	"se_ca":  {"structured event category", DataCustomEvent},
	"se_ac":  {"structured event action", DataCustomEvent},
	"se_la":  {"structured event label", DataCustomEvent},
	"se_pr":  {"structured event property", DataCustomEvent},
	"se_va":  {"structured event value", DataCustomEvent},
	"ue_pr":  {"self-describing event (JSON)", DataCustomEvent},
	"ue_px":  {"self-describing event (base64-encoded JSON)", DataCustomEvent},
	"co":     {"contexts: entities describing the page and visitor (JSON)", DataPageContent},
	"cx":     {"contexts: entities describing the page and visitor (base64-encoded JSON)", DataPageContent},
	"tr_id":  {"order ID", DataPurchase},
	"tr_tt":  {"order total", DataPurchase},
	"tr_cu":  {"currency", DataPurchase},
	"tr_af":  {"affiliation", DataPurchase},
	"tr_tx":  {"tax", DataPurchase},
	"tr_sh":  {"shipping", DataPurchase},
	"tr_ci":  {"order city", DataPlainPersonal},
	"tr_st":  {"order state", DataPlainPersonal},
	"tr_co":  {"order country", DataPlainPersonal},
	"ti_id":  {"order ID", DataPurchase},
	"ti_sk":  {"item SKU", DataPurchase},
	"ti_nm":  {"item name", DataPurchase},
	"ti_ca":  {"item category", DataPurchase},
	"ti_pr":  {"item price", DataPurchase},
	"ti_qu":  {"item quantity", DataPurchase},
	"pp_mix": {"page ping: minimum horizontal scroll", DataTechnical},
	"pp_max": {"page ping: maximum horizontal scroll", DataTechnical},
	"pp_miy": {"page ping: minimum vertical scroll", DataTechnical},
	"pp_may": {"page ping: maximum vertical scroll", DataTechnical},
	"schema": {"payload schema", DataTechnical},
}

func snowplowLabel(key string) label {
	if l, ok := snowplowLabels[key]; ok {
		return l
	}
	return label{}
}

// snowplowCookies are Snowplow's cookies: the site's _sp_id.<hash> and
// _sp_ses.<hash>, and the collector's sp (its browser ID) when the
// collector shares the site's domain.
var snowplowCookies = []cookieSpec{
	{name: "_sp_id.", prefix: true, meaning: label{"Snowplow user ID and visit data (<duid>.<created>.<visits>…)", DataBrowserID}, id: "sp_duid", value: snowplowCookieID},
	{name: "_sp_ses.", prefix: true, meaning: label{"Snowplow session flag", DataTechnical}},
	{name: "sp", meaning: label{"Snowplow collector's browser ID (nuid)", DataBrowserID}, id: "sp_nuid"},
}

// snowplowCookieID returns the duid of an _sp_id cookie.
func snowplowCookieID(v string, _ *warnings) (string, []Fact) {
	id, _, _ := strings.Cut(v, ".")
	return id, nil
}

// snowplowGet decodes a GET /i hit on a Snowplow collector: the same
// fields as one event of a tp2 body, in the query.
var snowplowGet = queryPixel{
	vendor:  VendorSnowplow,
	labels:  snowplowLabels,
	cookies: snowplowCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			snowplowEvents.fill(ev, p.Name, p.Value, p.Name, w)
		}
		if ev.Name == "" {
			ev.Name = "event"
		}
	},
	summary: func(ev *Event) string { return jsonSummary(ev, "Snowplow event") },
}
