package jsonscan

import (
	"errors"
	"io"
)

// ErrEOF reports input that ends inside a value.
var ErrEOF = errors.New("unexpected end of input (truncated file?)")

// A Scanner reads JSON values from a stream without tokenising them: it
// walks a value byte by byte outside strings, jumps over strings, and
// returns the value's bytes (see [Scanner.Walk]). It keeps a window of
// the input in a buffer that starts small, grows while the input lasts
// (up to 1 MiB, or the largest value walked) and is allocated on the
// first read: reading a small input costs little.
type Scanner struct {
	src   io.Reader
	buf   []byte
	pos   int   // next byte to look at
	end   int   // end of valid data in buf
	mark  int   // start of the value being walked, kept in buf (-1: none)
	base  int64 // input offset of buf[0]
	eof   bool
	err   error  // read error other than io.EOF
	stack []Kind // the walk's open containers, reused

	// Long says which strings a walk shortens (see [Long]); the zero
	// value shortens none.
	Long Long
	// Shortened lists the strings the last walk shortened, in order.
	Shortened []Shortened
	// removed counts the input bytes the walk under way cut out of
	// buf[mark:pos] (less the markers put in their place): the offset of
	// buf[pos] is base+pos+removed.
	removed int64
}

// The buffer's first size, and the size it grows to while the input
// lasts; a value larger than that grows it further.
const (
	minBuf = 4 << 10
	maxBuf = 1 << 20
)

// NewScanner returns a Scanner reading src.
func NewScanner(src io.Reader) *Scanner {
	return &Scanner{src: src, mark: -1}
}

// Offset returns the input offset of the next byte.
func (s *Scanner) Offset() int64 { return s.base + int64(s.pos) + s.removed }

// Err returns the error, other than io.EOF, that ended the input, if
// any.
func (s *Scanner) Err() error { return s.err }

// fill reads more input, keeping buf[mark:] (or buf[pos:] without a
// mark). It reports false at the end of the input.
func (s *Scanner) fill() bool {
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
	// Grow when full, and while the input read so far fills the buffer
	// (a large input: fewer, larger reads).
	if s.end == len(s.buf) || len(s.buf) < maxBuf && s.base+int64(s.end) >= int64(len(s.buf)) {
		nb := make([]byte, max(minBuf, 2*len(s.buf)))
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

// Peek returns the next byte that is not white space, moving past the
// white space, or false at the end of the input.
func (s *Scanner) Peek() (byte, bool) {
	for {
		if s.pos = Space(s.buf[:s.end], s.pos); s.pos < s.end {
			return s.buf[s.pos], true
		}
		if !s.fill() {
			return 0, false
		}
	}
}

// Ahead returns the next n bytes of the input, or fewer at its end,
// without moving past them; they are valid until the Scanner next reads.
func (s *Scanner) Ahead(n int) []byte {
	for s.end-s.pos < n && s.fill() {
	}
	return s.buf[s.pos:min(s.end, s.pos+n)]
}

// Skip moves past n bytes that [Scanner.Peek] or [Scanner.Ahead]
// returned.
func (s *Scanner) Skip(n int) { s.pos += n }
