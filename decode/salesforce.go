package decode

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes Salesforce's marketing trackers other than Pardot:
// the Salesforce DMP (Audience Studio, formerly Krux, bought in 2016),
// whose control tag (cdn.krxd.net/controltag?confid=<site>) sends page
// views to beacon.krxd.net/pixel.gif with the page, the site's page
// attributes (_kpa_…), the user attributes the site shares (_kua_…: IDs
// from its other tools, among them Adobe's aid and fid, and the site's
// own user ID), the browser's audience segments (kplt…) and the _kuid_
// cookie (Krux's browser ID); syncs that ID with partners through
// usermatch.gif and data.gif. Also Marketing Cloud Personalization
// (formerly Interaction Studio and Evergage, *.evergage.com) and
// Marketing Cloud's collect beacon (*.igodigital.com). Written from
// Salesforce's Audience Studio documentation of the control tag and its
// cookies (help.salesforce.com, "Audience Studio Cookies", "Control
// Tag") and the corpus's captures (cnn.com 2017 entries 27 to 281,
// nytimes.com 2015, theverge.com 2016); the prefixes' meanings are
// INFERRED from those captures where marked.

// decodeKrux decodes a beacon.krxd.net request.
func decodeKrux(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorSalesforce, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, kruxLabels, kruxLabel)
	eff := effectiveParams(ev.Params, &w)
	switch {
	case strings.HasPrefix(ev.Path, "/pixel.gif"):
		ev.Name = "page view (DMP)"
	case strings.HasPrefix(ev.Path, "/usermatch"):
		ev.Kind, ev.Name = KindRequest, ""
	case strings.HasPrefix(ev.Path, "/data.gif"):
		ev.Name = "partner data point"
	default:
		ev.Kind = KindRequest
	}
	for _, p := range eff {
		switch {
		case p.Name == "confid":
			ev.PixelID = p.Value
		case p.Name == "_kurl_" || p.Name == "_kcp_u":
			if ev.Page == "" {
				ev.Page = p.Value
			}
		case p.Name == "_kpref_":
			ev.Referrer = p.Value
		case p.Name == "_kua_aa_id":
			addID(&ev, "adobe_aid", p.Value, "param _kua_aa_id", label{"Adobe Analytics visitor ID of this browser, shared with Salesforce's DMP (inferred)", DataBrowserID})
		case p.Name == "_kua_af_id":
			addID(&ev, "adobe_fid", p.Value, "param _kua_af_id", label{"Adobe Analytics fallback visitor ID of this browser, shared with Salesforce's DMP (inferred)", DataBrowserID})
		case p.Name == "partner_uid" || p.Name == "partner_user_id":
			addID(&ev, "partner_uid", p.Value, "param "+p.Name, label{"a partner's ID for this browser, matched with Salesforce's _kuid_ (cookie sync)", DataBrowserID})
		case strings.HasPrefix(p.Name, "_kua_") && strings.HasSuffix(p.Name, "guid") && p.Value != "":
			addID(&ev, "krux_"+strings.TrimPrefix(p.Name, "_kua_"), p.Value, "param "+p.Name, label{"user ID the site shares with Salesforce's DMP (" + p.Name + ") (inferred)", DataAccountID})
		case strings.HasPrefix(p.Name, "_kpa_") && p.Value != "":
			ev.Custom = append(ev.Custom, Custom{Key: strings.TrimPrefix(p.Name, "_kpa_"), Raw: p.Value})
		}
	}
	addVendorCookies(&ev, e, kruxCookies, &w)
	ev.Warnings = w.list
	switch {
	case ev.Kind == KindRequest:
		what := "request"
		if strings.HasPrefix(ev.Path, "/usermatch") {
			what = "cookie sync with partner " + nameOr(value(eff, "partner"), value(eff, "partner_id"))
		}
		ev.Summary = "Salesforce DMP (Krux) " + what + ": " + genericSummary(&ev) + idsPhrase(ev.IDs)
	default:
		ev.Summary = pixelSummary(&ev, "Salesforce DMP (Krux)", "for site")
	}
	return []Event{ev}, nil
}

