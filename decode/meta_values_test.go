package decode_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// TestFBICookie checks that the _fbi cookie (the visitor's IP address,
// written by Meta's parameter builder as <IP>.<appendix>, ipUtil.js) is
// labelled as personal data, and warned about, on whatever request
// carries it: a tracker's decoded event or a request no decoder claims.
func TestFBICookie(t *testing.T) {
	withCookie := func(e *har.Entry, v string) *har.Entry {
		e.Request.Headers = []har.NameValue{{Name: "Cookie", Value: "_ga=GA1.1.1.2; _fbi=" + v}}
		return e
	}
	tests := []struct {
		name        string
		entry       *har.Entry
		wantLabel   string
		wantWarning string
	}{
		{"IPv4 with an appendix, server-side GA4 on the site's host",
			withCookie(get("https://sgtm.shop.example/g/collect?v=2&tid=G-X&en=page_view"), "203.0.113.7.AQYCAQMA"),
			"the visitor's IP address 203.0.113.7 (_fbi cookie of Meta's parameter builder, kept for the Conversions API match key client_ip_address; Meta parameter builder 1.3.0, client-side JavaScript (clientParamBuilder); new cookie (net new)): personal data, sent readable",
			"cookie _fbi: the visitor's IP address 203.0.113.7, stored by Meta's parameter builder, was sent to sgtm.shop.example"},
		{"IPv6 with a language token, unclaimed request",
			withCookie(get("https://api.shop.example/cart"), "2001:db8::1.Bg"),
			"the visitor's IP address 2001:db8::1 (_fbi cookie of Meta's parameter builder, kept for the Conversions API match key client_ip_address; Meta parameter builder, client-side JavaScript (clientParamBuilder)): personal data, sent readable",
			"cookie _fbi: the visitor's IP address 2001:db8::1, stored by Meta's parameter builder, was sent to api.shop.example"},
		{"IP address without an appendix",
			withCookie(get("https://api.shop.example/cart"), "198.51.100.20"),
			"the visitor's IP address 198.51.100.20 (_fbi cookie of Meta's parameter builder, kept for the Conversions API match key client_ip_address): personal data, sent readable",
			"cookie _fbi: the visitor's IP address 198.51.100.20, stored by Meta's parameter builder, was sent to api.shop.example"},
		// Bad: the value holds no IP address; the cookie is still personal data by purpose.
		{"not an IP address",
			withCookie(get("https://api.shop.example/cart"), "garbage.AQYCAQMA"),
			"_fbi cookie of Meta's parameter builder, meant to hold the visitor's IP address (this value is not one): personal data",
			""},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := decodeOne(t, reg, tt.entry)
			var got *decode.Param
			for i := range ev.Params {
				if ev.Params[i].Name == "_fbi" {
					got = &ev.Params[i]
				}
			}
			if got == nil {
				t.Fatalf("no _fbi parameter in %+v", ev.Params)
			}
			if got.Label != tt.wantLabel || got.Type != decode.DataPlainPersonal {
				t.Errorf("_fbi = %q (%v), want %q (%v)", got.Label, got.Type, tt.wantLabel, decode.DataPlainPersonal)
			}
			var warned []string
			for _, w := range ev.Warnings {
				if len(w) > 12 && w[:12] == "cookie _fbi:" {
					warned = append(warned, w)
				}
			}
			var want []string
			if tt.wantWarning != "" {
				want = []string{tt.wantWarning}
			}
			if diff := cmp.Diff(want, warned); diff != "" {
				t.Errorf("_fbi warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
