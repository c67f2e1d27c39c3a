package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// This file holds the fixtures of the audience-measurement and
// retargeting beacons that the corpus captures contain: comScore,
// Nielsen, Chartbeat, Quantcast and Criteo. Each fixture names its
// corpus file and entry, or its public source.

func TestComscore(t *testing.T) {
	checkWireFixtures(t, "comscore", []wireFixture{
		// Corpus coach-core__cpuTime.har entry 75 (cnet.com, 2018).
		{name: "cnet-page-view", entry: get("https://sb.scorecardresearch.com/b?c1=2&c2=3005086&c4=3000085&c7=https%3A%2F%2Fwww.cnet.com%2F&c8=Product%20reviews%2C%20how-tos%2C%20deals%20and%20the%20latest%20tech%20news%20-%20CNET&c9=&cv=3.1&ns__t=1542283819291&ns_c=UTF-8"),
			want: []brief{{Vendor: decode.VendorComscore, PixelID: "3005086", Name: "page view", Page: "https://www.cnet.com/"}}},
		// Omnibug's Comscore test request (test/providers/Comscore.js),
		// with a consent signal and the UID cookie added.
		{name: "omnibug-consent-uid", entry: withCookies(get("https://sb.scorecardresearch.com/p?c1=2&c2=123456789&ns_type=hidden&cv=2.0&cj=1&c4=https://www.example.com&cs_ucfr=0"), "UID=1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d; UIDR=1542283819"),
			want: []brief{{Vendor: decode.VendorComscore, PixelID: "123456789", Name: "page view", IDs: []string{"comscore_uid=1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d", "comscore_uidr=1542283819"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 155: a redirect on
		// b.scorecardresearch.com/r, decoded as a request.
		{name: "cnn-r", entry: get("http://b.scorecardresearch.com/r?c2=6035748&d.c=gif&d.o=cnn-adbp-intl&d.x=232807706&d.t=page&d.u=http%3A%2F%2Fedition.cnn.com%2F"),
			want: []brief{{Vendor: decode.VendorComscore, Kind: decode.KindRequest}}},
	})
}

func TestNielsen(t *testing.T) {
	checkWireFixtures(t, "nielsen", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entry 104 (edition.cnn.com,
		// 2017), with the IMRID cookie it carried.
		{name: "cnn-beacon", entry: withCookies(get("http://secure-us.imrworldwide.com/cgi-bin/m?ci=us-204044h&cg=0&cc=1&si=http%3A//edition.cnn.com/&rp=&ts=compact&rnd=1510574583823&ja=1"), "IMRID=ff143fc3-4374-4622-9e92-7c5830118cb4"),
			want: []brief{{Vendor: decode.VendorNielsen, PixelID: "us-204044h", Name: "page view", Page: "http://edition.cnn.com/", IDs: []string{"nielsen_imrid=ff143fc3-4374-4622-9e92-7c5830118cb4"}}}},
		// Corpus pagexray__www.nytimes.com.har entry 274 (2015): an
		// eXelate cookie sync carrying Salesforce Krux's ID for the
		// browser (the same KBj6rbe8 X's sync of entry 266 carries).
		{name: "exelate-sync", entry: get("http://loadm.exelator.com/load?_kdpid=e4942ff0-4070-4896-a7ef-e6a5a30ce9f9&buid=KBj6rbe8&p=204&g=270&j=0"),
			want: []brief{{Vendor: decode.VendorNielsen, Kind: decode.KindRequest, IDs: []string{"partner_buid=KBj6rbe8"}}}},
	})
}

func TestChartbeat(t *testing.T) {
	checkWireFixtures(t, "chartbeat", []wireFixture{
		// Corpus pagexray__www.nytimes.com.har entry 163 (2015).
		{name: "nytimes-ping", entry: get("http://pnytimes.chartbeat.net/ping?h=nytimes.com&p=nytimes.com%2F&u=B1CoWUC56dq4BV6rQi&d=nytimes.com&g=16698&g0=Homepage%2C%2C&n=1&f=00001&c=0&x=0&m=0&y=5417&o=997&w=649&j=45&R=1&W=0&I=0&E=0&e=0&r=&t=DFNYfwBLH9QXyi2xyBbqR5IBhmXjx&V=65&i=The%20New%20York%20Times%20-%20Breaking%20News%2C%20World%20News%20%26%20Multimedia&tz=240&sn=1&_"),
			want: []brief{{Vendor: decode.VendorChartbeat, PixelID: "16698", Name: "engagement ping", Page: "nytimes.com/",
				IDs: []string{"chartbeat_uid=B1CoWUC56dq4BV6rQi", "chartbeat_token=DFNYfwBLH9QXyi2xyBbqR5IBhmXjx"}}}},
		// Corpus coach-core__cpuTime.har entry 85 (cnet.com, 2018): the
		// headline-testing ping.
		{name: "cnet-mab-ping", entry: get("https://mabping.chartbeat.net/ping/mab?h=cnet.com&p=%2F&d=cnet.com&u=QYB7dCBShhMp02uX&c=0&x=[77feef73]&v=C&ml=m&sl=C3OuLN,CVH7lJ&e=-1"),
			want: []brief{{Vendor: decode.VendorChartbeat, Name: "engagement ping (mab)", Page: "cnet.com/", IDs: []string{"chartbeat_uid=QYB7dCBShhMp02uX"}}}},
	})
}

// quantcastCNN is corpus haralyzer__cnn-chrome.har entry 92 (2017):
// quant.js's page refresh, parameters in the path.
const quantcastCNN = "http://pixel.quantserve.com/pixel;r=2107690388;event=refresh;labels=By%20Network%3ESection%3ESub-Section%3EPage.CNN%20International.cnn%20homepage.no%20value%20set.%2F%2CBy%20Author%3ESection%3ESub-Section%3EPage.no%20value%20set.cnn%20homepage.no%20value%20set.%2F%2CBy%20Branding%20Partner%3ENetwork%3ESection.no%20value%20set.CNN%20International.cnn%20homepage%2CBy%20Section%3ENetwork.cnn%20homepage.CNN%20International%2CArticle.Type.website%2CSite%20Name.CNN%2CArticle.Section.intl_homepage%2Ckeywords.breaking%20news%2Ckeywords.news%20online%2Ckeywords.U.S.%20news%2Ckeywords.world%20news%2Ckeywords.developing%20story%2Ckeywords.news%20video%2Ckeywords.CNN%20news%2Ckeywords.weather%2Ckeywords.business%2Ckeywords.money%2Ckeywords.politics%2Ckeywords.law%2Ckeywords.technology%2Ckeywords.entertainment%2Ckeywords.education%2Ckeywords.travel%2Ckeywords.health%2Ckeywords.special%20reports%2Ckeywords.autos%2Ckeywords.CNN%20TV%2CArticle.Title.CNN%20-%20Breaking%20News%20%20U.S.%20%20World%20%20Weather%20%20Entertainment%20%26%20Video%20News;rf=3;uh=65ce955d6ae6;a=p-D1yc5zQgjmqr5;url=http%3A%2F%2Fedition.cnn.com%2F;fpan=1;fpa=P0-1280116363-1510574583965;ns=0;ce=1;cm=;ref=;je=0;sr=1280x960x24;enc=n;dst=1;et=1510574583965;tzo=-120;ogl=pubdate.2014-02-24T14%3A45%3A54Z%2Curl.http%3A%2F%2Fwww%252Ecnn%252Ecom%2Ctitle.CNN%20-%20Breaking%20News%252C%20U%252ES%252E%252C%20World%252C%20Weather%252C%20Entertainment%20%26%20Video%20News%2Cdescription.Find%20the%20latest%20breaking%20news%20and%20information%20on%20the%20top%20stories%252C%20weather%252C%20busin%2Csite_name.CNN%2Ctype.website"

func TestQuantcast(t *testing.T) {
	checkWireFixtures(t, "quantcast", []wireFixture{
		{name: "cnn-refresh", entry: withCookies(get(quantcastCNN), "mc=5a0989f5-f382b-236f4-1689e"),
			want: []brief{{Vendor: decode.VendorQuantcast, PixelID: "p-D1yc5zQgjmqr5", Name: "refresh", Page: "http://edition.cnn.com/",
				IDs:    []string{"qca=P0-1280116363-1510574583965", "quantcast_mc=5a0989f5-f382b-236f4-1689e"},
				Custom: []string{"labels=By Network>Section>Sub-Section>Page.CNN International.cnn homepage.no value set./,By Author>Section>Sub-Section>Page.no value set.cnn homepage.no value set./,By Branding Partner>Network>Section.no value set.CNN International.cnn homepage,By Section>Network.cnn homepage.CNN International,Article.Type.website,Site Name.CNN,Article.Section.intl_homepage,keywords.breaking news,keywords.news online,keywords.U.S. news,keywords.world news,keywords.developing story,keywords.news video,keywords.CNN news,keywords.weather,keywords.business,keywords.money,keywords.politics,keywords.law,keywords.technology,keywords.entertainment,keywords.education,keywords.travel,keywords.health,keywords.special reports,keywords.autos,keywords.CNN TV,Article.Title.CNN - Breaking News  U.S.  World  Weather  Entertainment & Video News"}}}},
		// Corpus pagexray__expressen.har entry 191 (2018): the image tag,
		// the account in the path.
		{name: "expressen-image", entry: get("https://pixel.quantserve.com/pixel/p-P7x87XHnVfbWr.gif?labels=Campaign.0,Publisher.156535"),
			want: []brief{{Vendor: decode.VendorQuantcast, PixelID: "p-P7x87XHnVfbWr", Name: "page view", Custom: []string{"labels=Campaign.0,Publisher.156535"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 45: the library.
		{name: "cnn-library", entry: get("http://pixel.quantserve.com/aquant.js?a=p-D1yc5zQgjmqr5"),
			want: []brief{{Vendor: decode.VendorQuantcast, Kind: decode.KindRequest}}},
	})
}

func TestCriteo(t *testing.T) {
	checkWireFixtures(t, "criteo", []wireFixture{
		// Corpus coach-core__optimalCssSize2.har entry 241 (ryanair.com,
		// 2016), with the uid cookie.
		{name: "ryanair-home", entry: withCookies(get("https://sslwidget.criteo.com/event?a=17753&v=3.6.1&p0=e%3Dexd%26site_type%3Dd&p1=e%3Dvh&p2=e%3Ddis&adce=1"), "uid=0552d755-5943-4ec2-9e6d-901546be3dd6"),
			want: []brief{{Vendor: decode.VendorCriteo, PixelID: "17753", Name: "viewHome", IDs: []string{"criteo_uid=0552d755-5943-4ec2-9e6d-901546be3dd6"}, Custom: []string{"site_type=d"}}}},
		// Omnibug's CriteoOneTag test (test/providers/CriteoOneTag.js):
		// setEmail with a plain e-mail address.
		{name: "omnibug-set-email", entry: get("https://sslwidget.criteo.com/event?a=123456&v=5.5.0&p0=e%3Dexd%26site_type%3Dm&p1=e%3Dce%26m%3D%255Btest%252540test.com%255D&p2=e%3Dvh&p3=e%3Ddis&adce=1&tld=localhost&dtycbr=95232"),
			want: []brief{{Vendor: decode.VendorCriteo, PixelID: "123456", Name: "viewHome", Custom: []string{"site_type=m"}, UserData: []string{"p1.em=plain-text"}}}, warn: "NOT HASHED"},
		// Omnibug's purchase test: trackTransaction with two items.
		{name: "omnibug-purchase", entry: get("https://sslwidget.criteo.com/event?a=123456&v=5.5.0&p0=e%3Dvc%26c%3DJPY%26id%3DG555999%26p%3D%255Bi%25253DA122%252526pr%25253D44.9%252526q%25253D2%252Ci%25253DF5532%252526pr%25253D85%252526q%25253D1%255D&p1=e%3Dexd%26site_type%3Dm&p2=e%3Ddis&adce=1&tld=localhost&dtycbr=42055"),
			want: []brief{{Vendor: decode.VendorCriteo, PixelID: "123456", Name: "trackTransaction", Custom: []string{"vc.c=JPY", "vc.id=G555999", "vc.p=[i=A122&pr=44.9&q=2,i=F5532&pr=85&q=1]", "site_type=m"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 259: a cookie sync.
		{name: "cnn-sync", entry: get("http://gum.criteo.com/sync?r=2&c=158&j=STRCriteoCallback"),
			want: []brief{{Vendor: decode.VendorCriteo, Kind: decode.KindRequest}}},
	})
}
