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

const scanChunk = 256 << 10

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

// elision is a response body cut out of an entry before tokenising: the
// string at [start, end) of the entry's bytes.
type elision struct{ start, end int }

// container kinds on the walker's stack.
const (
	inObject = iota
	inContent
	inArray
)

// walk moves pos past the JSON value starting at pos, which must be
// s.mark (so that the value stays in buf). With bodies set, it records in
// *bodies (as offsets from mark) each string that is the "text" member of
// a "content" object: response bodies. It returns errScanEOF if the input
// ends inside the value, or an error for a byte that cannot be there.
func (s *scanner) walk(bodies *[]elision, stack []byte) ([]byte, error) {
	stack = stack[:0]
	expectKey := false
	textKey := false    // the last key was "text"
	contentKey := false // the last key was "content"
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
			if contentKey {
				kind = inContent
			}
			stack = append(stack, kind)
			expectKey, textKey, contentKey = true, false, false
			s.pos++
		case '[':
			stack = append(stack, inArray)
			expectKey, textKey, contentKey = false, false, false
			s.pos++
		case '}', ']':
			s.pos++
			if len(stack) == 0 {
				return stack, fmt.Errorf("invalid character %q", c)
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return stack, nil
			}
			expectKey, textKey, contentKey = false, false, false
		case ',':
			s.pos++
			expectKey = len(stack) > 0 && stack[len(stack)-1] != inArray
			textKey, contentKey = false, false
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
				textKey = string(str) == "text"
				contentKey = string(str) == "content"
				expectKey = false
			case bodies != nil && textKey && len(stack) > 0 && stack[len(stack)-1] == inContent:
				*bodies = append(*bodies, elision{q - s.mark, s.pos - s.mark})
				textKey = false
			default:
				textKey, contentKey = false, false
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

// structural marks the bytes walk must look at.
var structural = [256]bool{'{': true, '}': true, '[': true, ']': true, ',': true, ':': true, '"': true}
