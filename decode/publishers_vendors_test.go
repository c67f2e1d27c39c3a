package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// This file holds the fixtures of the vendors that publishers' pages
// carry in the corpus: Salesforce's DMP (Krux), Taboola and Outbrain.

// kruxCNN is corpus haralyzer__cnn-chrome.har entry 281 (2017): the
// control tag's page view, sharing Adobe's IDs (the same fid as the
// Adobe hit of entry 116) and the site's user ID.
const kruxCNN = "http://beacon.krxd.net/pixel.gif?source=smarttag&fired=report&confid=ITb_4eqO&_kpid=e9eaedd3-c1da-4334-82f0-d7e3ff883c87&_kcp_s=CNN&_kcp_d=edition.cnn.com&_knifr=10&_kua_kx_tz=-120&geo_country=bg&_kua_kx_lang=en-us&_kua_kx_tech_browser_language=en-us&_kua_turner_guid=5a0989f60052fb0a3c9ce8093f02b630&_kua_aa_id=2D04C4FB051D59BB-400019030002A4C0&_kua_af_id=50BE90632897EBCB-2CB52C45CEB3671B&_kua_kx_tech_browser=Chrome%2058&_kua_kx_tech_manufacturer=Microsoft%20Corporation&_kua_kx_tech_device=Computer&_kua_kx_tech_os=Windows%2010&_kua_kx_geo_country=bg&_kua_kx_whistle=0&_kpa_cnn_international_site=cnn_international&_kpa_cnn_international_rollup=homepage&_kpa_keywords=breaking%20news%2C%20news%20online%2C%20U.S.%20news%2C%20world%20news%2C%20developing%20story%2C%20news%20video%2C%20CNN%20news%2C%20weather%2C%20business%2C%20money%2C%20politics%2C%20law%2C%20technology%2C%20entertainment%2C%20education%2C%20travel%2C%20health%2C%20special%20reports%2C%20autos%2C%20CNN%20TV&_kpa_cnn_international_lob=news&_kpa_cnn_international_brand=cnn&_kpa_cnn_international_bizunit=cnn%20international&_kpa_cnn_international_sitename=edition.cnn.com&_kpa_cnn_international_sitesectionlevel1=cnn%20homepage&_kpa_cnn_international_sitesectionlevel2=cnn%20homepage%3Anvs&_kpa_domain=cnn.com&_kpa_cnn.com_meta_keywords=breaking%20news%2C%20news%20online%2C%20U.S.%20news%2C%20world%20news%2C%20developing%20story%2C%20news%20video%2C%20CNN%20news%2C%20weather%2C%20business%2C%20money%2C%20politics%2C%20law%2C%20technology%2C%20entertainment%2C%20education%2C%20travel%2C%20health%2C%20special%20reports%2C%20autos%2C%20CNN%20TV&t_navigation_type=0&t_dns=4&t_tcp=33&t_http_request=-1&t_http_response=45&t_content_ready=865&t_window_load=4109&t_redirect=0&interchange_ran=true&userdata_was_requested=true&userdata_did_respond=true&store_user_after=sdtrannqe&_kurl_=http%3A%2F%2Fwww.cnn.com&userdata_user=Lm-9qVlU%2Csdtrannqe&sview=1&kplt0=26604&kplt1=32111&kplt2=31175&kplt3=31174&kplt4=31173&kplt5=23619&kplt7=23410&kplt8=23412&kplt9=23428&kplt10=23445&kplt11=23474&kplt12=23477&kplt17=23511&kplt18=23548&kplt19=23409&kplt20=23645&kplt21=23647&kplt22=26137&kplt27=32631&kplt28=32696&jsonp_requests=%2F%2Fbeacon.krxd.net%2Fcookie2json%2C217%2C%2F%2Fbeacon.krxd.net%2Foptout_check%2C76%2C%2F%2Fcdn.krxd.net%2Fuserdata%2Fget%2C174"

