package decode

import (
	"slices"
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file is the skeleton of the decoders of advertising-technology
// companies whose requests carry no event of the site's own: cookie syncs
// (two companies telling each other their IDs for one browser), bid
// requests, ad serving and audience segments (Xandr, The Trade Desk,
// LiveRamp, Rubicon, …; criteo.go, demdex.go and the others name the
// decoder they build from it). Each request becomes one [KindRequest]
// event with its parameters labelled from the vendor's dictionary, the
// identifiers it carries in [Event.IDs], and a summary saying what sort
// of request it is, so that a reader sees who learnt which ID.

// idParam names a parameter that carries an identifier.
type idParam struct {
	param   string // the parameter's name, e.g. "uid"
	id      string // the [ID]'s name, e.g. "adnxs_uuid2"
	meaning label  // what it identifies, and its type
}

// partnerRequest decodes a request to an ad-tech company's hosts into a
// [KindRequest] event.
type partnerRequest struct {
	vendor  Vendor
	company string // the company as a reader knows it: "Xandr (AppNexus)"
	labels  labels
	// label labels the parameters labels cannot; nil uses
	// [adtechLabel] alone. It may return the zero label (unknown), and
	// adtechLabel is tried after it.
	label   func(p Param) label
	cookies []cookieSpec
	ids     []idParam
	// describe says what sort of request path is ("cookie sync", "bid
	// request", …); nil, or "", gives "request".
	describe func(path string) string
}

var _ Decoder = partnerRequest{}

// Decode decodes one request into one event.
func (d partnerRequest) Decode(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, d.vendor, KindRequest)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, d.labels, func(p Param) label {
		if d.label != nil {
			if l := d.label(p); l.text != "" {
				return l
			}
		}
		return adtechLabel(p)
	})
	for _, p := range effectiveParams(ev.Params, &w) {
		for _, ip := range d.ids {
			if p.Name == ip.param && !placeholderID(p.Value) {
				addID(&ev, ip.id, p.Value, "param "+p.Name, ip.meaning)
			}
		}
	}
	addVendorCookies(&ev, e, d.cookies, &w)
	what := ""
	if d.describe != nil {
		what = d.describe(ev.Path)
	}
	if what == "" {
		what = "request"
	}
	ev.Summary = d.company + " " + what + ": " + genericSummary(&ev) + idsPhrase(ev.IDs)
	ev.Warnings = w.list
	return []Event{ev}, nil
}

// idsPhrase lists the names of ids, "; identifiers: a, b", or "" when
// there are none.
func idsPhrase(ids []ID) string {
	if len(ids) == 0 {
		return ""
	}
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if n := id.Name + " (" + id.From + ")"; !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return "; identifiers: " + strings.Join(names, ", ")
}

// pathDescriber returns a describe function for [partnerRequest]: pairs
// are a path prefix and a phrase, tried in order; the phrase of the first
// prefix the request path starts with is returned.
func pathDescriber(pairs ...string) func(path string) string {
	return func(path string) string {
		for i := 0; i+1 < len(pairs); i += 2 {
			if strings.HasPrefix(path, pairs[i]) {
				return pairs[i+1]
			}
		}
		return ""
	}
}

// adtechLabel labels the parameters that the advertising industry's
// standards name the same way across companies: the consent strings of
// IAB Europe's Transparency and Consent Framework (gdpr, gdpr_consent,
// https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework)
// and IAB Tech Lab's US Privacy and Global Privacy Platform strings
// (us_privacy, gpp, gpp_sid), and the redirect parameters of cookie
// syncs. It returns the zero label for any other name.
func adtechLabel(p Param) label {
	switch strings.ToLower(p.Name) {
	case "gdpr":
		return label{"GDPR applies to this visitor (1 = yes, 0 = no), as the site's consent tool says", DataConsent}
	case "gdpr_consent", "gdpr_pd", "consent", "tcstring", "tc_string":
		return label{"IAB TCF consent string: which vendors and purposes the visitor consented to", DataConsent}
	case "us_privacy", "usp", "ccpa":
		return label{"IAB US Privacy string (CCPA opt-out signal)", DataConsent}
	case "gpp":
		return label{"IAB Global Privacy Platform consent string", DataConsent}
	case "gpp_sid":
		return label{"IAB Global Privacy Platform: applicable section IDs", DataConsent}
	case "redir", "redirect", "redirect_url", "redirurl", "ru", "rurl", "return", "returnurl", "callback", "cb_url", "r_url":
		return label{"where the browser is sent next (the cookie sync's next hop, with the ID filled in)", DataTechnical}
	case "cb", "cachebuster", "cache_buster", "rnd", "random", "ord", "_", "t", "ts", "timestamp":
		return label{"cache buster or time", DataTechnical}
	}
	return label{}
}

// placeholderID reports whether an ID parameter's value identifies
// nobody: "0", or a macro a sync chain failed to fill in ($UID,
// ${DD_UUID}, [PARTNER_UID], %%UID%%).
func placeholderID(v string) bool {
	return v == "0" || strings.ContainsAny(v, "${}[]%") || strings.EqualFold(v, "null") || strings.EqualFold(v, "undefined")
}
