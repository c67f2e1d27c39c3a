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
	if h, ok := plainHost(rawURL); ok {
		return h
	}
	return parsedHost(rawURL)
}

// parsedHost is Host by url.Parse, for any URL.
func parsedHost(rawURL string) string {
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

// plainHost is Host's fast path for the common http(s) URL whose host is
// plain letters, digits, dots and hyphens (with an optional port); ok is
// false for anything else, which url.Parse then reads.
func plainHost(raw string) (string, bool) {
	var rest string
	switch {
	case len(raw) > 8 && (raw[:8] == "https://" || raw[:8] == "HTTPS://"):
		rest = raw[8:]
	case len(raw) > 7 && (raw[:7] == "http://" || raw[:7] == "HTTP://"):
		rest = raw[7:]
	default:
		return "", false
	}
	end, port, upper := len(rest), -1, false
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '/' || c == '?' || c == '#':
			end = i
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.':
			if port >= 0 && !(c >= '0' && c <= '9') {
				return "", false
			}
			continue
		case c >= 'A' && c <= 'Z':
			if port >= 0 {
				return "", false
			}
			upper = true
			continue
		case c == ':' && port < 0:
			port = i
			continue
		default:
			return "", false
		}
		break
	}
	host := rest[:end]
	if port >= 0 {
		host = rest[:port]
	}
	if host == "" {
		return "", false
	}
	if upper {
		host = strings.ToLower(host)
	}
	return strings.TrimSuffix(host, "."), true
}
