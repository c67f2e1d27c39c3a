package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

func TestTealium(t *testing.T) {
	fixtures := []wireFixture{
		// Corpus pagexray__case-sensitive-protocol.har (verizonwireless.com,
		// 2018): the tag container.
		{name: "container", entry: get("https://tags.tiqcdn.com/utag/vzw/main/prod/utag.js"),
			want: []brief{{Vendor: decode.VendorTealium, Kind: decode.KindInstallation, PixelID: "vzw/main (prod)"}}},
		// The event endpoint in the shape Tealium documents for Tealium
		// Collect (a JSON body with tealium_account, tealium_profile,
		// tealium_event and the data layer).
		{name: "collect-event", entry: post("https://collect.tealiumiq.com/event", "application/json", `{"tealium_account":"acme","tealium_profile":"main","tealium_event":"purchase","tealium_visitor_id":"0189a1b2c3d4e5f60718293a4b5c6d7e","dom.url":"https://shop.example/checkout/done","dom.title":"Thank you","order_total":"59.90","customer_email":"pat@mail.example","cp._ga":"GA1.2.111.222"}`),
			want: []brief{{Vendor: decode.VendorTealium, PixelID: "acme/main", Name: "purchase", Page: "https://shop.example/checkout/done",
				IDs: []string{"tealium_visitor_id=0189a1b2c3d4e5f60718293a4b5c6d7e"}, UserData: nil}}},
	}
	// Corpus coach-core__cpuTime.har entry 108 (cnet.com, 2018): i.gif with
	// the data layer as JSON in a multipart field, read from the corpus
	// (10 KB).
	if e, ok := corpusEntry(t, "coach-core__cpuTime.har", 108); ok {
		fixtures = append(fixtures, wireFixture{name: "cnet-collect", entry: e,
			want: []brief{{Vendor: decode.VendorTealium, PixelID: "cbsi/cnetglobalsite", Name: "view", Page: "https://www.cnet.com/",
				IDs: []string{"tealium_visitor_id=016717477de700072f25dfb08fa003079001507100838", "tealium_session_id=1542283820520"}}}})
	}
	checkWireFixtures(t, "tealium", fixtures)
}
