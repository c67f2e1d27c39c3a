package redact

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file finds the values to replace in one string, in every form a
// capture may hold them, and replaces them with their placeholders.

// Kind says what a replaced value is.
type Kind int

// The kinds of replaced values.
const (
	KindSecret Kind = iota // a login secret (decode.SecretNames), found by its name
	KindEmail              // an e-mail address given with Options.Emails
	KindPhone              // a phone number given with Options.Phones
	KindValue              // any other value given with Options.Values
	numKinds
)

var kindNames = [numKinds]string{KindSecret: "secret", KindEmail: "email", KindPhone: "phone", KindValue: "value"}

// placeholderWords name each kind in its placeholders.
var placeholderWords = [numKinds]string{KindSecret: "SECRET", KindEmail: "EMAIL", KindPhone: "PHONE", KindValue: "VALUE"}

// String returns "secret", "email", "phone" or "value".
func (k Kind) String() string {
	if k >= 0 && k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// MarshalText returns the kind's name.
func (k Kind) MarshalText() ([]byte, error) {
	if k < 0 || k >= numKinds {
		return nil, fmt.Errorf("redact: unknown kind %d", int(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if string(b) == n {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("redact: unknown kind %q", b)
}

// Placeholder returns the placeholder of the n-th value (from 1) of a
// kind: REDACTED-SECRET-xs-1 for a secret (with the name it was sent
// under; characters other than letters, digits, "_", "." and "-" become
// "_"), REDACTED-EMAIL-1, REDACTED-PHONE-1 or REDACTED-VALUE-1 for the
// others. A placeholder is written the same way percent-encoded or
// JSON-escaped, so it replaces a value in those forms as it is.
func Placeholder(k Kind, name string, n int) string {
	p := "REDACTED-" + placeholderWords[k] + "-"
	if k == KindSecret {
		p += strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-' {
				return r
			}
			return '_'
		}, name) + "-"
	}
	return p + strconv.Itoa(n)
}

// target is one value to replace.
type target struct {
	kind        Kind
	name        string // of a secret: the cookie, header or parameter it was sent under
	value       string // as sent (a secret), normalised (e-mail, phone), or as given
	given       string // as given (e-mail, phone); value for the others
	placeholder string
	sha256      string // of value
}

func newTarget(k Kind, name, given, value, placeholder string) target {
	h := sha256.Sum256([]byte(value))
	return target{kind: k, name: name, value: value, given: given, placeholder: placeholder, sha256: hex.EncodeToString(h[:])}
}

// form is one way a target may be written in a capture.
type form struct {
	text   string // what is looked for; lower-case when fold
	repl   string // what replaces it: the placeholder, written the same way
	fold   bool   // ASCII letters compare without regard to case (e-mail addresses)
	digits bool   // a match must not touch a digit where the form starts or ends with one (phone numbers)
	base64 bool   // a base64 form: a match must be a whole run of base64 characters
	target int
	how    string // how the value is written there, for the log
}

// Hows: how a value was written where it was replaced.
const (
	howAsSent    = "as sent"
	howPercent   = "percent-encoded"
	howPercent2  = "percent-encoded twice"
	howJSON      = "JSON-escaped"
	howJSON2     = "JSON-escaped twice"
	howBase64    = "base64"
	howBase64Pct = "base64, percent-encoded"
	howInBase64  = "inside base64" // prefixed to the how inside
)

// bases returns the strings a target's forms are made from: the value as
// sent, and its percent-decoded form (a cookie's value is often
// percent-encoded); an e-mail's normalised form (matched without case) and
// as given; a phone number as given, its digits, and "+" and its digits.
func bases(k Kind, given, value string) []string {
	var bs []string
	add := func(s string) {
		if s != "" && !slices.Contains(bs, s) {
			bs = append(bs, s)
		}
	}
	switch k {
	case KindEmail:
		add(value)
		add(strings.TrimSpace(given))
	case KindPhone:
		add(strings.TrimSpace(given))
		add(value)
		add("+" + value)
	default:
		add(value)
		if d, err := url.PathUnescape(value); err == nil && utf8.ValidString(d) {
			add(d)
		}
		if d, err := url.QueryUnescape(value); err == nil && utf8.ValidString(d) {
			add(d)
		}
	}
	return bs
}

// formsOf returns every form of target t (index i) made from bases.
func formsOf(t *target, i int, bs []string) []form {
	var fs []form
	seen := map[string]bool{}
	add := func(text, repl, how string, fold bool) {
		if fold {
			text = lowerASCII(text)
		}
		key := text
		if fold {
			key = "\x00" + text
		}
		if text == "" || seen[key] {
			return
		}
		seen[key] = true
		b64 := how == howBase64 || how == howBase64Pct
		fs = append(fs, form{text: text, repl: repl, fold: fold, digits: t.kind == KindPhone && !b64, base64: b64, target: i, how: how})
	}
	p := t.placeholder
	fold := t.kind == KindEmail
	for _, b := range bs {
		add(b, p, howAsSent, fold)
	}
	for _, b := range bs {
		for _, esc := range []func(string) string{url.QueryEscape, url.PathEscape, escapeComponent} {
			e := esc(b)
			add(e, p, howPercent, fold)
			add(lowerHex(e), p, howPercent, fold)
			add(esc(e), p, howPercent2, fold)
			add(lowerHex(esc(e)), p, howPercent2, fold)
		}
		for _, v := range jsonVariants {
			add(jsonEscape(b, v), p, howJSON, fold)
		}
		add(jsonEscape(jsonEscape(b, jsonPlain), jsonPlain), p, howJSON2, fold)
	}
	// Base64 is case-sensitive: an e-mail's is made from the forms it
	// may have been written in before encoding.
	for _, b := range bs {
		for _, enc := range base64Encodings {
			add(enc.EncodeToString([]byte(b)), enc.EncodeToString([]byte(p)), howBase64, false)
		}
		add(url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(b))), url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(p))), howBase64Pct, false)
	}
	if fold {
		for _, b := range []string{strings.ToUpper(bs[0])} {
			for _, enc := range base64Encodings {
				add(enc.EncodeToString([]byte(b)), enc.EncodeToString([]byte(p)), howBase64, false)
			}
		}
	}
	return fs
}

