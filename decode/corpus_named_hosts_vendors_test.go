package decode_test

import (
	"regexp"
	"strings"
)

// namedHostsVendors are the hosts and paths of the vendors issue 18 adds
// beyond Google and Meta: a corpus request that matches one must be
// decoded as its vendor, never left as "other". host is an exact host or
// "*." and a domain (the domain and every host under it) or "*" (any
// host); path is a path prefix, "" for any path.
var namedHostsVendors = []struct{ host, path string }{
	{"*.omtrdc.net", ""}, {"*.2o7.net", ""}, {"*", "/b/ss/"}, // Adobe Analytics, Adobe Target
	{"api.segment.io", ""}, {"*.segmentapis.com", ""}, {"cdn.segment.com", ""}, // Segment
	{"*.mixpanel.com", ""}, {"cdn.mxpnl.com", ""}, // Mixpanel
	{"*.amplitude.com", ""},                             // Amplitude
	{"*.heapanalytics.com", ""}, {"*.heap-api.com", ""}, // Heap
	{"*.hotjar.com", ""}, {"*.hotjar.io", ""}, // Hotjar
	{"*.clarity.ms", ""},                                    // Microsoft Clarity
	{"*.scorecardresearch.com", ""}, {"*.comscore.com", ""}, // comScore
	{"*.imrworldwide.com", ""}, {"*.exelator.com", ""}, // Nielsen
	{"*.chartbeat.net", ""}, {"*.chartbeat.com", ""}, // Chartbeat
	{"*.quantserve.com", ""}, {"*.quantcount.com", ""}, // Quantcast
	{"*.criteo.com", ""}, {"*.criteo.net", ""}, // Criteo
	{"mc.yandex.ru", ""}, {"mc.yandex.com", ""}, {"mc.yango.com", ""}, // Yandex Metrica
	{"*.nr-data.net", ""}, {"js-agent.newrelic.com", ""}, // New Relic Browser
	{"*.hubspot.com", ""}, {"js.hs-scripts.com", ""}, {"js.hs-analytics.net", ""}, {"*.hscollectedforms.net", ""}, // HubSpot
	{"*", "/matomo.php"}, {"*", "/piwik.php"}, {"*.matomo.cloud", ""}, // Matomo
	{"*.pardot.com", ""},                                 // Pardot
	{"*.mktoresp.com", ""}, {"munchkin.marketo.net", ""}, // Marketo
	{"*.krxd.net", ""}, {"*.evergage.com", ""}, {"*.igodigital.com", ""}, // Salesforce
	{"*.taboola.com", ""},                            // Taboola
	{"*.outbrain.com", ""},                           // Outbrain
	{"*.demdex.net", ""},                             // Adobe Audience Manager
	{"*.adnxs.com", ""},                              // Xandr
	{"*.adsrvr.org", ""},                             // The Trade Desk
	{"*.rubiconproject.com", ""},                     // Magnite
	{"*.pubmatic.com", ""},                           // PubMatic
	{"*.openx.net", ""}, {"*.servedbyopenx.com", ""}, // OpenX
	{"*.casalemedia.com", ""},                                             // Index Exchange
	{"*.rlcdn.com", ""},                                                   // LiveRamp
	{"*.amazon-adsystem.com", ""},                                         // Amazon Ads
	{"*.moatads.com", ""}, {"*.moatpixel.com", ""}, {"*.bluekai.com", ""}, // Oracle Advertising
	{"*.tiqcdn.com", ""}, {"*.tealiumiq.com", ""}, // Tealium
	{"*.optimizely.com", ""},  // Optimizely
	{"*.postrelease.com", ""}, // Nativo
	{"*.crazyegg.com", ""},    // Crazy Egg
}

// hostRegexp is the regular expression of a host pattern of
// namedHostsVendors, matched as a route's host is (see decode.Route).
func hostRegexp(pattern string) *regexp.Regexp {
	switch {
	case pattern == "*":
		return regexp.MustCompile(`^.*$`)
	case strings.HasPrefix(pattern, "*."):
		return regexp.MustCompile(`^(.*\.)?` + regexp.QuoteMeta(pattern[2:]) + `$`)
	}
	return regexp.MustCompile(`^` + regexp.QuoteMeta(pattern) + `$`)
}

// vendorHosts makes namedHostsVendors a table of namedHostTables.
func vendorHosts() []namedHost {
	var out []namedHost
	for _, nh := range namedHostsVendors {
		out = append(out, namedHost{host: hostRegexp(nh.host), path: nh.path, what: nh.host + nh.path})
	}
	return out
}
