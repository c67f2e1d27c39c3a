package har

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/haruspex/haruspex/har/internal/jsonscan"
	"github.com/klauspost/compress/gzip"
)

// decompress returns the HAR in the input in: in itself, or, when it
// opens with gzip's magic bytes, its decompression (every member of a
// multi-member file), read ahead on a goroutine of its own (gz): the
// slowest part of reading a .har.gz runs on one core while the entries
// are framed on another.
func decompress(in io.Reader) (_ io.Reader, gz *aheadReader, _ error) {
	var magic [2]byte
	n, _ := io.ReadFull(in, magic[:])
	if n < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		// Read where it is (Chunk) when the bytes can be put back.
		if a, ok := in.(interface {
			unread(int) bool
			lend()
		}); ok && a.unread(n) {
			a.lend()
			return in, nil, nil
		}
		return io.MultiReader(bytes.NewReader(magic[:n]), in), nil, nil
	}
	in = io.MultiReader(bytes.NewReader(magic[:n]), in)
	zr, err := gzip.NewReader(bufio.NewReaderSize(in, 64<<10))
	if err != nil {
		return nil, nil, fmt.Errorf("reading gzip header: %w", err)
	}
	zr.Multistream(true)
	gz = newAheadReader(zr, nil, true)
	gz.lends = true
	return gz, gz, nil
}

// skipPrefix moves sc past what real producers write before the HAR's
// opening brace: a UTF-8 byte-order mark (Fiddler), white space, and a
// JSONP wrapper such as onInputData( (Firebug's HAR viewer). For input
// that does not then open with a brace it returns [ErrNotHAR], or the
// input's read error.
func skipPrefix(sc *jsonscan.Scanner) error {
	if string(sc.Ahead(3)) == "\xef\xbb\xbf" {
		sc.Skip(3)
	}
	c, ok := sc.Peek()
	if !ok {
		if err := sc.Err(); err != nil {
			return err
		}
		return fmt.Errorf("%w: empty input", ErrNotHAR)
	}
	if c == '{' {
		return nil
	}
	// JSONP: an identifier (letters, digits, _ $ .) then '('.
	b := sc.Ahead(258)
	ident := 0
	for ident < len(b) && ident <= 256 {
		ch := b[ident]
		if ch != '_' && ch != '$' && ch != '.' && (ch < 'a' || ch > 'z') && (ch < 'A' || ch > 'Z') && (ch < '0' || ch > '9') {
			break
		}
		ident++
	}
	if ident > 0 && ident < len(b) && b[ident] == '(' {
		sc.Skip(ident + 1)
		if c, ok := sc.Peek(); ok && c == '{' {
			return nil
		}
	}
	return fmt.Errorf("%w: starts with %q", ErrNotHAR, sc.Ahead(16))
}

// SkipFraming reads what may come before a HAR file's JSON, as a [Reader]
// accepts it: a UTF-8 byte-order mark, white space and a JSONP wrapper's
// "name(". It leaves br at the opening brace and returns how many bytes
// it read; input that does not reach a brace gives [ErrNotHAR]. (A tool
// that rewrites a capture byte for byte, such as har/redact, copies
// those bytes as they are.)
func SkipFraming(br *bufio.Reader) (int64, error) {
	var n int64
	if b, _ := br.Peek(3); string(b) == "\xef\xbb\xbf" {
		br.Discard(3)
		n += 3
	}
	skipSpace := func() (byte, error) {
		for {
			c, err := br.ReadByte()
			if err != nil {
				if err == io.EOF {
					return 0, fmt.Errorf("%w: empty input", ErrNotHAR)
				}
				return 0, err
			}
			if !jsonscan.IsSpace(c) {
				br.UnreadByte()
				return c, nil
			}
			n++
		}
	}
	c, err := skipSpace()
	if err != nil {
		return n, err
	}
	if c == '{' {
		return n, nil
	}
	// JSONP: an identifier (letters, digits, _ $ .) then '('.
	b, _ := br.Peek(258)
	ident := 0
	for ident < len(b) && ident <= 256 {
		ch := b[ident]
		if ch != '_' && ch != '$' && ch != '.' && (ch < 'a' || ch > 'z') && (ch < 'A' || ch > 'Z') && (ch < '0' || ch > '9') {
			break
		}
		ident++
	}
	if ident > 0 && ident < len(b) && b[ident] == '(' {
		br.Discard(ident + 1)
		n += int64(ident + 1)
		if c, err := skipSpace(); err == nil && c == '{' {
			return n, nil
		}
	}
	head, _ := br.Peek(16)
	return n, fmt.Errorf("%w: starts with %q", ErrNotHAR, head)
}
