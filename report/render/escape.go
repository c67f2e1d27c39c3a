package render

import (
	"strings"
	"unicode/utf8"
)

// Terminal makes a captured string safe to print on a terminal: C0 and C1
// control characters (escape sequences among them), DEL, and the Unicode
// bidirectional overrides and isolates (which can make text read in a
// different order than it is stored) are replaced by visible escapes such
// as \x1b and \u202e. Invalid UTF-8 bytes become \xNN. Everything else is
// kept.
func Terminal(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case isHiddenRune(r):
			b.WriteString(`\u`)
			b.WriteString(hex2(byte(r >> 8)))
			b.WriteString(hex2(byte(r)))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0x20 || r == 0x7f || isHiddenRune(r) || r == utf8.RuneError && n == 1 {
			return true
		}
		i += n
	}
	return false
}

// isHiddenRune reports C1 controls and the bidi controls.
func isHiddenRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f ||
		r >= 0x202a && r <= 0x202e || // LRE RLE PDF LRO RLO
		r >= 0x2066 && r <= 0x2069 || // LRI RLI FSI PDI
		r == 0x200e || r == 0x200f || r == 0x061c // LRM RLM ALM
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// Spreadsheet neutralises a captured string for CSV: a cell that a
// spreadsheet would read as a formula (starting with =, +, -, @, tab or
// carriage return) gets a leading apostrophe, as OWASP recommends.
// Control characters are escaped as by [Terminal].
func Spreadsheet(s string) string {
	s = Terminal(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Markdown escapes a captured string for Markdown: control characters
// and bidirectional overrides become visible escapes (as by [Terminal];
// newlines among them, so a value never breaks a table row), and every
// character with a meaning in Markdown or HTML (\ ` * _ [ ] < > | & ~)
// is escaped with a backslash, so that a value shows literally and never
// becomes a link, an image, markup or a new table cell.
func Markdown(s string) string {
	s = Terminal(s)
	if !strings.ContainsAny(s, "\\`*_[]<>|&~") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|&~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// MarkdownCode shows a captured value (a hash, an identifier, a URL) in
// code style. A code span cannot hold an escaped character, so a value
// with any Markdown character is shown escaped ([Markdown]), without code
// style.
func MarkdownCode(s string) string {
	e := Markdown(s)
	if e != Terminal(s) || strings.ContainsAny(e, "`") || e == "" {
		return e
	}
	return "`" + e + "`"
}
