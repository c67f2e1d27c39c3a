package main

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// param is one name/value pair of a tracker request, value not yet encoded.
type param struct{ k, v string }

// encodeURIComponent is JavaScript's encodeURIComponent: everything but
// A-Z a-z 0-9 - _ . ! ~ * ' ( ) is percent-encoded as UTF-8, upper-case hex.
func encodeURIComponent(s string) string {
	return percentEncode(s, "-_.!~*'()", false)
}

// formEncode is the application/x-www-form-urlencoded serializer browsers
// use for a <form method=post>: A-Z a-z 0-9 * - . _ kept, space -> '+',
// everything else percent-encoded.
func formEncode(s string) string {
	return percentEncode(s, "*-._", true)
}

func percentEncode(s, keep string, spacePlus bool) string {
	const hexdigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(keep, c) >= 0:
			b.WriteByte(c)
		case c == ' ' && spacePlus:
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hexdigits[c>>4])
			b.WriteByte(hexdigits[c&15])
		}
	}
	return b.String()
}

// pixelKey renders a parameter name as fbevents.js's SignalsParamList does:
// the inside of the brackets is encodeURIComponent'd, the rest is left alone.
func pixelKey(k string) string {
	i := strings.IndexByte(k, '[')
	if i < 0 || !strings.HasSuffix(k, "]") {
		return k
	}
	return k[:i+1] + encodeURIComponent(k[i+1:len(k)-1]) + "]"
}

// pixelQuery is SignalsParamList.toQueryString: key=encodeURIComponent(value)
// joined by '&', order kept.
func pixelQuery(ps []param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = pixelKey(p.k) + "=" + encodeURIComponent(p.v)
	}
	return strings.Join(parts, "&")
}

// formBody is what Chrome sends when fbevents.js submits its hidden
// <form method=post> (one <input type=hidden> per parameter).
func formBody(ps []param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = formEncode(p.k) + "=" + formEncode(p.v)
	}
	return strings.Join(parts, "&")
}

// splitParams is DevTools' NetworkRequest.parseParameters: split on '&',
// then on the first '='; nothing is decoded.
func splitParams(q string) []nv {
	if q == "" {
		return []nv{}
	}
	var out []nv
	for _, pair := range strings.Split(q, "&") {
		if i := strings.IndexByte(pair, '='); i >= 0 {
			out = append(out, nv{pair[:i], pair[i+1:]})
		} else {
			out = append(out, nv{pair, ""})
		}
	}
	return out
}

func sha256hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// censor is the "cud"/"ncud" shape mask: upper-case letter -> ^,
// lower-case -> *, digit -> #, anything else kept.
func censor(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteByte('^')
		case r >= 'a' && r <= 'z':
			b.WriteByte('*')
		case r >= '0' && r <= '9':
			b.WriteByte('#')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
