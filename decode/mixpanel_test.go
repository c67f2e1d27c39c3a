package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// mixpanelRemotive is a real mixpanel-js 2.9.17 page view (December
// 2016): a GET with base64-encoded JSON in data, from jobs.remotive.io.
// source: public file, repository not recorded (a Java job-board scraper
// that replayed the request).
const mixpanelRemotive = "http://api.mixpanel.com/track/?data=eyJldmVudCI6ICJtcF9wYWdlX3ZpZXciLCJwcm9wZXJ0aWVzIjogeyIkb3MiOiAiV2luZG93cyIsIiRicm93c2VyIjogIkNocm9tZSIsIiRjdXJyZW50X3VybCI6ICJodHRwOi8vam9icy5yZW1vdGl2ZS5pby8iLCIkYnJvd3Nlcl92ZXJzaW9uIjogNTUsIiRzY3JlZW5faGVpZ2h0IjogMTA4MCwiJHNjcmVlbl93aWR0aCI6IDE5MjAsIm1wX2xpYiI6ICJ3ZWIiLCIkbGliX3ZlcnNpb24iOiAiMi45LjE3IiwiZGlzdGluY3RfaWQiOiAiMTU4ZDQ1NjJhYTExNWItMDE3MzIwOGE5NDA5MzQtNWM0ZjIzMWMtMWZhNDAwLTE1OGQ0NTYyYWEzMTVmIiwiJGluaXRpYWxfcmVmZXJyZXIiOiAiJGRpcmVjdCIsIiRpbml0aWFsX3JlZmVycmluZ19kb21haW4iOiAiJGRpcmVjdCIsIm1wX3BhZ2UiOiAiaHR0cDovL2pvYnMucmVtb3RpdmUuaW8vIiwibXBfYnJvd3NlciI6ICJDaHJvbWUiLCJtcF9wbGF0Zm9ybSI6ICJXaW5kb3dzIiwidG9rZW4iOiAiNmVjZWQyODM1YTBkYTUxMTkwZThjMmZkZDAzZTMxOGUifX0%3D&ip=1&_=1481798770674"

// mixpanelBatchBody is the urlencoded POST body of mixpanel-js's batch
// sender (data=<JSON array>), built from the default properties Mixpanel
// documents for the JavaScript library
// (https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript) with
// made-up IDs.
const mixpanelBatchBody = "data=%5B%7B%22event%22%3A%22%24mp_web_page_view%22%2C%22properties%22%3A%7B%22%24os%22%3A%22Windows%22%2C%22%24browser%22%3A%22Chrome%22%2C%22%24current_url%22%3A%22https%3A%2F%2Fwww.example.com%2Fpricing%3Fplan%3Dpro%22%2C%22%24browser_version%22%3A120%2C%22%24screen_height%22%3A1080%2C%22%24screen_width%22%3A1920%2C%22mp_lib%22%3A%22web%22%2C%22%24lib_version%22%3A%222.55.0%22%2C%22%24insert_id%22%3A%22v3b9zkjg2q5mdaj1%22%2C%22time%22%3A1704067200.123%2C%22distinct_id%22%3A%22%24device%3A18cc2f5e7b6a2a-0d2b1b0c8c7f6e-26001951-1fa400-18cc2f5e7b6a2a%22%2C%22%24device_id%22%3A%2218cc2f5e7b6a2a-0d2b1b0c8c7f6e-26001951-1fa400-18cc2f5e7b6a2a%22%2C%22%24initial_referrer%22%3A%22%24direct%22%2C%22%24initial_referring_domain%22%3A%22%24direct%22%2C%22token%22%3A%220123456789abcdef0123456789abcdef%22%2C%22current_page_title%22%3A%22Pricing%22%2C%22current_domain%22%3A%22www.example.com%22%2C%22current_url_path%22%3A%22%2Fpricing%22%2C%22current_url_protocol%22%3A%22https%3A%22%2C%22current_url_search%22%3A%22%3Fplan%3Dpro%22%2C%22utm_source%22%3A%22newsletter%22%7D%7D%5D"

// mixpanelEngage is a profile update in the shape of Mixpanel's
// profile-set documentation (https://developer.mixpanel.com/reference/profile-set),
// base64-encoded as mixpanel-js's GET sender does, naming the person.
const mixpanelEngage = "https://api-js.mixpanel.com/engage/?data=W3siJHNldCI6eyIkZW1haWwiOiJqYW5lQG1haWwuZXhhbXBsZSIsIiRuYW1lIjoiSmFuZSBEb2UiLCJwbGFuIjoicHJvIn0sIiR0b2tlbiI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmIiwiJGRpc3RpbmN0X2lkIjoidXNlci00MiIsIiRkZXZpY2VfaWQiOiIxOGNjMmY1ZTdiNmEyYS0wZDJiMWIwYzhjN2Y2ZS0yNjAwMTk1MS0xZmE0MDAtMThjYzJmNWU3YjZhMmEiLCIkdXNlcl9pZCI6InVzZXItNDIifV0%3D&ip=1&_=1704067200500"

func TestMixpanel(t *testing.T) {
	const device = "18cc2f5e7b6a2a-0d2b1b0c8c7f6e-26001951-1fa400-18cc2f5e7b6a2a"
	checkWireFixtures(t, "mixpanel", []wireFixture{
		{name: "base64-page-view", entry: get(mixpanelRemotive), want: []brief{{Vendor: decode.VendorMixpanel, PixelID: "6eced2835a0da51190e8c2fdd03e318e", Name: "mp_page_view", Page: "http://jobs.remotive.io/",
			IDs: []string{"mp_distinct_id=158d4562aa115b-0173208a940934-5c4f231c-1fa400-158d4562aa315f"}}}},
		{name: "json-batch-post", entry: post("https://api-js.mixpanel.com/track/?verbose=1&ip=1&_=1704067200200", "application/x-www-form-urlencoded", mixpanelBatchBody),
			want: []brief{{Vendor: decode.VendorMixpanel, PixelID: "0123456789abcdef0123456789abcdef", Name: "$mp_web_page_view", Page: "https://www.example.com/pricing?plan=pro",
				IDs: []string{"mp_distinct_id=$device:" + device, "mp_device_id=" + device}}}},
		{name: "profile-update", entry: get(mixpanelEngage), want: []brief{{Vendor: decode.VendorMixpanel, PixelID: "0123456789abcdef0123456789abcdef", Name: "profile update",
			IDs:      []string{"mp_distinct_id=user-42", "mp_device_id=" + device, "mp_user_id=user-42"},
			Custom:   []string{"$email=jane@mail.example", "$name=Jane Doe", "plan=pro"},
			UserData: []string{"data[0].$set.$email=plain-text", "data[0].$set.$name=plain-text"}}}, warn: "NOT HASHED"},
		// Bad: data is neither JSON nor base64 of JSON; it is kept.
		{name: "unreadable-data", entry: get("https://api-js.mixpanel.com/track/?data=abc&ip=1"), want: []brief{{Vendor: decode.VendorMixpanel}}, warn: "neither JSON nor base64"},
		{name: "decide", entry: get("https://api-js.mixpanel.com/decide/?verbose=1&version=3&lib=web&token=0123456789abcdef0123456789abcdef&distinct_id=user-42&ip=1&_=1704067200000"),
			want: []brief{{Vendor: decode.VendorMixpanel, Kind: decode.KindRequest, IDs: []string{"mp_distinct_id=user-42"}}}},
	})
}
