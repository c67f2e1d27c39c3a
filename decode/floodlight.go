package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes Floodlight, the conversion tags of Campaign Manager
// 360 (formerly DoubleClick Campaign Manager): an advertiser's page tells
// Google's ad platform that a visitor did something (saw a product,
// bought). Its parameters are in the URL path, name=value pairs after a
// ";", not in the query:
//
//	https://ad.doubleclick.net/activity;src=3528935;type=frida880;cat=ire;qty=1;cost=99.99;ord=123456789
//
// (Google's "Floodlight tag" documentation,
// https://support.google.com/campaignmanager/answer/2824087). The tag is
// also sent to https://<src>.fls.doubleclick.net/activityi;… (the iframe
// tag; corpus pagexray__www.nytimes.com.har entries 132–148 and
// pagexray__case-sensitive-protocol.har entries 112 and 118), to
// ad.doubleclick.net/ddm/activity/src=…;… and, from the Google tag, to
// adservice.google.<country>/ddm/fls/z/…, …/ddm/fls/i/… with the page in
// ~oref and the conversion linker's browser ID in auiddc (Omnibug's
// GoogleDoubleClick provider and its tests,
// github.com/MisterPhilip/omnibug src/providers/GoogleDoubleClick.js).
// fls.doubleclick.net/json?spot=<advertiser> is Adobe Analytics asking
// Floodlight for the visitor's ad exposure (the DFA integration; corpus
// pagexray__case-sensitive-protocol.har entry 99).
//
// The parameters read from the path are [InPath] parameters; any query
// parameters follow them.

// decodeFloodlight decodes one Floodlight request.
func decodeFloodlight(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorFloodlight, KindRequest)
	var w warnings
	tag, ps := pathParams(ev.Path, &w)
	ev.Params = append(ps, requestParams(e, &w)...)
	applyLabels(ev.Params, floodlightLabels, floodlightLabel)
	eff := effectiveParams(ev.Params, &w)
	sale := value(eff, "qty") != ""
	ordLabel := label{"random number, so that each visit counts (no qty: not a sale)", DataTechnical}
	if sale {
		ordLabel = label{"order ID of the sale", DataPurchase}
	}
	for i := range ev.Params {
		if ev.Params[i].Name == "ord" && ev.Params[i].In != InCookie {
			ordLabel.apply(&ev.Params[i])
		}
	}
	var group string
	for _, p := range eff {
		switch p.Name {
		case "src", "spot":
			if p.Value != "" && (ev.PixelID == "" || p.Name == "src") {
				ev.PixelID = p.Value
			}
		case "type":
			group = p.Value
		case "cat":
			ev.Name = p.Value
		case "~oref":
			ev.Page = p.Value
		case "qty", "cost":
			ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
		case "ord":
			if sale {
				ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
			}
		case "auiddc":
			if p.Value != "*" {
				addID(&ev, "gcl_au", p.Value, "path auiddc", label{"Google conversion-linker browser ID (the site's _gcl_au cookie)", DataBrowserID}, gaClientIDFacts(p.Value)...)
			}
		case "dc_rdid":
			addID(&ev, "dc_rdid", p.Value, "path dc_rdid", label{"resettable device ID: the advertising ID of a mobile device", DataBrowserID})
		case "gclid", "gcldc", "gclaw":
			addID(&ev, "gclid", googleClickID(p.Value), p.In.String()+" "+p.Name, label{"Google Ads click ID: the visit followed a click on a Google ad", DataClickID})
		case "dclid":
			addID(&ev, "dclid", p.Value, p.In.String()+" dclid", label{"Display & Video 360 / Campaign Manager click ID: the visit followed a click on an ad", DataClickID})
		case "dc_pre":
			w.addf("dc_pre: Google answered a first request for this activity (without dc_pre) with a redirect to this one; both are one activity")
		}
		if isFloodlightCustom(p.Name) && p.Value != "" {
			ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
		}
	}
	if ev.Name != "" || group != "" {
		ev.Kind = KindEvent
	}
	if ev.PixelID == "" && (ev.Kind == KindEvent || tag != "") {
		w.addf("no src: the activity names no Floodlight advertiser")
	}
	addVendorCookies(&ev, e, googleAdsCookies, &w)
	ev.Warnings = w.list
	ev.Summary = floodlightSummary(&ev, group, tag)
	return []Event{ev}, nil
}

// isFloodlightCustom reports whether name is a custom Floodlight
// variable, u1, u2, ….
func isFloodlightCustom(name string) bool {
	rest, ok := strings.CutPrefix(name, "u")
	return ok && isDigits(rest) && len(rest) <= 4
}

func floodlightSummary(ev *Event, group, tag string) string {
	if ev.Kind != KindEvent {
		s := "Floodlight request"
		if ev.PixelID != "" {
			s += " for advertiser " + ev.PixelID
		}
		return s + ": " + genericSummary(ev)
	}
	what := "Floodlight activity"
	if group != "" {
		what += " in group " + group
	}
	if ev.PixelID != "" {
		what += " for advertiser " + ev.PixelID
	}
	if tag == "activityi" {
		what += " (iframe tag)"
	}
	var parts []string
	for _, c := range ev.Custom {
		parts = append(parts, c.Key+"="+c.Raw)
	}
	if len(parts) > 0 {
		what += " (" + strings.Join(parts, ", ") + ")"
	}
	return summarise(ev.Name, what, ev.Page)
}