var kruxLabels = labels{
	"source":                 {"tag that sent the hit", DataTrackerConfig},
	"fired":                  {"what fired the hit", DataTechnical},
	"confid":                 {"configuration ID (the site's Salesforce DMP account)", DataTrackerConfig},
	"_kpid":                  {"publisher ID (inferred)", DataTrackerConfig},
	"_kcp_s":                 {"site name", DataPageContent},
	"_kcp_d":                 {"site domain", DataPageURL},
	"_kcp_sc":                {"site section", DataPageContent},
	"_kcp_ssc":               {"site subsection", DataPageContent},
	"_kurl_":                 {"page URL", DataPageURL},
	"_kpref_":                {"referrer", DataReferrer},
	"_knifr":                 {"frame flag (inferred)", DataTechnical},
	"geo_country":            {"visitor's country", DataDevice},
	"_kdpid":                 {"data-point ID (the partner's data feed)", DataTrackerConfig},
	"partner":                {"partner the IDs are matched with", DataTrackerConfig},
	"partner_id":             {"partner the IDs are matched with", DataTrackerConfig},
	"partner_uid":            {"the partner's ID for this browser", DataBrowserID},
	"partner_user_id":        {"the partner's ID for this browser", DataBrowserID},
	"userdata_user":          {"Salesforce DMP user IDs of this browser", DataBrowserID},
	"interchange_ran":        {"ID interchange ran", DataTechnical},
	"userdata_was_requested": {"user data requested", DataTechnical},
	"userdata_did_respond":   {"user data received", DataTechnical},
	"store_user_after":       {"user store key (inferred)", DataTechnical},
	"sview":                  {"single page view (inferred)", DataTechnical},
	"jsonp_requests":         {"requests the tag made and their times", DataTechnical},
	"_kua_kx_tz":             {"time-zone offset", DataDevice},
	"_kua_kx_lang":           {"browser language", DataDevice},
	"_kua_kx_geo_country":    {"visitor's country", DataDevice},
	"_kua_aa_id":             {"Adobe Analytics visitor ID (aid) (inferred)", DataBrowserID},
	"_kua_af_id":             {"Adobe Analytics fallback visitor ID (fid) (inferred)", DataBrowserID},
	"_kua_seg":               {"segment the partner puts the browser in (inferred)", DataBrowserID},
	"_kua_zip":               {"visitor's ZIP code (partner data)", DataPlainPersonal},
	"_kua_age":               {"visitor's age (partner data)", DataPlainPersonal},
	"_kua_gender":            {"visitor's gender (partner data)", DataPlainPersonal},
}

func kruxLabel(p Param) label {
	switch {
	case strings.HasPrefix(p.Name, "_kpa_"):
		return label{"page attribute the site sends: " + strings.TrimPrefix(p.Name, "_kpa_"), DataPageContent}
	case strings.HasPrefix(p.Name, "_kua_kx_tech_"):
		return label{"device data: " + strings.TrimPrefix(p.Name, "_kua_kx_tech_"), DataDevice}
	case strings.HasPrefix(p.Name, "_kua_"):
		return label{"user attribute the site shares: " + strings.TrimPrefix(p.Name, "_kua_") + " (inferred)", DataCustomEvent}
	case strings.HasPrefix(p.Name, "kplt"):
		return label{"audience segment of this browser (inferred)", DataBrowserID}
	case strings.HasPrefix(p.Name, "t_"):
		return label{"page timing: " + strings.TrimPrefix(p.Name, "t_"), DataTechnical}
	case strings.HasPrefix(p.Name, "_k_"):
		return label{"partner key " + p.Name + " (inferred)", DataTechnical}
	case len(p.Name) <= 4 && p.Value == "NA":
		return label{"partner data field (empty: NA) (inferred)", DataTechnical}
	}
	return label{}
}

// kruxCookies are the Salesforce DMP's cookies on krxd.net.
var kruxCookies = []cookieSpec{
	{name: "_kuid_", meaning: label{"Salesforce DMP (Krux) browser ID: identifies this browser across every site with the control tag", DataBrowserID}, id: "krux_uid"},
	{name: "_kuid", meaning: label{"Salesforce DMP (Krux) browser ID", DataBrowserID}, id: "krux_uid"},
}

// salesforceRequest decodes Salesforce's other tracking requests (the
// control tag, Personalization, Marketing Cloud's collect).
var salesforceRequest = partnerRequest{
	vendor:  VendorSalesforce,
	company: "Salesforce",
	labels:  kruxLabels,
	label:   kruxLabel,
	cookies: kruxCookies,
	describe: pathDescriber("/controltag", "DMP control tag load", "/userdata", "DMP user data request", "/cookie2json", "DMP cookie check",
		"/optout_check", "DMP opt-out check", "/usermatch", "DMP cookie sync", "/um", "DMP cookie sync", "/api2/event", "Personalization event",
		"/c2", "Marketing Cloud collect call"),
}
