package decode_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/decode"
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

// TestCorpusNamedHostsVendors decodes every corpus file and fails on any
// request to a host of namedHostsVendors that is decoded as "other".
func TestCorpusNamedHostsVendors(t *testing.T) {
	readPixelTable(t) // skips without the corpus
	names, err := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if err != nil {
		t.Fatal(err)
	}
	reg := newRegistry(t)
	matched := 0
	for _, path := range names {
		name := filepath.Base(path)
		for _, ev := range decodeFileLenient(t, reg, name) {
			for _, nh := range namedHostsVendors {
				if !vendorsHostMatches(nh.host, ev.Host) || !strings.HasPrefix(ev.Path, nh.path) {
					continue
				}
				matched++
				if ev.Vendor == decode.VendorOther {
					t.Errorf("%s #%d: %s %s%s is decoded as %q; its host is named (%s%s)", name, ev.Sources[0].Entry, ev.Method, ev.Host, ev.Path, ev.Vendor, nh.host, nh.path)
				}
				break
			}
		}
	}
	if matched == 0 {
		t.Error("no corpus request matched namedHostsVendors: the table or the corpus changed")
	}
	t.Logf("%d corpus requests to named hosts", matched)
}

// vendorsHostMatches reports whether host matches pattern as a route's host
// does (see decode.Route).
func vendorsHostMatches(pattern, host string) bool {
	host = strings.ToLower(host)
	if pattern == "*" {
		return true
	}
	if domain, ok := strings.CutPrefix(pattern, "*."); ok {
		return host == domain || strings.HasSuffix(host, "."+domain)
	}
	return host == pattern
}
