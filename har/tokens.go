package har

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/har/internal/jsonscan"
)

// tokenReader is what the parser reads tokens from: jsontext's decoder,
// which checks every byte, or validTokens, for an entry the framer's
// walk has already checked.
type tokenReader interface {
	PeekKind() jsontext.Kind
	ReadToken() (jsontext.Token, error)
	ReadValue() (jsontext.Value, error)
	SkipValue() error
	InputOffset() int64
	UnreadBuffer() []byte
}

// errNotFast stops validTokens at anything it does not read exactly as
// jsontext's decoder reads it; the entry is then read again by the
// decoder.
var errNotFast = errors.New("har: left to the careful tokenizer")

// validTokens reads the tokens of an entry that the framer's walk found
// valid JSON (strings with only known escapes and no surrogate half,
// numbers and literals of the grammar, balanced containers), and gives
// the parser what jsontext's decoder gives for the same bytes: the same
// tokens, values and offsets. Knowing the bytes valid, it checks
// nothing twice, and builds no state: reading an event-dense capture's
// entries in full through the decoder was a fifth of all the work
// (issue 15). Whatever it cannot read as the decoder would (a string
// that is not UTF-8, a number out of range, bytes it did not expect) is
// errNotFast. TestValidTokens and FuzzValidTokens hold the two equal.
type validTokens struct {
	v    []byte
	pos  int // the end of the last token read: the decoder's InputOffset
	peek int // where the next token starts, from pos; -1: not known
}

func (t *validTokens) reset(v []byte) { t.v, t.pos, t.peek = v, 0, -1 }

// next returns where the next token starts: past white space and one
// separator.
func (t *validTokens) next() int {
	if t.peek >= 0 {
		return t.peek
	}
	i := jsonscan.Space(t.v, t.pos)
	if i < len(t.v) && (t.v[i] == ',' || t.v[i] == ':') {
		i = jsonscan.Space(t.v, i+1)
	}
	t.peek = i
	return i
}

// advance ends a token at end.
func (t *validTokens) advance(end int) { t.pos, t.peek = end, -1 }

func (t *validTokens) PeekKind() jsontext.Kind {
	i := t.next()
	if i >= len(t.v) {
		return 0
	}
	switch c := t.v[i]; c {
	case '"', '{', '}', '[', ']', 'n', 't', 'f':
		return jsontext.Kind(c)
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return '0'
	}
	return 0
}

func (t *validTokens) ReadToken() (jsontext.Token, error) {
	i := t.next()
	if i >= len(t.v) {
		return jsontext.Token{}, io.EOF
	}
	end := i + 1
	var tok jsontext.Token
	switch t.v[i] {
	case '{':
		tok = jsontext.BeginObject
	case '}':
		tok = jsontext.EndObject
	case '[':
		tok = jsontext.BeginArray
	case ']':
		tok = jsontext.EndArray
	case '"':
		var ok bool
		if end, ok = jsonscan.StringEnd(t.v, i, i+1); !ok {
			return jsontext.Token{}, errNotFast
		}
		s, ok := unquoteValid(t.v[i:end])
		if !ok {
			return jsontext.Token{}, errNotFast
		}
		tok = jsontext.String(s)
	default:
		end = jsonscan.ScalarEnd(t.v, i)
		switch lit := t.v[i:end]; string(lit) {
		case "null":
			tok = jsontext.Null
		case "true":
			tok = jsontext.True
		case "false":
			tok = jsontext.False
		default:
			f, err := strconv.ParseFloat(string(lit), 64)
			if err != nil || !jsonscan.ValidScalar(lit) {
				return jsontext.Token{}, errNotFast
			}
			tok = jsontext.Float(f)
		}
	}
	t.advance(end)
	return tok, nil
}

// unquoteValid unquotes a valid JSON string as the decoder's token does:
// as it stands when it has no escape and is UTF-8; else as jsontext
// unquotes it. ok is false for a string it would not unquote cleanly.
func unquoteValid(raw []byte) (string, bool) {
	in := raw[1 : len(raw)-1]
	if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
		return string(in), true
	}
	b, err := jsontext.AppendUnquote(nil, raw)
	if err != nil {
		return "", false
	}
	return string(b), true
}

func (t *validTokens) ReadValue() (jsontext.Value, error) {
	i := t.next()
	end, ok := t.valueEnd(i)
	if !ok {
		return nil, errNotFast
	}
	t.advance(end)
	return jsontext.Value(t.v[i:end]), nil
}

func (t *validTokens) SkipValue() error {
	_, err := t.ReadValue()
	return err
}

// valueEnd returns the end of the value that starts at v[i].
func (t *validTokens) valueEnd(i int) (int, bool) {
	v := t.v
	if i >= len(v) {
		return 0, false
	}
	switch v[i] {
	case '"':
		return jsonscan.StringEnd(v, i, i+1)
	case '{', '[':
	case '}', ']', ',', ':':
		return 0, false
	default:
		return jsonscan.ScalarEnd(v, i), true
	}
	depth := 0
	for k := i; k < len(v); k++ {
		switch v[k] {
		case '"':
			end, ok := jsonscan.StringEnd(v, k, k+1)
			if !ok {
				return 0, false
			}
			k = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return k + 1, true
			}
		}
	}
	return 0, false
}

func (t *validTokens) InputOffset() int64   { return int64(t.pos) }
func (t *validTokens) UnreadBuffer() []byte { return t.v[t.pos:] }
