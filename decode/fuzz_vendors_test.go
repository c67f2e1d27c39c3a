package decode_test

import "testing"

// The fuzz targets of the decoders issue 18 adds, one per body format:
// JSON bodies (FuzzJSONBodyVendors), urlencoded forms and query strings
// (FuzzFormVendors), and base64-encoded JSON in a form field
// (FuzzBase64Vendors). Each runs every decoder of its format on the
// fuzzed request through fuzzRoute, seeded from the vendors' fixtures.

// jsonBodyRoutes are the routes whose decoders read a JSON body.
var jsonBodyRoutes = [][2]string{
	{"api.segment.io", "/v1/t"},
	{"api-js.mixpanel.com", "/track/"},
	{"api2.amplitude.com", "/2/httpapi"},
	{"in.hotjar.com", "/api/v2/client/sites/1/visit-data"},
	{"k.clarity.ms", "/collect"},
	{"stats.example.org", "/matomo.php"},
	{"trc.taboola.com", "/cnet/trc/3/json"},
	{"collect.tealiumiq.com", "/event"},
	{"logx.optimizely.com", "/v1/events"},
	{"sp.example.com", "/com.snowplowanalytics.snowplow/tp2"},
}

// FuzzJSONBodyVendors fuzzes the JSON-body decoders. Seeds: the Segment
// fixtures, a batch, truncated and odd JSON.
func FuzzJSONBodyVendors(f *testing.F) {
	f.Add("https://api.segment.io/v1/p", "text/plain", omnibugSegmentPage)
	f.Add("https://api.segment.io/v1/batch", "application/json", segmentBatch)
	f.Add("https://api.segment.io/v1/t", "application/json", `{"type":"track","event":"Order Completed","properties":{"total":`)
	f.Add("https://api.segment.io/v1/batch", "application/json", `{"batch":[1,[],{"traits":{"email":null}}],"batch":{}}`)
	f.Add("https://api.segment.io/v1/t", "application/json", `[[[]],"x",{"a":{"b":[{}]}}]`)
	f.Add("https://api-js.mixpanel.com/track/", "application/json", `[{"event":"x","properties":{"$email":"a@b.example","token":"t"}}]`)
	f.Add("https://api2.amplitude.com/2/httpapi", "application/json", amplitudeHTTPV2)
	f.Add("https://in.hotjar.com/api/v2/client/sites/1699068/visit-data?sv=6", "text/plain", hotjarVisitBody)
	f.Add("https://k.clarity.ms/collect", "text/plain", clarityPlain)
	f.Add("https://k.clarity.ms/collect", "text/plain", clarityDimensions)
	f.Add("https://k.clarity.ms/collect", "text/plain", `{"e":[1],"a":[[1,1,1,[1,[]],"x"],[2,9,0,0,0,0,0,0,0,0,{}],[3]],"p":{}}`)
	f.Add("https://stats.example.org/piwik.php", "application/json", `{"requests":["?idsite=3&e_c=a","/matomo.php?idsite=4",1,{}],"token_auth":"t"}`)
	f.Add("https://logx.optimizely.com/v1/events", "application/json", optimizelyEventAPI)
	f.Add("https://sp.example.com/com.snowplowanalytics.snowplow/tp2", "application/json", snowplowTP2)
	f.Add("https://collect.tealiumiq.com/cbsi/cnet/2/i.gif", "multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{\"data\":{\"dom.url\":\"https://a.example/\",\"cp.x\":\"1\"},\"event\":\"view\"}\r\n--B--\r\n")
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoutes(t, reg, jsonBodyRoutes, url, mimeType, body)
	})
}

// formRoutes are the routes whose decoders read query strings and
// urlencoded bodies.
var formRoutes = [][2]string{
	{"metrics.example.com", "/b/ss/rsid/1/JS-2.1.0/s1"},
	{"verizonwireless.tt.omtrdc.net", "/m2/verizonwireless/mbox/json"},
	{"api-js.mixpanel.com", "/track/"},
	{"api-js.mixpanel.com", "/decide/"},
	{"api.amplitude.com", "/"},
	{"heapanalytics.com", "/h"},
	{"heapanalytics.com", "/api/identify_v3"},
	{"identify.hotjar.com", "/sites/1/users/2"},
	{"sb.scorecardresearch.com", "/b"},
	{"secure-us.imrworldwide.com", "/cgi-bin/m"},
	{"loadm.exelator.com", "/load"},
	{"ping.chartbeat.net", "/ping"},
	{"pixel.quantserve.com", "/pixel;a=p-1"},
	{"sslwidget.criteo.com", "/event"},
	{"gum.criteo.com", "/sync"},
	{"mc.yandex.ru", "/watch/1"},
	{"mc.yandex.ru", "/clmap/1"},
	{"bam.nr-data.net", "/1/key"},
	{"track.hubspot.com", "/__ptq.gif"},
	{"forms.hscollectedforms.net", "/collected-forms/submit/form"},
	{"stats.example.org", "/matomo.php"},
	{"pi.pardot.com", "/analytics"},
	{"1-abc-2.mktoresp.com", "/webevents/visitWebPage"},
	{"beacon.krxd.net", "/pixel.gif"},
	{"trc.taboola.com", "/1/log/3/unip"},
	{"tr.outbrain.com", "/unifiedPixel"},
	{"t.co", "/1/i/adsct"},
	{"dpm.demdex.net", "/ibs:dpid=1&dpuuid=2"},
	{"dpm.demdex.net", "/id"},
	{"ib.adnxs.com", "/setuid"},
	{"match.adsrvr.org", "/track/cmf/generic"},
	{"pixel.rubiconproject.com", "/tap.php"},
	{"us-u.openx.net", "/w/1.0/sd"},
	{"as.casalemedia.com", "/cygnus"},
	{"idsync.rlcdn.com", "/1.gif"},
	{"aax.amazon-adsystem.com", "/e/dtb/bid"},
	{"tags.bluekai.com", "/site/1"},
	{"jadserve.postrelease.com", "/trk.gif"},
	{"collect.tealiumiq.com", "/acme/main/2/i.gif"},
	{"a.snplow.net", "/i"},
	{"rs.fullstory.com", "/rec/bundle"},
	{"pixel.tapad.com", "/idsync/ex/receive"},
	{"x.bidswitch.net", "/sync"},
	{"ads.yahoo.com", "/pixel"},
	{"d.agkn.com", "/iframe/1/"},
}

