package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// hotjarVisitBody is the body of a real visit-data call, recorded by k6's
// browser recorder on k6.io (Chrome 104, 2022). source: public file,
// repository not recorded (a k6 load-test script).
const hotjarVisitBody = `{"r_value":1,"is_vpv":false,"session_only":false,"rec_value":0.7666666666666666,"user_id":"15479a8f-d042-5b8b-a029-36f6897e29cc"}`

func TestHotjar(t *testing.T) {
	checkWireFixtures(t, "hotjar", []wireFixture{
		{name: "visit-data", entry: post("https://in.hotjar.com/api/v2/client/sites/1699068/visit-data?sv=6", "text/plain; charset=UTF-8", hotjarVisitBody),
			want: []brief{{Vendor: decode.VendorHotjar, PixelID: "1699068", Name: "visit data", IDs: []string{"hotjar_user_id=15479a8f-d042-5b8b-a029-36f6897e29cc"}}}},
		// The library load of a Gatling recording (winners.net, 2021).
		// source: public file, repository not recorded.
		{name: "library", entry: get("https://static.hotjar.com/c/hotjar-1904804.js?sv=6"),
			want: []brief{{Vendor: decode.VendorHotjar, Kind: decode.KindInstallation, PixelID: "1904804"}}},
		// An identify call of a Gatling recording (packtpub.com staging,
		// 2021): the Hotjar user ID is in the path. source: public file,
		// repository not recorded.
		{name: "identify", entry: get("https://identify.hotjar.com/sites/982604/users/f4fafa38-7176-5f27-9be7-e52b8126a5dc"),
			want: []brief{{Vendor: decode.VendorHotjar, Kind: decode.KindRequest, PixelID: "982604", IDs: []string{"hotjar_user_id=f4fafa38-7176-5f27-9be7-e52b8126a5dc"}}}},
		// Bad: a visit-data body that is not JSON is kept whole.
		{name: "visit-data-not-json", entry: post("https://in.hotjar.com/api/v2/client/sites/1/visit-data?sv=7", "text/plain", `{"user_id":`),
			want: []brief{{Vendor: decode.VendorHotjar, PixelID: "1", Name: "visit data"}}, warn: "not valid JSON"},
	})
}
