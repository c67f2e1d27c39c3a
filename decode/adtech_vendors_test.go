package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// This file holds the fixtures of the advertising-technology companies
// whose requests carry no event of the site's own: ID syncs, segment and
// conversion pixels, header bidding. Every fixture is a corpus request
// (file and entry named), with the cookies the capture recorded.

func TestAdobeAudienceManager(t *testing.T) {
	checkWireFixtures(t, "adobe-audience-manager", []wireFixture{
		// Corpus coach-core__cpuTime.har entry 204 (cnet.com, 2018): the ID
		// service call, with the ECID and the Analytics aid declared.
		{name: "id-call", entry: get("https://dpm.demdex.net/id?d_visid_ver=2.3.0&d_fieldgroup=AAM&d_rtbd=json&d_ver=2&d_orgid=10D31225525FF5790A490D4D%40AdobeOrg&d_nsid=0&d_mid=17894477449534214403480651323317757974&d_blob=6G1ynYcLPuiQxYZrsz_pkqfLG9yMXBpb2zX5dvJdYQJzPXImdj0y&d_cid_ic=AVID%012DF6B11785312B29-4000012BE00000C3&d_cid_ic=urs%01%012&ts=1542283823853"),
			want: []brief{{Vendor: decode.VendorAdobeAudienceManager, Kind: decode.KindRequest, PixelID: "10D31225525FF5790A490D4D@AdobeOrg",
				IDs: []string{"adobe_mid=17894477449534214403480651323317757974", "adobe_aid=2DF6B11785312B29-4000012BE00000C3"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 193 (2017): an ID sync
		// with data partner 66757, parameters after a colon in the path.
		{name: "ibs-sync", entry: get("http://dpm.demdex.net/ibs:dpid=66757&&dpuuid=Lm-9qVlU&redir=http%3A%2F%2Fbeacon.krxd.net%2Fusermatch.gif%3Fpartner%3Dadobe%26partner_uid%3D$%7BDD_UUID%7D"),
			want: []brief{{Vendor: decode.VendorAdobeAudienceManager, Kind: decode.KindRequest, IDs: []string{"demdex_dpuuid_66757=Lm-9qVlU"}}}},
		// Corpus coach-core__cpuTime.har entry 186: the ID-sync frame,
		// with the demdex cookie.
		{name: "dest-frame", entry: withCookies(get("https://cbsi.demdex.net/dest5.html?d_nsid=undefined"), "demdex=17662376778342922163466165458379664750"),
			want: []brief{{Vendor: decode.VendorAdobeAudienceManager, Kind: decode.KindRequest, IDs: []string{"demdex=17662376778342922163466165458379664750"}}}},
	})
}

func TestXandr(t *testing.T) {
	checkWireFixtures(t, "xandr", []wireFixture{
		// Corpus coach-core__optimalCssSize2.har entry 192 (ryanair.com,
		// 2016): a segment pixel.
		{name: "segment-pixel", entry: withCookies(get("https://secure.adnxs.com/seg?t=2&add=2575714"), "sess=1"),
			want: []brief{{Vendor: decode.VendorXandr, Kind: decode.KindRequest}}},
		// Corpus coach-core__optimalCssSize2.har entry 70: setuid with a
		// partner's ID.
		{name: "setuid", entry: get("https://secure.adnxs.com/setuid?entity=6&code=206405715201"),
			want: []brief{{Vendor: decode.VendorXandr, Kind: decode.KindRequest, IDs: []string{"partner_uid=206405715201"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 172: getuid, whose query
		// is the next hop's URL.
		{name: "getuid", entry: get("http://ib.adnxs.com/getuid?http://aax-eu.amazon-adsystem.com/s/ecm3?id=$UID&ex=appnexus.com"),
			want: []brief{{Vendor: decode.VendorXandr, Kind: decode.KindRequest}}},
	})
}

func TestTradeDesk(t *testing.T) {
	checkWireFixtures(t, "tradedesk", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entry 163 (2017), with TDID.
		{name: "cookie-sync", entry: withCookies(get("http://match.adsrvr.org/track/cmb/generic?ttd_pid=krux&ttd_tpi=1"), "TDID=3474a5fc-3f57-4eac-a497-5bd2b5b50945; TDCPM=CAEYBSgCMgsI9JThyKam1TUQBTgB"),
			want: []brief{{Vendor: decode.VendorTradeDesk, Kind: decode.KindRequest, IDs: []string{"ttd_tdid=3474a5fc-3f57-4eac-a497-5bd2b5b50945"}}}},
		// Corpus pagexray__ferguson.har entry 146 (2022): the universal
		// pixel's event on an advertiser's site.
		{name: "universal-pixel", entry: get("https://insight.adsrvr.org/track/evnt/?adv=dxyo217&ct=0:iep0q1d&fmt=3"),
			want: []brief{{Vendor: decode.VendorTradeDesk, Kind: decode.KindRequest}}},
	})
}

func TestMagnite(t *testing.T) {
	checkWireFixtures(t, "magnite", []wireFixture{
		// Corpus coach-core__optimalCssSize2.har entry 69 (2016).
		{name: "tap-sync", entry: get("https://pixel.rubiconproject.com/tap.php?v=7726&nid=2242&put=206405715201&expires=365"),
			want: []brief{{Vendor: decode.VendorMagnite, Kind: decode.KindRequest, IDs: []string{"partner_uid=206405715201"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 107 (2017): header
		// bidding, the page in rf.
		{name: "fastlane", entry: get("http://fastlane.rubiconproject.com/a/api/fastlane.json?account_id=11016&size_id=2&p_pos=atf&rp_floor=0.01&rf=http%3A%2F%2Fedition.cnn.com%2F&p_screen_res=1280x960&tg_fl.eid=ad_bnr_atf_01&tid=11f49c49-8c3f-42f9-bc9c-9cf56e7c3731&tg_fl.uname=%2F8664377%2FCNNi%2Fhomepage&tg_fl.pr_acctid=11016&alt_size_ids=57&kw=CNNi%2Fhomepage%2Crp.fastlane&tk_flint=plain&tg_i.site=CNNi&tg_i.section=homepage&tg_i.cap_topics=&tg_i.ssl=0&tg_i.pos=bnr_atf_01&rand=0.33533556031003675"),
			want: []brief{{Vendor: decode.VendorMagnite, Kind: decode.KindRequest}}},
	})
}

func TestPubMatic(t *testing.T) {
	checkWireFixtures(t, "pubmatic", []wireFixture{
		// Corpus pagexray__expressen.har entry 198 (2018), with its
		// cookies.
		{name: "pug-sync", entry: withCookies(get("https://simage2.pubmatic.com/AdServer/Pug?vcode=bz0yJnR5cGU9MSZjb2RlPTMzMzkmdGw9MTI5NjAwXc1193_vj0u4a9UOYDeQTgDVbalX6Km5aNDOQEtDHqvLUNYRY"), "KTPCACOOKIE=YES; pi=156535:2; KADUSERCOOKIE=F28AE3F6-9A8B-4034-B9EF-EC7CFED85A6A; DPSync2=1517097600%3A190_191_192_158"),
			want: []brief{{Vendor: decode.VendorPubMatic, Kind: decode.KindRequest, IDs: []string{"pubmatic_kaduser=F28AE3F6-9A8B-4034-B9EF-EC7CFED85A6A"}}}},
	})
}

func TestOpenX(t *testing.T) {
	checkWireFixtures(t, "openx", []wireFixture{
		// Corpus coach-core__optimalCssSize2.har entries 74 and 81 (2016):
		// a partner sync and its check, with OpenX's i cookie.
		{name: "sync", entry: get("https://us-u.openx.net/w/1.0/sd?id=537073024&val=206405715201"),
			want: []brief{{Vendor: decode.VendorOpenX, Kind: decode.KindRequest, IDs: []string{"partner_uid=206405715201"}}}},
		{name: "sync-check", entry: withCookies(get("https://us-u.openx.net/w/1.0/sd?cc=1&id=537073024&val=206405715201"), "i=1b097661-3a57-4c92-161d-fc4a1fb50d50|1453461133"),
			want: []brief{{Vendor: decode.VendorOpenX, Kind: decode.KindRequest, IDs: []string{"partner_uid=206405715201", "openx_i=1b097661-3a57-4c92-161d-fc4a1fb50d50"}}}},
	})
}

func TestIndexExchange(t *testing.T) {
	checkWireFixtures(t, "index-exchange", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entry 112 (2017): the bid
		// request, the page inside r's JSON.
		{name: "cygnus", entry: get("http://as.casalemedia.com/cygnus?v=7&cb=6676077385&s=191334&pid=184694&fn=ixCallback_6676077385&r=%7B%22id%22%3A%222641256338%22%2C%22site%22%3A%7B%22page%22%3A%22http%3A%2F%2Fedition.cnn.com%2F%22%2C%22ref%22%3A%22http%3A%2F%2Fedition.cnn.com%22%7D%2C%22imp%22%3A%5B%7B%22id%22%3A%22970x250_bnr_atf_01%22%2C%22banner%22%3A%7B%22w%22%3A%22970%22%2C%22h%22%3A%22250%22%2C%22topframe%22%3A0%7D%2C%22ext%22%3A%7B%22siteID%22%3A191334%2C%22sid%22%3A%22hp_970x250_bnr_atf_01%22%7D%7D%5D%7D"),
			want: []brief{{Vendor: decode.VendorIndexExchange, Kind: decode.KindRequest}}},
	})
}

func TestLiveRamp(t *testing.T) {
	checkWireFixtures(t, "liveramp", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entries 191 and 192 (2017): a
		// partner (Salesforce's Krux) gives LiveRamp its ID.
		{name: "idsync", entry: get("https://idsync.rlcdn.com/379708.gif?partner_uid=Lm-9qVlU"),
			want: []brief{{Vendor: decode.VendorLiveRamp, Kind: decode.KindRequest, IDs: []string{"partner_uid=Lm-9qVlU"}}}},
		{name: "idsync-redirect", entry: withCookies(get("https://idsync.rlcdn.com/379708.gif?partner_uid=Lm-9qVlU&redirect=1"), "ck1=ck1"),
			want: []brief{{Vendor: decode.VendorLiveRamp, Kind: decode.KindRequest, IDs: []string{"partner_uid=Lm-9qVlU"}}}},
	})
}

func TestAmazonAds(t *testing.T) {
	checkWireFixtures(t, "amazon-ads", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entry 106 (2017): header
		// bidding for edition.cnn.com.
		{name: "bid", entry: get("http://aax.amazon-adsystem.com/e/dtb/bid?src=3288&u=http%3A%2F%2Fedition.cnn.com%2F&pid=3250260621510574583448&cb=4313513751510574584270&ws=1280x960&v=6.0.0&t=2000&slots=%5B%7B%22sd%22%3A%22ad_bnr_atf_01%22%2C%22s%22%3A%5B%22970x250%22%2C%22970x90%22%2C%22728x90%22%5D%7D%5D"),
			want: []brief{{Vendor: decode.VendorAmazonAds, Kind: decode.KindRequest}}},
		// Corpus haralyzer__cnn-chrome.har entry 23: the library.
		{name: "apstag", entry: get("http://c.amazon-adsystem.com/aax2/apstag.js"),
			want: []brief{{Vendor: decode.VendorAmazonAds, Kind: decode.KindRequest}}},
	})
}

func TestOracleAdvertising(t *testing.T) {
	checkWireFixtures(t, "oracle-advertising", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entry 181 (2017): a BlueKai
		// site tag syncing Krux's ID.
		{name: "bluekai-site", entry: get("http://tags.bluekai.com/site/26357?id=Lm-9qVlU&redir=http://beacon.krxd.net/usermatch.gif?_kuid%3DLm-9qVlU%26partner%3Dbluekai%26bk_uuid%3D%24_BK_UUID"),
			want: []brief{{Vendor: decode.VendorOracle, Kind: decode.KindRequest, IDs: []string{"partner_uid=Lm-9qVlU"}}}},
		// Corpus coach-core__cpuTime.har entry 185 (cnet.com, 2018): a Moat
		// beacon (shortened: the first 40 of its parameters).
		{name: "moat-beacon", entry: get("https://px.moatads.com/pixel.gif?e=17&i=CBSDFPCW2&hp=1&cm=16&kq=2&hq=0&hs=0&hu=0&hr=0&ht=1&dnt=0&bq=0&f=0&j=&o=3&t=1542283822740&de=524107173384&m=0&ar=7554d5b-clean&q=11&cb=0&cu=1542283822740&ll=3&lm=0&ln=1&r=0&em=0&en=0&d=25299489%3A251370729%3A241974849%3A138215307753&zMoatPS=bottom&zMoatSECT=home&zMoatPT=front_door&zMoatW=728&zMoatH=90&zMoatVGUID=6b4ea2b0-e8cf-11e8-8c6b-b19fbb647900&zMoatSN=d&zMoatCURL=cnet.com&gu=https%3A%2F%2Fwww.cnet.com%2F"),
			want: []brief{{Vendor: decode.VendorOracle, Kind: decode.KindRequest}}},
	})
}
