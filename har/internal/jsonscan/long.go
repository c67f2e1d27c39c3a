package jsonscan

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"math/bits"
	"unicode/utf8"
)

// Long strings. A string longer than [Long.Limit] once decoded is not
// kept whole in the scanner's buffer: as the walk reads it, it keeps of
// each &-separated part (a URL's or a form body's parameters) the first
// Long.Part bytes, and of the whole the first Long.Total, drops the rest,
// and puts at each place it dropped bytes the marker Long.Mark writes,
// which says how many and gives the whole string's length and SHA-256.
// The bytes a walk returns are then those of a shorter, valid string;
// Scanner.Shortened says where it is and what was cut.
//
// What is cut stands for bytes of the input: offsets are kept right
// ([Scanner.Offset] counts what was cut, and each [Mark] says how many
// input bytes it stands for). Memory holds what is kept, and at most one
// buffer of what is not.

// Long says which strings a Scanner shortens, and how.
type Long struct {
	// Limit is the longest string kept whole, in decoded bytes; 0 keeps
	// every string whole.
	Limit int
	// Part and Total are what a shortened string keeps, in decoded
	// bytes: of each &-separated part its first Part bytes (a cut never
	// splits a UTF-8 character or a %XX escape), and no more than Total
	// in all.
	Part, Total int
	// Mark returns the text that stands where bytes were cut: cut
	// decoded bytes, of a string of size decoded bytes whose SHA-256 is
	// sum. It must be valid in a JSON string as it stands (no quote,
	// backslash or control character).
	Mark func(cut, size int64, sum []byte) string
}

// Shortened is a string that a walk shortened.
type Shortened struct {
	// Start and End are where the shortened string is in the bytes the
	// walk returned (its opening quote; just past its closing quote).
	Start, End int
	Size       int64    // its length decoded, in bytes
	Raw        int64    // its length as written in the input, quotes included
	SHA256     [32]byte // of the string decoded (bytes that are not UTF-8 as they are)
	Marks      []Mark   // where bytes were cut, in order
}

// Mark is a place in a shortened string where bytes were cut: the marker
// at At (from the first byte of the value walked), Len bytes long, stands
// for Raw bytes of the input.
type Mark struct {
	At, Len int
	Raw     int64
}

// errControl and errEscape are what a long string may hold that JSON
// does not allow.
var (
	errControl = errors.New("invalid control character within string")
	errEscape  = errors.New("invalid escape sequence within string")
)

// longString reads the string whose opening quote is at s.mark+rel and
// which runs past s.pos, where the walk stopped looking for its end:
// longer, as written, than s.Long.Limit. If it is longer decoded too it
// is shortened (see [Long]) and recorded in s.Shortened. It returns the
// position just past the closing quote; the bytes of the string are then
// in s.buf as those of any other.
func (s *Scanner) longString(rel int) (int, error) {
	// First, decoded, is the string longer than the limit? Escapes make
	// it shorter than it is written.
	d := strDecoder{}
	at := s.mark + rel + 1
	for {
		n, stop, err := d.measure(s.buf[:s.end], at, s.eof, s.Long.Limit)
		at += n
		if err != nil {
			s.pos = at
			return 0, err
		}
		if stop == stopQuote {
			return at + 1, nil // not long: the walk takes it as it is
		}
		if stop == stopLong {
			break
		}
		s.pos = at
		if !s.fill() {
			s.pos = s.end
			return 0, ErrEOF
		}
		at = s.pos
	}
	// It is long: read it again from its start, keeping what the rule
	// keeps, compacting as it goes.
	l := &longState{s: s, rule: s.Long, sum: sha256.New(), rel: rel}
	return l.run()
}

