package har

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// scanner finds the structure of a HAR without tokenising it: it walks
// JSON values byte by byte outside strings and jumps over strings with
// bytes.IndexByte. It finds where each entry starts and ends, and which
// strings are response bodies, so that the careful tokenizer (jsontext)
// sees each entry with its bodies cut out. It validates nothing: whatever
// it hands on is parsed by jsontext, which reports precise errors.
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

const scanChunk = 64 << 10

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

// skipString moves pos past the string starting at pos (a '"').
func (s *scanner) skipString() error {
	s.pos++
	for {
		i := bytes.IndexByte(s.buf[s.pos:s.end], '"')
		if i < 0 {
			// Keep trailing backslashes: they may escape the next quote.
			s.pos = s.end
			for s.pos > 0 && s.buf[s.pos-1] == '\\' {
				s.pos--
			}
			if !s.fill() {
				return errScanEOF
			}
			continue
		}
		q := s.pos + i
		// A quote preceded by an odd number of backslashes is escaped.
		n := 0
		for j := q - 1; j >= 0 && s.buf[j] == '\\'; j-- {
			n++
		}
		s.pos = q + 1
		if n%2 == 0 {
			return nil
		}
	}
}

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
)

// key classes: what the last member name means at its place.
const (
	keyOther    = iota
	keyText     // "text" in content: a body
	keyContent  // "content" in response
	keyResponse // "response" in the entry
	keySkip     // a value lean mode drops
)

// walk moves pos past the JSON value starting at pos, which must be
// s.mark (so that the value stays in buf). With cuts set, it records in
// *cuts (as offsets from mark) each response body — the "text" member of
// response.content — and, with lean, the values of response.headers,
// response.cookies and the entry's timings. It returns errScanEOF if the
// input ends inside the value, or an error for a byte that cannot be
// there.
func (s *scanner) walk(cuts *[]elision, lean bool, stack []byte) ([]byte, error) {
	stack = stack[:0]
	expectKey := false
	key := keyOther
	skipFrom, skipDepth := -1, 0 // a value being dropped: its start (from mark) and depth
	top := func() byte {
		if len(stack) == 0 {
			return inObject
		}
		return stack[len(stack)-1]
	}
	open := func(kind byte) {
		if key == keySkip && cuts != nil && skipFrom < 0 {
			skipFrom, skipDepth = s.pos-s.mark, len(stack)
		}
		stack = append(stack, kind)
	}
	for {
		if s.pos >= s.end {
			if !s.fill() {
				return stack, errScanEOF
			}
			continue
		}
		switch c := s.buf[s.pos]; c {
		case '{':
			kind := byte(inObject)
			switch {
			case len(stack) == 0:
				kind = inEntry
			case key == keyResponse:
				kind = inResponse
			case key == keyContent:
				kind = inContent
			}
			open(kind)
			expectKey, key = true, keyOther
			s.pos++
		case '[':
			open(inArray)
			expectKey, key = false, keyOther
			s.pos++
		case '}', ']':
			s.pos++
			if len(stack) == 0 {
				return stack, fmt.Errorf("invalid character %q", c)
			}
			stack = stack[:len(stack)-1]
			if skipFrom >= 0 && len(stack) == skipDepth {
				*cuts = append(*cuts, elision{start: skipFrom, end: s.pos - s.mark, null: true})
				skipFrom = -1
			}
			if len(stack) == 0 {
				return stack, nil
			}
			expectKey, key = false, keyOther
		case ',':
			s.pos++
			expectKey = top() != inArray
			key = keyOther
		case ':':
			s.pos++
			expectKey = false
		case '"':
			// fill may move the data (keeping mark): work relative to mark.
			rel := s.pos - s.mark
			if err := s.skipString(); err != nil {
				return stack, err
			}
			q := s.mark + rel
			str := s.buf[q+1 : s.pos-1]
			switch {
			case expectKey:
				key = classifyKey(top(), str, lean)
				expectKey = false
			case cuts != nil && key == keyText && skipFrom < 0:
				*cuts = append(*cuts, elision{start: q - s.mark, end: s.pos - s.mark})
				key = keyOther
			default:
				key = keyOther
			}
			if len(stack) == 0 {
				return stack, nil
			}
		default:
			if len(stack) == 0 {
				// A scalar value: numbers and literals end at a delimiter.
				for {
					for s.pos < s.end {
						switch s.buf[s.pos] {
						case ',', '}', ']', ' ', '\t', '\r', '\n':
							return stack, nil
						}
						s.pos++
					}
					if !s.fill() {
						return stack, nil
					}
				}
			}
			s.pos++
			// Numbers, literals and white space: jump to the next byte
			// that matters.
			for s.pos < s.end && !structural[s.buf[s.pos]] {
				s.pos++
			}
		}
	}
}

// classifyKey says what member name str means inside a container of kind.
func classifyKey(kind byte, str []byte, lean bool) int {
	switch kind {
	case inEntry:
		switch {
		case string(str) == "response":
			return keyResponse
		case lean && string(str) == "timings":
			return keySkip
		}
	case inResponse:
		switch {
		case string(str) == "content":
			return keyContent
		case lean && (string(str) == "headers" || string(str) == "cookies"):
			return keySkip
		}
	case inContent:
		if string(str) == "text" {
			return keyText
		}
	}
	return keyOther
}

// structural marks the bytes walk must look at.
var structural = [256]bool{'{': true, '}': true, '[': true, ']': true, ',': true, ':': true, '"': true}
