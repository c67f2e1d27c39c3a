package jsonscan

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// IsSpace reports whether c is JSON white space.
func IsSpace(c byte) bool { return isSpace[c] }

// isSpace marks JSON white space.
var isSpace = [256]bool{' ': true, '\t': true, '\r': true, '\n': true}

// delimiter marks the bytes that end a number or literal.
var delimiter = [256]bool{'{': true, '}': true, '[': true, ']': true, ',': true, ':': true, '"': true,
	' ': true, '\t': true, '\r': true, '\n': true}

// Space returns the index of the first byte at or after v[i] that is not
// JSON white space (len(v) if there is none).
func Space(v []byte, i int) int {
	for i < len(v) && isSpace[v[i]] {
		// Pretty-printed HARs (Chrome's, Firefox's) indent every line
		// after its newline: a run of spaces is skipped eight bytes at
		// a time, its end found in the last eight at once.
		i++
		for i+8 <= len(v) {
			x := binary.LittleEndian.Uint64(v[i:]) ^ 0x2020202020202020
			if x != 0 {
				i += bits.TrailingZeros64(x) >> 3
				break
			}
			i += 8
		}
	}
	return i
}

// ScalarEnd returns the index of the first byte at or after v[i] that
// ends a number or literal (a delimiter), or len(v).
func ScalarEnd(v []byte, i int) int {
	for i < len(v) && !delimiter[v[i]] {
		i++
	}
	return i
}

// shortString is how far (in bytes) PlainEnd looks for the end of a
// string.
const shortString = 64

// PlainEnd is the plain-string test: it returns the index just past the
// closing quote of the string whose content starts at v[k], if the quote
// comes within 64 bytes and no backslash or control character comes
// before it (such a string is valid as it stands); else -1. It reads
// eight bytes at a time: most strings in a HAR are short and plain.
func PlainEnd(v []byte, k int) int {
	for p := k; p+8 <= len(v) && p-k < shortString; p += 8 {
		if m := specialBytes(binary.LittleEndian.Uint64(v[p:])); m != 0 {
			if j := p + bits.TrailingZeros64(m)>>3; v[j] == '"' {
				return j + 1
			}
			return -1
		}
	}
	return -1
}

// specialBytes marks, in the high bit of each byte, the bytes of the
// little-endian word x that end or escape a JSON string or may not be in
// one ('"', '\\', below 0x20). Bytes above a marked one may be marked
// wrongly; the lowest mark is always right.
func specialBytes(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ ('"' * ones)
	b := x ^ ('\\' * ones)
	return ((q-ones)&^q | (b-ones)&^b | (x-0x20*ones)&^x) & highs
}

// StringEnd finds the end of a JSON string: the one whose opening quote
// is v[start], looking for its closing quote from v[from] on (from is
// start+1, or where an earlier call stopped). It returns the index just
// past the closing quote and true; or, when the string does not end
// within v, the index to look from once v holds more of the input (no
// closing quote comes before it) and false. A quote preceded by an odd
// number of backslashes is escaped. It is the one end-of-string scanner:
// the walk and [Objects] both use it, after [PlainEnd] when they try it.
func StringEnd(v []byte, start, from int) (int, bool) {
	for k := from; ; {
		q := bytes.IndexByte(v[k:], '"')
		if q < 0 {
			return len(v), false
		}
		k += q
		n := 0
		for p := k - 1; p > start && v[p] == '\\'; p-- {
			n++
		}
		k++
		if n%2 == 0 {
			return k, true
		}
	}
}

// ValidString reports whether the content of a JSON string (between its
// quotes) is valid as jsontext reads it with invalid UTF-8 allowed: no
// control characters, and only known escapes. It is strict: a \u escape
// of a surrogate half is reported invalid, for a careful tokenizer to
// judge.
func ValidString(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// Any byte below 0x20, or a backslash (0x5c)?
		y := x ^ 0x5c5c5c5c5c5c5c5c
		if (x-0x2020202020202020)&^x&0x8080808080808080 != 0 ||
			(y-0x0101010101010101)&^y&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c < 0x20:
			return false
		case c == '\\':
			if i+1 >= len(b) {
				return false
			}
			i++
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return false
				}
				v := 0
				for _, h := range b[i+1 : i+5] {
					switch {
					case h >= '0' && h <= '9':
						v = v<<4 | int(h-'0')
					case h >= 'a' && h <= 'f':
						v = v<<4 | int(h-'a'+10)
					case h >= 'A' && h <= 'F':
						v = v<<4 | int(h-'A'+10)
					default:
						return false
					}
				}
				if v >= 0xd800 && v <= 0xdfff {
					return false
				}
				i += 4
			default:
				return false
			}
		}
	}
	return true
}

// ValidScalar reports whether b is a JSON number or literal.
func ValidScalar(b []byte) bool {
	switch string(b) {
	case "true", "false", "null":
		return true
	}
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(b)
}
