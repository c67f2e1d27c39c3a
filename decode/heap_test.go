package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

func TestHeap(t *testing.T) {
	checkWireFixtures(t, "heap", []wireFixture{
		// A web page view listed in a public performance report of
		// pushpress.com (2024; the report cut the URL after tv=4.0&).
		// source: public file, repository not recorded.
		{name: "web-page-view", entry: get("https://heapanalytics.com/h?a=352269000&u=8340303237011266&v=1666233288931105&s=5839986596567654&b=web&tv=4.0&"),
			want: []brief{{Vendor: decode.VendorHeap, PixelID: "352269000", Name: "page view", IDs: []string{"heap_user_id=8340303237011266"}}}},
		// An iOS screen view, as a public load-test script documents it
		// in a comment ("Example: https://heapanalytics.com/h?…", 2022).
		// source: public file, repository not recorded.
		{name: "ios-screen-view", entry: get("https://heapanalytics.com/h?a=2356724093&s=6740642658917718&v=3242260802684940&b=ios&tv=3.0&lv=8.2.0&u=1134378632781458&m=Avo%20Keepr&p=1.1.1&g=&o=arm64&f=iOS%2015.4&vid=B7B6D296-C0BE-419A-9CFE-F240C1DDC8DF&z=1&ts=1656342588925&h=Avo_Keepr.HomeViewController&t=&d=&y=&st=1656342588926"),
			want: []brief{{Vendor: decode.VendorHeap, PixelID: "2356724093", Name: "page view", Page: "Avo_Keepr.HomeViewController", IDs: []string{"heap_user_id=1134378632781458"}}}},
		// The identify call of the same script: the identity is an e-mail
		// address, sent in plain text.
		{name: "identify", entry: get("https://heapanalytics.com/api/identify_v3?a=2356724093&s=2273256378657165&v=1292487889593889&b=ios&tv=3.0&lv=8.2.0&u=1134378632781458&i=test%40test.com&st=1658419727208"),
			want: []brief{{Vendor: decode.VendorHeap, PixelID: "2356724093", Name: "identify", IDs: []string{"heap_user_id=1134378632781458", "heap_identity=test@test.com"}, UserData: []string{"i=plain-text"}}},
			warn: "NOT HASHED"},
		{name: "library", entry: get("https://cdn.heapanalytics.com/js/heap-236035469.js"),
			want: []brief{{Vendor: decode.VendorHeap, Kind: decode.KindInstallation, PixelID: "236035469"}}},
	})
}
