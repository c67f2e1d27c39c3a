package site

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSplit is the one URL parser's contract: every case on which the
// former two parsers (decode's and report's) disagreed, and the shapes
// captures hold.
func TestSplit(t *testing.T) {
	tests := []struct {
		url, host, path, query, domain string
	}{
		{"https://www.facebook.com/tr/?id=1&ev=X", "www.facebook.com", "/tr/", "id=1&ev=X", "facebook.com"},
		{"https://www.facebook.com/tr?id=1", "www.facebook.com", "/tr", "id=1", "facebook.com"},
		{"https://WWW.Police.Example:8443/report/", "www.police.example", "/report/", "", "police.example"},
		{"HTTPS://A.COM/X", "a.com", "/X", "", "a.com"}, // upper case: the host is lowered, the path is not
		{"https://a.b.example.co.uk/x", "a.b.example.co.uk", "/x", "", "example.co.uk"},
		{"https://region1.google-analytics.com/g/collect", "region1.google-analytics.com", "/g/collect", "", "google-analytics.com"},
		{"https://example.com?x=1", "example.com", "/", "x=1", "example.com"},
		{"https://example.com", "example.com", "/", "", "example.com"},
		{"https://www.police.example./", "www.police.example", "/", "", "police.example"}, // trailing dot
		// User information is not the host.
		{"https://user:pw@WWW.Facebook.COM:443/tr", "www.facebook.com", "/tr", "", "facebook.com"},
		{"https://a@b@c.example/", "c.example", "/", "", "c.example"},
		// IPv6 and IPv4 literals: no brackets, no port; an IP is its own domain.
		{"https://[::1]:80/", "::1", "/", "", "::1"},
		{"http://[::1]:8080/p?q", "::1", "/p", "q", "::1"},
		{"http://[2001:db8::7]/", "2001:db8::7", "/", "", "2001:db8::7"},
		{"http://192.0.2.7:81/x", "192.0.2.7", "/x", "", "192.0.2.7"},
		// Bad: an invalid port is dropped, the host kept.
		{"https://a.com:abc/", "a.com", "/", "", "a.com"},
		// Scheme-relative and other network schemes.
		{"//a.com/x", "a.com", "/x", "", "a.com"},
		{"ftp://a.com/x", "a.com", "/x", "", "a.com"},
		{"wss://socket.example/live", "socket.example", "/live", "", "socket.example"},
		// Internationalised names, as punycode (what the request carried).
		{"https://bücher.example/", "xn--bcher-kva.example", "/", "", "xn--bcher-kva.example"},
		{"https://XN--BCHER-KVA.example/", "xn--bcher-kva.example", "/", "", "xn--bcher-kva.example"},
		// Browsers read a backslash as a slash.
		{"https://a.com\\@evil.example/", "a.com", "/@evil.example/", "", "a.com"},
		// No network host: nothing left the browser for these.
		{"blob:https://a.com/u", "", "blob:https://a.com/u", "", ""},
		{"data:image/png;base64,AAAA", "", "data:image/png;base64,AAAA", "", ""},
		{"about:blank", "", "about:blank", "", ""},
		{"chrome-extension://abc/x.js", "", "/x.js", "", ""},
		{"javascript:void(0)", "", "javascript:void(0)", "", ""},
		// Bad: characters net/url rejects are kept (M15's unencoded JSON), the fragment dropped.
		{"https://www.facebook.com/tr/?cd[x]={'a':'b c'}&dl=https://a/?b=c#frag", "www.facebook.com", "/tr/", "cd[x]={'a':'b c'}&dl=https://a/?b=c", "facebook.com"},
		// Bad: not a valid URL (a space in the host), as captured: still read.
		{"https://bad host.example/%zz", "bad host.example", "/%zz", "", "bad host.example"},
		// Bad: not a URL at all.
		{"not a url", "", "not a url", "", ""},
		{"", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			host, path, query := Split(tt.url)
			if diff := cmp.Diff([3]string{tt.host, tt.path, tt.query}, [3]string{host, path, query}); diff != "" {
				t.Errorf("Split() mismatch (-want +got):\n%s", diff)
			}
			if h := Host(tt.url); h != tt.host {
				t.Errorf("Host() = %q, want %q (Split says %q)", h, tt.host, host)
			}
			if d := Domain(host); d != tt.domain {
				t.Errorf("Domain(%q) = %q, want %q", host, d, tt.domain)
			}
		})
	}
}

func TestParseSite(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "police.example", want: "police.example"},
		{in: "www.police.example", want: "police.example"},
		{in: "WWW.Police.Example.", want: "police.example"},
		{in: "https://www.police.example/report/?x=1", want: "police.example"},
		{in: "http://a.b.example.co.uk:8080/", want: "example.co.uk"},
		{in: "bücher.example", want: "xn--bcher-kva.example"},
		{in: "192.0.2.7", want: "192.0.2.7"},
		// Bad: a word, not a domain.
		{in: "notadomain", bad: true},
		// Bad: a path without a scheme.
		{in: "www.example.com/path", bad: true},
		// Bad: a public suffix is many sites.
		{in: "co.uk", bad: true},
		// Bad: a URL with no host.
		{in: "https:///x", bad: true},
		// Bad: not a host name.
		{in: "exa mple.com", bad: true},
		{in: "-a.example", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseSite(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseSite(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSite(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
