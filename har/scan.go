package har

import (
	"errors"
	"fmt"
	"io"

	"github.com/haruspex/haruspex/har/internal/jsonscan"
)

// scanner finds the structure of a HAR without tokenising it: it walks
// JSON values byte by byte outside strings and jumps over strings (eight
// bytes at a time, or with bytes.IndexByte). It finds where each entry
// starts and ends, and which strings are response bodies, so that the
// careful tokenizer (jsontext) sees each entry with its bodies cut out.
// Asked to (walkOpts.valid), it also checks the grammar, so that a skim
// may trust an entry's bytes; whatever it is unsure of, and every error,
// goes to jsontext, which reports precise errors.
type scanner struct {
	src  io.Reader
	buf  []byte
	pos  int   // next byte to look at
	end  int   // end of valid data in buf
	mark int   // start of the region that must be kept (-1: none)
	base int64 // offset in the decoded input of buf[0]
	eof  bool
	err  error // read error other than io.EOF
}

const scanChunk = 1 << 20

func newScanner(src io.Reader, base int64) *scanner {
	return &scanner{src: src, buf: make([]byte, scanChunk), mark: -1, base: base}
}

// offset returns the input offset of buf position i.
func (s *scanner) offset(i int) int64 { return s.base + int64(i) }

// fill reads more input, keeping buf[mark:] (or buf[pos:] without a
// mark). It reports false at the end of the input.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	keep := s.pos
	if s.mark >= 0 && s.mark < keep {
		keep = s.mark
	}
	if keep > 0 {
		n := copy(s.buf, s.buf[keep:s.end])
		s.base += int64(keep)
		s.pos -= keep
		s.end = n
		if s.mark >= 0 {
			s.mark -= keep
		}
	}
	if s.end == len(s.buf) {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.src.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// ws skips white space; it reports false at the end of the input.
func (s *scanner) ws() bool {
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case ' ', '\t', '\r', '\n':
				s.pos++
			default:
				return true
			}
		}
		if !s.fill() {
			return false
		}
	}
}

// peek returns the byte at pos after white space, or ok=false at the end.
func (s *scanner) peek() (byte, bool) {
	if !s.ws() {
		return 0, false
	}
	return s.buf[s.pos], true
}

var errScanEOF = errors.New("unexpected end of input (truncated file?)")

// elision is a part of an entry cut out before tokenising: a response
// body (a string, replaced by "") or, in lean mode, a value nobody asked
// for (replaced by null). start and end are offsets from the entry's
// first byte.
type elision struct {
	start, end int
	null       bool // replaced by null, not ""
}

// container kinds on the walker's stack.
const (
	inObject   = iota
	inArray    // an array
	inEntry    // the entry object itself (depth 1)
	inResponse // the entry's response object
	inContent  // the response's content object
	inRequest  // the entry's request object
)

// key classes: what the last member name means at its place.
const (
	keyOther    = iota
	keyText     // "text" in content: a body
	keyContent  // "content" in response
	keyResponse // "response" in the entry
	keyRequest  // "request" in the entry
	keySkip     // a value lean mode drops
	keySpan     // keySpan+i: the value of skim field i
)

// Skim fields: the values whose place a walk records for a skim.
const (
	spanPageRef = iota
	spanStarted
	spanResourceType
	spanFetchType
	spanInitiator
	spanMethod
	spanURL
	spanHeaders
	spanCookies
	spanStatus
	spanMimeType
	nSpans
)

// span is where a skim field's value is, as offsets from the entry's
// first byte; n counts how often the member occurred (a duplicate name
// makes the skim give way to the careful parser).
type span struct {
	start, end int
	n          int
}

// walkOpts says what a walk over an entry records.
type walkOpts struct {
	cuts  *[]elision    // response bodies (and lean values) to cut out
	lean  bool          // also cut response headers, cookies and timings
	spans *[nSpans]span // where the skim fields are; nil: not wanted
	valid *bool         // set to whether the grammar holds; nil: not checked
}

// grammar states of a walk: what may come next.
const (
	wantValue    = iota // a value (after ':', or ',' in an array)
	wantFirst           // a value or ']' (after '[')
	wantKey             // a member name (after ',' in an object)
	wantKeyOrEnd        // a member name or '}' (after '{')
	wantColon           // ':' (after a member name)
	wantNext            // ',' or the container's end (after a value)
)

