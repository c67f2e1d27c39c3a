package decode

import (
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes Adobe Analytics (formerly Omniture SiteCatalyst):
// image requests to /b/ss/<report suites>/<0|1|10|11>/<library version>/
// <cache buster>, the variables in the query or in an urlencoded POST
// body. They go to Adobe's hosts (*.sc.omtrdc.net, *.2o7.net) or, far
// more often, to a first-party CNAME of the site (metrics.cnn.com,
// smetrics.ryanair.com, saa.cbsi.com in the corpus), which is why /b/ss/
// is routed on any host. pageName and g name the page; events, products,
// the props (c1–c75) and eVars (v1–v250) are the site's own variables;
// mid, aid, fid and vid identify the browser. Context data is sent as a
// dot stack ("c.&a.&activitymap.&page=…&.activitymap&.a&.c" is
// c.a.activitymap.page), and declared customer IDs as
// cid.<namespace>.id. Written from Adobe's documentation of the query
// parameters
// (https://experienceleague.adobe.com/en/docs/analytics/implementation/validate/query-parameters)
// and of the Experience Cloud ID
// (https://experienceleague.adobe.com/en/docs/id-service/using/intro/cookies),
// and Omnibug's AdobeAnalytics provider (src/providers/AdobeAnalytics.js).
//
// Other requests to *.omtrdc.net (Adobe Target's mbox calls,
// <client>.tt.omtrdc.net) are decoded by adobeOtherRequest.

// decodeAdobeAnalytics decodes one /b/ss/ hit.
func decodeAdobeAnalytics(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorAdobeAnalytics, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	// Context data keys are a stack of prefixes: "c." pushes "c.", ".c"
	// pops it; each parameter between is labelled with its full key.
	var stack []string
	full := make([]string, len(ev.Params))
	for i := range ev.Params {
		p := &ev.Params[i]
		if p.In == InCookie {
			continue
		}
		switch {
		case strings.HasSuffix(p.Name, ".") && p.Name != ".":
			stack = append(stack, p.Name)
			label{"context data: opens the group " + strings.Join(stack, ""), DataTechnical}.apply(p)
			continue
		case strings.HasPrefix(p.Name, ".") && len(stack) > 0:
			label{"context data: closes the group " + strings.Join(stack, ""), DataTechnical}.apply(p)
			stack = stack[:len(stack)-1]
			continue
		}
		full[i] = strings.Join(stack, "") + p.Name
		if len(stack) > 0 {
			adobeContextLabel(full[i], p.Value).apply(p)
		} else if l, ok := adobeLabels[p.Name]; ok {
			l.apply(p)
		} else {
			adobeVariableLabel(p.Name).apply(p)
		}
		if strings.HasPrefix(p.Value, "D=") {
			p.Label += " (D=…: Adobe copies the value from another variable or header on its servers)"
		}
	}
	rsid, version := adobePath(ev.Path)
	ev.PixelID = rsid
	custom := func(c Custom) {
		if setCustom(&ev, c) {
			w.addf("%s sent more than once: the last value is shown", c.Key)
		}
	}
	pe := ""
	for i, p := range ev.Params {
		if p.In == InCookie {
			continue
		}
		v := p.Value
		switch {
		case full[i] == "pe":
			pe = v
		case full[i] == "pageName" || full[i] == "gn":
			custom(Custom{Key: "pageName", Raw: v})
		case full[i] == "g":
			ev.Page = v
		case full[i] == "r":
			ev.Referrer = v
		case full[i] == "mid":
			addID(&ev, "adobe_mid", v, "param mid", label{"Adobe Experience Cloud ID (ECID, the AMCV_ cookie on the site): identifies this browser to every Adobe product on the site", DataBrowserID})
		case full[i] == "aid":
			addID(&ev, "adobe_aid", v, "param aid", label{"Adobe Analytics legacy visitor ID (s_vi cookie)", DataBrowserID})
		case full[i] == "fid":
			addID(&ev, "adobe_fid", v, "param fid", label{"Adobe Analytics fallback visitor ID (s_fid cookie on the site)", DataBrowserID})
		case full[i] == "vid":
			addID(&ev, "adobe_vid", v, "param vid", label{"custom visitor ID the site itself sets (s.visitorID), usually from its own customer records", DataAccountID})
		case strings.HasPrefix(full[i], "cid.") && strings.HasSuffix(full[i], ".id"):
			ns := strings.TrimSuffix(strings.TrimPrefix(full[i], "cid."), ".id")
			addID(&ev, "adobe_cid_"+ns, v, "param "+full[i], label{"customer ID the site declared to Adobe in the namespace " + strconv.Quote(ns), DataAccountID})
		case full[i] == "events" || full[i] == "products" || full[i] == "purchaseID" || full[i] == "xact" || adobeIsVariable(full[i]):
			if !strings.HasPrefix(v, "D=") && v != "" {
				custom(Custom{Key: adobeVariableName(full[i]), Raw: v})
			}
		case strings.HasPrefix(full[i], "c.") && v != "":
			custom(Custom{Key: full[i], Raw: v})
		}
	}
	ev.Name = adobeHitType(pe)
	if rsid == "" {
		w.addf("no report suite in the path (/b/ss/<rsid>/…): the hit names no Adobe account")
	}
	if version != "" {
		ev.Params = append(ev.Params, Param{Name: "(library)", Value: version, Label: "AppMeasurement library version, from the path", In: InQuery, Type: DataTrackerConfig})
	}
	addVendorCookies(&ev, e, adobeCookies, &w)
	ev.Warnings = w.list
	ev.Summary = adobeSummary(&ev)
	return []Event{ev}, nil
}

// adobePath returns the report suites and the library version of a
// /b/ss/<rsids>/<n>/<version>/<cache buster> path.
func adobePath(path string) (rsid, version string) {
	rest, ok := strings.CutPrefix(path, "/b/ss/")
	if !ok {
		return "", ""
	}
	parts := strings.Split(rest, "/")
	rsid = parts[0]
	if len(parts) > 2 {
		version = parts[2]
	}
	if u, ok := form.Unescape(rsid, false); ok {
		rsid = u
	}
	return rsid, version
}

// adobeHitType names the hit from pe (the link type of s.tl()).
func adobeHitType(pe string) string {
	switch {
	case pe == "":
		return "page view"
	case pe == "lnk_o":
		return "custom link"
	case pe == "lnk_d":
		return "download link"
	case pe == "lnk_e":
		return "exit link"
	case strings.HasPrefix(pe, "m_") || strings.HasPrefix(pe, "ms_"):
		return "media (" + pe + ")"
	}
	return "link (" + pe + ")"
}

// adobeIsVariable reports whether name is a prop, eVar, hierarchy or list
// variable (c1, prop1, v1, eVar1, h1, hier1, l1, list1).
func adobeIsVariable(name string) bool {
	_, ok := adobeVariable(name)
	return ok
}

// adobeVariableName names a variable as Adobe's interface does: c14 is
// prop14, v3 is eVar3, h1 is hier1, l1 is list1; other names are kept.
func adobeVariableName(name string) string {
	n, _ := adobeVariable(name)
	return n
}

// adobeVariable returns adobeVariableName's answer and whether name is a
// variable at all.
func adobeVariable(name string) (string, bool) {
	for _, f := range [...]struct{ short, long string }{
		{"c", "prop"}, {"v", "eVar"}, {"h", "hier"}, {"l", "list"},
	} {
		for _, pre := range []string{f.long, f.short} {
			if n, ok := strings.CutPrefix(name, pre); ok && isDigits(n) && len(n) <= 3 {
				return f.long + n, true
			}
		}
	}
	return name, false
}

// adobeVariableLabel labels a variable adobeLabels does not list.
func adobeVariableLabel(name string) label {
	v, ok := adobeVariable(name)
	switch {
	case !ok:
		return label{}
	case strings.HasPrefix(v, "prop"):
		return label{"custom traffic variable " + v + " (its meaning is the site's own)", DataCustomEvent}
	case strings.HasPrefix(v, "eVar"):
		return label{"custom conversion variable " + v + " (its meaning is the site's own)", DataCustomEvent}
	case strings.HasPrefix(v, "hier"):
		return label{"hierarchy variable " + v + " (the site's section path)", DataPageContent}
	case strings.HasPrefix(v, "list"):
		return label{"list variable " + v + " (its meaning is the site's own)", DataCustomEvent}
	}
	return label{}
}

// adobeContextLabel labels a context-data variable by its full key.
func adobeContextLabel(key, value string) label {
	switch {
	case strings.HasPrefix(key, "c.a.activitymap.link"):
		return label{"Activity Map: text of the link or button clicked (" + key + ")", DataButtonText}
	case strings.HasPrefix(key, "c.a.activitymap.region"):
		return label{"Activity Map: region of the page clicked (" + key + ")", DataButtonText}
	case strings.HasPrefix(key, "c.a.activitymap.page"):
		return label{"Activity Map: page of the click (" + key + ")", DataPageContent}
	case strings.HasPrefix(key, "c.a.activitymap."):
		return label{"Activity Map: " + key, DataTechnical}
	case strings.HasPrefix(key, "c.a.media.") || strings.HasPrefix(key, "c.a.contentType"):
		return label{"media tracking: " + key, DataPageContent}
	case strings.HasPrefix(key, "cid.") && strings.HasSuffix(key, ".id"):
		return label{"customer ID declared to Adobe (" + key + ")", DataAccountID}
	case strings.HasPrefix(key, "cid.") && strings.HasSuffix(key, ".as"):
		return label{"authentication state of that customer ID (0 unknown, 1 authenticated, 2 logged out) (" + key + ")", DataAccountID}
	case strings.HasPrefix(key, "cid."):
		return label{"customer ID detail (" + key + ")", DataAccountID}
	case strings.HasPrefix(key, "d."):
		return label{"Audience Manager server-side forwarding setting (" + key + ")", DataTrackerConfig}
	}
	return label{"context data " + key + " (its meaning is the site's own)", DataCustomEvent}
}

var adobeLabels = labels{
	"AQB":                   {"start of the hit's variables", DataTechnical},
	"AQE":                   {"end of the hit's variables (the hit was not truncated)", DataTechnical},
	"ndh":                   {"image sent by the JavaScript library (1)", DataTechnical},
	"pf":                    {"platform flag", DataTechnical},
	"t":                     {"browser local time: day/month/year h:m:s, weekday, time-zone offset in minutes (month counted from 0)", DataTechnical},
	"ts":                    {"time stamp set by the site", DataTechnical},
	"D":                     {"prefix that marks dynamic variables (D=)", DataTechnical},
	"callback":              {"JavaScript callback for the response", DataTechnical},
	"et":                    {"expected response type", DataTechnical},
	"mid":                   {"Experience Cloud ID (ECID, AMCV_ cookie)", DataBrowserID},
	"aid":                   {"legacy visitor ID (s_vi cookie)", DataBrowserID},
	"fid":                   {"fallback visitor ID (s_fid cookie)", DataBrowserID},
	"vid":                   {"custom visitor ID set by the site (s.visitorID)", DataAccountID},
	"vidn":                  {"new visitor ID issued by Adobe", DataBrowserID},
	"sdid":                  {"supplemental data ID (joins this hit to the Adobe Target call of the same page)", DataTechnical},
	"mcorgid":               {"Adobe organisation ID (the site's Adobe account)", DataTrackerConfig},
	"aamlh":                 {"Audience Manager location hint (data-centre region)", DataTechnical},
	"aamb":                  {"Audience Manager blob: encrypted audience data about this browser", DataBrowserID},
	"ce":                    {"character set", DataTechnical},
	"ns":                    {"visitor namespace (the site's Adobe account name)", DataTrackerConfig},
	"cdp":                   {"cookie domain periods", DataTechnical},
	"fpCookieDomainPeriods": {"first-party cookie domain periods", DataTechnical},
	"pageName":              {"page name (the site's own name for the page)", DataPageContent},
	"gn":                    {"page name (the site's own name for the page)", DataPageContent},
	"pageType":              {"page type (errorPage for a 404)", DataPageContent},
	"g":                     {"page URL the hit was sent from", DataPageURL},
	"r":                     {"referrer of that page", DataReferrer},
	"server":                {"server (the site's host name or label)", DataPageURL},
	"ch":                    {"site section (channel)", DataPageContent},
	"events":                {"events: the success events of the hit (purchase, scOpen, event1 …)", DataCustomEvent},
	"products":              {"products: category;product;quantity;price;events;eVars", DataPurchase},
	"purchaseID":            {"purchase ID (order number)", DataPurchase},
	"xact":                  {"transaction ID", DataPurchase},
	"cc":                    {"currency code", DataPurchase},
	"state":                 {"visitor's state or region (set by the site)", DataPlainPersonal},
	"zip":                   {"visitor's ZIP or postal code (set by the site)", DataPlainPersonal},
	"v0":                    {"campaign tracking code", DataAdCampaign},
	"campaign":              {"campaign tracking code", DataAdCampaign},
	"pe":                    {"link type: lnk_o custom link, lnk_d download, lnk_e exit link, m_* media", DataEventName},
	"pev1":                  {"URL of the link clicked", DataButtonText},
	"pev2":                  {"name of the link clicked", DataButtonText},
	"pev3":                  {"media milestone", DataTechnical},
	"pid":                   {"ClickMap: page ID", DataTechnical},
	"pidt":                  {"ClickMap: page ID type", DataTechnical},
	"oid":                   {"ClickMap: object ID (the link clicked)", DataButtonText},
	"oidt":                  {"ClickMap: object ID type", DataTechnical},
	"ot":                    {"ClickMap: object tag name", DataTechnical},
	"oi":                    {"ClickMap: object index", DataTechnical},
	"s":                     {"screen resolution", DataDevice},
	"c":                     {"screen colour depth", DataDevice},
	"j":                     {"JavaScript version", DataDevice},
	"v":                     {"Java enabled (Y/N)", DataDevice},
	"k":                     {"cookies enabled (Y/N)", DataDevice},
	"bw":                    {"browser window width", DataDevice},
	"bh":                    {"browser window height", DataDevice},
	"ct":                    {"connection type", DataDevice},
	"hp":                    {"page is the browser's home page (Y/N)", DataDevice},
	"p":                     {"browser plug-ins", DataDevice},
	"lrt":                   {"time since the previous link hit (ms)", DataTechnical},
	"vmk":                   {"visitor migration key", DataTechnical},
	"vvp":                   {"variable provider", DataTechnical},
	"pccr":                  {"redirect loop guard", DataTechnical},
	"cl":                    {"cookie lifetime", DataTechnical},
	"nsid":                  {"Audience Manager namespace ID", DataTrackerConfig},
	"jsonv":                 {"JSON response version", DataTechnical},
	"mboxCount":             {"Adobe Target: request count on this page", DataTechnical},
	"lc":                    {"ClickMap: link count", DataTechnical},
	"ms":                    {"media session", DataTechnical},
	"mtp":                   {"media type", DataTechnical},
	"mts":                   {"media time stamp", DataTechnical},
}

// adobeCookies are Adobe's cookies on its collection hosts (omtrdc.net,
// 2o7.net) and the site's own cookies that a first-party CNAME receives.
var adobeCookies = []cookieSpec{
	{name: "s_vi", meaning: label{"Adobe Analytics visitor ID ([CS]v1|<ID>[CE])", DataBrowserID}, id: "adobe_aid", value: adobeSVI},
	{name: "s_fid", meaning: label{"Adobe Analytics fallback visitor ID", DataBrowserID}, id: "adobe_fid"},
	{name: "AMCV_", prefix: true, meaning: label{"Adobe Experience Cloud ID cookie (MCMID|<ECID>|…)", DataBrowserID}, id: "adobe_mid", value: adobeAMCV},
	{name: "AMCVS_", prefix: true, meaning: label{"Adobe Experience Cloud ID session flag", DataTechnical}},
	{name: "s_ecid", meaning: label{"Adobe Experience Cloud ID, first-party copy (MCMID|<ECID>)", DataBrowserID}, id: "adobe_mid", value: adobeAMCV},
	{name: "s_cc", meaning: label{"Adobe Analytics: cookies enabled check", DataTechnical}},
	{name: "s_sq", meaning: label{"Adobe Analytics: the previous link clicked (ClickMap)", DataButtonText}},
	{name: "s_sess", meaning: label{"Adobe Analytics session variables", DataBrowserID}},
	{name: "s_pers", meaning: label{"Adobe Analytics persistent variables", DataBrowserID}},
	{name: "s_nr", prefix: true, meaning: label{"Adobe Analytics new/repeat visitor flag with the last visit's time", DataTechnical}},
	{name: "mbox", meaning: label{"Adobe Target session and profile IDs", DataBrowserID}, id: "adobe_mbox"},
	{name: "demdex", meaning: label{"Adobe Audience Manager browser ID", DataBrowserID}, id: "demdex"},
}

// adobeSVI turns an s_vi value "[CS]v1|<id>[CE]" into the ID, as the aid
// parameter sends it.
func adobeSVI(v string, _ *warnings) (string, []Fact) {
	if rest, ok := strings.CutPrefix(v, "[CS]v1|"); ok {
		if id, ok := strings.CutSuffix(rest, "[CE]"); ok {
			return id, nil
		}
	}
	return v, nil
}

// adobeAMCV returns the ECID (MCMID) of an AMCV_ or s_ecid cookie
// ("…|MCMID|<ecid>|…", percent-encoded), as the mid parameter sends it.
func adobeAMCV(v string, _ *warnings) (string, []Fact) {
	if u, ok := form.Unescape(v, false); ok {
		v = u
	}
	parts := strings.Split(v, "|")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "MCMID" {
			return parts[i+1], nil
		}
	}
	return "", nil
}