// longState is the shortening of one long string.
type longState struct {
	s    *Scanner
	rule Long
	sum  hash.Hash
	rel  int // the opening quote, from s.mark

	size, kept, part int64 // decoded bytes: in all, kept, kept of this part
	pct              int   // of a %XX escape being kept: 1 after %, 2 after %X
	cont             bool  // the last byte was kept (for UTF-8 continuation bytes)
	dropping         bool
	cut              int64 // decoded bytes dropped since the last kept one
	raw              int64 // input bytes dropped since the last kept one
	marks            []pendingMark
	written          int64 // raw bytes read of the string so far
}

// pendingMark is a place bytes were cut, before the marker is written.
type pendingMark struct {
	at       int // in the compacted content, from s.mark
	cut, raw int64
}

func (l *longState) run() (int, error) {
	s := l.s
	// w and r are offsets from s.mark: where the next kept byte goes,
	// and the next byte to read.
	w := l.rel + 1
	r := w
	var dec strDecoder
	for {
		buf := s.buf[:s.end]
		for {
			i := s.mark + r
			if j := specialIndex(buf, i); j > i {
				w = l.plain(buf, i, j, w)
				r += j - i
				continue
			}
			tok, n, closing, err := dec.next(buf, i, s.eof)
			if err != nil {
				s.pos = i
				return 0, err
			}
			if n == 0 {
				break // more input needed
			}
			if closing {
				l.endMark(w)
				s.buf[s.mark+w] = '"'
				w++
				r++
				// Move what follows the string down to it.
				tail := copy(s.buf[s.mark+w:], s.buf[s.mark+r:s.end])
				s.removed += int64(r - w)
				s.end = s.mark + w + tail
				return l.finish(w)
			}
			w = l.token(tok, buf[i:i+n], w)
			r += n
		}
		// Compact, then read on.
		tail := copy(s.buf[s.mark+w:], s.buf[s.mark+r:s.end])
		s.removed += int64(r - w)
		s.end = s.mark + w + tail
		r = w
		s.pos = s.mark + r
		if !s.fill() {
			s.pos = s.end
			return 0, ErrEOF
		}
	}
}

// plain reads the plain bytes buf[i:j] (no quote, backslash or control
// character among them), keeping what the rule keeps at w (from s.mark);
// it returns where the next kept byte goes.
func (l *longState) plain(buf []byte, i, j, w int) int {
	for i < j {
		c := buf[i]
		if c == '&' || l.pct > 0 || l.cont && c >= 0x80 && c < 0xc0 {
			// A part's start, or the end of a %XX escape or a UTF-8
			// character: one byte at a time.
			w = l.token(buf[i:i+1], buf[i:i+1], w)
			i++
			continue
		}
		e := j // the run, up to the next part
		if a := bytes.IndexByte(buf[i:j], '&'); a >= 0 {
			e = i + a
		}
		room := min(int64(l.rule.Part)-l.part, int64(l.rule.Total)-l.kept)
		if room > 0 {
			k := int(min(room, int64(e-i)))
			run := buf[i : i+k]
			l.sum.Write(run)
			l.written += int64(k)
			l.size += int64(k)
			l.kept += int64(k)
			l.part += int64(k)
			l.endMark(w)
			w += copy(l.s.buf[l.s.mark+w:], run)
			l.cont = true
			switch {
			case run[k-1] == '%':
				l.pct = 1
			case k >= 2 && run[k-2] == '%' && isHex(run[k-1]):
				l.pct = 2
			default:
				l.pct = 0
			}
			i += k
			continue
		}
		run := buf[i:e]
		l.sum.Write(run)
		l.written += int64(len(run))
		l.size += int64(len(run))
		l.dropping = true
		l.cut += int64(len(run))
		l.raw += int64(len(run))
		l.cont, l.pct = false, 0
		i = e
	}
	return w
}

// token reads one token, raw in the input and tok decoded, keeping it at
// w if the rule keeps it; it returns where the next kept byte goes.
func (l *longState) token(tok, raw []byte, w int) int {
	l.written += int64(len(raw))
	if l.keep(tok) {
		l.endMark(w)
		return w + copy(l.s.buf[l.s.mark+w:], raw)
	}
	l.dropping = true
	l.raw += int64(len(raw))
	l.cut += int64(len(tok))
	return w
}