// taboolaCNET is corpus coach-core__cpuTime.har entry 246 (cnet.com,
// 2018): a recommendation request.
const taboolaCNET = "https://trc.taboola.com/cbsinteractive-cnet/trc/3/json?tim=13%3A10%3A27.093&data=%7B%22id%22%3A198%2C%22ii%22%3A%22_homepage_%22%2C%22it%22%3A%22home%22%2C%22sd%22%3Anull%2C%22ui%22%3Anull%2C%22uifp%22%3Anull%2C%22vi%22%3A1542283827056%2C%22cv%22%3A%22332-341-RELEASE%22%2C%22uiv%22%3A%22default%22%2C%22u%22%3A%22https%3A%2F%2Fwww.cnet.com%2F%22%2C%22bv%22%3A%220%22%2C%22ul%22%3A%5B%22en-US%22%2C%22en%22%5D%2C%22cmps%22%3A3%2C%22btv%22%3A%220%22%2C%22cos%22%3A%224g%22%2C%22bad%22%3A-1%2C%22bw%22%3A1200%2C%22sw%22%3A1280%2C%22sh%22%3A777%2C%22r%22%3A%5B%7B%22li%22%3A%22rbox-h2m%22%2C%22s%22%3A4%2C%22uim%22%3A%22thumbnails-d%3Aabp%3D0%22%2C%22uip%22%3A%22front_door%20desktop%20Bottom%20Unit%20Above%20Footer%22%2C%22orig_uip%22%3A%22front_door%20desktop%20Bottom%20Unit%20Above%20Footer%22%2C%22cd%22%3A11382.234375%2C%22mw%22%3A1165.5625%7D%5D%2C%22cb%22%3A%22TRC.callbacks.recommendations_1%22%2C%22lt%22%3A%22normal%22%7D"

