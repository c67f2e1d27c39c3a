package report

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Host returns the lower-cased host name of a URL, without port or
// brackets, or "" when the URL has none (data:, blob:, about: …).
func Host(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		// Captured URLs are not always valid; fall back to the text
		// between "//" and the next "/", "?" or "#".
		_, rest, ok := strings.Cut(rawURL, "//")
		if !ok {
			return ""
		}
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			rest = rest[:i]
		}
		if i := strings.LastIndexByte(rest, '@'); i >= 0 {
			rest = rest[i+1:]
		}
		u = &url.URL{Host: rest}
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "ws", "wss", "":
	default:
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// Domain returns the registrable domain (eTLD+1, from the Public Suffix
// List) of a host: "www.facebook.com" → "facebook.com",
// "www.police.example" → "police.example", "a.b.example.co.uk" →
// "example.co.uk". An IP address or a host that is itself a public suffix
// is returned as it is.
func Domain(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || net.ParseIP(host) != nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}