// keep hashes the decoded bytes of one token and says whether the rule
// keeps it.
func (l *longState) keep(tok []byte) bool {
	l.sum.Write(tok)
	l.size += int64(len(tok))
	if len(tok) == 1 && tok[0] == '&' {
		l.part = 0
	}
	keep := false
	switch {
	case l.pct > 0 && len(tok) == 1 && isHex(tok[0]):
		keep = true // finish a %XX escape begun
		l.pct = (l.pct + 1) % 3
	case len(tok) == 1 && tok[0] >= 0x80 && tok[0] < 0xc0 && l.cont:
		keep = true // finish a UTF-8 character begun
		l.pct = 0
	default:
		l.pct = 0
		keep = l.part < int64(l.rule.Part) && l.kept < int64(l.rule.Total)
		if keep && len(tok) == 1 && tok[0] == '%' {
			l.pct = 1
		}
	}
	l.cont = keep
	if keep {
		l.kept += int64(len(tok))
		l.part += int64(len(tok))
	}
	return keep
}

// endMark records the bytes dropped before w, if any.
func (l *longState) endMark(w int) {
	if l.dropping {
		l.marks = append(l.marks, pendingMark{at: w, cut: l.cut, raw: l.raw})
		l.dropping, l.cut, l.raw = false, 0, 0
	}
}

