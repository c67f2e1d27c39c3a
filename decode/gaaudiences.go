package decode

import "github.com/haruspex/haruspex/har"

// This file decodes Google Analytics' remarketing-audience hits: when a
// site turns on Advertising Features (Google signals), the analytics
// library sends, besides the hit to google-analytics.com, a GET to
// www.google.<country>/ads/ga-audiences with the property (tid) and the
// visitor's Analytics client ID (cid), so that Google Ads can add the
// browser to the site's remarketing audiences:
//
//	GET https://www.google.com/ads/ga-audiences?t=sr&aip=1&_r=4&slf_rd=1&v=1&_v=j96
//	    &tid=UA-643778-1&cid=878270908.1643952222&jid=182588813&_u=YGBACUAABAAAAC~&z=433153369
//
// (corpus pagexray__ferguson.har entries 103, 115 and 116: the same hit
// to www.google.com and www.google.se, and one from GA4 with
// tid=G-D8LRHP9HJ8; pagexray__www.nytimes.com.har entry 185). The
// parameters are analytics.js's (Universal Analytics labels); t, slf_rd
// and _r=4 are not documented, and their labels say so.

// decodeGAAudiences decodes one /ads/ga-audiences hit.
func decodeGAAudiences(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorGAAudiences, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, gaAudiencesLabels, func(p Param) label { return uaLabels[p.Name] })
	eff := effectiveParams(ev.Params, &w)
	for _, p := range eff {
		switch p.Name {
		case "tid":
			ev.PixelID = p.Value
		case "t":
			ev.Name = p.Value
		case "cid":
			addID(&ev, "cid", p.Value, "param cid", gaClientIDMeaning, gaClientIDFacts(p.Value)...)
		case "uid":
			addID(&ev, "uid", p.Value, "param uid", gaUserIDMeaning)
		}
	}
	if ev.PixelID == "" {
		w.addf("no tid: the hit names no Analytics property")
	}
	addVendorCookies(&ev, e, googleAdsCookies, &w)
	ev.Warnings = w.list
	s := "Google Analytics remarketing-audience hit"
	if ev.PixelID != "" {
		s += " for " + ev.PixelID
	}
	s += ": tells Google's ad business (" + ev.Host + ") that this browser"
	for _, id := range ev.IDs {
		if id.Name == "cid" {
			s += " (Analytics client ID " + id.Value + ")"
			break
		}
	}
	ev.Summary = s + " visited the site, for the site's remarketing audiences"
	return []Event{ev}, nil
}

// gaAudiencesLabels label what is particular to these hits; the rest are
// Universal Analytics parameters.
var gaAudiencesLabels = labels{
	"t":      {"hit type (sr on every remarketing-audience hit; the letters are not documented)", DataEventName},
	"slf_rd": {"slf_rd (not documented; 1 on every remarketing-audience hit)", DataTechnical},
	"_r":     {"Advertising Features flag (4 on remarketing-audience hits; the values are not documented)", DataTrackerConfig},
	"tid":    {"Analytics property (UA-…) or GA4 data stream (G-…) the audience belongs to", DataTrackerConfig},
	"gtm":    {"Google tag build and container hash", DataTrackerConfig},
}
