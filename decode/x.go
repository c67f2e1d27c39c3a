package decode

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes the X (Twitter) pixel: analytics.twitter.com/i/adsct
// and t.co/i/adsct (both fire for one event). txn_id names the pixel;
// events is a URL-encoded JSON array of [name, data] pairs, one [Event]
// each. Without txn_id, with a numeric p_id, an adsct request is an ad
// partner's cookie sync (the corpus's 2015–2017 captures). PROTOCOLS.md §6
// (vector X01), written from Omnibug's Twitter provider and Blacklight's
// reportTwitterPixel.
//
// The newer pixel (uwt.js 2.4, 2024–26) sends to /1/i/adsct on both
// hosts, its event data as one JSON object in event (often {}), twpid the
// first-party _twpid cookie (tw.<ms>.<random>) when the site enables
// first-party cookies, and the session in tw_session_id,
// tw_session_count and tw_session_start; tw_ch_fvl is the browser's
// client hints. Real requests of this form are in public snapshots of
// pages that carry the pixel (docs.langchain.com, 2026: version=2.4.11).

// decodeX decodes an adsct request.
func decodeX(e *har.Entry) ([]Event, error) {
	base := newVendorEvent(e, VendorX, KindEvent)
	var w warnings
	base.Params = requestParams(e, &w)
	applyLabels(base.Params, xLabels, nil)
	eff := effectiveParams(base.Params, &w)
	var events []jsontext.Value
	for _, p := range eff {
		switch p.Name {
		case "txn_id":
			base.PixelID = p.Value
		case "tw_document_href":
			base.Page = p.Value
		case "twclid":
			addID(&base, "twclid", p.Value, "param twclid", label{"X click ID: the visit followed a click on an X ad", DataClickID})
		case "twpid":
			addID(&base, "twpid", p.Value, "param twpid", label{"X browser ID for this site (_twpid first-party cookie: tw.<time>.<random>)", DataBrowserID})
		case "tw_session_id":
			addID(&base, "tw_session_id", p.Value, "param tw_session_id", label{"X pixel session ID for this site", DataBrowserID})
		case "event":
			// uwt.js 2.4: one event's data as a JSON object.
			v := jsontext.Value(p.Value).Clone()
			if err := v.Compact(jsonOpts); err != nil || v.Kind() != '{' {
				w.addf("event: not a JSON object, kept as sent")
				break
			}
			ms, _ := objectMembers(v)
			for _, m := range ms {
				c := Custom{Key: m.name, Raw: string(m.value), JSON: jsonValue(string(m.value))}
				if m.value.Kind() == '"' {
					c.Raw = jsonString(m.value)
				}
				base.Custom = append(base.Custom, c)
			}
		case "events":
			v := jsontext.Value(p.Value).Clone()
			if err := v.Compact(jsonOpts); err != nil || v.Kind() != '[' {
				w.addf("events: not a JSON array, kept as sent")
				break
			}
			events, _ = arrayElements(v)
		}
	}
	pid, user := value(eff, "p_id"), value(eff, "p_user_id")
	if base.PixelID == "" && pid != "" && pid != "Twitter" {
		base.Kind = KindRequest
		base.PixelID = pid
		addID(&base, "p_user_id", user, "param p_user_id", label{"the ad partner's ID for this browser, shared with X (cookie sync)", DataBrowserID})
		addVendorCookies(&base, e, xCookies, &w)
		base.Warnings = w.list
		base.Summary = "X ad-partner cookie sync: partner " + pid + " shares its ID " + strconv.Quote(user) + " for this browser"
		return []Event{base}, nil
	}
	if base.PixelID == "" {
		w.addf("no txn_id: the hit names no X pixel")
	}
	addVendorCookies(&base, e, xCookies, &w)
	if len(events) == 0 {
		base.Warnings = w.list
		base.Summary = xSummary(&base)
		return []Event{base}, nil
	}
	var evs []Event
	for i, pair := range events {
		ev := base
		ev.IDs = append([]ID(nil), base.IDs...)
		ev.Params = append([]Param(nil), base.Params...)
		lw := warnings{}
		for _, m := range w.list {
			lw.addf("%s", m)
		}
		elems, err := arrayElements(pair)
		if err != nil || pair.Kind() != '[' || len(elems) == 0 || elems[0].Kind() != '"' {
			lw.addf("events[%d] is not a [name, data] pair: %s", i, pair)
		} else {
			ev.Name = jsonString(elems[0])
			if len(elems) > 1 && elems[1].Kind() == '{' {
				ms, _ := objectMembers(elems[1])
				for _, m := range ms {
					c := Custom{Key: m.name, Raw: string(m.value), JSON: jsonValue(string(m.value))}
					if m.value.Kind() == '"' {
						c.Raw = jsonString(m.value)
					}
					ev.Custom = append(ev.Custom, c)
				}
			}
		}
		ev.Warnings = lw.list
		ev.Summary = xSummary(&ev)
		if len(events) > 1 {
			ev.Summary += " [event " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(events)) + " in one request]"
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// jsonString returns the text of a JSON string value.
func jsonString(v jsontext.Value) string {
	t, err := jsontext.NewDecoder(bytes.NewReader(v)).ReadToken()
	if err != nil {
		return string(v)
	}
	return form.ValidUTF8(t.String())
}

func xSummary(ev *Event) string {
	var parts []string
	for _, c := range ev.Custom {
		parts = append(parts, c.Key+"="+c.Raw)
	}
	eff := lastParams(ev.Params)
	if a := value(eff, "tw_sale_amount"); a != "" && a != "0" {
		parts = append(parts, "sale amount "+a)
	}
	what := "X pixel event"
	if ev.PixelID != "" {
		what += " for pixel " + ev.PixelID
	}
	if len(parts) > 0 {
		what += " (" + strings.Join(parts, ", ") + ")"
	}
	return summarise(ev.Name, what, ev.Page)
}

var xLabels = labels{
	"txn_id":            {"pixel ID (the advertiser's X pixel)", DataTrackerConfig},
	"p_id":              {"partner ID (Twitter for X's own pixel)", DataTrackerConfig},
	"p_user_id":         {"partner's user ID for this browser", DataBrowserID},
	"events":            {"events: JSON array of [name, data]", DataCustomEvent},
	"tw_sale_amount":    {"sale amount", DataPurchase},
	"tw_order_quantity": {"order quantity", DataPurchase},
	"tw_document_href":  {"page URL the hit was sent from", DataPageURL},
	"tw_iframe_status":  {"page is in an iframe (1 = yes)", DataTechnical},
	"tpx_cb":            {"JavaScript callback", DataTechnical},
	"dv":                {"device information", DataDevice},
	"event_id":          {"event ID, for de-duplication with the Conversions API", DataTechnical},
	"twclid":            {"X click ID", DataClickID},
	"bci":               {"browser cookie information (internal)", DataTechnical},
	"eci":               {"event counter (internal)", DataTechnical},
	"integration":       {"how the pixel was installed", DataTrackerConfig},
	"pl_id":             {"page-load ID", DataBrowserID},
	"type":              {"hit type", DataTechnical},
	"version":           {"pixel version", DataTrackerConfig},
	"event":             {"event data: a JSON object (uwt.js 2.4)", DataCustomEvent},
	"twpid":             {"X browser ID for this site (_twpid first-party cookie)", DataBrowserID},
	"tw_pid_src":        {"where twpid came from (1: the first-party cookie)", DataTechnical},
	"tw_session_id":     {"X pixel session ID", DataBrowserID},
	"tw_session_count":  {"sessions of this browser on the site", DataTechnical},
	"tw_session_start":  {"start of a new session (1)", DataTechnical},
	"tw_engaged_ms":     {"time engaged with the page (ms)", DataTechnical},
	"tw_ch_fvl":         {"client hints: browser brands and full versions", DataDevice},
}

// xCookies are X's cookies on twitter.com and t.co.
var xCookies = []cookieSpec{
	{name: "personalization_id", meaning: label{"X advertising browser ID", DataBrowserID}, id: "personalization_id"},
	{name: "guest_id", meaning: label{"X browser ID for a visitor who is not logged in", DataBrowserID}, id: "guest_id"},
	{name: "guest_id_ads", meaning: label{"X advertising guest ID", DataBrowserID}, id: "guest_id_ads"},
	{name: "guest_id_marketing", meaning: label{"X marketing guest ID", DataBrowserID}, id: "guest_id_marketing"},
	{name: "muc_ads", meaning: label{"X advertising browser ID", DataBrowserID}, id: "muc_ads"},
	{name: "twid", meaning: label{"X account ID of the logged-in user (u=<id>)", DataAccountID}, id: "twid"},
	{name: "auth_token", meaning: label{"X login session of a logged-in user", DataLoginSession}, id: "auth_token"},
	{name: "ct0", meaning: label{"X CSRF token", DataTechnical}},
}

// xRequest decodes other requests to X's hosts (widgets, the pixel's
// code).
var xRequest = vendorRequest(VendorX, "X (Twitter) request", xLabels, xCookies)
