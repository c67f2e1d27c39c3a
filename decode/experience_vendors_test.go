package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// This file holds the fixtures of Optimizely, Nativo and Crazy Egg.

// optimizelyEventAPI is a batch in the shape Optimizely's Event API
// documents (account_id, project_id, visitors[].snapshots[].decisions
// and .events), with made-up IDs.
const optimizelyEventAPI = `{"account_id":"12345","project_id":"67890","anonymize_ip":true,"client_name":"js","client_version":"0.188.1","revision":"101","enrich_decisions":true,"visitors":[{"visitor_id":"oeu1510574583260r0.6517483790099796","session_id":"","attributes":[{"entity_id":"","key":"$opt_user_agent","type":"custom","value":"Mozilla/5.0"}],"snapshots":[{"decisions":[{"campaign_id":"111","experiment_id":"222","variation_id":"333","is_campaign_holdback":false}],"events":[{"entity_id":"444","key":"checkout_completed","timestamp":1704067200000,"uuid":"5c8b2a1e-0000-4000-8000-000000000001","type":"other","tags":{"revenue":4999,"value":49.99}}]}]}]}`

func TestOptimizely(t *testing.T) {
	checkWireFixtures(t, "optimizely", []wireFixture{
		{name: "event-api", entry: post("https://logx.optimizely.com/v1/events", "application/json", optimizelyEventAPI),
			want: []brief{{Vendor: decode.VendorOptimizely, PixelID: "12345", Name: "checkout_completed", IDs: []string{"optimizely_visitor_id=oeu1510574583260r0.6517483790099796"},
				Custom: []string{"experiment_id=222", "variation_id=333"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 7 (2017): the snippet,
		// with the optimizelyEndUserId cookie the capture records on the
		// site (entry 116's Cookie header).
		{name: "snippet", entry: withCookies(get("http://cdn.optimizely.com/js/128727546.js"), "optimizelyEndUserId=oeu1510574583260r0.6517483790099796"),
			want: []brief{{Vendor: decode.VendorOptimizely, Kind: decode.KindRequest, IDs: []string{"optimizely_visitor_id=oeu1510574583260r0.6517483790099796"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 32: an older event log
		// whose body the capture did not keep.
		{name: "log-event", entry: post("https://logx.optimizely.com/log/event", "", ""),
			want: []brief{{Vendor: decode.VendorOptimizely, Kind: decode.KindRequest}}},
	})
}

func TestNativo(t *testing.T) {
	checkWireFixtures(t, "nativo", []wireFixture{
		// Corpus haralyzer__cnn-chrome.har entry 72 (2017).
		{name: "content-request", entry: withCookies(get("http://jadserve.postrelease.com/t?ntv_url=http%3A%2F%2Fedition.cnn.com%2F&ntv_med=1"), "visitor=3cb779f4-9f4a-4491-9f65-91c7fd7a484a; has_data=0"),
			want: []brief{{Vendor: decode.VendorNativo, Kind: decode.KindRequest, IDs: []string{"nativo_visitor=3cb779f4-9f4a-4491-9f65-91c7fd7a484a"}}}},
		// Corpus haralyzer__cnn-chrome.har entry 101: an impression report.
		{name: "trk", entry: withCookies(get("http://jadserve.postrelease.com/trk.gif?ntv_ui=864e1bc6-57f1-4bfb-b158-8597486e33a0&ntv_ht=9okJWgA&ntv_at=303,302&ntv_a=AAAAAAAAAAdV0LA&ord=1510574584162&ntv_it"), "visitor=3cb779f4-9f4a-4491-9f65-91c7fd7a484a; has_data=2"),
			want: []brief{{Vendor: decode.VendorNativo, Kind: decode.KindRequest, IDs: []string{"nativo_visitor=3cb779f4-9f4a-4491-9f65-91c7fd7a484a"}}}},
	})
}

func TestCrazyEgg(t *testing.T) {
	checkWireFixtures(t, "crazyegg", []wireFixture{
		// Corpus pagexray__ferguson.har entries 71 and 117 (2022).
		{name: "tag", entry: get("https://script.crazyegg.com/pages/scripts/0028/7323.js"),
			want: []brief{{Vendor: decode.VendorCrazyEgg, Kind: decode.KindInstallation, PixelID: "00287323"}}},
		{name: "sampling", entry: get("https://script.crazyegg.com/pages/sampling-data-scripts/0028/7323.json"),
			want: []brief{{Vendor: decode.VendorCrazyEgg, Kind: decode.KindInstallation, PixelID: "00287323"}}},
	})
}