// base64Encodings are the encodings tried, in order: padded before raw,
// standard before URL-safe.
var base64Encodings = []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding}

// escapeComponent percent-encodes s as JavaScript's encodeURIComponent
// does: everything but letters, digits and - _ . ! ~ * ' ( ).
func escapeComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// lowerHex writes the hex digits of each %XX escape in lower case.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerByte(b[i+1]), lowerByte(b[i+2])
		}
	}
	return string(b)
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lowerASCII lower-cases ASCII letters only, so that byte offsets in the
// result are those in s.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerByte(b[j])
			}
			return string(b)
		}
	}
	return s
}

// JSON string escapings that producers use: only what must be escaped
// (JavaScript's JSON.stringify), and also "/" (PHP), non-ASCII as \uXXXX
// in lower- or upper-case hex (PHP, Python), and <, >, & (Go).
type jsonVariant struct {
	slash, ascii, upper, html bool
}

var (
	jsonPlain    = jsonVariant{}
	jsonVariants = []jsonVariant{jsonPlain, {slash: true}, {ascii: true}, {ascii: true, upper: true}, {slash: true, ascii: true}, {html: true}, {html: true, ascii: true}}
)

// jsonEscape returns s as written inside a JSON string, escaped as v says.
func jsonEscape(s string, v jsonVariant) string {
	var b strings.Builder
	hexf := "\\u%04x"
	if v.upper {
		hexf = "\\u%04X"
	}
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '/' && v.slash:
			b.WriteString(`\/`)
		case r < 0x20, v.html && (r == '<' || r == '>' || r == '&' || r == 0x2028 || r == 0x2029):
			fmt.Fprintf(&b, hexf, r)
		case r >= 0x80 && v.ascii:
			if r > 0xffff {
				r1, r2 := utf16Pair(r)
				fmt.Fprintf(&b, hexf+hexf, r1, r2)
				continue
			}
			fmt.Fprintf(&b, hexf, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

// replacer replaces targets, in every form, in strings.
type replacer struct {
	targets []target
	forms   []form
	minLen  int  // the shortest form
	fold    bool // some form folds case
}

func newReplacer(targets []target) *replacer {
	r := &replacer{targets: targets}
	for i := range targets {
		t := &targets[i]
		r.forms = append(r.forms, formsOf(t, i, bases(t.kind, t.given, t.value))...)
	}
	for i, f := range r.forms {
		if i == 0 || len(f.text) < r.minLen {
			r.minLen = len(f.text)
		}
		r.fold = r.fold || f.fold
	}
	return r
}

// hit is one replacement made in a string.
type hit struct {
	target int
	how    string
}

// edit replaces s[start:end] with text.
type edit struct {
	start, end int
	text       string
	hits       []hit
}

// maxBase64Depth is how deep base64 inside base64 is looked into.
const maxBase64Depth = 2

// replace returns s with every target replaced, and the replacements
// made, in order.
func (r *replacer) replace(s string) (string, []hit) {
	return r.replaceDepth(s, 0)
}

func (r *replacer) replaceDepth(s string, depth int) (string, []hit) {
	if len(r.forms) == 0 || len(s) < r.minLen {
		return s, nil
	}
	// The forms first: a base64 form that is a whole run of base64
	// characters is replaced as such; then the other runs are decoded.
	edits := r.formEdits(s)
	edits = append(edits, r.base64Edits(s, depth, edits)...)
	if len(edits) == 0 {
		return s, nil
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b strings.Builder
	var hits []hit
	at := 0
	for _, e := range edits {
		b.WriteString(s[at:e.start])
		b.WriteString(e.text)
		hits = append(hits, e.hits...)
		at = e.end
	}
	b.WriteString(s[at:])
	return b.String(), hits
}

// formEdits finds the forms in s, leftmost first and, at one place, the
// longest. A base64 form counts only as a whole run of base64
// characters: inside a longer run it is not aligned on the run's bytes,
// and base64Edits replaces the value in the decoded run instead.
func (r *replacer) formEdits(s string) []edit {
	lower := ""
	if r.fold {
		lower = lowerASCII(s)
	}
	var ms []edit
	for fi := range r.forms {
		f := &r.forms[fi]
		h := s
		if f.fold {
			h = lower
		}
		for from := 0; from <= len(h)-len(f.text); {
			i := strings.Index(h[from:], f.text)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(f.text)
			from = start + 1
			if f.digits && (isDigit(f.text[0]) && start > 0 && isDigit(s[start-1]) || isDigit(f.text[len(f.text)-1]) && end < len(s) && isDigit(s[end])) {
				continue
			}
			if f.base64 && (start > 0 && isBase64Char(s[start-1]) || end < len(s) && (isBase64Char(s[end]) || s[end] == '=')) {
				continue
			}
			ms = append(ms, edit{start: start, end: end, text: f.repl, hits: []hit{{f.target, f.how}}})
		}
	}
	if len(ms) == 0 {
		return nil
	}
	slices.SortStableFunc(ms, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return (b.end - b.start) - (a.end - a.start)
	})
	var out []edit
	end := 0
	for _, m := range ms {
		if m.start < end {
			continue
		}
		out = append(out, m)
		end = m.end
	}
	return out
}

func overlaps(es []edit, m edit) bool {
	for _, e := range es {
		if m.start < e.end && e.start < m.end {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// minBase64Run is the shortest run of base64 characters decoded to look
// inside: 12 characters are 9 bytes, as long as the shortest secret.
const minBase64Run = 12

// base64Edits decodes each run of base64 characters in s (letters,
// digits, + / - _, then up to two =) and replaces the targets inside it;
// a run that held some is encoded again as it was (alphabet and padding).
func (r *replacer) base64Edits(s string, depth int, done []edit) []edit {
	if depth >= maxBase64Depth {
		return nil
	}
	var out []edit
	for i := 0; i < len(s); {
		if !isBase64Char(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isBase64Char(s[j]) {
			j++
		}
		k := j
		for k < len(s) && k-j < 2 && s[k] == '=' {
			k++
		}
		if j-i >= minBase64Run && !overlaps(done, edit{start: i, end: k}) {
			if e, ok := r.base64Edit(s, i, k, depth); ok {
				out = append(out, e)
			}
		}
		i = k
		if i == j {
			i++
		}
	}
	return out
}

func isBase64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_'
}

// base64Edit decodes s[start:end] and replaces the targets inside.
func (r *replacer) base64Edit(s string, start, end, depth int) (edit, bool) {
	run := s[start:end]
	std, safe := strings.ContainsAny(run, "+/"), strings.ContainsAny(run, "-_")
	if std && safe {
		return edit{}, false
	}
	for _, enc := range base64Encodings {
		isURL := enc == base64.URLEncoding || enc == base64.RawURLEncoding
		if std && isURL || safe && !isURL {
			continue
		}
		d, err := enc.Strict().DecodeString(run)
		if err != nil {
			continue
		}
		text, hits := r.replaceDepth(string(d), depth+1)
		if len(hits) == 0 {
			return edit{}, false
		}
		for i := range hits {
			hits[i].how = howInBase64 + ", " + hits[i].how
		}
		return edit{start: start, end: end, text: enc.EncodeToString([]byte(text)), hits: hits}, true
	}
	return edit{}, false
}
