package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// omnibugSegmentPage is the page call of Omnibug's Segment provider test
// (github.com/MisterPhilip/omnibug test/providers/Segment.js), POSTed
// by analytics.js 3.6.0 to api.segment.io/v1/p.
const omnibugSegmentPage = `{"context":{"page":{"path":"/","referrer":"https://segment.com/docs/spec/","search":"","title":"Analytics API and Customer Data Platform · Segment","url":"https://segment.com/"},"userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/66.0.3359.181 Safari/537.36","library":{"name":"analytics.js","version":"3.6.0"},"traits":{"crossDomainId":"cf27eea9-a5a7-43dd-b551-ea3c2bc6d4a8"}},"integrations":{},"properties":{"name":"Home","path":"/","referrer":"https://segment.com/docs/spec/","search":"","title":"Analytics API and Customer Data Platform · Segment","url":"https://segment.com/"},"category":null,"name":"Home","anonymousId":"7e5c1f1f-bf99-4725-809d-67785f64933b","timestamp":"2018-05-27T23:55:54.383Z","type":"page","writeKey":"zaySL4FGIiLsxt3I7omU5uLxXqxaBMPh","userId":"ZHN2cGWPCP","sentAt":"2018-05-27T23:55:54.386Z","_metadata":{"bundled":["AdWords","Amplitude","Drift","Drip","Facebook Pixel","Google Analytics","Google Tag Manager","LinkedIn Insight Tag","Madkudu","Segment.io","Twitter Ads","Visual Website Optimizer"],"unbundled":["Marketo V2","Customer.io"]},"messageId":"ajs-bb485b9778f0ddcff39debbb6f5eaf1e"}`

// segmentBatch is a batch in the shape Segment's HTTP API documents
// (https://www.twilio.com/docs/segment/connections/sources/catalog/libraries/server/http-api,
// "Batch"): a track call and an identify call whose traits carry a plain
// e-mail address; the write key is in the body, as analytics.js puts it.
const segmentBatch = `{"batch":[{"type":"track","event":"Signed Up","userId":"1043","anonymousId":"507f191e810c19729de860ea","properties":{"plan":"Enterprise","revenue":39.95},"messageId":"1ff51c9c-4929-45de-8914-3bb878be8c4a"},{"type":"identify","userId":"532","traits":{"email":"john@email.example","plan":"Premium"},"messageId":"6f5f436d-8534-4070-8023-d18f8b78ed39"}],"writeKey":"WRITE_KEY","sentAt":"2024-01-01T00:00:00.000Z"}`

func TestSegment(t *testing.T) {
	checkWireFixtures(t, "segment", []wireFixture{
		{name: "page", entry: post("https://api.segment.io/v1/p", "text/plain", omnibugSegmentPage), want: []brief{{Vendor: decode.VendorSegment, PixelID: "zaySL4FGIiLsxt3I7omU5uLxXqxaBMPh", Name: "page",
			Page: "https://segment.com/", Referrer: "https://segment.com/docs/spec/",
			IDs:    []string{"segment_xid=cf27eea9-a5a7-43dd-b551-ea3c2bc6d4a8", "ajs_anonymous_id=7e5c1f1f-bf99-4725-809d-67785f64933b", "ajs_user_id=ZHN2cGWPCP"},
			Custom: []string{"name=Home", "path=/", "referrer=https://segment.com/docs/spec/", "search=", "title=Analytics API and Customer Data Platform · Segment", "url=https://segment.com/"}}}},
		{name: "batch", entry: post("https://api.segment.io/v1/batch", "application/json", segmentBatch), want: []brief{
			{Vendor: decode.VendorSegment, PixelID: "WRITE_KEY", Name: "Signed Up", IDs: []string{"ajs_user_id=1043", "ajs_anonymous_id=507f191e810c19729de860ea"}, Custom: []string{"plan=Enterprise", "revenue=39.95"}},
			{Vendor: decode.VendorSegment, PixelID: "WRITE_KEY", Name: "identify", IDs: []string{"ajs_user_id=532"}, Custom: []string{"email=john@email.example", "plan=Premium"},
				UserData: []string{"batch[1].traits.email=plain-text"}},
		}, warn: "sent NOT HASHED"},
		// Bad: truncated JSON is kept whole, with a warning.
		{name: "truncated", entry: post("https://api.segment.io/v1/t", "application/json", `{"type":"track","event":"Order Completed","properties":{"total":`),
			want: []brief{{Vendor: decode.VendorSegment}}, warn: "not valid JSON"},
		// The library's load names the write key in its path.
		{name: "library", entry: get("https://cdn.segment.com/analytics.js/v1/zaySL4FGIiLsxt3I7omU5uLxXqxaBMPh/analytics.min.js"),
			want: []brief{{Vendor: decode.VendorSegment, Kind: decode.KindInstallation, PixelID: "zaySL4FGIiLsxt3I7omU5uLxXqxaBMPh"}}},
	})
}
