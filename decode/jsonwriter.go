package decode

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// jsonWriter writes an event's JSON, keeping the first error. It appends
// the bytes itself, as jsontext's encoder would write them with jsonOpts
// (compact, or multiline with prefix and indent): the encoder's token
// machinery was a tenth of all the CPU of `events` on an event-dense
// capture (issue 15). With enc set it hands every token to enc instead:
// the reference the appending path is tested against, and the path an
// event takes when appending fails.
type jsonWriter struct {
	enc *jsontext.Encoder

	b              []byte
	multiline      bool   // each element on a line of its own: prefix, then indent per depth
	prefix, indent string //
	depth          int    // containers open
	more           bool   // the innermost container already holds an element
	named          bool   // a member name was written: its value comes next
	err            error
	scratch        []byte // a value being built (strBytes)
	spaces         bool   // prefix and indent are spaces only
}

// newJSONWriter returns a writer appending to b, compact or multiline
// with prefix and indent.
func newJSONWriter(b []byte, multiline bool, prefix, indent string) jsonWriter {
	return jsonWriter{b: b, multiline: multiline, prefix: prefix, indent: indent, spaces: onlySpaces(prefix) && onlySpaces(indent)}
}

// errNotUTF8 stops the appending path at a string that is not UTF-8: the
// encoder rejects it with an error of its own.
var errNotUTF8 = errors.New("string is not UTF-8")

func (w *jsonWriter) token(t jsontext.Token) {
	if w.err == nil {
		w.err = w.enc.WriteToken(t)
	}
}

// element starts a value: after its member name, or after a comma and on
// a new line in a container.
func (w *jsonWriter) element() {
	if w.named {
		w.named = false
		return
	}
	if w.more {
		w.b = append(w.b, ',')
	}
	w.more = true
	if w.multiline && w.depth > 0 {
		w.newline(w.depth)
	}
}

func (w *jsonWriter) newline(depth int) {
	// Prefix and indent are spaces (as every caller of haruspex's own
	// gives them): the line's start is one run of them.
	if n := len(w.prefix) + depth*len(w.indent); w.spaces && n < len(newlineSpaces) {
		w.b = append(w.b, newlineSpaces[:1+n]...)
		return
	}
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range depth {
		w.b = append(w.b, w.indent...)
	}
}

// newlineSpaces is a new line and the spaces that start the next one.
const newlineSpaces = "\n" +
	"                                                                " +
	"                                                                "

// onlySpaces reports whether s is spaces (or empty).
func onlySpaces(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			return false
		}
	}
	return true
}

// open begins an object ('{') or an array ('[').
func (w *jsonWriter) open(c byte) {
	if w.enc != nil {
		if c == '{' {
			w.token(jsontext.BeginObject)
		} else {
			w.token(jsontext.BeginArray)
		}
		return
	}
	w.element()
	w.b = append(w.b, c)
	w.depth++
	w.more = false
}

// close ends an object ('}') or an array (']'); an empty one stays on
// its line, as the encoder and encoding/json's Indent leave it.
func (w *jsonWriter) close(c byte) {
	if w.enc != nil {
		if c == '}' {
			w.token(jsontext.EndObject)
		} else {
			w.token(jsontext.EndArray)
		}
		return
	}
	w.depth--
	if w.more && w.multiline {
		w.newline(w.depth)
	}
	w.b = append(w.b, c)
	w.more = true
}

// name writes a member name.
func (w *jsonWriter) name(n string) {
	if w.enc != nil {
		w.token(jsontext.String(n))
		return
	}
	w.element()
	w.quote(n)
	w.colon()
}

// key writes a member name of haruspex's own: a constant of plain ASCII,
// which needs no escape (TestJSONKeysPlain).
func (w *jsonWriter) key(k string) {
	w.plain(k)
	if w.enc == nil {
		w.colon()
	}
}

// colon ends a member name.
func (w *jsonWriter) colon() {
	if w.multiline {
		w.b = append(w.b, ':', ' ')
	} else {
		w.b = append(w.b, ':')
	}
	w.named = true
}

