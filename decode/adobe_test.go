package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// omnibugAdobeURL is the page view of Omnibug's Adobe Analytics provider
// test (github.com/MisterPhilip/omnibug test/providers/AdobeAnalytics.js,
// "returns data"); the other Omnibug fixtures below are the same hit with
// the variables that test adds.
const omnibugAdobeURL = "https://omnibug.d1.sc.omtrdc.net/b/ss/omnibug-test/1/JS-2.1.0-D7QN/s78921068678131?AQB=1&ndh=1&pf=1&t=9%2F0%2F2018%2016%3A16%3A47%202%20420&D=D%3D&mid=27914645550662449863676805716141562873&aamlh=9&ce=UTF-8&ns=omnibug&pageName=omnibug%3Ahome&g=https%3A%2F%2Fomnibug.io%2F&server=omnibug.io&aamb=XXXpRz8krg2tLO6pguXWp5olkAcUniQYPHaMWWgdJ3xzPWQmdj0y&h1=omnibug%2Chome&v3=omnibug%3Ahome&v5=%2B1&c14=guest&v14=guest&c20=tuesday%7C6%3A00pm&v20=D%3Dc20&c50=glo%3A2017.04.25&v90=27914645550662449863676805716141562873&s=2560x1440&c=24&j=1.6&v=N&k=Y&bw=2560&bh=1309&mcorgid=1ECE43625269ABXXXXXXXXXX%40AdobeOrg&AQE=1"

