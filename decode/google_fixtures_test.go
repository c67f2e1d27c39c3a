package decode_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// googleFixture is one request of the Google family (issue 18), from a
// real capture or public documentation (said in its comment), with the
// fields an investigator relies on; its whole decoding is pinned by
// testdata/google/<name>.golden (go test -update rewrites it: review the
// diff as code).
type googleFixture struct {
	name  string
	entry *har.Entry
	want  []brief
	warn  string // a substring some warning must contain; "" for none
}

// withCookies returns e with a Cookie header.
func withCookies(e *har.Entry, cookie string) *har.Entry {
	e.Request.Headers = append(e.Request.Headers, har.NameValue{Name: "Cookie", Value: cookie})
	return e
}

// Real requests, verbatim, from the shared corpus (file#entry).
const (
	// pagexray__expressen.har#127 is 3,890 bytes; this one is shorter.
	vecVergeGAM       = "https://securepubads.g.doubleclick.net/gampad/ads?gdfp_req=1&correlator=1424331144953856&output=json_html&callback=callbackProxy&impl=fifs&json_a=1&eid=108809080&sc=0&sfv=1-0-2&iu_parts=172968584%2Cverge%2Cfront_page&enc_prev_ius=%2F0%2F1%2F2%2C%2F0%2F1%2F2%2C%2F0%2F1%2F2%2C%2F0%2F1%2F2%2C%2F0%2F1%2F2%2C%2F0%2F1%2F2%2C%2F0%2F1%2F2&prev_iu_szs=728x90%7C970x250%7C1020x90%7C1022x341%7C1400x600%7C1080x600%2C200x200%2C300x250%2C1030x590%7C970x250%2C650x150%2C1020x90%7C728x90%2C2x2&prev_scp=position%3Dleaderboard%26sw_tmode%3D%7Cposition%3Dnative_ad_video%26sw_tmode%3D%7Cposition%3Dmedium_rectangle%26sw_tmode%3D%7Cposition%3Dathena%26sw_tmode%3D%7Cposition%3Dnative_ad_content_link%26sw_tmode%3D%7Cposition%3Dbtf_leaderboard%26sw_tmode%3D%7Cposition%3Dreskin%26sw_tmode%3D&eri=1&cust_params=browser_width%3Dbp-large%26device_type%3Ddesktop%26network%3Dverge%26affiliation%3Dgeneral%26page_type%3Dhome_page%26entry_group%3Dfront-page%26keywords%3Dthe%2520verge%26async%3Dtrue%26kuid%3D&cookie_enabled=1&lmt=1451827127&dt=1451827127282&cc=98&frm=20&biw=1050&bih=757&oid=3&adks=3212717918%2C1046064903%2C847329825%2C1811701893%2C1941125290%2C3332618372%2C2174818198&gut=v2&ifi=1&u_tz=60&u_his=2&u_h=900&u_w=1440&u_ah=873&u_aw=1440&u_cd=24&u_nplug=3&u_nmime=4&u_sd=2&flash=0&url=http%3A%2F%2Fwww.theverge.com%2F&dssz=71&icsg=551186071552&std=0&vrg=78&vrp=78&ga_vid=518460841.1451827127&ga_sid=1451827127&ga_hid=1034910317" // sitespeed.io__www-theverge-com.har#98
	vecNYTAdSense     = "https://googleads.g.doubleclick.net/pagead/ads?client=ca-pub-4177862836555934&output=html&h=250&slotname=4200398039&adk=4118098717&w=970&lmt=1440859426&loeid=108809041&ea=0&flash=18.0.0&url=http%3A%2F%2Fwww.nytimes.com%2F&wgl=1&dt=1440859425902&bpp=15&bdt=344&shv=r20150826&cbv=r20150820&saldr=sa&correlator=6682209560577&jscb=1&frm=23&ga_vid=131552123.1440859426&ga_sid=1440859426&ga_hid=137356458&ga_fc=0&pv=2&u_tz=-240&u_his=3&u_java=1&u_h=1200&u_w=1920&u_ah=1160&u_aw=1920&u_cd=24&u_nplug=5&u_nmime=7&dff=times%20new%20roman&dfs=16&adx=14&ady=196&biw=997&bih=649&isw=970&ish=250&ifk=2389953633&eid=575144605%2C317150304&oid=3&rx=0&eae=2&fc=24&brdim=0%2C0%2C0%2C0%2C1920%2C0%2C1024%2C768%2C970%2C250&vis=1&rsz=%7Cm%7Co%7C&abl=NS&ppjl=u&pfx=0&srr=1&fu=20&bc=1&ifi=1&dtd=140"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                     // pagexray__www.nytimes.com.har#137
	vecUtmUrchin      = "http://www.google-analytics.com/__utm.gif?utmwv=1.3&utmn=167033691&utmcs=UTF-8&utmsr=1280x768&utmsc=24-bit&utmul=en-us&utmje=1&utmfl=10.1%20r82&utmcn=1&utmdt=Software%20is%20hard%20%7C%20Firebug%201.6%20beta%201%20Released&utmhn=www.softwareishard.com&utmhid=1444065975&utmr=0&utmp=/blog/firebug/firebug-16-beta-1-released/&utmac=UA-3586722-1&utmcc=__utma%3D57327400.167033691.1286268803.1286268803.1286268803.1%3B%2B__utmz%3D57327400.1286268803.1.1.utmccn%3D(direct)%7Cutmcsr%3D(direct)%7Cutmcmd%3D(none)%3B%2B"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             // harviewer__softwareishard.com.har#17
	vecAudiencesUA    = "https://www.google.se/ads/ga-audiences?t=sr&aip=1&_r=4&slf_rd=1&v=1&_v=j96&tid=UA-643778-1&cid=878270908.1643952222&jid=182588813&_u=YGBACUAABAAAAC~&z=433153369"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            // pagexray__ferguson.har#116
	vecAudiencesGA4   = "https://www.google.se/ads/ga-audiences?v=1&t=sr&slf_rd=1&_r=4&tid=G-D8LRHP9HJ8&cid=878270908.1643952222&gtm=2oe220&aip=1&z=602298805"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        // pagexray__ferguson.har#103
	vecUserListBG     = "http://www.google.bg/ads/user-lists/986255830/?value=0&guid=ON&script=0&cdct=2&is_vtc=1&random=3969319476&ipr=y&ulfeg=n"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                     // haralyzer__cnn-chrome.har#284
	vecFlsNYT         = "https://3951336.fls.doubleclick.net/activityi;src=3951336;type=remar664;cat=Bar1J0;ord=9286028156057?"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                       // pagexray__www.nytimes.com.har#148
	vecFlsAdobe       = "https://fls.doubleclick.net/json?spot=685973&src=&var=s_4_Integrate_DFA_get_0&host=integrate.112.2o7.net%2Fdfa_echo%3Fvar%3Ds_4_Integrate_DFA_get_0%26AQE%3D1%26A2S%3D1&ord=1861890887817"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                   // pagexray__case-sensitive-protocol.har#99
	vecGTMPing        = "https://www.googletagmanager.com/a?id=GTM-KB2RZM5&cv=23&v=t&n=ga&p=ga&l=1278&sr=0.050000&ps=0.026221575562943578&cb=1629927634"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              // pagexray__expressen.har#327
	vecOptimize       = "https://www.google-analytics.com/gtm/js?id=GTM-KB2RZM5&cid=1635221331.1515916349"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            // pagexray__expressen.har#75
	vecAudiencePixel  = "https://pubads.g.doubleclick.net/activity;dc_iu=/34405621/DFPAudiencePixel;ord=2666062358831.913;dc_seg=480964028;campaignId=2211635248;lineItemId=4530049172;creativeId=138222071142;burtId=null"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                           // pagexray__expressen.har#182
	vecAdSenseConfig  = "https://pagead2.googlesyndication.com/pub-config/ca-pub-4177862836555934.js"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 // pagexray__www.nytimes.com.har#136
	vecGTMContainer   = "https://www.googletagmanager.com/gtm.js?id=GTM-WZL8XZV&l=gtmDataLayer"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                       // pagexray__ferguson.har#66
	vecGtagGA4        = "https://www.googletagmanager.com/gtag/js?id=G-D8LRHP9HJ8&l=gtmDataLayer&cx=c"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                // pagexray__ferguson.har#79
	vecGPT            = "http://www.googletagservices.com/tag/js/gpt.js"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              // haralyzer__cnn-chrome.har#28
	vecUrchinJS       = "http://www.google-analytics.com/urchin.js"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                   // harviewer__softwareishard.com.har#8
	vecAdServiceSE    = "https://adservice.google.se/adsid/integrator.js?domain=www.expressen.se"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                     // pagexray__expressen.har#34
	vecVergeDRT       = "https://www.google.com/pagead/drt/ui"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        // sitespeed.io__www-theverge-com.har#188
	vecExpressen2mdn  = "https://s0.2mdn.net/879366/dfa7banner_html_inpage_rendering_lib_200_127.js"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  // pagexray__expressen.har#156
	vecSafeFrameEmpty = "https://tpc.googlesyndication.com/safeframe/1-0-14/html/container.html"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                      // pagexray__expressen.har#121
)

