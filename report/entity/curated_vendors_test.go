package entity

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLookupCuratedVendors checks the curated entries of the vendors
// issue 18 adds to decode: a host each decoder's routes name resolves to
// the curated company, not to third-party-web's.
func TestLookupCuratedVendors(t *testing.T) {
	tests := []struct {
		host                 string
		company, legal, patt string
	}{
		{"omnibug.d1.sc.omtrdc.net", "Adobe", "Adobe Systems Software Ireland Limited", "*.omtrdc.net"},
		{"dpm.demdex.net", "Adobe", "Adobe Systems Software Ireland Limited", "*.demdex.net"},
		{"281-obq-266.mktoresp.com", "Adobe", "Adobe Systems Software Ireland Limited", "*.mktoresp.com"},
		{"api.segment.io", "Twilio", "Twilio Inc.", "*.segment.io"},
		{"api-js.mixpanel.com", "Mixpanel", "Mixpanel, Inc.", "*.mixpanel.com"},
		{"api2.amplitude.com", "Amplitude", "Amplitude, Inc.", "*.amplitude.com"},
		{"heapanalytics.com", "Contentsquare", "Heap Inc.", "*.heapanalytics.com"},
		{"in.hotjar.com", "Contentsquare", "Hotjar Ltd", "*.hotjar.com"},
		{"k.clarity.ms", "Microsoft", "Microsoft Corporation", "*.clarity.ms"},
		{"sb.scorecardresearch.com", "comScore", "comScore, Inc.", "*.scorecardresearch.com"},
		{"secure-us.imrworldwide.com", "Nielsen", "The Nielsen Company (US), LLC", "*.imrworldwide.com"},
		{"ping.chartbeat.net", "Chartbeat", "Chartbeat, Inc.", "*.chartbeat.net"},
		{"pixel.quantserve.com", "Quantcast", "Quantcast International Limited", "*.quantserve.com"},
		{"sslwidget.criteo.com", "Criteo", "Criteo SA", "*.criteo.com"},
		{"mc.yandex.ru", "Yandex", "YANDEX LLC", "mc.yandex.ru"},
		{"bam.nr-data.net", "New Relic", "New Relic, Inc.", "*.nr-data.net"},
		{"track-eu1.hubspot.com", "HubSpot", "HubSpot, Inc.", "*.hubspot.com"},
		{"omnibug.matomo.cloud", "InnoCraft", "InnoCraft Ltd", "*.matomo.cloud"},
		{"pi.pardot.com", "Salesforce", "Salesforce, Inc.", "*.pardot.com"},
		{"beacon.krxd.net", "Salesforce", "Salesforce, Inc.", "*.krxd.net"},
		{"trc.taboola.com", "Taboola", "Taboola.com Ltd.", "*.taboola.com"},
		{"tr.outbrain.com", "Outbrain", "Outbrain Inc.", "*.outbrain.com"},
		{"ib.adnxs.com", "Microsoft", "Xandr, Inc.", "*.adnxs.com"},
		{"match.adsrvr.org", "The Trade Desk", "The Trade Desk, Inc.", "*.adsrvr.org"},
		{"fastlane.rubiconproject.com", "Magnite", "Magnite, Inc.", "*.rubiconproject.com"},
		{"simage2.pubmatic.com", "PubMatic", "PubMatic, Inc.", "*.pubmatic.com"},
		{"us-u.openx.net", "OpenX", "OpenX Technologies, Inc.", "*.openx.net"},
		{"as.casalemedia.com", "Index Exchange", "Index Exchange Inc.", "*.casalemedia.com"},
		{"idsync.rlcdn.com", "LiveRamp", "LiveRamp, Inc.", "*.rlcdn.com"},
		{"aax.amazon-adsystem.com", "Amazon", "Amazon.com Services LLC", "*.amazon-adsystem.com"},
		{"tags.bluekai.com", "Oracle", "Oracle America, Inc.", "*.bluekai.com"},
		{"tags.tiqcdn.com", "Tealium", "Tealium Inc.", "*.tiqcdn.com"},
		{"logx.optimizely.com", "Optimizely", "Optimizely, Inc.", "*.optimizely.com"},
		{"jadserve.postrelease.com", "Nativo", "Nativo, Inc.", "*.postrelease.com"},
		{"script.crazyegg.com", "Crazy Egg", "Crazy Egg, Inc.", "*.crazyegg.com"},
		{"acme.collector.snplow.net", "Snowplow", "Snowplow Analytics Ltd", "*.snplow.net"},
		{"rs.fullstory.com", "FullStory", "FullStory, Inc.", "*.fullstory.com"},
		{"pixel.tapad.com", "Experian", "Tapad, Inc.", "*.tapad.com"},
		{"bcp.crwdcntrl.net", "Lotame", "Lotame Solutions, Inc.", "*.crwdcntrl.net"},
		{"sync.mathtag.com", "MediaMath", "MediaMath, Inc.", "*.mathtag.com"},
		{"x.bidswitch.net", "Criteo", "IPONWEB Limited", "*.bidswitch.net"},
		{"ads.yahoo.com", "Yahoo", "Yahoo EMEA Limited", "ads.yahoo.com"},
		{"d.agkn.com", "TransUnion", "Neustar, Inc.", "*.agkn.com"},
		{"px.dynamicyield.com", "Mastercard", "Dynamic Yield Ltd.", "*.dynamicyield.com"},
	}
	db := Builtin()
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			got, ok := lookup(db, tt.host)
			if !ok {
				t.Fatalf("Lookup(%q): not found", tt.host)
			}
			want := result{Company: tt.company, LegalEntity: tt.legal, Parent: got.Parent, Country: got.Country, Pattern: tt.patt, Source: SourceHaruspex}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Lookup(%q) mismatch (-want +got):\n%s", tt.host, diff)
			}
		})
	}
}
