package report

import "testing"

// FuzzPlainHost checks Host's fast path against url.Parse wherever the
// fast path answers.
func FuzzPlainHost(f *testing.F) {
	for _, s := range []string{"https://www.facebook.com/tr/?id=1", "http://A.Example:8080", "https://x.example.?q",
		"https://u@h.example/", "http://[::1]:80/", "https://h.example:80x/", "HTTPS://WWW.EXAMPLE.COM#f", "http://h:/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		h, ok := plainHost(raw)
		if !ok {
			return
		}
		if want := parsedHost(raw); h != want {
			t.Fatalf("plainHost(%q) = %q, url.Parse says %q", raw, h, want)
		}
	})
}
