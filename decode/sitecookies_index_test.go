package decode

import "testing"

// TestCookieIndex: the index gives matchCookie's answer for every name a
// spec names, prefixes extended, and names no spec names.
func TestCookieIndex(t *testing.T) {
	x := newCookieIndex(siteCookies)
	names := []string{"", "_", "session", "_ga_ABC123", "AMCV_", "AMCV_1234%40AdobeOrg", "_hjSessionUser_99", "_fbp2", "__utmz"}
	for _, s := range siteCookies {
		names = append(names, s.name, s.name+"x", s.name[:len(s.name)-1])
	}
	for _, name := range names {
		if got, want := x.match(name), matchCookie(siteCookies, name); got != want {
			t.Errorf("cookie %q: index gives %v, matchCookie %v", name, got, want)
		}
	}
}
