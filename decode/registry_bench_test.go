package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/har"
)

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
