package decode

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// This file decodes Google AdSense and the other requests to
// googlesyndication.com, Google's display-ad serving domain: the AdSense
// libraries (pagead2.googlesyndication.com/pagead/show_ads.js,
// …/pagead/js/adsbygoogle.js?client=ca-pub-…), the publisher's
// configuration (…/pub-config/ca-pub-<id>.js), ad requests
// (googleads.g.doubleclick.net/pagead/ads?client=ca-pub-…&url=…, of the
// shape admanager.go decodes), Active View measurement (osd.js,
// /pcs/activeview, /activeview) and the creatives and SafeFrame
// containers on tpc.googlesyndication.com, which serve Ad Manager's and
// AdX's ads too. Corpus: pagexray__www.nytimes.com.har entries 120–136,
// coach-core__cpuTime.har entries 116–224, sitespeed.io__www-theverge-com.har
// entries 136–216.

// adSensePublisher returns the ca-pub-… publisher ID in a path such as
// /pub-config/r20160913/ca-pub-1991679624331369.js, or "".
func adSensePublisher(path string) string {
	i := strings.Index(path, "ca-pub-")
	if i < 0 {
		return ""
	}
	id := path[i:]
	if j := strings.IndexAny(id, "/."); j >= 0 {
		id = id[:j]
	}
	return id
}

// decodeAdSenseConfig decodes the load of a publisher's AdSense
// configuration: an installation fact naming the publisher.
func decodeAdSenseConfig(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorAdSense, KindInstallation)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, adRequestLabels, nil)
	addVendorCookies(&ev, e, googleAdsCookies, &w)
	ev.PixelID = adSensePublisher(ev.Path)
	ev.Summary = "AdSense publisher configuration loaded"
	if ev.PixelID != "" {
		ev.Summary += " for " + ev.PixelID
	} else {
		w.addf("no ca-pub- publisher ID in the path %q", ev.Path)
	}
	ev.Warnings = w.list
	return []Event{ev}, nil
}

// adSenseLoader decodes the loads of show_ads.js and adsbygoogle.js
// (client names the publisher, when given).
var adSenseLoader = loader(VendorAdSense, "AdSense library", "client", googleAdsCookies)

// adSenseAdRequest decodes an AdSense ad request.
var adSenseAdRequest = adRequest(VendorAdSense, "AdSense ad request")

// adSenseRequest decodes any other request to googlesyndication.com.
var adSenseRequest = vendorRequest(VendorAdSense, "Google display-ad serving (googlesyndication.com) request", adRequestLabels, googleAdsCookies)
