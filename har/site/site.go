package site

import (
	"fmt"
	"net"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Host returns the lower-cased host name a URL's request went to, without
// user information, port, brackets or a trailing dot, or "" when the URL
// names no network host. It is [Split]'s host.
func Host(rawURL string) string {
	if h, ok := plainHost(rawURL); ok {
		return h
	}
	host, _, _ := Split(rawURL)
	return host
}

// Split splits a captured request URL into the host it went to, its path
// and its raw query, leniently: captured URLs hold characters net/url
// rejects (spaces, quotes, braces, unencoded JSON), and the query is
// returned exactly as the browser sent it. The fragment, which a browser
// never sends, is dropped.
//
// The host is that of the URL's authority, for the schemes whose requests
// go to a network host (http, https, ws, wss, ftp, and a scheme-relative
// "//host/…"): lower case, without user information ("user:pw@"), port or
// IPv6 brackets ("[::1]:80" is "::1"), without a trailing dot, and an
// internationalised name in its ASCII (punycode) form, as the request
// carried it. An invalid port is dropped, the host kept. Every other
// URL — data:, blob: (an object inside the browser, even
// blob:https://…), about:, javascript:, file:, chrome-extension: … — has
// no host, and its path is the text before "?".
//
// path is "/" when the URL has a host but no path.
func Split(raw string) (host, path, query string) {
	s := raw
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	rest, network, ok := afterScheme(s)
	if !ok {
		path, query, _ = strings.Cut(s, "?")
		return "", path, query
	}
	end := strings.IndexAny(rest, "/?\\")
	if end < 0 {
		end = len(rest)
	}
	authority := rest[:end]
	rest = rest[end:]
	if strings.HasPrefix(rest, "\\") {
		// Browsers read a backslash as a slash in http(s) URLs.
		rest = "/" + rest[1:]
	}
	path, query, _ = strings.Cut(rest, "?")
	if path == "" {
		path = "/"
	}
	if !network {
		return "", path, query
	}
	return hostOf(authority), path, query
}

// afterScheme returns what follows "scheme://" (or a leading "//"), and
// whether the scheme's requests go to a network host; ok is false for a
// URL with no authority at all.
func afterScheme(s string) (rest string, network, ok bool) {
	if strings.HasPrefix(s, "//") {
		return s[2:], true, true
	}
	i := strings.Index(s, "://")
	if i <= 0 {
		return "", false, false
	}
	scheme := s[:i]
	for j := 0; j < len(scheme); j++ {
		c := scheme[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			// "blob:https://…", "view-source:http://…": the first colon
			// ends the scheme, and what follows is not an authority.
			return "", false, false
		}
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "ws", "wss", "ftp":
		return s[i+3:], true, true
	}
	return s[i+3:], false, true
}

// hostOf reads the host of an authority: [user[:pw]@]host[:port].
func hostOf(authority string) string {
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	host := authority
	if strings.HasPrefix(host, "[") { // IPv6 literal
		if i := strings.IndexByte(host, ']'); i >= 0 {
			host = host[1:i]
		}
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			if a, err := idna.Lookup.ToASCII(host); err == nil {
				return a
			}
			break
		}
	}
	return host
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
// false for anything else, which Split then reads.
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

// ParseSite reads what a user gives as the first party (--site): a host
// ("www.police.example"), a registrable domain ("police.example") or a
// URL ("https://www.police.example/report/", whose host is used), and
// returns its registrable domain. Anything else — a word with no dot, a
// path without a scheme, a public suffix such as "co.uk" — is an error
// that says why.
func ParseSite(s string) (string, error) {
	raw := strings.TrimSpace(s)
	host := raw
	if strings.Contains(raw, "://") {
		if host = Host(raw); host == "" {
			return "", fmt.Errorf("%q is not a URL of a website (http or https, with a host)", s)
		}
	} else if strings.ContainsAny(raw, "/?#@ ") {
		return "", fmt.Errorf("%q is neither a host nor a URL: give www.example.org, example.org or https://www.example.org/", s)
	} else {
		host = hostOf(raw)
	}
	if ip := net.ParseIP(host); ip != nil {
		return host, nil
	}
	if !strings.Contains(host, ".") {
		return "", fmt.Errorf("%q is not a domain: a site's host has a dot (example.org)", s)
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return "", fmt.Errorf("%q is not a valid host name", s)
		}
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return "", fmt.Errorf("%q is a public suffix, shared by many sites, not one site's domain", s)
	}
	return d, nil
}
