package form

import (
	"fmt"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/haruspex/haruspex/har"
)

// Field is one name=value pair of a form-encoded string, as [Fields]
// reads it.
type Field struct {
	// RawName is the name as written, still percent-encoded (for
	// messages that must point at what the request carried).
	RawName string
	// Name and Value are percent-decoded ("+" is a space) and valid
	// UTF-8, with surrounding whitespace kept: callers that trim say so.
	Name, Value string
	// OK is false when the name or the value held an invalid escape
	// (kept as written) or bytes that are not UTF-8 (written %XX).
	OK bool
}

// Fields reads an application/x-www-form-urlencoded string (a raw query
// string or a body) into its fields, in order. Empty segments ("&&")
// carry nothing and are skipped; a name without "=" has an empty value.
// It never fails: see [Unescape] for what happens to bad escapes.
func Fields(q string) iter.Seq[Field] {
	return func(yield func(Field) bool) {
		for seg := range strings.SplitSeq(q, "&") {
			if seg == "" {
				continue
			}
			k, v, _ := strings.Cut(seg, "=")
			name, okName := Unescape(k, true)
			value, okValue := Unescape(v, true)
			if !yield(Field{RawName: k, Name: name, Value: value, OK: okName && okValue}) {
				return
			}
		}
	}
}

// RawNames yields the name of each field of q as written (still
// percent-encoded): what comes before the first "=" of each
// "&"-separated segment, empty names skipped. It decodes nothing: it is
// for a caller that looks for a few names among a tracker's dozens,
// once for every request.
func RawNames(q string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for q != "" {
			seg := q
			if i := strings.IndexByte(q, '&'); i >= 0 {
				seg, q = q[:i], q[i+1:]
			} else {
				q = ""
			}
			if i := strings.IndexByte(seg, '='); i >= 0 {
				seg = seg[:i]
			}
			if seg != "" && !yield(seg) {
				return
			}
		}
	}
}

// Escaped reports whether s, a name or value as written, has a percent
// escape or a "+": whether [Unescape] may change it.
func Escaped(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || s[i] == '+' {
			return true
		}
	}
	return false
}

// Unescape percent-decodes s (and turns "+" into a space when plus is
// set, as in a form). It never fails: an invalid escape is kept as
// written, and bytes that do not form valid UTF-8 after decoding are
// re-escaped as %XX, so the result is always valid UTF-8 and nothing is
// lost. ok is false when either happened.
func Unescape(s string, plus bool) (string, bool) {
	if !strings.ContainsRune(s, '%') && !(plus && strings.ContainsRune(s, '+')) {
		if utf8.ValidString(s) {
			return s, true
		}
		return escapeInvalidUTF8([]byte(s)), false
	}
	// The text is built in a strings.Builder, runs without an escape
	// copied whole: one allocation, where a byte slice and the string
	// made of it were two (a pixel hit's values are mostly escaped).
	ok := true
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] != '%' && (s[j] != '+' || !plus) {
			j++
		}
		sb.WriteString(s[i:j])
		if j == len(s) {
			break
		}
		switch {
		case s[j] == '%' && j+2 < len(s) && isHexDigit(s[j+1]) && isHexDigit(s[j+2]):
			sb.WriteByte(unhex(s[j+1])<<4 | unhex(s[j+2]))
			i = j + 3
		case s[j] == '%':
			ok = false
			sb.WriteByte('%')
			i = j + 1
		default: // '+', with plus
			sb.WriteByte(' ')
			i = j + 1
		}
	}
	out := sb.String()
	if !utf8.ValidString(out) {
		return escapeInvalidUTF8([]byte(out)), false
	}
	return out, ok
}

// ValidUTF8 returns s, with any bytes that are not valid UTF-8 written as
// %XX: captured strings go into JSON, which must be UTF-8, and a
// percent escape keeps every byte readable.
func ValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return escapeInvalidUTF8([]byte(s))
}

// escapeInvalidUTF8 returns b with every byte that is not part of a valid
// UTF-8 sequence written as %XX.
func escapeInvalidUTF8(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			fmt.Fprintf(&sb, "%%%02X", b[0])
			b = b[1:]
			continue
		}
		sb.Write(b[:n])
		b = b[n:]
	}
	return sb.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// Cookies calls fn with the name and value of each cookie the request
// carries, in the order the capture lists them: from request.cookies,
// or, when that is empty, from the Cookie headers (HTTP/2 captures may
// split them over several), each "name=value" pair trimmed of spaces.
// Names and values are passed through [ValidUTF8], not percent-decoded
// (a cookie's value is the site's to encode). captured is
// [CookiesRecorded].
func Cookies(r *har.Request, fn func(name, value string)) (captured bool) {
	for _, c := range r.Cookies {
		fn(ValidUTF8(c.Name), ValidUTF8(c.Value))
	}
	if len(r.Cookies) == 0 {
		for _, h := range r.Headers {
			if !strings.EqualFold(h.Name, "cookie") {
				continue
			}
			for pair := range strings.SplitSeq(h.Value, ";") {
				pair = strings.TrimSpace(pair)
				if pair == "" {
					continue
				}
				name, value, _ := strings.Cut(pair, "=")
				fn(ValidUTF8(strings.TrimSpace(name)), ValidUTF8(strings.TrimSpace(value)))
			}
		}
	}
	return CookiesRecorded(r)
}

// CookieCount returns how many cookies [Cookies] calls fn with, or a few
// more (a Cookie header's empty pairs are counted): room to make for
// them.
func CookieCount(r *har.Request) int {
	if len(r.Cookies) > 0 {
		return len(r.Cookies)
	}
	n := 0
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "cookie") {
			n += strings.Count(h.Value, ";") + 1
		}
	}
	return n
}

// CookiesRecorded reports whether the capture recorded the request's
// cookies at all: a cookies list or a Cookie header, even an empty one.
func CookiesRecorded(r *har.Request) bool {
	if len(r.Cookies) > 0 {
		return true
	}
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "cookie") {
			return true
		}
	}
	return false
}