// walk moves pos past the JSON value starting at pos, which must be
// s.mark (so that the value stays in buf). With o.cuts set, it records in
// *o.cuts (as offsets from mark) each response body — the "text" member
// of response.content — and, with o.lean, the values of response.headers,
// response.cookies and the entry's timings; with o.spans, where the skim
// fields are. It returns errScanEOF if the input ends inside the value,
// or an error for a byte that cannot be there.
//
// With o.valid set it also checks the grammar, strictly: *o.valid is
// true only if the value is valid JSON — bodies aside, which are not
// looked into — and false for anything it is unsure of (the careful
// tokenizer then decides).
func (s *scanner) walk(o walkOpts, stack []byte) ([]byte, error) {
	stack, ok, err := s.walkValue(o, stack)
	if o.valid != nil {
		*o.valid = ok
	}
	return stack, err
}

// walkValue is walk; ok says whether the grammar held. It has no
// closures and no defers, so that its position stays in a register.
func (s *scanner) walkValue(o walkOpts, stack []byte) (_ []byte, ok bool, err error) {
	cuts, lean, spans := o.cuts, o.lean, o.spans
	checking := o.valid != nil
	ok = true // the grammar holds so far
	stack = stack[:0]
	want := wantValue
	key := keyOther
	skipFrom, skipDepth := -1, 0  // a value being dropped: its start (from mark) and depth
	spanField, spanDepth := -1, 0 // a skim field's container value being walked
	// The loop works on locals, which the compiler keeps in registers;
	// they go back to s around every call that reads more input, which
	// may move the data (keeping everything from mark on).
	buf, pos, end, mark := s.buf, s.pos, s.end, s.mark
	for {
		if pos >= end {
			s.pos = pos
			got := s.fill()
			buf, pos, end, mark = s.buf, s.pos, s.end, s.mark
			if !got {
				return stack, ok, errScanEOF
			}
			continue
		}
		switch c := buf[pos]; c {
		case ' ', '\t', '\r', '\n':
			pos = jsonscan.Space(buf[:end], pos)
		case '{', '[':
			if want != wantValue && want != wantFirst {
				ok = false
			}
			kind := byte(inArray)
			if c == '{' {
				kind = inObject
				switch {
				case len(stack) == 0:
					kind = inEntry
				case key == keyResponse:
					kind = inResponse
				case key == keyContent:
					kind = inContent
				case key == keyRequest:
					kind = inRequest
				}
			}
			if key == keySkip && cuts != nil && skipFrom < 0 {
				skipFrom, skipDepth = pos-mark, len(stack)
			}
			if key >= keySpan && spans != nil && spanField < 0 {
				spanField, spanDepth = key-keySpan, len(stack)
				spans[spanField].start = pos - mark
				spans[spanField].n++
			}
			stack = append(stack, kind)
			want = wantFirst
			if c == '{' {
				want = wantKeyOrEnd
			}
			key = keyOther
			pos++
		case '}', ']':
			pos++
			if len(stack) == 0 {
				s.pos = pos
				return stack, ok, fmt.Errorf("invalid character %q", c)
			}
			if isArray := stack[len(stack)-1] == inArray; c == '}' && (isArray || want != wantKeyOrEnd && want != wantNext) ||
				c == ']' && (!isArray || want != wantFirst && want != wantNext) {
				ok = false
			}
			stack = stack[:len(stack)-1]
			if skipFrom >= 0 && len(stack) == skipDepth {
				*cuts = append(*cuts, elision{start: skipFrom, end: pos - mark, null: true})
				skipFrom = -1
			}
			if spanField >= 0 && len(stack) == spanDepth {
				spans[spanField].end = pos - mark
				spanField = -1
			}
			if len(stack) == 0 {
				s.pos = pos
				return stack, ok, nil
			}
			want, key = wantNext, keyOther
		case ',':
			pos++
			if want != wantNext {
				ok = false
			}
			want = wantKey
			if len(stack) > 0 && stack[len(stack)-1] == inArray {
				want = wantValue
			}
			key = keyOther
		case ':':
			pos++
			if want != wantColon {
				ok = false
			}
			want = wantValue
		case '"':
			isKey := want == wantKey || want == wantKeyOrEnd
			if !isKey && want != wantValue && want != wantFirst {
				ok = false
			}
			// Find the closing quote; work relative to mark, as reading
			// more input may move the data.
			rel := pos - mark
			pos++
			body := !isKey && cuts != nil && key == keyText && skipFrom < 0
			// Most strings are short and plain: look for their closing
			// quote eight bytes at a time, together with any backslash or
			// control character; a string that has none before its quote
			// is valid as it stands. Any other string (long, escaped,
			// invalid or not wholly read yet) is left to the loop below.
			plain := false
			if !body {
				if e := jsonscan.PlainEnd(buf[:end], pos); e >= 0 {
					pos, plain = e, true
				}
			}
			for !plain {
				e, done := jsonscan.StringEnd(buf[:end], mark+rel, pos)
				if done {
					pos = e
					break
				}
				// Read on; an error at the end of the input is placed
				// before the string's trailing backslashes.
				for e > mark+rel+1 && buf[e-1] == '\\' {
					e--
				}
				s.pos = e
				got := s.fill()
				buf, pos, end, mark = s.buf, s.pos, s.end, s.mark
				if !got {
					return stack, ok, errScanEOF
				}
			}
			q := mark + rel
			str := buf[q+1 : pos-1]
			if checking && ok && !body && !plain && !jsonscan.ValidString(str) {
				ok = false
			}
			switch {
			case isKey:
				top := byte(inObject)
				if len(stack) > 0 {
					top = stack[len(stack)-1]
				}
				key = classifyKey(top, str, lean)
				want = wantColon
				// A name is followed by ':' and, pretty-printed, a space:
				// taken here rather than by two more turns of the loop.
				if pos+1 < end && buf[pos] == ':' {
					want = wantValue
					pos++
					if buf[pos] == ' ' {
						pos++
					}
				}
				continue
			case body:
				*cuts = append(*cuts, elision{start: rel, end: pos - mark})
				key, want = keyOther, wantNext
			case key >= keySpan && spans != nil && spanField < 0:
				sp := &spans[key-keySpan]
				sp.start, sp.end = rel, pos-mark
				sp.n++
				key, want = keyOther, wantNext
			default:
				key, want = keyOther, wantNext
			}
			if len(stack) == 0 {
				s.pos = pos
				return stack, ok, nil
			}
			pos = afterValue(buf, pos, end, stack, &want)
		default:
			if len(stack) == 0 {
				// A scalar value: numbers and literals end at a delimiter.
				for {
					for pos < end {
						switch buf[pos] {
						case ',', '}', ']', ' ', '\t', '\r', '\n':
							s.pos = pos
							return stack, ok, nil
						}
						pos++
					}
					s.pos = pos
					got := s.fill()
					buf, pos, end, mark = s.buf, s.pos, s.end, s.mark
					if !got {
						return stack, ok, nil
					}
				}
			}
			// A number or literal: it ends at the next delimiter.
			if want != wantValue && want != wantFirst {
				ok = false
			}
			start := pos - mark
			pos++
			for {
				pos = jsonscan.ScalarEnd(buf[:end], pos)
				if pos < end {
					break
				}
				s.pos = pos
				got := s.fill()
				buf, pos, end, mark = s.buf, s.pos, s.end, s.mark
				if !got {
					break
				}
			}
			if pos >= end {
				s.pos = pos
				return stack, ok, errScanEOF
			}
			if checking && ok && !jsonscan.ValidScalar(buf[mark+start:pos]) {
				ok = false
			}
			if key >= keySpan && spans != nil && spanField < 0 {
				sp := &spans[key-keySpan]
				sp.start, sp.end = start, pos-mark
				sp.n++
			}
			key, want = keyOther, wantNext
			pos = afterValue(buf, pos, end, stack, &want)
		}
	}
}

