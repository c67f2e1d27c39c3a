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
// first read: reading a small input costs little. From a [Chunker] it
// reads the chunks where they are instead, and needs a buffer of its own
// only for a value that runs on past a chunk's room.
type Scanner struct {
	src   io.Reader
	chunk Chunker // src, when it lends its chunks
	own   []byte  // the buffer of its own, with a Chunker
	// copied counts the input bytes copied into a buffer of its own.
	copied int64
	buf    []byte
	pos    int   // next byte to look at
	end    int   // end of valid data in buf
	mark   int   // start of the value being walked, kept in buf (-1: none)
	base   int64 // input offset of buf[0]
	eof    bool
	err    error  // read error other than io.EOF
	stack  []Kind // the walk's open containers, reused

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

// A Chunker is a source that lends its input a chunk at a time, so that
// a Scanner reads each where it is rather than copying it into a buffer:
// only the part of a value that runs on from one chunk into the next is
// copied, into the room the next chunk has before its input.
type Chunker interface {
	// Chunk lends the next chunk: its input is chunk[at:], and
	// chunk[:at] is room the borrower may write. The chunk stays lent
	// until the call after next, so that what the borrower keeps of
	// this one can be copied into the next. At the end of the input it
	// returns no input (at == len(chunk)) and the error (io.EOF at the
	// end), every time it is called; a chunk lent before stays lent.
	Chunk() (chunk []byte, at int, err error)
}

// NewScanner returns a Scanner reading src, chunk by chunk where they
// are when src is a [Chunker].
func NewScanner(src io.Reader) *Scanner {
	s := &Scanner{src: src, mark: -1}
	s.chunk, _ = src.(Chunker)
	return s
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
	if s.chunk != nil {
		return s.fillChunk(keep)
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
		s.copied += int64(n)
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

// Copied reports whether the Scanner reads from a [Chunker], and how
// many bytes of input it has copied into a buffer of its own: all it
// read, from any other source; from a Chunker, only the input of the
// chunks it read while a value ran on past a chunk's room.
func (s *Scanner) Copied() (chunked bool, n int64) {
	return s.chunk != nil, s.copied
}

// fillChunk is fill from a Chunker: the next chunk becomes the buffer,
// with buf[keep:end] copied into the room before its input; what does
// not fit there goes into the buffer of the Scanner's own, with the
// chunk's input after it.
func (s *Scanner) fillChunk(keep int) bool {
	kept := s.buf[keep:s.end]
	chunk, at, err := s.chunk.Chunk()
	if at >= len(chunk) {
		s.eof = true
		if err != io.EOF {
			s.err = err
		}
		return false
	}
	if len(kept) <= at {
		start := at - len(kept)
		copy(chunk[start:], kept)
		s.buf, s.end = chunk[start:], len(chunk)-start
	} else {
		need := len(kept) + len(chunk) - at
		if len(s.own) < need {
			// Four times what is needed, up to maxBuf, so that a value
			// growing chunk by chunk is not copied at each; then twice
			// the last. kept may be in the old buffer: copied from there.
			nb := make([]byte, max(minBuf, need, min(maxBuf, 4*need), 2*len(s.own)))
			copy(nb, kept)
			s.own = nb
		} else {
			copy(s.own, kept)
		}
		s.copied += int64(copy(s.own[len(kept):], chunk[at:]))
		s.buf, s.end = s.own, need
	}
	s.base += int64(keep)
	s.pos -= keep
	if s.mark >= 0 {
		s.mark -= keep
	}
	return true
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
