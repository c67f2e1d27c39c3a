package decode

import (
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes Matomo (formerly Piwik), the open-source analytics
// that sites host themselves or rent as Matomo Cloud (<name>.matomo.cloud).
// matomo.js sends each hit to <server>/matomo.php (or piwik.php) with
// idsite the site's ID, url and action_name the page and its title, urlref
// the referrer, _id the visitor ID (the _pk_id cookie), uid the site's own
// user ID, and e_c/e_a/e_n events, search site searches, idgoal goals and
// ec_* e-commerce orders; a POST may batch hits as {"requests": ["?…",
// …]}. Because the server is the site's own, /matomo.php and /piwik.php
// are routed on any host. Written from Matomo's Tracking HTTP API
// reference (https://developer.matomo.org/api-reference/tracking-api) and
// Omnibug's Matomo provider (src/providers/Matomo.js), whose test
// requests are fixtures.

// decodeMatomo decodes one tracking request: one hit, or one event per
// hit of a bulk request.
func decodeMatomo(e *har.Entry) ([]Event, error) {
	var w warnings
	query := queryParams(e, &w)
	body, hasBody := bodyText(e, &w)
	if hasBody && looksJSON(body) {
		doc := compactJSON(body)
		if doc == nil || doc.Kind() != '{' {
			w.addf("bulk body is not a JSON object: kept as sent")
			return []Event{matomoEvent(e, append(query, Param{Name: "(body)", Value: form.ValidUTF8(body), Label: "bulk request body, not readable", In: InBody, Type: DataUndecodedBody}), &w)}, nil
		}
		var hits []jsontext.Value
		var shared []Param
		ms, _ := objectMembers(doc)
		for _, m := range ms {
			if m.name == "requests" && m.value.Kind() == '[' {
				hits, _ = arrayElements(m.value)
				continue
			}
			shared = append(shared, Param{Name: m.name, Value: clarityScalar(m.value), In: InBody})
		}
		var evs []Event
		for i, h := range hits {
			lw := warnings{}
			for _, m := range w.list {
				lw.addf("%s", m)
			}
			q := strings.TrimPrefix(jsonString(h), "?")
			if _, rest, ok := strings.Cut(q, "?"); ok && strings.Contains(q[:strings.Index(q, "?")], "/") {
				q = rest // a full URL rather than a query
			}
			ps := slices.Concat(query, parseQuery(q, InBody, &lw))
			ps = append(ps, shared...)
			ev := matomoEvent(e, ps, &lw)
			ev.Summary += " [hit " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(hits)) + " in one bulk request]"
			evs = append(evs, ev)
		}
		if len(evs) == 0 {
			w.addf("bulk body has no requests")
			return []Event{matomoEvent(e, append(query, jsonParams("", doc)...), &w)}, nil
		}
		return evs, nil
	}
	return []Event{matomoEvent(e, append(query, bodyParams(&e.Request, &w)...), &w)}, nil
}

// matomoEvent builds the event of one hit.
func matomoEvent(e *har.Entry, ps []Param, w *warnings) Event {
	ev := newVendorEvent(e, VendorMatomo, KindEvent)
	ev.Params = ps
	applyLabels(ev.Params, matomoLabels, matomoLabel)
	eff := effectiveParams(ev.Params, w)
	ev.Name = "page view"
	for _, p := range eff {
		switch {
		case p.Name == "idsite":
			ev.PixelID = p.Value
		case p.Name == "url":
			ev.Page = p.Value
		case p.Name == "urlref":
			ev.Referrer = p.Value
		case p.Name == "_id":
			addID(&ev, "_pk_id", p.Value, "param _id", label{"Matomo visitor ID for this browser (_pk_id cookie on the site)", DataBrowserID})
		case p.Name == "cid":
			addID(&ev, "matomo_cid", p.Value, "param cid", label{"visitor ID the site forces for this visitor (cid)", DataBrowserID})
		case p.Name == "uid":
			addID(&ev, "matomo_uid", p.Value, "param uid", label{"the site's own user ID for the visitor (setUserId)", DataAccountID})
		case p.Name == "action_name" && p.Value != "":
			ev.Custom = append(ev.Custom, Custom{Key: "action_name", Raw: p.Value})
		case strings.HasPrefix(p.Name, "dimension") || strings.HasPrefix(p.Name, "e_") || strings.HasPrefix(p.Name, "ec_") ||
			p.Name == "search" || p.Name == "search_cat" || p.Name == "revenue" || p.Name == "_cvar" || p.Name == "cvar" ||
			strings.HasPrefix(p.Name, "c_") || p.Name == "link" || p.Name == "download":
			if p.Value != "" {
				ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value, JSON: jsonValue(p.Value)})
			}
		}
	}
	has := func(n string) bool { return lastValue(eff, n) != "" }
	switch {
	case has("ping"):
		ev.Name = "heartbeat (time on page)"
	case has("e_c") || has("e_a"):
		ev.Name = "event"
	case has("search"):
		ev.Name = "site search"
	case has("ec_id") || has("ec_items") && lastValue(eff, "idgoal") == "0":
		ev.Name = "e-commerce order or cart"
	case lastValue(eff, "idgoal") != "":
		ev.Name = "goal conversion"
	case has("download"):
		ev.Name = "download"
	case has("link"):
		ev.Name = "outlink click"
	case has("c_n") || has("c_i"):
		ev.Name = "content interaction"
	case has("ma_id"):
		ev.Name = "media"
	}
	if ev.PixelID == "" {
		w.addf("no idsite: the hit names no Matomo site")
	}
	addVendorCookies(&ev, e, matomoCookies, w)
	ev.Warnings = w.list
	ev.Summary = pixelSummary(&ev, "Matomo", "for site")
	return ev
}