func googleFixtures() []googleFixture {
	return []googleFixture{
		// Classic Google Analytics.
		{"ga-classic-urchin-pageview", get(vecUtmUrchin), []brief{{Vendor: decode.VendorGAClassic, PixelID: "UA-3586722-1", Name: "pageview",
			Page: "www.softwareishard.com/blog/firebug/firebug-16-beta-1-released/", IDs: []string{"cid=167033691.1286268803"}}}, ""},
		// The ga.js 5.1.7 hit dissected in https://bounteous.com/insights/2011/10/04/utmgif-request-parameters/
		// (a visit from a Google search for "tracking qr codes").
		{"ga-classic-gajs-organic-search", get("http://www.google-analytics.com/__utm.gif?utmwv=5.1.7&utms=1&utmn=1894752493&utmhn=www.lunametrics.com&utmcs=UTF-8&utmsr=1280x1024&utmsc=24-bit&utmul=en-us&utmje=1&utmfl=10.3%20r183&utmdt=Tracking%20QR%20Codes%20with%20Google%20Analytics&utmhid=1681965357&utmr=http%3A%2F%2Fwww.google.com%2Fsearch%3Fq%3Dtracking%2Bqr%2Bcodes%26ie%3Dutf-8%26oe%3Dutf-8%26aq%3Dt%26rls%3Dorg.mozilla%3Aen-US%3Aofficial%26client%3Dfirefox-a&utmp=%2Fblog%2F2011%2F08%2F18%2Ftracking-qr-codes-google-anaytics%2F&utmac=UA-296882-1&utmcc=__utma%3D230887938.1463229748.1317737798.1317737798.1317737798.1%3B%2B__utmz%3D230887938.1317737798.1.1.utmcsr%3Dgoogle%7Cutmccn%3D(organic)%7Cutmcmd%3Dorganic%7Cutmctr%3Dtracking%2520qr%2520codes%3B&utmu=DC~"),
			[]brief{{Vendor: decode.VendorGAClassic, PixelID: "UA-296882-1", Name: "pageview", Page: "www.lunametrics.com/blog/2011/08/18/tracking-qr-codes-google-anaytics/",
				Referrer: "http://www.google.com/search?q=tracking+qr+codes&ie=utf-8&oe=utf-8&aq=t&rls=org.mozilla:en-US:official&client=firefox-a", IDs: []string{"cid=1463229748.1317737798"}}}, ""},
		// Hand-built in the format of Google's Event Tracking guide
		// (category Videos, action Play, label Baby's First Birthday; the
		// apostrophe written '0 as x10Escape does) with a custom variable
		// in slot 2 and a gclid in __utmz (ga.js on ssl.google-analytics.com).
		{"ga-classic-event-custom-var", get("https://ssl.google-analytics.com/__utm.gif?utmwv=5.4.2&utms=3&utmn=1&utmhn=shop.example&utmt=event&utme=5(Videos*Play*Baby'0s%20First%20Birthday)(1)8(2!Member)9(2!gold)11(2!1)&utmcs=UTF-8&utmhid=2&utmr=-&utmp=%2Fvideos&utmac=UA-1-1&utmcc=__utma%3D1.2.1300000000.1300000000.1300000000.1%3B%2B__utmz%3D1.1300000000.1.1.utmgclid%3DCJ-abc%7Cutmccn%3D(not%2520set)%7Cutmcmd%3D(not%2520set)%3B%2B__utmv%3D1.gold%3B&utmni=1"),
			[]brief{{Vendor: decode.VendorGAClassic, PixelID: "UA-1-1", Name: "event", Page: "shop.example/videos", IDs: []string{"cid=2.1300000000", "gclid=CJ-abc"},
				Custom: []string{"category=Videos", "action=Play", "label=Baby's First Birthday", "value=1", "Member=gold", "__utmv=gold"}}}, ""},
		// Hand-built e-commerce transaction from the parameters of Google's table.
		{"ga-classic-transaction", get("https://ssl.google-analytics.com/__utm.gif?utmwv=5.4.2&utmn=3&utmhn=shop.example&utmt=tran&utmtid=ORDER-9&utmtst=Shop&utmtto=59.90&utmttx=9.98&utmtsp=4.95&utmtci=Leeds&utmtrg=West%20Yorkshire&utmtco=UK&utmac=UA-1-1&utmcc=__utma%3D1.2.1300000000.1300000000.1300000000.2%3B"),
			[]brief{{Vendor: decode.VendorGAClassic, PixelID: "UA-1-1", Name: "tran", Page: "shop.example", IDs: []string{"cid=2.1300000000"},
				Custom: []string{"utmtid=ORDER-9", "utmtst=Shop", "utmtto=59.90", "utmttx=9.98", "utmtsp=4.95", "utmtci=Leeds", "utmtrg=West Yorkshire", "utmtco=UK"}}}, ""},
		// Bad: utme cut short, and a __utma of the wrong shape.
		{"ga-classic-malformed", get("https://www.google-analytics.com/__utm.gif?utmt=event&utme=5(a*b&utmac=UA-1-1&utmcc=__utma%3Dnot-a-cookie%3B"),
			[]brief{{Vendor: decode.VendorGAClassic, PixelID: "UA-1-1", Name: "event", IDs: []string{"cid=not-a-cookie"}, Custom: []string{"utme=5(a*b"}}}, "utme: not in the X10 format"},
		{"ga-classic-urchin-js", get(vecUrchinJS), []brief{{Vendor: decode.VendorGAClassic, Kind: decode.KindInstallation}}, ""},
		// The ga.js snippet's library load (Google's ga.js tracking-code snippet).
		{"ga-classic-ga-js", get("https://ssl.google-analytics.com/ga.js"), []brief{{Vendor: decode.VendorGAClassic, Kind: decode.KindInstallation}}, ""},

		// Google Analytics remarketing audiences.
		{"ga-audiences-ua", withCookies(get(vecAudiencesUA), "NID=67=abc; 1P_JAR=2022-02-04-05"), []brief{{Vendor: decode.VendorGAAudiences, PixelID: "UA-643778-1", Name: "sr",
			IDs: []string{"cid=878270908.1643952222", "NID=67=abc"}}}, ""},
		{"ga-audiences-ga4", get(vecAudiencesGA4), []brief{{Vendor: decode.VendorGAAudiences, PixelID: "G-D8LRHP9HJ8", Name: "sr", IDs: []string{"cid=878270908.1643952222"}}}, ""},

		// Google Ads on country domains and its newer endpoints.
		{"google-ads-user-list-bg", get(vecUserListBG), []brief{{Vendor: decode.VendorGoogleAds, PixelID: "986255830"}}, ""},
		// Hand-built from the example host and the parameters
		// conversion_async.js adds to a first-party conversion.
		{"google-ads-1p-conversion-in", get("https://www.google.co.in/pagead/1p-conversion/987654321/?random=1700000000000&cv=11&fst=1700000000000&num=1&label=XyZ-ab_c&value=49.99&currency_code=INR&oid=ORD-1&url=https%3A%2F%2Fshop.example.in%2Fthank-you&tiba=Order%20placed&gclaw=GCL.1700000000.CjwKCAabc&auid=123456789.1700000000&gcp=1&sscte=1&ct_cookie_present=1"),
			[]brief{{Vendor: decode.VendorGoogleAds, PixelID: "987654321", Page: "https://shop.example.in/thank-you", IDs: []string{"gclid=CjwKCAabc", "gcl_au=123456789.1700000000"}}}, ""},
		// Hand-built: the privacy-sandbox endpoint of conversion_async.js.
		{"google-ads-privacysandbox-conversion", get("https://www.google.com/pagead/privacysandbox/conversion/987654321/?random=1&cv=11&fst=1&label=XyZ&url=https%3A%2F%2Fshop.example%2Fthanks&gcs=G111"),
			[]brief{{Vendor: decode.VendorGoogleAds, PixelID: "987654321", Page: "https://shop.example/thanks"}}, ""},
		{"google-ads-conversion-async-google-com", get("https://www.google.com/pagead/conversion_async.js"), []brief{{Vendor: decode.VendorGoogleAds, Kind: decode.KindInstallation}}, ""},
		{"google-ads-drt", get(vecVergeDRT), []brief{{Vendor: decode.VendorGoogleAds, Kind: decode.KindRequest}}, ""},
		{"google-ads-adservice-se", get(vecAdServiceSE), []brief{{Vendor: decode.VendorGoogleAds, Kind: decode.KindRequest}}, ""},
		{"google-ads-2mdn", get(vecExpressen2mdn), []brief{{Vendor: decode.VendorGoogleAds, Kind: decode.KindRequest}}, ""},

		// Floodlight.
		// Google's example tag, https://support.google.com/campaignmanager/answer/2824087.
		{"floodlight-google-example", get("https://ad.doubleclick.net/activity;src=3528935;type=frida880;cat=ire;qty=1;cost=99.99;ord=123456789"),
			[]brief{{Vendor: decode.VendorFloodlight, PixelID: "3528935", Name: "ire", Custom: []string{"qty=1", "cost=99.99", "ord=123456789"}}}, ""},
		// Omnibug's test URL (test/providers/GoogleDoubleClick.js), with a
		// _gcl_au browser ID in auiddc and the page in ~oref.
		{"floodlight-omnibug-sale", get("https://1234567.fls.doubleclick.net/activityi;src=1234567;type=group1;cat=thank123;qty=1;cost=666.66;ord=xact111;gtm=2ou430;u1=test123;auiddc=890045014.1556389977;~oref=https%3A%2F%2Fomnibug.io%2F?"),
			[]brief{{Vendor: decode.VendorFloodlight, PixelID: "1234567", Name: "thank123", Page: "https://omnibug.io/", IDs: []string{"gcl_au=890045014.1556389977"},
				Custom: []string{"qty=1", "cost=666.66", "ord=xact111", "u1=test123"}}}, ""},
		{"floodlight-nytimes-iframe", get(vecFlsNYT), []brief{{Vendor: decode.VendorFloodlight, PixelID: "3951336", Name: "Bar1J0"}}, ""},
		// Hand-built in the shape of adservice.google.com/ddm/fls/z/…
		// requests quoted in public repositories (names and order; values
		// invented), as the Google tag sends them.
		{"floodlight-adservice-google-tag", get("https://adservice.google.co.uk/ddm/fls/z/dc_pre=CLCM4tjZ3oEDFVQgKgodlDAKfQ;src=10204232;type=invmedia;cat=webyx0;ord=8282155633172;auiddc=*;u1=www.shop.example;ps=1;pcor=1147595154;gtm=45He3a20;uaa=x86;uab=64;uamb=0;uap=Windows;uapv=10.0.0;uaw=0;epver=2;~oref=https%3A%2F%2Fwww.shop.example%2F"),
			[]brief{{Vendor: decode.VendorFloodlight, PixelID: "10204232", Name: "webyx0", Page: "https://www.shop.example/", Custom: []string{"u1=www.shop.example"}}}, "dc_pre"},
		// Hand-built /ddm/activity/ form with Google's consent parameters.
		{"floodlight-ddm-activity", get("https://ad.doubleclick.net/ddm/activity/src=3528935;type=frida880;cat=ire;qty=2;cost=99.99;dc_lat=;dc_rdid=;tag_for_child_directed_treatment=0;tfua=;npa=0;ord=ORDER-42?"),
			[]brief{{Vendor: decode.VendorFloodlight, PixelID: "3528935", Name: "ire", Custom: []string{"qty=2", "cost=99.99", "ord=ORDER-42"}}}, ""},
		{"floodlight-adobe-integration", withCookies(get(vecFlsAdobe), "test_cookie=CheckForPermission"), []brief{{Vendor: decode.VendorFloodlight, Kind: decode.KindRequest, PixelID: "685973"}}, ""},
		// Bad: path parameters with no src, and an invalid escape.
		{"floodlight-malformed", get("https://ad.doubleclick.net/activity;type=a;cat=b;u1=%ZZ;;=x"),
			[]brief{{Vendor: decode.VendorFloodlight, Name: "b", Custom: []string{"u1=%ZZ"}}}, "no src"},

		// Google tag and Tag Manager.
		{"google-tag-gtm-container", get(vecGTMContainer), []brief{{Vendor: decode.VendorGoogleTag, Kind: decode.KindInstallation, PixelID: "GTM-WZL8XZV"}}, ""},
		{"google-tag-gtag-ga4", get(vecGtagGA4), []brief{{Vendor: decode.VendorGoogleTag, Kind: decode.KindInstallation, PixelID: "G-D8LRHP9HJ8"}}, ""},
		// Tag IDs from Google's prefix table (developers.google.com/tag-platform/gtagjs/configure).
		{"google-tag-gtag-ads", get("https://www.googletagmanager.com/gtag/js?id=AW-123456789"), []brief{{Vendor: decode.VendorGoogleTag, Kind: decode.KindInstallation, PixelID: "AW-123456789"}}, ""},
		{"google-tag-gtag-floodlight", get("https://www.googletagmanager.com/gtag/js?id=DC-1234567"), []brief{{Vendor: decode.VendorGoogleTag, Kind: decode.KindInstallation, PixelID: "DC-1234567"}}, ""},
		// Tag Manager's noscript snippet (https://www.googletagmanager.com/ns.html?id=GTM-XXXX).
		{"google-tag-noscript", get("https://www.googletagmanager.com/ns.html?id=GTM-XXXX"), []brief{{Vendor: decode.VendorGoogleTag, Kind: decode.KindInstallation, PixelID: "GTM-XXXX"}}, ""},
		{"google-tag-gtm-ping", get(vecGTMPing), []brief{{Vendor: decode.VendorGoogleTag, Kind: decode.KindRequest, PixelID: "GTM-KB2RZM5"}}, ""},
		// Bad: no id, and an unknown prefix.
		{"google-tag-no-id", get("https://www.googletagmanager.com/gtag/js"), []brief{{Vendor: decode.VendorGoogleTag, Kind: decode.KindInstallation}}, "no id"},
		{"google-tag-unknown-prefix", get("https://www.googletagmanager.com/gtag/js?id=XX-1"), []brief{{Vendor: decode.VendorGoogleTag, Kind: decode.KindInstallation, PixelID: "XX-1"}}, "prefix not one of"},

		// Google Ad Manager.
		{"ad-manager-ad-request", withCookies(get(vecVergeGAM+"&ppid=user-77&cookie=ID%3Dabc123%3AT%3D1451827100%3AS%3Dsig"), "IDE=AHWqTUk"), []brief{{Vendor: decode.VendorGoogleAdManager, Kind: decode.KindRequest, PixelID: "172968584", Page: "http://www.theverge.com/",
			IDs:    []string{"cid=518460841.1451827127", "ppid=user-77", "gads=ID=abc123:T=1451827100:S=sig", "IDE=AHWqTUk"},
			Custom: []string{"browser_width=bp-large", "device_type=desktop", "network=verge", "affiliation=general", "page_type=home_page", "entry_group=front-page", "keywords=the verge", "async=true", "kuid="}}}, ""},
		{"ad-manager-audience-pixel", get(vecAudiencePixel), []brief{{Vendor: decode.VendorGoogleAdManager, PixelID: "34405621",
			Custom: []string{"dc_seg=480964028", "campaignId=2211635248", "lineItemId=4530049172", "creativeId=138222071142"}}}, ""},
		{"ad-manager-gpt", get(vecGPT), []brief{{Vendor: decode.VendorGoogleAdManager, Kind: decode.KindInstallation}}, ""},

		// AdSense and googlesyndication.com.
		{"adsense-ad-request", get(vecNYTAdSense), []brief{{Vendor: decode.VendorAdSense, Kind: decode.KindRequest, PixelID: "ca-pub-4177862836555934", Page: "http://www.nytimes.com/",
			IDs: []string{"cid=131552123.1440859426"}}}, ""},
		{"adsense-pub-config", get(vecAdSenseConfig), []brief{{Vendor: decode.VendorAdSense, Kind: decode.KindInstallation, PixelID: "ca-pub-4177862836555934"}}, ""},
		// AdSense's snippet (adsbygoogle.js?client=ca-pub-…), publisher ID invented.
		{"adsense-adsbygoogle", get("https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-1234567890123456"), []brief{{Vendor: decode.VendorAdSense, Kind: decode.KindInstallation, PixelID: "ca-pub-1234567890123456"}}, ""},
		{"adsense-safeframe", get(vecSafeFrameEmpty), []brief{{Vendor: decode.VendorAdSense, Kind: decode.KindRequest}}, ""},

		// Google Optimize.
		{"optimize-gtm-js", get(vecOptimize), []brief{{Vendor: decode.VendorGoogleOptimize, Kind: decode.KindInstallation, PixelID: "GTM-KB2RZM5", IDs: []string{"cid=1635221331.1515916349"}}}, ""},
		// Optimize's snippet (www.googleoptimize.com/optimize.js?id=OPT-…), ID invented.
		{"optimize-js", get("https://www.googleoptimize.com/optimize.js?id=OPT-ABC1234"), []brief{{Vendor: decode.VendorGoogleOptimize, Kind: decode.KindInstallation, PixelID: "OPT-ABC1234"}}, ""},
	}
}

