package decode

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes Adobe Audience Manager (AAM), Adobe's data-management
// platform on *.demdex.net, and the Experience Cloud ID service it hosts:
// dpm.demdex.net/id returns and refreshes the browser's ECID (d_mid) for
// the site's Adobe organisation (d_orgid), with the site's declared
// customer IDs in d_cid_ic (integration code, \x01, ID, \x01, state);
// /ibs:dpid=<partner>&dpuuid=<partner's ID> is a cookie sync in which a
// data partner tells Adobe its ID for the browser (its parameters follow
// a colon in the path); /event sends audience signals; the demdex cookie
// on demdex.net is Adobe's browser ID across every site with Audience
// Manager. Written from Adobe's Audience Manager documentation on
// Experience League (the DCS API's keys; the syntax of ID-sync calls) and
// Omnibug's AdobeAudienceManager
// provider (src/providers/AdobeAudienceManager.js), whose test request is
// a fixture, and the corpus's captures (cnet.com 2018, verizonwireless.com
// 2018, cnn.com 2017).

// decodeDemdex decodes a demdex.net request.
func decodeDemdex(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorAdobeAudienceManager, KindRequest)
	var w warnings
	ev.Params = requestParams(e, &w)
	if rest, ok := strings.CutPrefix(ev.Path, "/ibs:"); ok {
		ev.Params = append(parseQuery(rest, InQuery, &w), ev.Params...)
	}
	applyLabels(ev.Params, demdexLabels, func(p Param) label {
		if strings.HasPrefix(p.Name, "c_") {
			return label{"customer attribute the site sends: " + strings.TrimPrefix(p.Name, "c_"), DataCustomEvent}
		}
		if strings.HasPrefix(p.Name, "p_") {
			return label{"private attribute the site sends: " + strings.TrimPrefix(p.Name, "p_"), DataCustomEvent}
		}
		return adtechLabel(p)
	})
	// Not effectiveParams: d_cid_ic is repeated by design, one per
	// declared ID.
	eff := lastParams(ev.Params)
	for _, p := range ev.Params {
		if p.In == InCookie {
			continue
		}
		switch p.Name {
		case "d_orgid":
			ev.PixelID = p.Value
		case "d_mid", "mid":
			addID(&ev, "adobe_mid", p.Value, "param "+p.Name, label{"Adobe Experience Cloud ID (ECID) of this browser", DataBrowserID})
		case "dpuuid":
			addID(&ev, "demdex_dpuuid_"+value(eff, "dpid"), p.Value, "param dpuuid", label{"data partner " + value(eff, "dpid") + "'s ID for this browser, given to Adobe (ID sync)", DataBrowserID})
		case "d_uuid", "uuid":
			addID(&ev, "demdex", p.Value, "param "+p.Name, label{"Adobe Audience Manager browser ID (demdex cookie)", DataBrowserID})
		case "d_cid_ic", "d_cid":
			code, rest, _ := strings.Cut(p.Value, "\x01")
			id, _, _ := strings.Cut(rest, "\x01")
			if code == "AVID" {
				addID(&ev, "adobe_aid", id, "param "+p.Name, label{"Adobe Analytics visitor ID (aid), declared to Audience Manager", DataBrowserID})
			} else if id != "" {
				addID(&ev, "demdex_cid_"+code, id, "param "+p.Name, label{"customer ID the site declared to Adobe under integration code " + code, DataAccountID})
			}
		}
	}
	addVendorCookies(&ev, e, demdexCookies, &w)
	what := "request"
	switch {
	case strings.HasPrefix(ev.Path, "/ibs"):
		what = "ID sync with data partner " + value(eff, "dpid")
	case strings.HasPrefix(ev.Path, "/id"):
		what = "Experience Cloud ID call"
	case strings.HasPrefix(ev.Path, "/event"):
		what = "audience signal (DCS event)"
	case strings.HasPrefix(ev.Path, "/dest"):
		what = "ID-sync frame"
	case strings.HasPrefix(ev.Path, "/demconf"):
		what = "cookie check"
	}
	ev.Summary = "Adobe Audience Manager " + what + ": " + genericSummary(&ev) + idsPhrase(ev.IDs)
	ev.Warnings = w.list
	return []Event{ev}, nil
}

var demdexLabels = labels{
	"d_orgid":       {"Adobe organisation ID (the site's Adobe account)", DataTrackerConfig},
	"d_mid":         {"Experience Cloud ID (ECID)", DataBrowserID},
	"d_visid_ver":   {"ID service version", DataTrackerConfig},
	"d_fieldgroup":  {"field group (MC: Experience Cloud, AAM: Audience Manager)", DataTechnical},
	"d_rtbd":        {"response format", DataTechnical},
	"d_ver":         {"API version", DataTechnical},
	"d_nsid":        {"namespace ID", DataTrackerConfig},
	"d_blob":        {"Audience Manager blob: encrypted audience data about this browser", DataBrowserID},
	"d_cid_ic":      {"declared customer ID: integration code, ID and authentication state", DataAccountID},
	"d_cid":         {"declared customer ID: data source, ID and authentication state", DataAccountID},
	"d_uuid":        {"Audience Manager browser ID (demdex cookie)", DataBrowserID},
	"d_cts":         {"return traits and segments", DataTechnical},
	"d_dst":         {"return destinations", DataTechnical},
	"d_caller":      {"caller", DataTechnical},
	"d_coppa":       {"COPPA (child-directed) flag", DataConsent},
	"d_ptfm":        {"platform", DataDevice},
	"d_coop_safe":   {"device co-op opt-in", DataConsent},
	"d_coop_unsafe": {"device co-op opt-out", DataConsent},
	"dpid":          {"data partner ID (the company syncing its ID)", DataTrackerConfig},
	"dpuuid":        {"data partner's ID for this browser", DataBrowserID},
	"redir":         {"where the browser is sent next", DataTechnical},
	"ts":            {"time (ms)", DataTechnical},
}

// demdexCookies are Audience Manager's cookies on demdex.net.
var demdexCookies = []cookieSpec{
	{name: "demdex", meaning: label{"Adobe Audience Manager browser ID: identifies this browser across every site with Audience Manager", DataBrowserID}, id: "demdex"},
	{name: "dpm", meaning: label{"Adobe Audience Manager: dpm.demdex.net was visited", DataTechnical}},
	{name: "dextp", meaning: label{"Adobe Audience Manager: when each ID sync last ran", DataTechnical}},
	{name: "dst", meaning: label{"Adobe Audience Manager: destination errors", DataTechnical}},
}