var matomoLabels = labels{
	"idsite":       {"site ID (the site's Matomo site)", DataTrackerConfig},
	"rec":          {"record the hit (1)", DataTechnical},
	"action_name":  {"page title or action name", DataPageContent},
	"url":          {"page URL", DataPageURL},
	"urlref":       {"referrer", DataReferrer},
	"_id":          {"visitor ID (_pk_id cookie)", DataBrowserID},
	"cid":          {"visitor ID forced by the site", DataBrowserID},
	"uid":          {"the site's own user ID for the visitor", DataAccountID},
	"_idts":        {"first visit time (Unix seconds)", DataTechnical},
	"_idvc":        {"number of visits", DataTechnical},
	"_idn":         {"new visitor (1)", DataTechnical},
	"_refts":       {"time of the referral (Unix seconds)", DataTechnical},
	"_ref":         {"referrer of the first visit (campaign attribution)", DataReferrer},
	"_rcn":         {"campaign name of the first visit", DataAdCampaign},
	"_rck":         {"campaign keyword of the first visit", DataAdCampaign},
	"_viewts":      {"last visit time (Unix seconds)", DataTechnical},
	"_ects":        {"last e-commerce order time (Unix seconds)", DataTechnical},
	"r":            {"cache buster", DataTechnical},
	"h":            {"local hour", DataDevice},
	"m":            {"local minute", DataDevice},
	"s":            {"local second", DataDevice},
	"cs":           {"page character set", DataTechnical},
	"send_image":   {"answer with an image (1)", DataTechnical},
	"res":          {"screen resolution", DataDevice},
	"cookie":       {"cookies enabled", DataDevice},
	"pdf":          {"PDF plug-in", DataDevice},
	"qt":           {"QuickTime plug-in", DataDevice},
	"realp":        {"RealPlayer plug-in", DataDevice},
	"wma":          {"Windows Media plug-in", DataDevice},
	"dir":          {"Director plug-in", DataDevice},
	"fla":          {"Flash plug-in", DataDevice},
	"java":         {"Java plug-in", DataDevice},
	"gears":        {"Gears plug-in", DataDevice},
	"ag":           {"Silverlight plug-in", DataDevice},
	"gt_ms":        {"page generation time (ms)", DataTechnical},
	"pv_id":        {"page-view ID", DataTechnical},
	"ua":           {"user agent override", DataDevice},
	"uadata":       {"client hints (JSON)", DataDevice},
	"lang":         {"browser language override", DataDevice},
	"cip":          {"visitor's IP address (set by the server)", DataDevice},
	"cdt":          {"time of the hit (set by the server)", DataTechnical},
	"country":      {"country override", DataDevice},
	"region":       {"region override", DataDevice},
	"city":         {"city override", DataDevice},
	"lat":          {"latitude override", DataDevice},
	"long":         {"longitude override", DataDevice},
	"new_visit":    {"force a new visit (1)", DataTechnical},
	"ping":         {"heartbeat (1): measures time on page", DataTechnical},
	"e_c":          {"event category", DataCustomEvent},
	"e_a":          {"event action", DataCustomEvent},
	"e_n":          {"event name", DataCustomEvent},
	"e_v":          {"event value", DataCustomEvent},
	"search":       {"site search words", DataSearchTerms},
	"search_cat":   {"site search category", DataSearchTerms},
	"search_count": {"number of search results", DataSearchTerms},
	"idgoal":       {"goal ID (0: an e-commerce order)", DataPurchase},
	"revenue":      {"revenue", DataPurchase},
	"ec_id":        {"order ID", DataPurchase},
	"ec_items":     {"order or cart items (JSON)", DataPurchase},
	"ec_st":        {"order subtotal", DataPurchase},
	"ec_tx":        {"order tax", DataPurchase},
	"ec_sh":        {"order shipping", DataPurchase},
	"ec_dt":        {"order discount", DataPurchase},
	"_pkc":         {"product category viewed", DataPurchase},
	"_pkp":         {"product price viewed", DataPurchase},
	"_pks":         {"product SKU viewed", DataPurchase},
	"_pkn":         {"product name viewed", DataPurchase},
	"link":         {"outlink clicked (URL)", DataButtonText},
	"download":     {"file downloaded (URL)", DataButtonText},
	"c_n":          {"content name", DataPageContent},
	"c_p":          {"content piece", DataPageContent},
	"c_t":          {"content target", DataPageContent},
	"c_i":          {"content interaction", DataButtonText},
	"_cvar":        {"custom variables (JSON)", DataCustomEvent},
	"cvar":         {"page custom variables (JSON)", DataCustomEvent},
	"bots":         {"track bots (1)", DataTechnical},
	"token_auth":   {"the site's API token (should not be in a browser request)", DataTrackerConfig},
	"ca":           {"not a page view (custom action)", DataTechnical},
	"pf_net":       {"network time (ms)", DataTechnical},
	"pf_srv":       {"server time (ms)", DataTechnical},
	"pf_tfr":       {"transfer time (ms)", DataTechnical},
	"pf_dm1":       {"DOM processing time (ms)", DataTechnical},
	"pf_dm2":       {"DOM completion time (ms)", DataTechnical},
	"pf_onl":       {"onload time (ms)", DataTechnical},
	"_gcl_aw":      {"Google Ads click ID", DataClickID},
}