// FuzzFormVendors fuzzes the decoders of query strings and urlencoded
// bodies. Seeds: the Adobe and Mixpanel fixtures, a context-data stack
// that closes more groups than it opens.
func FuzzFormVendors(f *testing.F) {
	f.Add(omnibugAdobeURL, "", "")
	f.Add("https://omnibug.d1.sc.omtrdc.net/b/ss/x/1/JS-2.1.0/s1", "application/x-www-form-urlencoded", "AQB=1&.c&.c&c.&cid.&x.&id=1&pe=lnk_o&pev2=a&c1=D%3Dv1&AQE=1")
	f.Add("https://api-js.mixpanel.com/track/?verbose=1&ip=1", "application/x-www-form-urlencoded", mixpanelBatchBody)
	f.Add("https://api.amplitude.com/", "application/x-www-form-urlencoded", amplitudeJSBody)
	f.Add(quantcastCNN, "", "")
	f.Add("https://pixel.quantserve.com/pixel;a=p-1;url=%;;=;labels=%E0", "", "")
	f.Add("https://sslwidget.criteo.com/event?a=1&p0=e%3Dce%26m%3D%255B%255D&p1=e%3Dvc%26p%3D%255B%25&p2=%25", "", "")
	f.Add("http://pnytimes.chartbeat.net/ping?h=nytimes.com&p=nytimes.com%2F&u=B1&g=1", "", "")
	f.Add(yandexVotegd, "", "")
	f.Add(hubSpotIdentify, "", "")
	f.Add("https://track.hubspot.com/__ptbe.gif?a=1&i=email%3D%25&_=&n=", "", "")
	f.Add(matomoPageView, "", "")
	f.Add(kruxCNN, "", "")
	f.Add(xUWT24, "", "")
	f.Add("https://dpm.demdex.net/ibs:dpid=1&dpuuid=%24%7BUID%7D&d_cid_ic=AVID%01%01&d_cid_ic=%01", "", "")
	f.Add(taboolaCNET, "", "")
	f.Add("https://281-obq-266.mktoresp.com/webevents/clickLink?_mchId=1&_mchEcid=%3A%3A&_mchLr=x", "", "")
	f.Add("https://mc.yandex.ru/watch/1?browser-info=u%3A%3Agi%3AR0E%3At%3A%25E0%3A&pointer-click=x", "", "")
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoutes(t, reg, formRoutes, url, mimeType, body)
	})
}

// base64Routes are the routes whose decoders read base64-encoded JSON.
var base64Routes = [][2]string{
	{"api-js.mixpanel.com", "/track/"},
	{"api-js.mixpanel.com", "/engage/"},
	{"k.clarity.ms", "/collect"},
}

// FuzzBase64Vendors fuzzes the decoders of base64-encoded JSON in a
// form field. Seeds: the Mixpanel GETs, base64 of a non-object, base64
// of invalid UTF-8.
func FuzzBase64Vendors(f *testing.F) {
	f.Add(mixpanelRemotive, "", "")
	f.Add(mixpanelEngage, "", "")
	f.Add("https://api-js.mixpanel.com/track/?data=MTIz", "", "")       // base64 of 123
	f.Add("https://api-js.mixpanel.com/track/?data=%2F%2F8%3D", "", "") // base64 of 0xff 0xff
	f.Add("https://api-js.mixpanel.com/track/", "application/x-www-form-urlencoded", "data=W3siZXZlbnQiOiJ4In0sMV0=")
	f.Add("https://k.clarity.ms/collect", "application/octet-stream", clarityGzip64)
	f.Add("https://sp.example.com/com.snowplowanalytics.snowplow/tp2", "application/json", `{"data":[{"e":"ue","ue_px":"e30","cx":"W10","co":"x"},{"ue_px":"%%%"}]}`)
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoutes(t, reg, base64Routes, url, mimeType, body)
	})
}
