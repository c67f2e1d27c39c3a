package consent

import (
	"testing"

	"github.com/haruspex/haruspex/har"
)

// BenchmarkFromEntry reads a GA4 hit with gcs, gcd and npa and a Cookie
// header with OneTrust cookies and a TC string.
func BenchmarkFromEntry(b *testing.B) {
	e := &har.Entry{Request: har.Request{
		URL:     "https://region1.google-analytics.com/g/collect?v=2&tid=G-XXXX&gcs=G111&gcd=13r3r3r3r5&npa=0&en=page_view&dl=https%3A%2F%2Fwww.example.org%2F",
		Headers: []har.NameValue{{Name: "Cookie", Value: "_ga=GA1.1.1.2; OptanonConsent=interactionCount=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A1; OptanonAlertBoxClosed=2024-03-06T10:15:00.123Z; euconsent-v2=CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		FromEntry(e)
	}
}
