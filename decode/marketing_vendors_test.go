package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// This file holds the fixtures of the B2B marketing-automation tags:
// Pardot and Marketo Munchkin.

func TestPardot(t *testing.T) {
	checkWireFixtures(t, "pardot", []wireFixture{
		// A real page view on sky-timeless.com (April 2024), saved in a
		// public copy of the page's HTML. source: public file, repository
		// not recorded.
		{name: "page-view", entry: withCookies(get("https://pi.pardot.com/analytics?ver=3&visitor_id=511206016&visitor_id_sign=03b8a5016aa462439ea4de630230035db60e8c10027ea2ddbc7a1aa4990136af312007f14bf1e00b18766251f96f2c53a5d5224c&pi_opt_in=&campaign_id=1508&account_id=882152&title=SKY%20GROUP%E3%81%AE%E9%AB%98%E7%B4%9A%E8%BC%B8%E5%85%A5%E8%BB%8A%E3%83%AC%E3%83%B3%E3%82%BF%E3%82%AB%E3%83%BC%E3%82%B5%E3%83%BC%E3%83%93%E3%82%B9%20%7C%20SKY%20GROUP&url=https%3A%2F%2Fsky-timeless.com%2Frentacar%2F&referrer=https%3A%2F%2Fwww.google.com%2F"),
			"visitor_id881152=511206016; visitor_id881152-hash=03b8a5016aa462439ea4de630230035db60e8c10027ea2ddbc7a1aa4990136af312007f14bf1e00b18766251f96f2c53a5d5224c"),
			want: []brief{{Vendor: decode.VendorPardot, PixelID: "882152", Name: "page view", Page: "https://sky-timeless.com/rentacar/", Referrer: "https://www.google.com/",
				IDs:    []string{"pardot_visitor_id=511206016", "pardot_visitor_id=511206016"},
				Custom: []string{"title=SKY GROUPの高級輸入車レンタカーサービス | SKY GROUP"}}}},
		// The identify request Segment's Pardot integration builds
		// (analytics.js-integrations, pardot: pi_email), which names the
		// prospect.
		{name: "identify", entry: get("https://pi.pardot.com/analytics?account_id=77777&campaign_id=99999&pi_opt_in=&ver=3&visitor_id=&pi_email=prospect%40mail.example"),
			want: []brief{{Vendor: decode.VendorPardot, PixelID: "77777", Name: "identify (names the prospect)", UserData: []string{"pi_email=plain-text"}}}, warn: "NOT HASHED"},
	})
}

func TestMarketo(t *testing.T) {
	checkWireFixtures(t, "marketo", []wireFixture{
		// A real visit on www.crowdstrike.com (May 2025) from a recorded
		// Go test, with the Adobe ECID. source: public file, repository
		// not recorded.
		{name: "crowdstrike-visit", entry: post("https://281-obq-266.mktoresp.com/webevents/visitWebPage?_mchNc=1746729079204&_mchCn=&_mchId=281-OBQ-266&_mchTk=_mch-crowdstrike.com-d292972b603d4598c10cdd175d1f8c61&_mchHo=www.crowdstrike.com&_mchPo=&_mchRu=%2Fen-us%2F&_mchPc=https%3A&_mchVr=164&aip=1&_mchEcid=06D71E9261F941560A495CD6%40AdobeOrg%3A%3A28180928486187528650392535887012291588&_mchHa=&_mchRe=&_mchQp=", "", ""),
			want: []brief{{Vendor: decode.VendorMarketo, PixelID: "281-OBQ-266", Name: "page visit", Page: "www.crowdstrike.com/en-us/",
				IDs: []string{"_mkto_trk=_mch-crowdstrike.com-d292972b603d4598c10cdd175d1f8c61", "adobe_mid=28180928486187528650392535887012291588"}}}},
		// Omnibug's Marketo test request (optimizely.com, 2013).
		{name: "omnibug-visit", entry: get("https://361-ger-922.mktoresp.com/webevents/visitWebPage?_mchNc=1373109712539&_mchCn=&_mchId=361-GER-922&_mchTk=_mch-optimizely.com-1373109597780-65180&_mchHo=www.optimizely.com&_mchPo=&_mchRu=%2F&_mchPc=https%3A&_mchHa=&_mchRe=&_mchQp=&_mchVr=134"),
			want: []brief{{Vendor: decode.VendorMarketo, PixelID: "361-GER-922", Name: "page visit", Page: "www.optimizely.com/", IDs: []string{"_mkto_trk=_mch-optimizely.com-1373109597780-65180"}}}},
		{name: "library", entry: get("https://munchkin.marketo.net/164/munchkin.js"),
			want: []brief{{Vendor: decode.VendorMarketo, Kind: decode.KindInstallation}}},
	})
}
