package redact

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/har"
)

// This file rewrites a HAR file's bytes: every JSON string in which a
// target occurs is written again with its placeholders, and every other
// byte (white space, escapes, member order, numbers, unknown fields) is
// copied as it is, so that the copy differs from the original only where
// a value was replaced.

// recorder keeps the bytes read through it, from offset base on, so that
// they can be copied out verbatim once the JSON decoder has read past
// them.
type recorder struct {
	r    io.Reader
	buf  []byte
	base int64 // offset of buf[0]
}

func (rc *recorder) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	rc.buf = append(rc.buf, p[:n]...)
	return n, err
}

// bytes returns the bytes at offsets [from, to), which must still be held.
func (rc *recorder) bytes(from, to int64) []byte {
	return rc.buf[from-rc.base : to-rc.base]
}

// drop forgets the bytes before off.
func (rc *recorder) drop(off int64) {
	if n := off - rc.base; n > 0 {
		rc.buf = append(rc.buf[:0], rc.buf[n:]...)
		rc.base = off
	}
}

// Copying out: verbatim bytes are written in pieces of at most
// flushEvery; held bytes are dropped once dropEvery have been written.
const (
	flushEvery = 1 << 20
	dropEvery  = 256 << 10
)

// where names the place of a JSON string in the file: the entry (-1
// outside log.entries) and the JSON Pointer inside it.
type where struct {
	entry int
	field string
}

// place returns where the string at JSON Pointer ptr is; name says it is
// an object member's name rather than a value.
func place(ptr string, name bool) where {
	w := where{entry: -1, field: ptr}
	if rest, ok := strings.CutPrefix(ptr, "/log/entries/"); ok {
		idx, field, _ := strings.Cut(rest, "/")
		if n, err := strconv.Atoi(idx); err == nil {
			w.entry, w.field = n, "/"+field
		}
	}
	if name {
		w.field += " (member name)"
	}
	return w
}

// rewrite copies src, a HAR file's decoded bytes (after gzip), to dst
// with the targets replaced in every JSON string, calling record for each
// string changed. What precedes the JSON (a byte-order mark, a JSONP
// wrapper) and follows it is copied too, the latter with the targets
// replaced as in text. On input that stops being JSON, dst holds
// everything up to the last whole token, and the error says where.
func (r *replacer) rewrite(dst io.Writer, src io.Reader, record func(where, []hit)) error {
	rc := &recorder{r: src}
	br := bufio.NewReaderSize(rc, 64<<10)
	w := bufio.NewWriterSize(dst, 64<<10)
	n, err := har.SkipFraming(br)
	if err != nil {
		return err
	}
	if _, err := w.Write(rc.bytes(0, n)); err != nil {
		return err
	}
	emitted := n
	dec := jsontext.NewDecoder(br, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	var readErr error
	for {
		prev := n + dec.InputOffset()
		tok, err := dec.ReadToken()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			readErr = &TruncatedError{Offset: prev, Err: err}
			break
		}
		end := n + dec.InputOffset()
		if tok.Kind() == '"' {
			if out, hits := r.replace(tok.String()); len(hits) > 0 {
				kind, length := dec.StackIndex(dec.StackDepth())
				start := prev + int64(bytes.IndexByte(rc.bytes(prev, end), '"'))
				if _, err := w.Write(rc.bytes(emitted, start)); err != nil {
					return err
				}
				// Invalid UTF-8 in a string that changes is written as
				// U+FFFD: JSON holds UTF-8 only.
				q, _ := jsontext.AppendQuote(nil, out)
				if _, err := w.Write(q); err != nil {
					return err
				}
				emitted = end
				record(place(string(dec.StackPointer()), kind == '{' && length%2 == 1), hits)
			}
		}
		if end-emitted >= flushEvery {
			if _, err := w.Write(rc.bytes(emitted, end)); err != nil {
				return err
			}
			emitted = end
		}
		if emitted-rc.base >= dropEvery {
			rc.drop(emitted)
		}
		if dec.StackDepth() == 0 {
			break
		}
	}
	if readErr != nil {
		// Up to the last whole token: a string cut in the middle may
		// hold part of a value.
		last := n + dec.InputOffset()
		if _, err := w.Write(rc.bytes(emitted, last)); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return readErr
	}
	// What follows the JSON (a JSONP wrapper's ")", white space), read
	// to the end and replaced as text.
	if _, err := io.Copy(io.Discard, rc); err != nil {
		return err
	}
	end := n + dec.InputOffset()
	if _, err := w.Write(rc.bytes(emitted, end)); err != nil {
		return err
	}
	tail := string(rc.bytes(end, rc.base+int64(len(rc.buf))))
	if out, hits := r.replace(tail); len(hits) > 0 {
		tail = out
		record(where{entry: -1, field: "(after the JSON)"}, hits)
	}
	if _, err := w.WriteString(tail); err != nil {
		return err
	}
	return w.Flush()
}

// TruncatedError reports input that stopped being JSON: the copy holds
// everything before Offset (in the decoded input, after gzip), with its
// values replaced, and nothing after.
type TruncatedError struct {
	Offset int64
	Err    error
}

// Error says where the input stopped being JSON.
func (e *TruncatedError) Error() string {
	var se *jsontext.SyntacticError
	if errors.As(e.Err, &se) {
		return fmt.Sprintf("byte %d: %v (the copy ends at the last whole JSON token before it)", e.Offset, se.Err)
	}
	return fmt.Sprintf("byte %d: %v (the copy ends at the last whole JSON token before it)", e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *TruncatedError) Unwrap() error { return e.Err }