// afterValue takes the ',' that follows a value inside a container, as
// the walk's ',' case does, and returns the position after it (pos, when
// something else follows).
func afterValue(buf []byte, pos, end int, stack []byte, want *int) int {
	if pos < end && buf[pos] == ',' {
		*want = wantKey
		if stack[len(stack)-1] == inArray {
			*want = wantValue
		}
		return pos + 1
	}
	return pos
}

// classifyKey says what member name str means inside a container of kind.
func classifyKey(kind byte, str []byte, lean bool) int {
	switch kind {
	case inEntry:
		switch string(str) {
		case "response":
			return keyResponse
		case "request":
			return keyRequest
		case "timings":
			if lean {
				return keySkip
			}
		case "pageref":
			return keySpan + spanPageRef
		case "startedDateTime":
			return keySpan + spanStarted
		case "_resourceType":
			return keySpan + spanResourceType
		case "_fetchType":
			return keySpan + spanFetchType
		case "_initiator":
			return keySpan + spanInitiator
		}
	case inRequest:
		switch string(str) {
		case "method":
			return keySpan + spanMethod
		case "url":
			return keySpan + spanURL
		case "headers":
			return keySpan + spanHeaders
		case "cookies":
			return keySpan + spanCookies
		}
	case inResponse:
		switch string(str) {
		case "content":
			return keyContent
		case "status":
			return keySpan + spanStatus
		case "headers", "cookies":
			if lean {
				return keySkip
			}
		}
	case inContent:
		switch string(str) {
		case "text":
			return keyText
		case "mimeType":
			return keySpan + spanMimeType
		}
	}
	return keyOther
}
