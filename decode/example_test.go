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
	// event ViewContent [{a.har  0} {a.har  1}]
}
