package decode

import "github.com/haruspex/haruspex/har"

// This file decodes Google Optimize, Google's A/B-testing tool (retired
// in September 2023): the page loads its container from
// www.google-analytics.com/gtm/js?id=GTM-…&cid=<GA client ID> (corpus
// pagexray__expressen.har entries 75, 272, 481: the cid is the one the
// same page's Universal Analytics hits carry), or from
// www.googleoptimize.com/optimize.js?id=OPT-…. The load is a
// [KindInstallation] event, and the cid, when sent, an identifier: it
// gives Google the site's Analytics client ID before any analytics hit.
// Omnibug's tests list google-analytics.com/gtm/js as not Tag Manager.

// decodeOptimize decodes the load of an Optimize container.
func decodeOptimize(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorGoogleOptimize, KindInstallation)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, optimizeLabels, nil)
	eff := effectiveParams(ev.Params, &w)
	ev.PixelID = value(eff, "id")
	if cid := value(eff, "cid"); cid != "" {
		addID(&ev, "cid", cid, "param cid", gaClientIDMeaning, gaClientIDFacts(cid)...)
	}
	addVendorCookies(&ev, e, gaCookies, &w)
	ev.Summary = "Google Optimize container loaded"
	if ev.PixelID != "" {
		ev.Summary += " for " + ev.PixelID
	}
	if len(ev.IDs) > 0 && ev.IDs[0].Name == "cid" {
		ev.Summary += ", with the visitor's Google Analytics client ID " + ev.IDs[0].Value
	}
	if ev.PixelID == "" {
		w.addf("no id: the load names no Optimize container")
	}
	ev.Warnings = w.list
	return []Event{ev}, nil
}

var optimizeLabels = labels{
	"id":  {"Optimize container ID", DataTrackerConfig},
	"cid": {"Google Analytics client ID (_ga cookie): identifies this browser on this site", DataBrowserID},
	"t":   {"Analytics tracker the container is linked to (inferred from the name)", DataTrackerConfig},
	"cb":  {"cache buster", DataTechnical},
}

// optimizeRequest decodes other requests to googleoptimize.com.
var optimizeRequest = vendorRequest(VendorGoogleOptimize, "Google Optimize request", optimizeLabels, gaCookies)