func adobeSummary(ev *Event) string {
	what := "Adobe Analytics " + ev.Name
	if ev.PixelID != "" {
		what += " for report suite " + ev.PixelID
	}
	var parts []string
	for _, c := range ev.Custom {
		if len(parts) == 6 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, c.Key+"="+strconv.Quote(c.Raw))
	}
	if len(parts) > 0 {
		what += " (" + strings.Join(parts, ", ") + ")"
	}
	if l := value(ev.Params, "pev2"); l != "" {
		what += ", link " + strconv.Quote(l)
	}
	return what + pageSuffix(ev.Page)
}

// pageSuffix returns " on <page>", or "" when page is empty.
func pageSuffix(page string) string {
	if page == "" {
		return ""
	}
	return " on " + page
}

// adobeOtherRequest decodes the other requests to Adobe's collection
// hosts: Adobe Target's mbox calls (<client>.tt.omtrdc.net/m2/…,
// /rest/v1/delivery), which carry the page, the ECID and often the site's
// own customer ID (mbox3rdPartyId).
var adobeOtherRequest = partnerRequest{
	vendor:  VendorAdobeAnalytics,
	company: "Adobe",
	labels: labels{
		"mbox":              {"Adobe Target: mbox (location) name", DataTrackerConfig},
		"mboxSession":       {"Adobe Target session ID", DataBrowserID},
		"mboxPC":            {"Adobe Target profile ID (mbox cookie)", DataBrowserID},
		"mboxPage":          {"Adobe Target page-view ID", DataTechnical},
		"mboxHost":          {"host of the page", DataPageURL},
		"mboxURL":           {"page URL", DataPageURL},
		"mboxReferrer":      {"referrer of that page", DataReferrer},
		"mboxMCGVID":        {"Experience Cloud ID (ECID)", DataBrowserID},
		"mboxMCAVID":        {"Adobe Analytics legacy visitor ID", DataBrowserID},
		"mboxAAMB":          {"Audience Manager blob", DataBrowserID},
		"mboxMCGLH":         {"Audience Manager location hint", DataTechnical},
		"mboxMCSDID":        {"supplemental data ID (joins the Analytics hit of the same page)", DataTechnical},
		"mbox3rdPartyId":    {"the site's own ID for the visitor (mbox3rdPartyId), usually a customer ID", DataAccountID},
		"mboxVersion":       {"Adobe Target library version", DataTrackerConfig},
		"mboxCount":         {"request count on this page", DataTechnical},
		"mboxTime":          {"browser time (ms)", DataTechnical},
		"browserHeight":     {"browser window height", DataDevice},
		"browserWidth":      {"browser window width", DataDevice},
		"browserTimeOffset": {"browser time-zone offset (minutes)", DataDevice},
		"screenHeight":      {"screen height", DataDevice},
		"screenWidth":       {"screen width", DataDevice},
		"colorDepth":        {"screen colour depth", DataDevice},
		"vst.trk":           {"Adobe Analytics tracking server", DataTrackerConfig},
		"vst.trks":          {"Adobe Analytics secure tracking server", DataTrackerConfig},
		"client":            {"Adobe Target client code", DataTrackerConfig},
		"sessionId":         {"Adobe Target session ID", DataBrowserID},
		"version":           {"library version", DataTrackerConfig},
		"d_mid":             {"Experience Cloud ID (ECID)", DataBrowserID},
		"d_orgid":           {"Adobe organisation ID", DataTrackerConfig},
		"mcorgid":           {"Adobe organisation ID", DataTrackerConfig},
		"pathname":          {"path of the page", DataPageURL},
	},
	label: func(p Param) label {
		if strings.HasPrefix(p.Name, "profile.") {
			return label{"Adobe Target profile attribute set by the site: " + strings.TrimPrefix(p.Name, "profile."), DataCustomEvent}
		}
		return label{}
	},
	cookies: adobeCookies,
	ids: []idParam{
		{"mboxMCGVID", "adobe_mid", label{"Adobe Experience Cloud ID (ECID): identifies this browser to every Adobe product on the site", DataBrowserID}},
		{"d_mid", "adobe_mid", label{"Adobe Experience Cloud ID (ECID): identifies this browser to every Adobe product on the site", DataBrowserID}},
		{"mboxSession", "adobe_mbox_session", label{"Adobe Target session ID", DataBrowserID}},
		{"mboxPC", "adobe_mbox_pc", label{"Adobe Target profile ID for this browser", DataBrowserID}},
		{"mbox3rdPartyId", "adobe_mbox3rdPartyId", label{"the site's own ID for the visitor, given to Adobe Target (mbox3rdPartyId): usually a customer ID", DataAccountID}},
	},
	describe: func(path string) string {
		switch {
		case strings.Contains(path, "/mbox/"):
			return "Target mbox call (personalisation)"
		case strings.HasPrefix(path, "/rest/v1/delivery"):
			return "Target delivery call (personalisation)"
		case strings.HasPrefix(path, "/id"):
			return "Experience Cloud ID service call"
		}
		return ""
	},
}
