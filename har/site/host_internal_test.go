package site

import "testing"

// FuzzPlainHost checks Host's fast path against Split wherever the fast
// path answers: the two must never disagree.
func FuzzPlainHost(f *testing.F) {
	for _, s := range []string{"https://www.facebook.com/tr/?id=1", "http://A.Example:8080", "https://x.example.?q",
		"https://u@h.example/", "http://[::1]:80/", "https://h.example:80x/", "HTTPS://WWW.EXAMPLE.COM#f", "http://h:/",
		"https://a.com\\x", "//a.com/x", "blob:https://a.com/u", "https://bücher.example/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		host, _, _ := Split(raw) // must not panic on anything
		h, ok := plainHost(raw)
		if !ok {
			return
		}
		if h != host {
			t.Fatalf("plainHost(%q) = %q, Split says %q", raw, h, host)
		}
	})
}