// TestGoogleFixtures decodes each fixture and checks the fields of
// googleFixture.want, that every labelled field is typed, and the whole
// decoding against its golden file.
func TestGoogleFixtures(t *testing.T) {
	reg := newRegistry(t)
	seen := map[string]bool{}
	for _, fx := range googleFixtures() {
		t.Run(fx.name, func(t *testing.T) {
			if seen[fx.name] {
				t.Fatalf("two fixtures named %q", fx.name)
			}
			seen[fx.name] = true
			evs := reg.Decode("fixture.har", fx.entry)
			var got []brief
			var warns []string
			var golden bytes.Buffer
			for _, ev := range evs {
				got = append(got, briefOf(ev))
				warns = append(warns, ev.Warnings...)
				if ev.Summary == "" {
					t.Errorf("event %q has no summary", ev.Name)
				}
				b, err := ev.MarshalJSONIndent("", "  ")
				if err != nil {
					t.Fatalf("MarshalJSONIndent: %v", err)
				}
				golden.Write(b)
				golden.WriteByte('\n')
			}
			if diff := cmp.Diff(fx.want, got, cmpEmptyIsNil); diff != "" {
				t.Errorf("Decode() mismatch (-want +got):\n%s", diff)
			}
			checkTyped(t, fx.name, evs)
			if fx.warn != "" && !slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, fx.warn) }) {
				t.Errorf("warnings %q do not mention %q", warns, fx.warn)
			}
			if fx.warn == "" && len(warns) > 0 {
				t.Errorf("unexpected warnings %q", warns)
			}
			compareGolden(t, filepath.Join("testdata", "google", fx.name+".golden"), golden.String())
		})
	}
	// Every golden file belongs to a fixture: a renamed fixture leaves none behind.
	files, err := filepath.Glob(filepath.Join("testdata", "google", "*.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		if !seen[name[:len(name)-len(".golden")]] {
			t.Errorf("%s has no fixture", f)
		}
	}
}

// TestGoogleFixturesCoverEveryVendor checks that each vendor of the
// Google family has fixtures.
func TestGoogleFixturesCoverEveryVendor(t *testing.T) {
	have := map[decode.Vendor]int{}
	for _, fx := range googleFixtures() {
		for _, b := range fx.want {
			have[b.Vendor]++
		}
	}
	for _, v := range []decode.Vendor{decode.VendorGAClassic, decode.VendorGAAudiences, decode.VendorFloodlight, decode.VendorGoogleTag,
		decode.VendorGoogleAdManager, decode.VendorAdSense, decode.VendorGoogleOptimize, decode.VendorGoogleAds} {
		if have[v] < 2 {
			t.Errorf("vendor %s has %d fixtures, want at least 2", v, have[v])
		}
	}
}
