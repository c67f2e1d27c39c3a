package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// findCases are hosts and paths as a capture holds them: trackers,
// Google's country domains, CDNs and first parties (most requests of a
// capture go to hosts no route names).
var findCases = [][2]string{
	{"www.facebook.com", "/tr/"}, {"www.google-analytics.com", "/collect"}, {"region1.google-analytics.com", "/g/collect"},
	{"www.google.se", "/ads/ga-audiences"}, {"www.google.co.in", "/pagead/1p-conversion/1/"}, {"www.google.com", "/search"},
	{"3951336.fls.doubleclick.net", "/activityi;src=1"}, {"securepubads.g.doubleclick.net", "/gampad/ads"},
	{"cdn.example.com", "/app.js"}, {"www.police.example", "/report/"}, {"fonts.gstatic.com", "/s/roboto.woff2"},
	{"ajax.googleapis.com", "/ajax/libs/jquery.js"}, {"img.example.org", "/a.png"}, {"www.googletagmanager.com", "/gtm.js"},
}

// BenchmarkRegistryFind measures route lookup, done once per entry.
func BenchmarkRegistryFind(b *testing.B) {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range findCases {
			reg.Find(c[0], c[1])
		}
	}
}

// BenchmarkRegistryDecode decodes a mix of requests through the built-in
// table: hits of the first vendors (GA4, Meta), a first-party request no
// route claims (it still passes the "*" routes), and hits of vendors
// issue 18 adds where the table has them. It measures what a bigger
// table costs per request; compare runs with benchstat.
func BenchmarkRegistryDecode(b *testing.B) {
	reg := newRegistry(b)
	for _, bc := range []struct {
		name    string
		entries []*har.Entry
	}{
		// Requests the table decoded before issue 18: their cost shows
		// what the bigger table adds to every lookup.
		{"before-issue-18", []*har.Entry{
			get(vecG01),
			get(vecM01),
			get("https://www.police.example/report/domestic-abuse/?step=2&ref=nav"),
			get("https://cdn.example.net/assets/app.3f2a.js"),
		}},
		// Requests of vendors issue 18 adds (generic "other" events before).
		{"issue-18", []*har.Entry{
			get("https://metrics.police.example/b/ss/rsid/1/JS-2.1.0/s1?AQB=1&pageName=home&g=https%3A%2F%2Fwww.police.example%2F&mid=1&AQE=1"),
			get("https://ib.adnxs.com/getuid?https://a.example/?id=$UID"),
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				for _, e := range bc.entries {
					_ = reg.Decode("bench.har", e)
				}
			}
		})
	}
}
