package decode_test

import (
	"fmt"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// Google's older and less visible trackers (issue 18): a classic Google
// Analytics hit (harviewer__softwareishard.com.har#17 of the corpus,
// shortened), whose utmcc parameter carries the site's __utma cookie and
// so the visitor's ID; a Floodlight activity, whose parameters are in
// the URL path (Google's documented example); and the load of a Google
// tag, which names the product the site sends to.
func Example_googleFamily() {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, url := range []string{
		"http://www.google-analytics.com/__utm.gif?utmwv=1.3&utmdt=Firebug%201.6%20beta%201%20Released" +
			"&utmhn=www.softwareishard.com&utmp=/blog/firebug/&utmac=UA-3586722-1" +
			"&utmcc=__utma%3D57327400.167033691.1286268803.1286268803.1286268803.1%3B%2B",
		"https://ad.doubleclick.net/activity;src=3528935;type=frida880;cat=ire;qty=1;cost=99.99;ord=123456789",
		"https://www.googletagmanager.com/gtag/js?id=AW-123456789",
	} {
		for _, ev := range reg.Decode("capture.har", &har.Entry{Request: har.Request{Method: "GET", URL: url}}) {
			fmt.Println(ev.Vendor, ev.Kind, ev.PixelID)
			fmt.Println(" ", ev.Summary)
			for _, id := range ev.IDs {
				fmt.Printf("  %s=%s (%s)\n", id.Name, id.Value, id.From)
			}
		}
	}
	// Output:
	// ga-classic event UA-3586722-1
	//   classic GA pageview: viewed "Firebug 1.6 beta 1 Released" on www.softwareishard.com/blog/firebug/ (UA-3586722-1)
	//   cid=167033691.1286268803 (param utmcc (__utma))
	// floodlight event 3528935
	//   ire: Floodlight activity in group frida880 for advertiser 3528935 (qty=1, cost=99.99, ord=123456789)
	// google-tag installation AW-123456789
	//   Google tag (gtag.js) loaded for AW-123456789: a Google Ads account (conversion tracking and remarketing)
}
