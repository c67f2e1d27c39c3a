package decode

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes Taboola, the content-recommendation network. On a
// publisher's page, the widget (cdn.taboola.com/libtrc/<publisher>/
// loader.js) asks trc.taboola.com/<publisher>/trc/3/json for
// recommendations, sending the page (u), its type (it) and ID (ii), the
// viewer (vi) and Taboola's user ID (ui) as JSON in data, then logs
// which recommendations were available, visible and clicked
// (…/log/3/available, visible, click). On an advertiser's page the
// Taboola Pixel (cdn.taboola.com/libtrc/unip/<advertiser>/tfa.js, or its
// <img> fallback) sends events to trc.taboola.com/<advertiser>/log/3/unip
// (or trc-events.taboola.com) with en the event (page_view, lead,
// make_purchase …). The t_gid cookie on taboola.com identifies the
// browser across sites. Written from Taboola's pixel code as it
// publishes it to advertisers (the <img src=".../log/3/unip?en=page_view">
// fallback, seen in many public pages), Taboola's cookie notice
// (https://www.taboola.com/policies/cookie-policy) and the corpus's
// captures (cnet.com 2018 entries 167 to 251); the meanings of the short
// fields are INFERRED from those and labelled so.

// decodeTaboola decodes a trc.taboola.com or trc-events.taboola.com
// request.
func decodeTaboola(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorTaboola, KindRequest)
	var w warnings
	ev.Params = requestParams(e, &w)
	// The recommendation request carries its facts as JSON in data.
	if i := paramIndex(ev.Params, "data"); i >= 0 {
		if doc, _ := decodeJSONField(ev.Params[i].Value); doc != nil {
			ev.Params = append(ev.Params, jsonParams("data", doc)...)
		}
	}
	applyLabels(ev.Params, taboolaLabels, nil)
	parts := strings.Split(strings.Trim(ev.Path, "/"), "/")
	account := ""
	if len(parts) > 0 {
		account = parts[0]
	}
	ev.PixelID = account
	eff := effectiveParams(ev.Params, &w)
	for _, p := range eff {
		switch p.Name {
		case "data.u", "item-url":
			ev.Page = p.Value
		case "ref", "data.r":
			if ev.Referrer == "" && strings.Contains(p.Value, "/") {
				ev.Referrer = p.Value
			}
		case "ui", "data.ui":
			if p.Value != "" && p.Value != "null" {
				addID(&ev, "taboola_ui", p.Value, "param "+p.Name, label{"Taboola user ID for this browser (t_gid cookie) (inferred)", DataBrowserID})
			}
		case "vi", "data.vi":
			addID(&ev, "taboola_vi", p.Value, "param "+p.Name, label{"Taboola viewer ID: the page view (inferred)", DataTechnical})
		}
	}
	what := "request"
	switch {
	case strings.Contains(ev.Path, "/log/3/unip"):
		ev.Kind = KindEvent
		ev.Name = nameOr(value(eff, "en"), "event")
		what = "pixel event"
	case strings.Contains(ev.Path, "/trc/3/json"):
		what = "recommendation request"
	case strings.Contains(ev.Path, "/log/3/"):
		what = "widget log (" + lastSegment(ev.Path) + ")"
	}
	addVendorCookies(&ev, e, taboolaCookies, &w)
	ev.Warnings = w.list
	if ev.Kind == KindEvent {
		ev.Summary = pixelSummary(&ev, "Taboola Pixel", "for account")
	} else {
		ev.Summary = "Taboola " + what + " for publisher " + account + ": " + genericSummary(&ev) + idsPhrase(ev.IDs) + pageSuffix(ev.Page)
	}
	return []Event{ev}, nil
}

var taboolaLabels = labels{
	"en":        {"event name (page_view, lead, make_purchase …)", DataEventName},
	"tim":       {"local time (inferred)", DataDevice},
	"item-url":  {"page URL (inferred)", DataPageURL},
	"item-id":   {"page ID (inferred)", DataPageContent},
	"ref":       {"referrer (inferred)", DataReferrer},
	"ui":        {"Taboola user ID (inferred)", DataBrowserID},
	"vi":        {"viewer ID (inferred)", DataTechnical},
	"cv":        {"library version", DataTrackerConfig},
	"tos":       {"time on page (s) (inferred)", DataTechnical},
	"revenue":   {"revenue", DataPurchase},
	"currency":  {"currency", DataPurchase},
	"orderid":   {"order ID", DataPurchase},
	"quantity":  {"quantity", DataPurchase},
	"data":      {"recommendation request (JSON), read into the data.… parameters", DataTechnical},
	"data.u":    {"page URL (inferred)", DataPageURL},
	"data.ii":   {"page ID (inferred)", DataPageContent},
	"data.it":   {"page type (inferred)", DataPageContent},
	"data.ui":   {"Taboola user ID (inferred)", DataBrowserID},
	"data.uifp": {"user fingerprint (inferred)", DataDevice},
	"data.vi":   {"viewer ID (inferred)", DataTechnical},
	"data.cv":   {"library version", DataTrackerConfig},
	"data.ul":   {"browser languages (inferred)", DataDevice},
	"data.bw":   {"browser width (inferred)", DataDevice},
	"data.sw":   {"screen width (inferred)", DataDevice},
	"data.sh":   {"screen height (inferred)", DataDevice},
	"data.cos":  {"connection type (inferred)", DataDevice},
	"data.bad":  {"ad-blocker detected (inferred)", DataDevice},
	"data.sd":   {"session data (inferred)", DataBrowserID},
	"data.r":    {"placements requested (inferred)", DataTechnical},
}

// taboolaCookies are Taboola's cookies on taboola.com.
var taboolaCookies = []cookieSpec{
	{name: "t_gid", meaning: label{"Taboola browser ID: identifies this browser across every site with Taboola", DataBrowserID}, id: "taboola_ui"},
	{name: "t_pt_gid", meaning: label{"Taboola browser ID (pixel)", DataBrowserID}, id: "taboola_ui"},
	{name: "taboola_session_id", meaning: label{"Taboola session ID", DataBrowserID}},
	{name: "taboola_fp_td_user_id", meaning: label{"Taboola user ID from a fingerprint or partner (inferred)", DataBrowserID}},
}

// taboolaLibrary returns the account of /libtrc/<publisher>/loader.js
// or /libtrc/unip/<advertiser>/tfa.js.
func taboolaLibrary(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) >= 3 && parts[0] == "libtrc" && parts[1] == "unip":
		return parts[2]
	case len(parts) >= 3 && parts[0] == "libtrc" && parts[1] != "static":
		return parts[1]
	}
	return ""
}
