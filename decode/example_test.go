package decode_test

import (
	"fmt"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// A button click sent to the Meta Pixel, decoded into an event.
func Example() {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		fmt.Println(err)
		return
	}
	e := &har.Entry{
		Index: 12,
		Request: har.Request{
			Method: "GET",
			URL: "https://www.facebook.com/tr/?id=1234567890123456&ev=SubscribedButtonClick" +
				"&dl=https%3A%2F%2Fwww.police.example%2Freport%2F" +
				"&cd[buttonText]=Report%20domestic%20abuse" +
				"&fbp=fb.1.1686733923123.1879912052&ts=1686733923123&ec=2&rqm=GET",
			Headers: []har.NameValue{{Name: "Cookie", Value: "c_user=100012345678901; fr=0abc"}},
		},
	}
	for _, ev := range reg.Decode("capture.har", e) {
		fmt.Println(ev.Vendor, ev.Kind, ev.PixelID, ev.Name)
		fmt.Println(ev.Summary)
		for _, id := range ev.IDs {
			fmt.Printf("%s=%s (%s) %v\n", id.Name, id.Value, id.From, id.Facts)
		}
		fmt.Println("cookies", ev.Cookies, "- entry", ev.Sources[0].Entry)
		fmt.Println("data types:", ev.DataTypes())
	}
	// Output:
	// meta event 1234567890123456 SubscribedButtonClick
	// SubscribedButtonClick: clicked "Report domestic abuse" on https://www.police.example/report/
	// fbp=fb.1.1686733923123.1879912052 (param fbp) [{subdomain_index 1} {created 2023-06-14T09:12:03.123Z} {random 1879912052}]
	// c_user=100012345678901 (cookie c_user) []
	// fr=0abc (cookie fr) []
	// cookies captured - entry 12
	// data types: [page URL event name button text account identifier browser identifier tracker configuration technical]
}

// Proving that a hashed e-mail address sent to Meta is a known person's.
func ExampleKnownPII_Mark() {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		fmt.Println(err)
		return
	}
	known, err := decode.NewKnownPII([]string{" Test@Example.com "}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := &har.Entry{Request: har.Request{
		Method: "GET",
		// ud[em] is SHA-256("test@example.com").
		URL: "https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b",
	}}
	for _, ev := range reg.Decode("a.har", e) {
		known.Mark(&ev)
		for _, m := range ev.Matches {
			fmt.Printf("%s is the %s of %s %q\n", m.Param, m.Algorithm, m.Kind, m.Known)
		}
		fmt.Println(ev.Summary)
	}
	// Output:
	// ud[em] is the sha256 of email " Test@Example.com "
	// Lead: standard event; with e-mail (hashed)
}

// Chrome re-sends each pixel event to the privacy-sandbox endpoint;
// FoldDuplicates keeps one event with two sources.
func ExampleFoldDuplicates() {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		fmt.Println(err)
		return
	}
	const q = "?id=1005535387858009&ev=ViewContent&ts=1749743254592&ec=2"
	var evs []decode.Event
	for i, u := range []string{
		"https://www.facebook.com/tr/" + q + "&rqm=GET",
		"https://www.facebook.com/privacy_sandbox/pixel/register/trigger/" + q + "&rqm=FGET",
	} {
		evs = append(evs, reg.Decode("a.har", &har.Entry{Index: i, Request: har.Request{Method: "GET", URL: u}})...)
	}
	for _, ev := range decode.FoldDuplicates(evs) {
		fmt.Println(ev.Kind, ev.Name, ev.Sources)
	}
	// Output:
	// event ViewContent [{a.har  0 false} {a.har  1 false}]
}

// The Meta Pixel sends each event to the site's Conversions API Gateway
// as well as to /tr, with the same event ID. The gateway call is decoded
// as a Meta event that names the gateway, and FoldDuplicates folds it
// into its /tr twin, which notes the gateway.
func ExampleFoldDuplicates_gateway() {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		fmt.Println(err)
		return
	}
	const eid = "ob3_plugin-set_1f0a64b1d2c3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccdd"
	gateway := &har.Entry{Index: 3, Request: har.Request{
		Method: "POST",
		URL:    "https://capig.shop.example/events?cee=no",
		PostData: &har.PostData{MimeType: "text/plain;charset=UTF-8", HasText: true,
			Text: `{"event_name":"PageView","event_id":"` + eid + `","fb.pixel_id":"1234567890123456",` +
				`"website_context":{"location":"https://shop.example/","referrer":"","isInIFrame":false}}`},
	}}
	tr := &har.Entry{Index: 4, Request: har.Request{
		Method: "GET",
		URL:    "https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&dl=https%3A%2F%2Fshop.example%2F&ts=1749743254592&ec=0&eid=" + eid + "&cf=1",
	}}
	evs := append(reg.Decode("a.har", gateway), reg.Decode("a.har", tr)...)
	fmt.Println(evs[0].Vendor, evs[0].Kind, evs[0].Gateway, evs[0].Name)
	fmt.Println(evs[0].Summary)
	for _, ev := range decode.FoldDuplicates(evs) {
		fmt.Println(ev.Kind, ev.Host, ev.Name, ev.Sources, ev.Warnings)
	}
	// Output:
	// meta duplicate capig.shop.example PageView
	// PageView: viewed https://shop.example/ (sent through the Conversions API Gateway at capig.shop.example)
	// event www.facebook.com PageView [{a.har  4 false} {a.har  3 true}] [also sent through the first-party gateway capig.shop.example (entry 3)]
}

// A known phone number and postcode, found in the forms a site hashed
// them in: the phone's national digits, the postcode without its space.
func ExampleNewKnownPIIFrom() {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		fmt.Println(err)
		return
	}
	known, err := decode.NewKnownPIIFrom(decode.KnownValues{
		Phones:    []string{"+44 7700 900123"},
		Postcodes: []string{"SW1A 1AA"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	e := &har.Entry{Request: har.Request{
		Method: "GET",
		// SHA-256 of "07700900123" and of "sw1a1aa".
		URL: "https://www.facebook.com/tr/?id=1&ev=Lead" +
			"&ud[ph]=ef03a7ae0c135a3e6bb6e0898460efc32a64aea33676b8b628bdc40ee1fe3dcc" +
			"&ud[zp]=830e1d4b9838bab1f5c2acdb23e0b502ff13a9832c4632e8d67a1d43d3b7f614",
	}}
	for _, ev := range reg.Decode("a.har", e) {
		known.Mark(&ev)
		for _, m := range ev.Matches {
			fmt.Printf("%s is the %s of %q, the %s %q as %s\n", m.Param, m.Algorithm, m.Normalised, m.Kind, m.Known, m.Form)
		}
	}
	// Output:
	// ud[ph] is the sha256 of "07700900123", the phone "+44 7700 900123" as national number, digits only (the country code left out)
	// ud[zp] is the sha256 of "sw1a1aa", the postcode "SW1A 1AA" as lower-case without spaces or dash (Meta's Conversions API normalisation)
}
