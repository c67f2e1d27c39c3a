package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
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
