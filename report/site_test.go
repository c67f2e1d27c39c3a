package report

import "testing"

func TestHostAndDomain(t *testing.T) {
	tests := []struct{ url, host, domain string }{
		{"https://www.facebook.com/tr/?id=1", "www.facebook.com", "facebook.com"},
		{"https://WWW.Police.Example:8443/report/", "www.police.example", "police.example"},
		{"https://a.b.example.co.uk/x", "a.b.example.co.uk", "example.co.uk"},
		{"https://region1.google-analytics.com/g/collect", "region1.google-analytics.com", "google-analytics.com"},
		{"http://[::1]:8080/", "::1", "::1"},
		{"http://192.0.2.7/x", "192.0.2.7", "192.0.2.7"},
		{"https://www.police.example./", "www.police.example", "police.example"},
		{"data:image/png;base64,AAAA", "", ""},
		{"blob:https://www.police.example/uuid", "", ""},
		{"chrome-extension://abc/x.js", "", ""},
		// Not a valid URL (a space in the host), as captured: still read.
		{"https://bad host.example/%zz", "bad host.example", "bad host.example"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			h := Host(tt.url)
			if h != tt.host {
				t.Errorf("Host(%q) = %q, want %q", tt.url, h, tt.host)
			}
			if d := Domain(h); d != tt.domain {
				t.Errorf("Domain(%q) = %q, want %q", h, d, tt.domain)
			}
		})
	}
}
