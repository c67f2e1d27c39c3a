package decode

import (
	"fmt"
	"strings"
)

// HashClass says what a personal-data value is: a hash (and of what, when
// the hash is of a well-known string) or plain text.
type HashClass int

// The classes of personal-data values.
const (
	// HashPlain is a value that is neither empty, nor a hash, nor a shape
	// mask: personal data sent in plain text.
	HashPlain HashClass = iota
	// HashSHA256 is 64 hex digits: a SHA-256, as Meta sends Advanced
	// Matching data. It can be confirmed (not reversed) with [KnownPII].
	HashSHA256
	// HashMD5 is 32 hex digits: Meta's pixel passes such values through
	// unhashed, so a site-supplied MD5 reaches Meta as is.
	HashMD5
	// HashSHA256Undefined is SHA-256("undefined"): the site passed a
	// JavaScript undefined (a common site bug; no personal data).
	HashSHA256Undefined
	// HashSHA256Empty is SHA-256(""): an empty value was hashed.
	HashSHA256Empty
	// HashSHA256Null is SHA-256("null"): a JavaScript null was hashed.
	HashSHA256Null
	// HashShapeMask is a censored format (Meta's cud/cudff/ncud): each
	// upper-case letter sent as ^, lower-case as *, digit as #. It
	// reveals the length and form of the value, not the value.
	HashShapeMask
	// HashEmpty is an empty value.
	HashEmpty
	numHashClasses
)

var hashClassNames = [numHashClasses]string{
	HashPlain:           "plain-text",
	HashSHA256:          "sha256",
	HashMD5:             "md5",
	HashSHA256Undefined: "sha256-undefined",
	HashSHA256Empty:     "sha256-empty",
	HashSHA256Null:      "sha256-null",
	HashShapeMask:       "shape-mask",
	HashEmpty:           "empty",
}

// String returns the class's name, e.g. "sha256" or "plain-text".
func (h HashClass) String() string {
	if h >= 0 && h < numHashClasses {
		return hashClassNames[h]
	}
	return fmt.Sprintf("HashClass(%d)", int(h))
}

// MarshalText returns the class's name.
func (h HashClass) MarshalText() ([]byte, error) {
	if h < 0 || h >= numHashClasses {
		return nil, fmt.Errorf("decode: unknown hash class %d", int(h))
	}
	return []byte(h.String()), nil
}

// describe returns a phrase for labels and summaries.
func (h HashClass) describe() string {
	switch h {
	case HashPlain:
		return "NOT HASHED: plain-text personal data"
	case HashSHA256:
		return "SHA-256 hash"
	case HashMD5:
		return "32 hex digits (MD5?), passed through unhashed by the pixel"
	case HashSHA256Undefined:
		return `SHA-256 of "undefined": the site passed a JavaScript undefined, no personal data`
	case HashSHA256Empty:
		return `SHA-256 of "": an empty value was hashed`
	case HashSHA256Null:
		return `SHA-256 of "null": a JavaScript null was hashed`
	case HashShapeMask:
		return "shape mask: reveals the length and form of the value"
	case HashEmpty:
		return "empty"
	}
	return h.String()
}

// Well-known SHA-256 digests that carry no personal data.
const (
	sha256Undefined = "eb045d78d273107348b0300c01d29b7552d622abbc6faf81b3ec55359aa9950c"
	sha256Empty     = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	sha256Null      = "74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b"
)

// ClassifyHash classifies a personal-data value: a 64-hex SHA-256 (with
// the digests of "undefined", "" and "null" told apart), a 32-hex MD5, an
// empty value, or plain text. Hex digits may be in either case. Shape
// masks are recognised by their parameter family, not their value, so
// ClassifyHash never returns [HashShapeMask].
func ClassifyHash(v string) HashClass {
	switch {
	case v == "":
		return HashEmpty
	case isHex(v, 64):
		switch strings.ToLower(v) {
		case sha256Undefined:
			return HashSHA256Undefined
		case sha256Empty:
			return HashSHA256Empty
		case sha256Null:
			return HashSHA256Null
		}
		return HashSHA256
	case isHex(v, 32):
		return HashMD5
	}
	return HashPlain
}

// isHex reports whether s is exactly n hex digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