func TestAdobeAnalytics(t *testing.T) {
	const mid = "adobe_mid=27914645550662449863676805716141562873"
	omnibugCustom := []string{"pageName=omnibug:home", "hier1=omnibug,home", "eVar3=omnibug:home", "eVar5=+1", "prop14=guest", "eVar14=guest", "prop20=tuesday|6:00pm", "prop50=glo:2017.04.25", "eVar90=27914645550662449863676805716141562873"}
	checkWireFixtures(t, "adobe-analytics", []wireFixture{
		// Omnibug's page view (see omnibugAdobeURL).
		{name: "page-view", entry: get(omnibugAdobeURL), want: []brief{{Vendor: decode.VendorAdobeAnalytics, PixelID: "omnibug-test", Name: "page view", Page: "https://omnibug.io/",
			IDs: []string{mid}, Custom: omnibugCustom}}},
		// Omnibug's download link, sent as a POST body (the "POST data"
		// test of the same file).
		{name: "download-link-post", entry: post("https://omnibug.d1.sc.omtrdc.net/b/ss/omnibug-test/1/JS-2.1.0-D7QN/s78921068678131", "application/x-www-form-urlencoded",
			"AQB=1&ndh=1&pf=1&t=9%2F0%2F2018%2016%3A16%3A47%202%20420&D=D%3D&mid=27914645550662449863676805716141562873&aamlh=9&ce=UTF-8&ns=omnibug&pageName=omnibug%3Ahome&g=https%3A%2F%2Fomnibug.io%2F&server=omnibug.io&aamb=XXXpRz8krg2tLO6pguXWp5olkAcUniQYPHaMWWgdJ3xzPWQmdj0y&h1=omnibug%2Chome&v3=omnibug%3Ahome&v5=%2B1&c14=guest&v14=guest&c20=tuesday%7C6%3A00pm&v20=D%3Dc20&c50=glo%3A2017.04.25&v90=27914645550662449863676805716141562873&s=2560x1440&c=24&j=1.6&v=N&k=Y&bw=2560&bh=1309&pe=lnk_d&mcorgid=1ECE43625269ABXXXXXXXXXX%40AdobeOrg&AQE=1"),
			want: []brief{{Vendor: decode.VendorAdobeAnalytics, PixelID: "omnibug-test", Name: "download link", Page: "https://omnibug.io/", IDs: []string{mid}, Custom: omnibugCustom}}},
		// Omnibug's Activity Map test: context data in a dot stack, and no
		// report suite in the path (Omnibug's own shortened URL).
		{name: "activity-map", entry: get("https://omnibug.d1.sc.omtrdc.net/b/ss/?AQB=1&ndh=1&pf=1&t=9%2F0%2F2018%2016%3A16%3A47%202%20420&D=D%3D&mid=27914645550662449863676805716141562873&aamlh=9&ce=UTF-8&ns=omnibug&pageName=omnibug%3Ahome&g=https%3A%2F%2Fomnibug.io%2F&server=omnibug.io&aamb=XXXpRz8krg2tLO6pguXWp5olkAcUniQYPHaMWWgdJ3xzPWQmdj0y&h1=omnibug%2Chome&v3=omnibug%3Ahome&v5=%2B1&c14=guest&v14=guest&c20=tuesday%7C6%3A00pm&v20=D%3Dc20&c50=glo%3A2017.04.25&v90=27914645550662449863676805716141562873&s=2560x1440&c=24&j=1.6&v=N&k=Y&bw=2560&bh=1309&mcorgid=1ECE43625269ABXXXXXXXXXX%40AdobeOrg&AQE=1&c.&a.&activitymap.&page=Omnibug%20Home&link=HOME&region=nav&pageIDType=1&.activitymap&.a&.c"),
			want: []brief{{Vendor: decode.VendorAdobeAnalytics, Name: "page view", Page: "https://omnibug.io/", IDs: []string{mid},
				Custom: append(append([]string(nil), omnibugCustom...), "c.a.activitymap.page=Omnibug Home", "c.a.activitymap.link=HOME", "c.a.activitymap.region=nav", "c.a.activitymap.pageIDType=1")}},
			warn: "no report suite"},
		// Omnibug's Customer ID test: cid.userid.id is the site's own ID
		// for a customer.
		{name: "customer-id", entry: get("https://omnibug.d1.sc.omtrdc.net/b/ss/?AQB=1&ndh=1&pf=1&mid=27914645550662449863676805716141562873&pageName=omnibug%3Ahome&g=https%3A%2F%2Fomnibug.io%2F&AQE=1&cid.&userid.&id=67312378756723456&.userid&.cid"),
			want: []brief{{Vendor: decode.VendorAdobeAnalytics, Name: "page view", Page: "https://omnibug.io/", IDs: []string{mid, "adobe_cid_userid=67312378756723456"}, Custom: []string{"pageName=omnibug:home"}}},
			warn: "no report suite"},
		// Corpus coach-core__cpuTime.har entry 219: cnet.com's first-party
		// CNAME saa.cbsi.com, AppMeasurement 2.3.0 (2018), with ECID, the
		// legacy aid and an authentication state in cid.urs.as.
		{name: "cnet-first-party", entry: get("https://saa.cbsi.com/b/ss/cbsicnetglobalsite/10/JS-2.3.0/s48022630255481?AQB=1&ndh=1&pf=1&callback=s_c_il[0].doPostbacks&et=1&t=15%2F10%2F2018%2013%3A10%3A24%204%20-60&cid.&urs.&as=2&.urs&.cid&d.&nsid=0&jsonv=1&.d&mid=17894477449534214403480651323317757974&aid=2DF6B11785312B29-4000012BE00000C3&aamlh=6&ce=UTF-8&ns=cbsinteractive&pageName=cnet%3A%2F&g=https%3A%2F%2Fwww.cnet.com%2F&cc=USD&ch=home&server=www.cnet.com&aamb=6G1ynYcLPuiQxYZrsz_pkqfLG9yMXBpb2zX5dvJdYQJzPXImdj0y&v1=cnet&h1=cnet%3Ahome%7Chome&c2=D%3Dv2&v2=us&v15=not%20authenticated%7Canon&s=1280x800&c=24&j=1.6&v=N&k=Y&bw=1200&bh=698&mcorgid=10D31225525FF5790A490D4D%40AdobeOrg&AQE=1"),
			want: []brief{{Vendor: decode.VendorAdobeAnalytics, PixelID: "cbsicnetglobalsite", Name: "page view", Page: "https://www.cnet.com/",
				IDs: []string{"adobe_mid=17894477449534214403480651323317757974", "adobe_aid=2DF6B11785312B29-4000012BE00000C3"}, Custom: []string{"pageName=cnet:/", "eVar1=cnet", "hier1=cnet:home|home", "eVar2=us", "eVar15=not authenticated|anon"}}}},
		// Corpus coach-core__optimalCssSize2.har entry 56: ryanair.com's
		// smetrics CNAME (2016), the s_fid cookie sent with it.
		{name: "ryanair-cookies", entry: withCookies(get("https://smetrics.ryanair.com/b/ss/ryanairprod/1/JS-1.5-D6P4/s95163989812135?AQB=1&ndh=1&pf=1&t=22%2F0%2F2016%206%3A12%3A19%205%20300&D=D%3D&fid=749EEC5101E416A2-3BDE122329D862B9&ce=UTF-8&ns=ryanair&cdp=2&fpCookieDomainPeriods=2&pageName=website%3A%20en-gb%3A%20none%3A%20homepage&g=https%3A%2F%2Fwww.ryanair.com%2Fgb%2Fen%2F&events=event53%3D4.2&c1=none%3A%20homepage&c28=D%3Dg&v48=New&v50=en-gb&c53=4.2&v53=4.2&v55=ver.spa-beta&v56=none&v57=none%3A%20homepage&v60=D%3Dg&s=1920x1200&c=24&j=1.6&v=N&k=Y&bw=1014&bh=650&AQE=1"),
			"_ga=GA1.2.1675533337.1453461140; _gat=1; s_fid=749EEC5101E416A2-3BDE122329D862B9; s_nr2=1453461139980-New; s_cc=true"),
			want: []brief{{Vendor: decode.VendorAdobeAnalytics, PixelID: "ryanairprod", Name: "page view", Page: "https://www.ryanair.com/gb/en/",
				IDs:    []string{"adobe_fid=749EEC5101E416A2-3BDE122329D862B9", "adobe_fid=749EEC5101E416A2-3BDE122329D862B9"},
				Custom: []string{"pageName=website: en-gb: none: homepage", "events=event53=4.2", "prop1=none: homepage", "eVar48=New", "eVar50=en-gb", "prop53=4.2", "eVar53=4.2", "eVar55=ver.spa-beta", "eVar56=none", "eVar57=none: homepage"}}}},
		// Corpus pagexray__case-sensitive-protocol.har entry 101:
		// verizonwireless.com's Adobe Target mbox call (2018), carrying
		// the ECID and the site's own visitor ID (mbox3rdPartyId).
		{name: "target-mbox", entry: get("https://verizonwireless.tt.omtrdc.net/m2/verizonwireless/mbox/json?mbox=target-global-mbox&mboxSession=8dfcb14c08af47e4bfa94e53cd7db13f&mboxPC=&mboxPage=32358b91a2454826b9e77d9e0c7cca31&mboxVersion=1.2.1&mboxCount=1&mboxTime=1518008861588&mboxHost=www.verizonwireless.com&mboxURL=https%3A%2F%2Fwww.verizonwireless.com%2Fdevices%2F&mboxReferrer=&browserHeight=703&browserWidth=1200&browserTimeOffset=60&screenHeight=800&screenWidth=1280&colorDepth=24&mboxMCGVID=53821922053672455783640947214275450498&mboxAAMB=RKhpRz8krg2tLO6pguXWp5olkAcUniQYPHaMWWgdJ3xzPWQmdj0y&mboxMCAVID=&mboxMCGLH=6&vst.trk=analytics.verizonwireless.com&vst.trks=sanalytics.verizonwireless.com&mboxMCSDID=0AFCF71454C79BCA-21FF2040B0B6AB97&profile.custType=B2C&profile.loggedin=false&profile.typeIndicator=prospect&pathname=%2Fdevices%2F&flowType=nse&deviceType=desktop&pageType=se_gridwall&zipCode=no_zip_code&dataCenter=SDC&mbox3rdPartyId=f4dac64d703243369dc7ef677d10190c"),
			want: []brief{{Vendor: decode.VendorAdobeAnalytics, Kind: decode.KindRequest,
				IDs: []string{"adobe_mbox_session=8dfcb14c08af47e4bfa94e53cd7db13f", "adobe_mid=53821922053672455783640947214275450498", "adobe_mbox3rdPartyId=f4dac64d703243369dc7ef677d10190c"}}}},
	})
}