// pathParams reads the name=value parameters of a URL path that uses ";"
// separators: those of the path segment holding the first ";"
// (/activity;src=1;type=a gives src and type and the tag "activity";
// /ddm/fls/z/src=1;type=a gives src and type). A value keeps any "/" it
// contains (Ad Manager's dc_iu=/123/Pixel). Names and values are
// percent-decoded; parameters are [InPath].
func pathParams(path string, w *warnings) (tag string, ps []Param) {
	i := strings.IndexByte(path, ';')
	var part string
	if i < 0 {
		// No ";": a last segment of name=value (/ddm/activity/src=1).
		part = path[strings.LastIndexByte(path, '/')+1:]
		if !strings.Contains(part, "=") {
			return "", nil
		}
	} else {
		part = path[strings.LastIndexByte(path[:i], '/')+1:]
	}
	for n, seg := range strings.Split(part, ";") {
		if seg == "" {
			continue
		}
		k, v, ok := strings.Cut(seg, "=")
		if n == 0 && !ok {
			tag = seg
			continue
		}
		name, okName := form.Unescape(k, false)
		val, okValue := form.Unescape(v, false)
		if !okName || !okValue {
			w.addf("path parameter %q: invalid percent-encoding or UTF-8, kept as written", k)
		}
		ps = append(ps, newParam(name, val, InPath, w))
		if len(ps) >= maxPathParams {
			w.addf("more than %d path parameters: the rest are not read", maxPathParams)
			break
		}
	}
	return tag, ps
}

// maxPathParams bounds the parameters read from one path.
const maxPathParams = 1000

// floodlightLabels label Floodlight's parameters.
var floodlightLabels = labels{
	"src":                              {"Floodlight advertiser ID (the advertiser the activity belongs to)", DataTrackerConfig},
	"type":                             {"activity group tag string (the group of conversion activities)", DataAdCampaign},
	"cat":                              {"activity tag string (which Floodlight activity: the conversion action)", DataAdCampaign},
	"qty":                              {"quantity: 1 per transaction, or the number of items sold", DataPurchase},
	"cost":                             {"revenue of the transaction", DataPurchase},
	"num":                              {"random number (unique counting)", DataTechnical},
	"~oref":                            {"page URL the activity was sent from", DataPageURL},
	"auiddc":                           {"conversion-linker browser ID (the site's _gcl_au cookie; * = none)", DataBrowserID},
	"gtm":                              {"Google tag build and container hash", DataTrackerConfig},
	"dc_pre":                           {"ID Google adds when it redirects the request: the first request of the activity, without it, was answered with a redirect to this one (inferred from corpus pagexray__case-sensitive-protocol.har entries 112 and 118)", DataTechnical},
	"dc_lat":                           {"limit ad tracking (mobile devices)", DataConsent},
	"dc_rdid":                          {"resettable device ID: a mobile device's advertising ID", DataBrowserID},
	"tag_for_child_directed_treatment": {"the site says the visitor is a child (COPPA)", DataConsent},
	"tfua":                             {"the site says the visitor is under the age of consent", DataConsent},
	"npa":                              {"ads personalisation disabled (1) or allowed (0)", DataConsent},
	"gdpr":                             {"GDPR applies (TCF)", DataConsent},
	"gdpr_consent":                     {"TCF consent string", DataConsent},
	"us_privacy":                       {"US privacy (CCPA) string", DataConsent},
	"dma":                              {"EU Digital Markets Act: the site says the visitor is in the EEA (1 = yes)", DataConsent},
	"dma_cps":                          {"EU Digital Markets Act: consent purposes signalled", DataConsent},
	"gclid":                            {"Google Ads click ID", DataClickID},
	"gcldc":                            {"Campaign Manager click ID (_gcl_dc cookie)", DataClickID},
	"gclaw":                            {"Google Ads click ID (_gcl_aw cookie)", DataClickID},
	"dclid":                            {"Display & Video 360 / Campaign Manager click ID", DataClickID},
	"frm":                              {"page is in an iframe", DataTechnical},
	"tag_exp":                          {"Google tag experiment IDs", DataTechnical},
	"pcor":                             {"page correlator: a random number per page load (inferred: its name and its changing value)", DataTechnical},
	"epver":                            {"tag endpoint version (inferred from the name)", DataTrackerConfig},
	"ps":                               {"ps (meaning not published)", DataTechnical},
	"spot":                             {"Floodlight advertiser ID asked about by the Adobe Analytics integration", DataTrackerConfig},
	"var":                              {"name of the JavaScript variable the answer is written to (Adobe Analytics integration)", DataTechnical},
	"host":                             {"Adobe Analytics server the answer is forwarded to (DoubleClick integration)", DataTrackerConfig},
}

// floodlightLabel labels the custom variables, consent states and client
// hints (the decoder labels ord, whose meaning depends on qty).
func floodlightLabel(p Param) label {
	switch {
	case isFloodlightCustom(p.Name):
		return label{"custom Floodlight variable " + p.Name[1:] + " (its meaning is set by the advertiser)", DataCustomEvent}
	case p.Name == "gcs":
		return label{"consent state: " + describeGCS(p.Value), DataConsent}
	case p.Name == "gcd":
		return label{"consent defaults and updates: " + describeGCD(p.Value), DataConsent}
	case strings.HasPrefix(p.Name, "ua"):
		return ga4Labels[p.Name] // client hints: uaa, uab, uafvl, …
	}
	return label{}
}
