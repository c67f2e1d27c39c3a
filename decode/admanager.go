package decode

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes Google Ad Manager (formerly DoubleClick for
// Publishers), the ad server of publishers' sites, as the Google
// Publisher Tag (GPT) uses it: the library (www.googletagservices.com/
// tag/js/gpt.js, securepubads.g.doubleclick.net/gpt/pubads_impl_*.js),
// the ad requests (securepubads.g.doubleclick.net/gampad/ads?…, one per
// page or per slot), impression and view pings (/pcs/view,
// /pagead/adview), and the audience pixel (pubads.g.doubleclick.net/
// activity;dc_iu=/<network>/…;dc_seg=<segment>, Floodlight-style path
// parameters). AdSense (adsense.go) sends ad requests of the same shape.
//
// An ad request tells Google the page (url), its referrer (ref), the
// site's targeting (cust_params: often the article's section and topics),
// the Ad Manager network and ad units (iu_parts), and identifiers: the
// site's __gads cookie (cookie), a publisher-provided user ID (ppid) and
// the site's Google Analytics client ID (ga_vid), session (ga_sid) and
// page-load ID (ga_hid), which link the ad request to the same page's
// Analytics hits (corpus pagexray__expressen.har entry 127: ga_hid=
// 948163445 is the a= of the Universal Analytics hit of entry 90, and
// ga_vid its cid). Google does not document the ad request; the corpus
// requests (coach-core__cpuTime.har entry 88, pagexray__expressen.har
// entries 127, 333, 534, sitespeed.io__www-theverge-com.har entry 98) and
// the parameter names are what the labels come from, and labels not
// evident from a name say "inferred".

// adRequest returns a decoder for the ad requests of v (Ad Manager or
// AdSense): one [KindRequest] event with the page, the network or
// publisher, the site's targeting as custom data and the identifiers.
func adRequest(v Vendor, what string) Decoder {
	return DecoderFunc(func(e *har.Entry) ([]Event, error) {
		ev := newVendorEvent(e, v, KindRequest)
		var w warnings
		ev.Params = requestParams(e, &w)
		applyLabels(ev.Params, adRequestLabels, adRequestLabel)
		eff := effectiveParams(ev.Params, &w)
		for _, p := range eff {
			switch p.Name {
			case "url":
				ev.Page = p.Value
			case "ref":
				ev.Referrer = p.Value
			case "client":
				ev.PixelID = p.Value
			case "iu_parts", "iu":
				if ev.PixelID == "" {
					ev.PixelID = adManagerNetwork(p.Name, p.Value)
				}
			case "cust_params":
				for _, c := range parseQuery(p.Value, InQuery, &w) {
					ev.Custom = append(ev.Custom, Custom{Key: c.Name, Raw: c.Value})
				}
			case "cookie":
				addID(&ev, "gads", p.Value, "param cookie", label{"Google ad-serving cookie of the site (__gads): identifies this browser to Google's ads on this site", DataBrowserID}, gadsFacts(p.Value)...)
			case "gpic":
				addID(&ev, "gpi", p.Value, "param gpic", label{"Google ad-serving cookie of the site (__gpi): identifies this browser to Google's ads on this site", DataBrowserID})
			case "ppid":
				addID(&ev, "ppid", p.Value, "param ppid", label{"publisher-provided ID: the site's own ID for its user, given to Google Ad Manager", DataAccountID})
			case "ga_vid":
				addID(&ev, "cid", p.Value, "param ga_vid", gaVidMeaning, gaClientIDFacts(p.Value)...)
			case "rdid":
				addID(&ev, "rdid", p.Value, "param rdid", label{"resettable device ID: a mobile device's advertising ID", DataBrowserID})
			}
		}
		addVendorCookies(&ev, e, googleAdsCookies, &w)
		ev.Warnings = w.list
		ev.Summary = adRequestSummary(&ev, what)
		return []Event{ev}, nil
	})
}

// gaVidMeaning is the meaning of ga_vid: equal to the cid of the page's
// Analytics hits where the site has Google Analytics
// (pagexray__expressen.har entries 90 and 127), but a fresh value of the
// same form where it has none (coach-core__cpuTime.har entries 88, 223
// and 227: three values on one page, each created at the request).
var gaVidMeaning = label{"Google Analytics client ID as the ad library read it from the site's _ga cookie (a new random value of the same form, created at the request, when the site has none): identifies this browser on this site", DataBrowserID}

// adManagerNetwork returns the Ad Manager network code: the first of
// iu_parts (8264,uk-cnet,home) or of the ad unit path iu (/8264/uk-cnet).
func adManagerNetwork(name, v string) string {
	if name == "iu" {
		v = strings.TrimPrefix(v, "/")
		v, _, _ = strings.Cut(v, "/")
		return v
	}
	v, _, _ = strings.Cut(v, ",")
	return v
}

// gadsFacts decodes __gads, ID=<id>:T=<created, Unix s>:S=<signature>….
func gadsFacts(v string) []Fact {
	var facts []Fact
	for part := range strings.SplitSeq(v, ":") {
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		switch k {
		case "ID":
			facts = append(facts, Fact{Name: "id", Value: val})
		case "T":
			if t, ok := seconds(val); ok {
				facts = append(facts, Fact{Name: "created", Value: t})
			}
		}
	}
	return facts
}

func adRequestSummary(ev *Event, what string) string {
	s := what
	if ev.PixelID != "" {
		if strings.HasPrefix(ev.PixelID, "ca-") {
			s += " for publisher " + ev.PixelID
		} else {
			s += " for network " + ev.PixelID
		}
	}
	if ev.Page != "" {
		s += " on " + ev.Page
	}
	if n := len(ev.Custom); n > 0 {
		var parts []string
		for i, c := range ev.Custom {
			if i == 6 {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, c.Key+"="+c.Raw)
		}
		s += ", site targeting " + strings.Join(parts, ", ")
	}
	var ids []string
	for _, id := range ev.IDs {
		if id.From == "param cookie" || id.From == "param ppid" || id.From == "param ga_vid" {
			ids = append(ids, id.Name+" "+id.Value)
		}
	}
	if len(ids) > 0 {
		s += "; identifiers " + strings.Join(ids, ", ")
	}
	return s
}

// adRequestLabels label the parameters of GPT's and AdSense's ad requests.
var adRequestLabels = labels{
	"url":            {"page URL the ad request was sent from", DataPageURL},
	"ref":            {"referrer of that page", DataReferrer},
	"top":            {"URL of the top page, when the ad is in an iframe", DataPageURL},
	"loc":            {"page location, when the ad is in an iframe", DataPageURL},
	"iu":             {"ad unit path: the Ad Manager network code and the site's ad unit", DataTrackerConfig},
	"iu_parts":       {"ad unit path in parts: the Ad Manager network code, then the site's ad units", DataTrackerConfig},
	"enc_prev_ius":   {"ad unit of each slot, as indexes into iu_parts", DataTrackerConfig},
	"prev_iu_szs":    {"ad sizes of each slot", DataTechnical},
	"sz":             {"ad sizes", DataTechnical},
	"cust_params":    {"page-level targeting set by the site (key=value&…; often the page's section and topics)", DataCustomEvent},
	"prev_scp":       {"slot-level targeting set by the site, one key=value&… list per slot separated by |", DataCustomEvent},
	"scp":            {"slot-level targeting set by the site (key=value&…)", DataCustomEvent},
	"cookie":         {"the site's __gads cookie: Google's ad-serving ID for this browser on this site", DataBrowserID},
	"gpic":           {"the site's __gpi cookie: Google's ad-serving ID for this browser on this site", DataBrowserID},
	"ppid":           {"publisher-provided ID: the site's own ID for its user", DataAccountID},
	"ga_vid":         {"Google Analytics client ID of this browser on the site (_ga cookie), or a new value of that form", DataBrowserID},
	"ga_sid":         {"Google Analytics session start (Unix seconds)", DataBrowserID},
	"ga_hid":         {"Google Analytics page-load ID (the a= of the page's analytics hits)", DataBrowserID},
	"ga_fc":          {"Google Analytics cookie present before this page (inferred)", DataTechnical},
	"correlator":     {"page correlator: a random number shared by the ad requests of one page view", DataBrowserID},
	"pvsid":          {"page-view ID (random, one per page view)", DataBrowserID},
	"client":         {"AdSense publisher ID (ca-pub-…)", DataTrackerConfig},
	"host":           {"AdSense host partner ID", DataTrackerConfig},
	"channel":        {"AdSense custom channels of the publisher", DataTrackerConfig},
	"slotname":       {"AdSense ad slot ID", DataTrackerConfig},
	"adk":            {"AdSense ad slot key (inferred)", DataTechnical},
	"w":              {"ad width", DataTechnical},
	"h":              {"ad height", DataTechnical},
	"shv":            {"AdSense script version", DataTrackerConfig},
	"cbv":            {"AdSense creative build version (inferred)", DataTrackerConfig},
	"dff":            {"page's default font family", DataDevice},
	"dfs":            {"page's default font size", DataDevice},
	"isw":            {"ad iframe width", DataTechnical},
	"ish":            {"ad iframe height", DataTechnical},
	"format":         {"ad format", DataTechnical},
	"output":         {"response format", DataTechnical},
	"callback":       {"JavaScript function the response calls", DataTechnical},
	"impl":           {"request implementation (fifs: fetch in a friendly iframe, inferred)", DataTechnical},
	"gdfp_req":       {"Ad Manager request flag", DataTechnical},
	"json_a":         {"JSON response flag", DataTechnical},
	"adsid":          {"ad-serving ID state (NT: none, inferred)", DataTechnical},
	"eid":            {"Google experiment IDs the page is in", DataTechnical},
	"vrg":            {"GPT release", DataTrackerConfig},
	"sfv":            {"SafeFrame version", DataTechnical},
	"sc":             {"SafeFrame communication flag (inferred)", DataTechnical},
	"dt":             {"request time (Unix ms, browser clock)", DataTechnical},
	"lmt":            {"page's last-modified time (Unix seconds, inferred from document.lastModified)", DataTechnical},
	"dlt":            {"page load start (Unix ms, inferred)", DataTechnical},
	"idt":            {"milliseconds from page load to the request (inferred)", DataTechnical},
	"frm":            {"page is in an iframe (20: not, inferred)", DataTechnical},
	"biw":            {"browser window inner width", DataDevice},
	"bih":            {"browser window inner height", DataDevice},
	"u_tz":           {"time-zone offset in minutes", DataDevice},
	"u_his":          {"browser history length", DataDevice},
	"u_h":            {"screen height", DataDevice},
	"u_w":            {"screen width", DataDevice},
	"u_ah":           {"available screen height", DataDevice},
	"u_aw":           {"available screen width", DataDevice},
	"u_cd":           {"screen colour depth", DataDevice},
	"u_sd":           {"screen pixel ratio", DataDevice},
	"u_nplug":        {"number of browser plug-ins", DataDevice},
	"u_nmime":        {"number of MIME types", DataDevice},
	"u_java":         {"Java enabled", DataDevice},
	"flash":          {"Flash version (0: none)", DataDevice},
	"dmc":            {"device memory in GB", DataDevice},
	"bc":             {"browser capabilities bits (inferred)", DataDevice},
	"brdim":          {"browser window position and size", DataDevice},
	"hl":             {"language", DataDevice},
	"cookie_enabled": {"cookies enabled", DataDevice},
	"vis":            {"page visibility state", DataTechnical},
	"scr_x":          {"page scrolled horizontally (px)", DataTechnical},
	"scr_y":          {"page scrolled vertically (px)", DataTechnical},
	"adxs":           {"horizontal position of each slot", DataTechnical},
	"adys":           {"vertical position of each slot", DataTechnical},
	"adx":            {"horizontal position of the slot", DataTechnical},
	"ady":            {"vertical position of the slot", DataTechnical},
	"adks":           {"a key per slot (inferred)", DataTechnical},
	"psz":            {"size of each slot's parent element (inferred)", DataTechnical},
	"msz":            {"maximum size of each slot (inferred)", DataTechnical},
	"fws":            {"flags per slot (inferred)", DataTechnical},
	"ifi":            {"iframe counter", DataTechnical},
	"oid":            {"oid (not documented)", DataTechnical},
	"npa":            {"ads personalisation disabled (1)", DataConsent},
	"gdpr":           {"GDPR applies (TCF)", DataConsent},
	"gdpr_consent":   {"TCF consent string", DataConsent},
	"addtl_consent":  {"Google's additional consent string", DataConsent},
	"us_privacy":     {"US privacy (CCPA) string", DataConsent},
	"gpp":            {"Global Privacy Platform string", DataConsent},
	"gpp_sid":        {"Global Privacy Platform sections that apply", DataConsent},
	"tfcd":           {"the site says the visitor is a child (COPPA)", DataConsent},
	"tfua":           {"the site says the visitor is under the age of consent", DataConsent},
	"rdp":            {"restricted data processing (CCPA)", DataConsent},
	"rdid":           {"resettable device ID: a mobile device's advertising ID", DataBrowserID},
}

// adRequestLabel labels the family-named parameters.
func adRequestLabel(p Param) label {
	if strings.HasPrefix(p.Name, "u_") {
		return label{"screen or browser property " + p.Name[2:], DataDevice}
	}
	return label{}
}

// adManagerAudiencePixel decodes pubads.g.doubleclick.net/activity;…,
// the Ad Manager audience pixel: it adds the browser to an audience
// segment (dc_seg) of a network (dc_iu) (pagexray__expressen.har entries
// 182, 362, 588).
func adManagerAudiencePixel(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorGoogleAdManager, KindEvent)
	var w warnings
	_, ps := pathParams(ev.Path, &w)
	ev.Params = append(ps, requestParams(e, &w)...)
	applyLabels(ev.Params, audiencePixelLabels, nil)
	eff := effectiveParams(ev.Params, &w)
	var seg string
	for _, p := range eff {
		switch p.Name {
		case "dc_iu":
			ev.PixelID = adManagerNetwork("iu", p.Value)
		case "dc_seg":
			seg = p.Value
			ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
		case "campaignId", "lineItemId", "creativeId":
			ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
		}
	}
	addVendorCookies(&ev, e, googleAdsCookies, &w)
	ev.Warnings = w.list
	s := "Google Ad Manager audience pixel"
	if ev.PixelID != "" {
		s += " of network " + ev.PixelID
	}
	if seg != "" {
		s += ": adds this browser to audience segment " + seg
	}
	ev.Summary = s
	return []Event{ev}, nil
}

var audiencePixelLabels = labels{
	"dc_iu":      {"ad unit of the pixel: /<network code>/<name>", DataTrackerConfig},
	"dc_seg":     {"audience segment the browser is added to", DataAdCampaign},
	"ord":        {"random number against caching", DataTechnical},
	"campaignId": {"campaign (order) of the ad the pixel was in", DataAdCampaign},
	"lineItemId": {"line item of the ad the pixel was in", DataAdCampaign},
	"creativeId": {"creative of the ad the pixel was in", DataAdCampaign},
	"burtId":     {"burtId (not documented; a third-party measurement ID, inferred from the name)", DataTechnical},
}

// adManagerRequest decodes any other request to Ad Manager's hosts
// (impression and view pings, the SafeFrame and cookie-test pages).
var adManagerRequest = vendorRequest(VendorGoogleAdManager, "Google Ad Manager request", adRequestLabels, googleAdsCookies)

// gptLoader decodes the loads of the Google Publisher Tag.
var gptLoader = loader(VendorGoogleAdManager, "Google Publisher Tag (Ad Manager) library", "", googleAdsCookies)
