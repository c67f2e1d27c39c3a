package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
)

// This file decodes Marketo Munchkin (Adobe Marketo Engage): munchkin.js
// (from munchkin.marketo.net) POSTs each page visit to
// <Munchkin ID>.mktoresp.com/webevents/visitWebPage and each link click
// to …/webevents/clickLink, the fields in the query: _mchId the site's
// Munchkin ID, _mchTk the _mkto_trk cookie (Marketo's ID for the browser,
// joined to a named lead when the visitor fills in a Marketo form or
// clicks a link in a Marketo e-mail), _mchHo/_mchRu/_mchQp the page's
// host, path and query, _mchRe the referrer, _mchLr the link clicked and
// _mchEcid the Adobe Experience Cloud ID. Written from Marketo's Munchkin
// documentation ("Lead Tracking (Munchkin)", developers.marketo.com, now
// on Adobe's Experience League) and Omnibug's Marketo provider test and real requests named in
// marketo_test.go.

var marketoWebEvent = queryPixel{
	vendor:  VendorMarketo,
	labels:  marketoLabels,
	cookies: marketoCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		ev.Name = "page visit"
		if strings.HasSuffix(ev.Path, "/clickLink") {
			ev.Name = "link click"
		}
		host, path, query := "", "", ""
		for _, p := range eff {
			switch p.Name {
			case "_mchId":
				ev.PixelID = p.Value
			case "_mchHo":
				host = p.Value
			case "_mchRu":
				path = p.Value
			case "_mchQp":
				query = p.Value
			case "_mchRe":
				ev.Referrer = p.Value
			case "_mchTk":
				addID(ev, "_mkto_trk", p.Value, "param _mchTk", label{"Marketo tracking token for this browser (_mkto_trk cookie), joined to a named lead once known", DataBrowserID})
			case "_mchEcid":
				if _, mid, ok := strings.Cut(p.Value, "::"); ok && mid != "" {
					addID(ev, "adobe_mid", mid, "param _mchEcid", label{"Adobe Experience Cloud ID (ECID) of this browser, given to Marketo", DataBrowserID})
				}
			case "_mchLr":
				ev.Custom = append(ev.Custom, Custom{Key: "link", Raw: p.Value})
			}
		}
		if host != "" {
			ev.Page = host + path
			if query != "" {
				ev.Page += "?" + query
			}
		}
		if ev.PixelID == "" {
			w.addf("no _mchId: the hit names no Munchkin account")
		}
	},
	summary: func(ev *Event) string { return pixelSummary(ev, "Marketo Munchkin", "for account") },
}

var marketoLabels = labels{
	"_mchNc":   {"cache buster (time, ms)", DataTechnical},
	"_mchCn":   {"campaign", DataAdCampaign},
	"_mchId":   {"Munchkin ID (the site's Marketo account)", DataTrackerConfig},
	"_mchTk":   {"tracking token (_mkto_trk cookie)", DataBrowserID},
	"_mchHo":   {"page host", DataPageURL},
	"_mchPo":   {"page port", DataPageURL},
	"_mchRu":   {"page path", DataPageURL},
	"_mchPc":   {"page protocol", DataPageURL},
	"_mchVr":   {"Munchkin version", DataTrackerConfig},
	"_mchEcid": {"Adobe Experience Cloud ID (<org>::<ECID>)", DataBrowserID},
	"_mchHa":   {"page hash", DataPageURL},
	"_mchRe":   {"referrer", DataReferrer},
	"_mchQp":   {"page query string", DataPageURL},
	"_mchLr":   {"link clicked (URL)", DataButtonText},
	"aip":      {"anonymise the IP address (1)", DataConsent},
}

// marketoCookies are Marketo's cookies (_mkto_trk is first-party on the
// site; munchkin.marketo.net sets none it needs).
var marketoCookies = []cookieSpec{
	{name: "_mkto_trk", meaning: label{"Marketo tracking token for this browser (id:<Munchkin ID>&token:_mch-…)", DataBrowserID}, id: "_mkto_trk", value: marketoCookieToken},
	{name: "BIGipServer", prefix: true, meaning: label{"load-balancer routing", DataTechnical}},
}

// marketoCookieToken returns the token of a _mkto_trk cookie, as _mchTk
// sends it.
func marketoCookieToken(v string, _ *warnings) (string, []Fact) {
	if u, ok := form.Unescape(v, false); ok {
		v = u
	}
	if _, tok, ok := strings.Cut(v, "token:"); ok {
		return tok, nil
	}
	return v, nil
}

// marketoRequest decodes other requests to Marketo's hosts (the library,
// forms).
var marketoRequest = vendorRequest(VendorMarketo, "Marketo request", marketoLabels, marketoCookies)