func TestSalesforce(t *testing.T) {
	checkWireFixtures(t, "salesforce", []wireFixture{
		{name: "krux-page-view", entry: withCookies(get(kruxCNN), "_kuid_=Lm-9qVlU"),
			want: []brief{{Vendor: decode.VendorSalesforce, PixelID: "ITb_4eqO", Name: "page view (DMP)", Page: "http://www.cnn.com",
				IDs:    []string{"krux_turner_guid=5a0989f60052fb0a3c9ce8093f02b630", "adobe_aid=2D04C4FB051D59BB-400019030002A4C0", "adobe_fid=50BE90632897EBCB-2CB52C45CEB3671B", "krux_uid=Lm-9qVlU"},
				Custom: []string{"cnn_international_site=cnn_international", "cnn_international_rollup=homepage", "keywords=breaking news, news online, U.S. news, world news, developing story, news video, CNN news, weather, business, money, politics, law, technology, entertainment, education, travel, health, special reports, autos, CNN TV", "cnn_international_lob=news", "cnn_international_brand=cnn", "cnn_international_bizunit=cnn international", "cnn_international_sitename=edition.cnn.com", "cnn_international_sitesectionlevel1=cnn homepage", "cnn_international_sitesectionlevel2=cnn homepage:nvs", "domain=cnn.com", "cnn.com_meta_keywords=breaking news, news online, U.S. news, world news, developing story, news video, CNN news, weather, business, money, politics, law, technology, entertainment, education, travel, health, special reports, autos, CNN TV"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 164: a cookie sync with
		// The Trade Desk.
		{name: "krux-usermatch", entry: withCookies(get("http://beacon.krxd.net/usermatch.gif?partner=ttd&partner_uid=3474a5fc-3f57-4eac-a497-5bd2b5b50945"), "_kuid_=Lm-9qVlU"),
			want: []brief{{Vendor: decode.VendorSalesforce, Kind: decode.KindRequest, IDs: []string{"partner_uid=3474a5fc-3f57-4eac-a497-5bd2b5b50945", "krux_uid=Lm-9qVlU"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 27: the control tag.
		{name: "control-tag", entry: get("http://cdn.krxd.net/controltag?confid=ITb_4eqO"),
			want: []brief{{Vendor: decode.VendorSalesforce, Kind: decode.KindRequest}}},
	})
}

func TestTaboola(t *testing.T) {
	checkWireFixtures(t, "taboola", []wireFixture{
		{name: "cnet-recommendations", entry: get(taboolaCNET),
			want: []brief{{Vendor: decode.VendorTaboola, Kind: decode.KindRequest, PixelID: "cbsinteractive-cnet", Page: "https://www.cnet.com/", IDs: []string{"taboola_vi=1542283827056"}}}},
		// The <img> fallback of the Taboola Pixel as advertisers paste it
		// (here account 1496008's lead page, saved in a public repository).
		// source: public file, repository not recorded.
		{name: "pixel-page-view", entry: withCookies(get("https://trc.taboola.com/1496008/log/3/unip?en=page_view"), "t_gid=6b8a1c3e-0000-4000-8000-0123456789ab-tuct7ed2e34"),
			want: []brief{{Vendor: decode.VendorTaboola, PixelID: "1496008", Name: "page_view", IDs: []string{"taboola_ui=6b8a1c3e-0000-4000-8000-0123456789ab-tuct7ed2e34"}}}},
		// Corpus coach-core__cpuTime.har entry 167: the widget's loader.
		{name: "loader", entry: get("https://cdn.taboola.com/libtrc/cbsinteractive-cnet/loader.js"),
			want: []brief{{Vendor: decode.VendorTaboola, Kind: decode.KindInstallation, PixelID: "cbsinteractive-cnet"}}},
	})
}

func TestOutbrain(t *testing.T) {
	checkWireFixtures(t, "outbrain", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entry 90 (2017).
		{name: "cnn-page-view", entry: get("http://tr.outbrain.com/pixel?marketerId=006eb1f8dded486e0974a6b4a7b9805f5f&obApiVersion=1.0.4&name=PAGE_VIEW&dl=http%3A%2F%2Fedition.cnn.com%2F&bust=08125158190210295"),
			want: []brief{{Vendor: decode.VendorOutbrain, PixelID: "006eb1f8dded486e0974a6b4a7b9805f5f", Name: "PAGE_VIEW", Page: "http://edition.cnn.com/"}}},
		// Omnibug's purchase test (test/providers/Outbrain.js).
		{name: "omnibug-purchase", entry: get("https://tr.outbrain.com/unifiedPixel?orderValue=12.25&currency=USD&orderId=abc123&foo=bar&marketerId=004e6e2a8dddb574d007a0de6dfc517063,00c8f9e47f3276f93622bf0fc68f3902e8,000e82d9fd79b774dfc2addc8ab340a83b&obApiVersion=1.0-gtm&obtpVersion=1.5.2&name=purchase&dl=https%3A%2F%2Fwww.outbrain.com%2F&optOut=false&bust=08710561393380354"),
			want: []brief{{Vendor: decode.VendorOutbrain, PixelID: "004e6e2a8dddb574d007a0de6dfc517063,00c8f9e47f3276f93622bf0fc68f3902e8,000e82d9fd79b774dfc2addc8ab340a83b", Name: "purchase", Page: "https://www.outbrain.com/",
				Custom: []string{"orderValue=12.25", "currency=USD", "orderId=abc123", "foo=bar"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 150: a widget's
		// recommendation request, with the obuid cookie of entry 157.
		{name: "cnn-recommendations", entry: withCookies(get("http://odb.outbrain.com/utils/get?url=http%3A%2F%2Fwww.cnn.com&settings=true&recs=true&widgetJSId=TR_1&key=NANOWDGT01&idx=0&version=01002053&ref=&apv=false&sig=WWwuR91H&format=html&rand=80851&winW=1280&winH=960&adblck=false"), "obuid=086aaed2-45f5-4082-8669-d20bd6e2f4df"),
			want: []brief{{Vendor: decode.VendorOutbrain, Kind: decode.KindRequest, IDs: []string{"obuid=086aaed2-45f5-4082-8669-d20bd6e2f4df"}}}},
	})
}