// finish writes the markers into the string, now compacted with its
// closing quote at w-1, and records it; it returns the position just
// past the quote.
func (l *longState) finish(w int) (int, error) {
	s := l.s
	var sum [32]byte
	l.sum.Sum(sum[:0])
	texts := make([]string, len(l.marks))
	grow := 0
	for i, m := range l.marks {
		texts[i] = l.rule.Mark(m.cut, l.size, sum[:])
		grow += len(texts[i])
	}
	// Rebuild the string with its markers, then put it back with what
	// follows it moved up.
	start := s.mark + l.rel
	old := s.buf[start : s.mark+w]
	out := make([]byte, 0, len(old)+grow)
	prev := 0
	sh := Shortened{Start: l.rel, Size: l.size, Raw: l.written + 2, SHA256: sum}
	for i, m := range l.marks {
		at := m.at - l.rel
		out = append(out, old[prev:at]...)
		sh.Marks = append(sh.Marks, Mark{At: l.rel + len(out), Len: len(texts[i]), Raw: m.raw})
		out = append(out, texts[i]...)
		prev = at
	}
	out = append(out, old[prev:]...)
	tail := s.end - (s.mark + w)
	if need := start + len(out) + tail; need > len(s.buf) {
		nb := make([]byte, need+minBuf)
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	copy(s.buf[start+len(out):], s.buf[s.mark+w:s.end])
	copy(s.buf[start:], out)
	s.end = start + len(out) + tail
	s.removed -= int64(grow)
	sh.End = l.rel + len(out)
	s.Shortened = append(s.Shortened, sh)
	return start + len(out), nil
}

// Why strDecoder.measure stopped.
const (
	stopMore  = iota // the bytes ran out
	stopQuote        // at the closing quote
	stopLong         // past the limit
)

// strDecoder reads the content of a JSON string token by token: a byte,
// or an escape and what it stands for.
type strDecoder struct {
	n   int64 // decoded bytes so far (measure)
	tok [4]byte
}

// measure counts the decoded bytes of the string from v[i] on. It stops
// at the closing quote, once more than limit bytes are counted, or where
// v ends (when eof is false, before an escape that v may cut short); it
// returns how many bytes it read.
func (d *strDecoder) measure(v []byte, i int, eof bool, limit int) (int, int, error) {
	start := i
	for {
		if j := specialIndex(v, i); j > i {
			d.n += int64(j - i)
			i = j
			if d.n > int64(limit) {
				return i - start, stopLong, nil
			}
			continue
		}
		tok, n, closing, err := d.next(v, i, eof)
		if err != nil {
			return i - start, stopMore, err
		}
		if n == 0 {
			return i - start, stopMore, nil
		}
		if closing {
			return i - start, stopQuote, nil
		}
		d.n += int64(len(tok))
		i += n
		if d.n > int64(limit) {
			return i - start, stopLong, nil
		}
	}
}

// next reads the token at v[i]: what it decodes to, how many bytes it
// is, and whether it is the closing quote. n is 0 when v ends before the
// token does (and eof is false: at the end of the input an unfinished
// token is an error, ErrEOF).
func (d *strDecoder) next(v []byte, i int, eof bool) (tok []byte, n int, closing bool, err error) {
	if i >= len(v) {
		if eof {
			return nil, 0, false, ErrEOF
		}
		return nil, 0, false, nil
	}
	switch c := v[i]; {
	case c == '"':
		return nil, 1, true, nil
	case c < 0x20:
		return nil, 0, false, errControl
	case c != '\\':
		d.tok[0] = c
		return d.tok[:1], 1, false, nil
	}
	// An escape: \X, \uXXXX, or a surrogate pair \uXXXX\uXXXX.
	need := 2
	if i+1 < len(v) && v[i+1] == 'u' {
		need = 6
	}
	if i+need > len(v) {
		if eof {
			return nil, 0, false, ErrEOF
		}
		return nil, 0, false, nil
	}
	switch e := v[i+1]; e {
	case '"', '\\', '/':
		d.tok[0] = e
	case 'b':
		d.tok[0] = '\b'
	case 'f':
		d.tok[0] = '\f'
	case 'n':
		d.tok[0] = '\n'
	case 'r':
		d.tok[0] = '\r'
	case 't':
		d.tok[0] = '\t'
	case 'u':
		r, ok := hex4(v[i+2 : i+6])
		if !ok {
			return nil, 0, false, errEscape
		}
		if r >= 0xd800 && r < 0xdc00 {
			// A high surrogate: with a low one after it, one character.
			if i+12 > len(v) && !eof {
				return nil, 0, false, nil
			}
			if i+12 <= len(v) && v[i+6] == '\\' && v[i+7] == 'u' {
				if lo, ok := hex4(v[i+8 : i+12]); ok && lo >= 0xdc00 && lo < 0xe000 {
					r = 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00)
					return d.tok[:utf8.EncodeRune(d.tok[:], r)], 12, false, nil
				}
			}
		}
		if r >= 0xd800 && r < 0xe000 {
			r = utf8.RuneError // a lone surrogate
		}
		return d.tok[:utf8.EncodeRune(d.tok[:], r)], 6, false, nil
	default:
		return nil, 0, false, errEscape
	}
	return d.tok[:1], 2, false, nil
}

// specialIndex returns the index of the first byte at or after v[i] that
// ends, escapes or may not be in a JSON string ('"', '\\', below 0x20),
// or len(v); eight bytes at a time.
func specialIndex(v []byte, i int) int {
	for ; i+8 <= len(v); i += 8 {
		if m := specialBytes(binary.LittleEndian.Uint64(v[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(v); i++ {
		if c := v[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return len(v)
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, h := range b {
		switch {
		case h >= '0' && h <= '9':
			r = r<<4 | rune(h-'0')
		case h >= 'a' && h <= 'f':
			r = r<<4 | rune(h-'a'+10)
		case h >= 'A' && h <= 'F':
			r = r<<4 | rune(h-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// String describes a shortened string, for tests and messages.
func (sh Shortened) String() string {
	return fmt.Sprintf("%d bytes (%d written), sha256 %x, %d cut(s)", sh.Size, sh.Raw, sh.SHA256, len(sh.Marks))
}
