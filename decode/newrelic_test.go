package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

func TestNewRelic(t *testing.T) {
	checkWireFixtures(t, "newrelic", []wireFixture{
		// Corpus pagexray__www.nytimes.com.har entry 119 (agent 686, 2015).
		{name: "nytimes-page-view", entry: get("http://bam.nr-data.net/1/b5bcf2eba4?a=4491938&pl=1440859422348&v=686.b365e66&to=YwFXZhRYVhAEVUZcX1pLYEAPFlkTFRhCXUA%3D&ap=443&be=94&fe=2622&dc=747&f=%5B%5D&perf=%7B%22timing%22:%7B%22of%22:1440859422348,%22n%22:0,%22dl%22:62,%22di%22:841,%22ds%22:841,%22de%22:927,%22dc%22:2714,%22l%22:2714,%22le%22:2765,%22f%22:2,%22dn%22:3,%22dne%22:25,%22c%22:25,%22ce%22:39,%22rq%22:39,%22rp%22:56,%22rpe%22:73%7D,%22navigation%22:%7B%7D%7D&jsonp=NREUM.setToken"),
			want: []brief{{Vendor: decode.VendorNewRelic, PixelID: "4491938", Name: "page view with its timings"}}},
		// A page-action harvest in the shape the agent's documentation
		// gives (addPageAction: actionName and the site's attributes),
		// with a session ID; the JSON body is kept whole.
		{name: "page-action", entry: post("https://bam.nr-data.net/ins/1/NRJS-0123456789abcdef012?a=601234567&v=1.250.0&to=abc&rst=5000&ck=0&s=8c4a1f2e3d5b6a79&ref=https://www.example.com/checkout&ptid=0b1c2d3e4f", "text/plain", `{"ins":[{"actionName":"applied_coupon","coupon":"SPRING","pageUrl":"https://www.example.com/checkout?step=2"}]}`),
			want: []brief{{Vendor: decode.VendorNewRelic, PixelID: "601234567", Name: "page actions (events the site defines)", Page: "https://www.example.com/checkout",
				IDs: []string{"newrelic_session=8c4a1f2e3d5b6a79", "newrelic_ptid=0b1c2d3e4f"}}}},
		{name: "agent", entry: get("https://js-agent.newrelic.com/nr-686.min.js"),
			want: []brief{{Vendor: decode.VendorNewRelic, Kind: decode.KindInstallation}}},
	})
}
