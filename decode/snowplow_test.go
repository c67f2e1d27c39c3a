package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// snowplowTP2 is a tp2 body built from Snowplow's tracker protocol
// (https://docs.snowplow.io/docs/collecting-data/collecting-from-own-applications/snowplow-tracker-protocol/):
// a page view with the web_page context (cx, base64) and a link click as
// a self-describing event (ue_px, base64), with made-up IDs; the site's
// user ID is set.
const snowplowTP2 = `{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv","url":"https://www.example.com/support","page":"Support","refr":"https://www.search.example/","tv":"js-3.24.0","tna":"sp","aid":"example-web","p":"web","tz":"Europe/London","lang":"en-GB","res":"1920x1080","eid":"6a1f0c2e-0000-4000-8000-000000000001","dtm":"1704067200000","vid":"3","sid":"2f6c2a3e-0000-4000-8000-000000000002","duid":"9b2f4e1c-0000-4000-8000-000000000003","uid":"customer-881","cx":"eyJzY2hlbWEiOiJpZ2x1OmNvbS5zbm93cGxvd2FuYWx5dGljcy5zbm93cGxvdy9jb250ZXh0cy9qc29uc2NoZW1hLzEtMC0wIiwiZGF0YSI6W3sic2NoZW1hIjoiaWdsdTpjb20uc25vd3Bsb3dhbmFseXRpY3Muc25vd3Bsb3cvd2ViX3BhZ2UvanNvbnNjaGVtYS8xLTAtMCIsImRhdGEiOnsiaWQiOiI4YTVlMWMyYi00YjdlLTRmMjctOWQxYy0yZjJiNWQxZTBhMTEifX1dfQ","stm":"1704067200010"},{"e":"ue","url":"https://www.example.com/support","tv":"js-3.24.0","tna":"sp","aid":"example-web","p":"web","eid":"6a1f0c2e-0000-4000-8000-000000000004","dtm":"1704067205000","duid":"9b2f4e1c-0000-4000-8000-000000000003","sid":"2f6c2a3e-0000-4000-8000-000000000002","ue_px":"eyJzY2hlbWEiOiJpZ2x1OmNvbS5zbm93cGxvd2FuYWx5dGljcy5zbm93cGxvdy91bnN0cnVjdF9ldmVudC9qc29uc2NoZW1hLzEtMC0wIiwiZGF0YSI6eyJzY2hlbWEiOiJpZ2x1OmNvbS5zbm93cGxvd2FuYWx5dGljcy5zbm93cGxvdy9saW5rX2NsaWNrL2pzb25zY2hlbWEvMS0wLTEiLCJkYXRhIjp7InRhcmdldFVybCI6Imh0dHBzOi8vd3d3LmV4YW1wbGUuY29tL3N1cHBvcnQvZGVidC1oZWxwIiwiZWxlbWVudENvbnRlbnQiOiJHZXQgZGVidCBoZWxwIn19fQ","stm":"1704067205010"}]}`

func TestSnowplow(t *testing.T) {
	ids := []string{"sp_sid=2f6c2a3e-0000-4000-8000-000000000002", "sp_duid=9b2f4e1c-0000-4000-8000-000000000003"}
	checkWireFixtures(t, "snowplow", []wireFixture{
		{name: "tp2-first-party", entry: post("https://sp.example.com/com.snowplowanalytics.snowplow/tp2", "application/json; charset=UTF-8", snowplowTP2), want: []brief{
			{Vendor: decode.VendorSnowplow, PixelID: "example-web", Name: "page view", Page: "https://www.example.com/support", Referrer: "https://www.search.example/",
				IDs: append(append([]string(nil), ids...), "sp_uid=customer-881")},
			{Vendor: decode.VendorSnowplow, PixelID: "example-web", Name: "self-describing event", Page: "https://www.example.com/support", IDs: []string{ids[1], ids[0]}},
		}},
		// The GET form on a Snowplow-hosted collector, with a structured
		// event (the tracker protocol's se_ fields).
		{name: "get-structured", entry: get("https://acme.collector.snplow.net/i?e=se&se_ca=video&se_ac=play&se_la=intro&aid=acme&p=web&tv=js-3.24.0&url=https%3A%2F%2Facme.example%2F&duid=0a1b2c3d-0000-4000-8000-000000000005"),
			want: []brief{{Vendor: decode.VendorSnowplow, PixelID: "acme", Name: "structured event", Page: "https://acme.example/", IDs: []string{"sp_duid=0a1b2c3d-0000-4000-8000-000000000005"},
				Custom: []string{"se_ca=video", "se_ac=play", "se_la=intro"}}}},
	})
}
