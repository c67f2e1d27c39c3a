package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// This file holds the fixtures of the ID-sync and audience companies
// that appear in the corpus only through syncs and audience calls:
// Tapad, Lotame, MediaMath, BidSwitch, Yahoo, Neustar and Dynamic Yield.
// Every fixture is a corpus request (file and entry named), with the
// cookies the capture recorded.

func TestTapad(t *testing.T) {
	checkWireFixtures(t, "tapad", []wireFixture{
		// Corpus pagexray__expressen.har entry 196 (2018): PubMatic gives
		// Tapad its ID for the browser (the same value as PubMatic's
		// KADUSERCOOKIE of entry 198).
		{name: "idsync-check", entry: withCookies(get("https://pixel.tapad.com/idsync/ex/receive/check?partner_id=2682&partner_device_id=F28AE3F6-9A8B-4034-B9EF-EC7CFED85A6A"), "TapAd_TS=1515916354753; TapAd_DID=e1d8f311-f8ff-11e7-8745-0242ac110009"),
			want: []brief{{Vendor: decode.VendorTapad, Kind: decode.KindRequest, IDs: []string{"partner_uid=F28AE3F6-9A8B-4034-B9EF-EC7CFED85A6A", "tapad_did=e1d8f311-f8ff-11e7-8745-0242ac110009"}}}},
	})
}

func TestLotame(t *testing.T) {
	checkWireFixtures(t, "lotame", []wireFixture{
		// Corpus sitespeed.io__www-theverge-com.har entry 152 (2016).
		{name: "bcp", entry: withCookies(get("http://bcp.crwdcntrl.net/5/ct=y/c=7507/pv=y?https%3A%2F%2Fx.skimresources.com%2F%3Fprovider%3Dlotame%26skim_mapping%3Dtrue%26provider_id%3D%24%7Bprofile_id%7D"), "_cc_cc=ctst"),
			want: []brief{{Vendor: decode.VendorLotame, Kind: decode.KindRequest}}},
	})
}

func TestMediaMath(t *testing.T) {
	checkWireFixtures(t, "mediamath", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entry 243 (2017).
		{name: "sync", entry: withCookies(get("http://sync.mathtag.com/sync/img?mt_exid=5&redir=http%3A%2F%2Fus-u.openx.net%2Fw%2F1.0%2Fsd%3Fid%3D536872786%26val%3D%5BMM_UUID%5D&mm_bnc&mm_bct"), "uuid=4f765a09-89a9-4600-8a3e-850d5de08900"),
			want: []brief{{Vendor: decode.VendorMediaMath, Kind: decode.KindRequest, IDs: []string{"mediamath_uuid=4f765a09-89a9-4600-8a3e-850d5de08900"}}}},
	})
}

func TestBidswitch(t *testing.T) {
	checkWireFixtures(t, "bidswitch", []wireFixture{
		// Corpus pagexray__www.nytimes.com.har entry 317 (2015).
		{name: "sync", entry: withCookies(get("https://x.bidswitch.net/sync?dsp_id=119&user_id=786792932447527911&expires=30"), "tuuid=3face34f-651a-4d12-89b0-707365caa4bc; c=1440877502"),
			want: []brief{{Vendor: decode.VendorBidswitch, Kind: decode.KindRequest, IDs: []string{"partner_uid=786792932447527911", "bidswitch_tuuid=3face34f-651a-4d12-89b0-707365caa4bc"}}}},
	})
}

func TestYahoo(t *testing.T) {
	checkWireFixtures(t, "yahoo", []wireFixture{
		// Corpus coach-core__optimalCssSize2.har entry 227 (ryanair.com,
		// 2016).
		{name: "pixel", entry: get("https://ads.yahoo.com/pixel?id=2293332&t=2"),
			want: []brief{{Vendor: decode.VendorYahoo, Kind: decode.KindRequest}}},
		// Entry 73: a sync naming the network.
		{name: "cms-sync", entry: get("https://ads.yahoo.com/cms/v1?esig=1~6c5b3567de4145700cfb73a886d4ea4a6e365b22&nwid=10000482137&sigv=1"),
			want: []brief{{Vendor: decode.VendorYahoo, Kind: decode.KindRequest}}},
	})
}

func TestNeustar(t *testing.T) {
	checkWireFixtures(t, "neustar", []wireFixture{
		// Corpus coach-core__cpuTime.har entry 212 (cnet.com, 2018): the
		// page and the site's audience fields in c.
		{name: "iframe", entry: get("https://d.agkn.com/iframe/8613/?che=795262303&url=https%3A%2F%2Fwww.cnet.com%2F&bpid=cbsinteractive&c=%7B%22bpid%22%3A%22cbsinteractive%22%2C%22loc%22%3A%22https%3A%2F%2Fwww.cnet.com%2F%22%2C%22ref%22%3A%22-1%22%2C%22cid%22%3A%22-1%22%2C%22sid%22%3A%22-1%22%2C%22gen%22%3A%22-1%22%2C%22age%22%3A%22-1%22%2C%22cat%22%3A%22-1%22%2C%22brd%22%3A%22-1%22%7D"),
			want: []brief{{Vendor: decode.VendorNeustar, Kind: decode.KindRequest}}},
	})
}

func TestDynamicYield(t *testing.T) {
	checkWireFixtures(t, "dynamic-yield", []wireFixture{
		// Corpus pagexray__www.nytimes.com.har entry 168 (2015).
		{name: "script", entry: withCookies(get("http://static.dynamicyield.com/scripts/12007/dy-min.js?v=12068"), "DYSES=fef705cfb9163fd08bb8b5564bef20f9; DYID=-1378101304145867844"),
			want: []brief{{Vendor: decode.VendorDynamicYield, Kind: decode.KindRequest, IDs: []string{"dyid=-1378101304145867844"}}}},
	})
}