func (w *jsonWriter) string(s string) {
	if w.enc != nil {
		w.token(jsontext.String(s))
		return
	}
	w.element()
	w.quote(s)
}

// plain writes a string of haruspex's own that needs no escape (a
// member name, a data type's or a request part's name: TestJSONKeysPlain,
// TestJSONNamesPlain) as it is.
func (w *jsonWriter) plain(s string) {
	if w.enc != nil {
		w.string(s)
		return
	}
	w.element()
	w.b = appendPlain(w.b, s)
}

// plainBytes writes b as a string value: as it is when it needs no
// escape, else as string does.
func (w *jsonWriter) plainBytes(b []byte) {
	if w.enc == nil {
		plain := true
		for _, c := range b {
			plain = plain && plainASCII[c]
		}
		if plain {
			w.element()
			w.b = appendPlain(w.b, b)
			return
		}
	}
	w.string(string(b))
}

// appendPlain appends v, which needs no escape, quoted.
func appendPlain[T string | []byte](b []byte, v T) []byte {
	b = append(b, '"')
	b = append(b, v...)
	return append(b, '"')
}

func (w *jsonWriter) int(n int64) {
	if w.enc != nil {
		w.token(jsontext.Int(n))
		return
	}
	w.element()
	w.b = strconv.AppendInt(w.b, n, 10)
}

func (w *jsonWriter) literalTrue() {
	if w.enc != nil {
		w.token(jsontext.True)
		return
	}
	w.element()
	w.b = append(w.b, "true"...)
}

// raw writes a JSON value, formatted as the encoder formats a value it
// is given: by jsontext itself, laid out from the depth it is written at.
func (w *jsonWriter) raw(v jsontext.Value) {
	if w.enc != nil {
		if w.err == nil {
			w.err = w.enc.WriteValue(v)
		}
		return
	}
	w.element()
	var err error
	if !w.multiline {
		w.b, err = jsontext.AppendFormat(w.b, v, jsonOpts)
	} else {
		prefix := w.prefix + strings.Repeat(w.indent, w.depth)
		w.b, err = jsontext.AppendFormat(w.b, v, jsonOpts, jsontext.WithIndentPrefix(prefix), jsontext.WithIndent(w.indent))
	}
	if err != nil && w.err == nil {
		w.err = err
	}
}

// quote appends s as a JSON string as jsontext writes it with jsonOpts:
// '"', '\\' and control characters escaped (\b \f \n \r \t, the others
// as \u00xx), everything else as it is. A string that is not UTF-8 sets
// errNotUTF8. Eight bytes are looked at a time while none needs a
// closer look.
func (w *jsonWriter) quote(s string) {
	b := append(w.b, '"')
	done, n := 0, 0 // s[:done] is in b; s[done:n] needs no escape
	for n < len(s) {
		for n+8 <= len(s) && !needsLook(load64(s, n)) {
			n += 8
		}
		for n < len(s) && plainASCII[s[n]] {
			n++
		}
		if n == len(s) {
			break
		}
		c := s[n]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[n:])
			if r == utf8.RuneError && size == 1 {
				w.err = errNotUTF8
			}
			n += size
			continue
		}
		n++
		if c >= ' ' && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[done:n-1]...)
		b = appendEscaped(b, c)
		done = n
	}
	b = append(b, s[done:]...)
	w.b = append(b, '"')
}

// plainASCII says which bytes a JSON string holds as they are: ASCII
// but control characters, '"' and '\\'.
var plainASCII = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// load64 is s[n:n+8] as a little-endian word.
func load64(s string, n int) uint64 {
	s = s[n : n+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// needsLook says whether any byte of x is a control character, '"',
// '\\' or not ASCII. (A borrow can set a false flag only above a byte
// that truly needs a look, so the answer for the word is exact.)
func needsLook(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ (ones * '"')
	bs := x ^ (ones * '\\')
	return ((x-ones*' ')&^x|(q-ones)&^q|(bs-ones)&^bs|x)&highs != 0
}

// appendEscaped appends the escape of an ASCII byte, as jsontext writes it.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
}