func matomoLabel(p Param) label {
	switch {
	case strings.HasPrefix(p.Name, "dimension"):
		return label{"custom dimension " + strings.TrimPrefix(p.Name, "dimension") + " (its meaning is the site's own)", DataCustomEvent}
	case strings.HasPrefix(p.Name, "ma_"):
		return label{"media analytics field " + p.Name, DataPageContent}
	case strings.HasPrefix(p.Name, "fa_"):
		return label{"form analytics field " + p.Name + " (the form and how it was filled in)", DataFormFieldNames}
	case strings.HasPrefix(p.Name, "hsr_") || p.Name == "hsr":
		return label{"heatmap and session recording field " + p.Name, DataUndecodedBody}
	}
	return label{}
}

// matomoCookies are Matomo's cookies (first-party: they reach a
// self-hosted Matomo on the site's domain).
var matomoCookies = []cookieSpec{
	{name: "_pk_id.", prefix: true, meaning: label{"Matomo visitor ID cookie (<visitor ID>.<first visit time>)", DataBrowserID}, id: "_pk_id", value: matomoCookieID},
	{name: "_pk_ses.", prefix: true, meaning: label{"Matomo session flag", DataTechnical}},
	{name: "_pk_ref.", prefix: true, meaning: label{"Matomo: the referrer of the first visit", DataReferrer}},
	{name: "_pk_cvar.", prefix: true, meaning: label{"Matomo custom variables", DataCustomEvent}},
	{name: "_pk_hsr.", prefix: true, meaning: label{"Matomo heatmap and session recording flag", DataTechnical}},
	{name: "mtm_consent", meaning: label{"Matomo: the visitor consented to tracking", DataConsent}},
	{name: "mtm_consent_removed", meaning: label{"Matomo: the visitor withdrew consent", DataConsent}},
	{name: "mtm_cookie_consent", meaning: label{"Matomo: the visitor consented to cookies", DataConsent}},
	{name: "MATOMO_SESSID", meaning: label{"Matomo session of a user of Matomo's own interface", DataLoginSession}},
}

// matomoCookieID returns the visitor ID of a _pk_id cookie, as _id sends
// it.
func matomoCookieID(v string, _ *warnings) (string, []Fact) {
	id, _, _ := strings.Cut(v, ".")
	return id, nil
}

// matomoRequest decodes other requests to Matomo Cloud (matomo.js, the
// tag manager's containers).
var matomoRequest = vendorRequest(VendorMatomo, "Matomo request", matomoLabels, matomoCookies)
