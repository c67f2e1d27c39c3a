package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// Fuzz targets for the Google family's formats (issue 18), seeded from
// the fixtures (real captures and documented examples) of
// google_fixtures_test.go.

// FuzzGAClassicDecode fuzzes classic GA's __utm.gif hits: the query, and
// inside it utmcc (the site's cookies, ;-separated, with __utmz's
// |-separated key=value pairs) and utme (the X10 format).
func FuzzGAClassicDecode(f *testing.F) {
	for _, fx := range googleFixtures() {
		if fx.want[0].Vendor == decode.VendorGAClassic {
			f.Add(fx.entry.Request.URL, "", "")
		}
	}
	f.Add("https://www.google-analytics.com/__utm.gif?utme=5(a'*b)(8(2!x)9(", "", "")
	f.Add("https://www.google-analytics.com/__utm.gif?utmcc=__utma%3D1.2.3%3B__utmz%3D1.2.3.4.%7C%3D%7Cutmctr%3D%25", "", "")
	f.Add("https://www.google-analytics.com/__utm.gif", "application/x-www-form-urlencoded", "utmac=UA-1&utmt=item&utmipn=x")
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoute(t, reg, "www.google-analytics.com", "/__utm.gif", url, mimeType, body)
	})
}

// FuzzFloodlightDecode fuzzes Floodlight's and Ad Manager's ;-separated
// path parameters.
func FuzzFloodlightDecode(f *testing.F) {
	for _, fx := range googleFixtures() {
		if v := fx.want[0].Vendor; v == decode.VendorFloodlight || v == decode.VendorGoogleAdManager {
			f.Add(fx.entry.Request.URL, "", "")
		}
	}
	f.Add("https://ad.doubleclick.net/activity;=;;;%;u1=%E0%A4", "", "")
	f.Add("https://ad.doubleclick.net/ddm/activity/src=1/;type=2", "", "")
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoute(t, reg, "ad.doubleclick.net", "/activity", url, mimeType, body)
		fuzzRoute(t, reg, "pubads.g.doubleclick.net", "/activity", url, mimeType, body)
	})
}

// FuzzGoogleAdRequestDecode fuzzes the ad requests of Ad Manager and
// AdSense, whose cust_params is a query string inside a query string, and
// the other query-string decoders of the family (loaders, remarketing
// audiences, Optimize, Google Ads on country domains).
func FuzzGoogleAdRequestDecode(f *testing.F) {
	for _, fx := range googleFixtures() {
		f.Add(fx.entry.Request.URL, "", "")
	}
	f.Add("https://securepubads.g.doubleclick.net/gampad/ads?cust_params=a%3D%25%26%3D%26b&cookie=ID%3D%3AT%3Dx&iu=%2F&ga_vid=.", "", "")
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		for _, hp := range [][2]string{
			{"securepubads.g.doubleclick.net", "/gampad/ads"}, {"googleads.g.doubleclick.net", "/pagead/ads"},
			{"www.google.se", "/ads/ga-audiences"}, {"www.google.co.in", "/pagead/1p-conversion"},
			{"www.googletagmanager.com", "/gtag/js"}, {"www.googletagmanager.com", "/a"},
			{"www.google-analytics.com", "/gtm/js"}, {"pagead2.googlesyndication.com", "/pub-config"},
		} {
			fuzzRoute(t, reg, hp[0], hp[1], url, mimeType, body)
		}
	})
}
