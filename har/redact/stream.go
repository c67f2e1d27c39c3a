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
// replaced as in text.
//
// Only the first maxEntries entries of log.entries are copied (all when
// negative): the secrets were found in those; the copy stops before the
// next with errUnread. On input that stops being JSON, dst holds
// everything before the entry being read (everything before the cut when
// it is outside the entries), and the error, a *TruncatedError, says
// where: a partial entry is not copied, for a secret in it may not have
// been found.
func (r *replacer) rewrite(dst io.Writer, src io.Reader, maxEntries int, record func(where, []hit)) error {
	rc := &recorder{r: src}
	br := bufio.NewReaderSize(rc, 64<<10)
	w := bufio.NewWriterSize(dst, 64<<10)
	n, err := har.SkipFraming(br)
	if err != nil {
		return err
	}
	// pend holds the output of the entry being read, until it ends; out
	// of entries, it is written at each token.
	var pend bytes.Buffer
	pend.Write(rc.bytes(0, n))
	emitted := n // input copied to pend up to here
	var hits []struct {
		at   where
		hits []hit
	}
	commit := func() error {
		if _, err := w.Write(pend.Bytes()); err != nil {
			return err
		}
		pend.Reset()
		for _, h := range hits {
			record(h.at, h.hits)
		}
		hits = hits[:0]
		return nil
	}
	dec := jsontext.NewDecoder(br, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	entriesDepth := -1 // StackDepth inside log.entries, once found
	entries := 0       // entries begun
	inEntry := false
	for {
		prev := n + dec.InputOffset()
		tok, err := dec.ReadToken()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			if !inEntry {
				pend.Write(rc.bytes(emitted, prev))
				if err := commit(); err != nil {
					return err
				}
			}
			if err := w.Flush(); err != nil {
				return err
			}
			te := &TruncatedError{Offset: prev, Entry: -1, Err: err}
			if inEntry {
				te.Entry = entries - 1
			}
			return te
		}
		end := n + dec.InputOffset()
		depth := dec.StackDepth()
		switch tok.Kind() {
		case '[':
			if entriesDepth < 0 && depth == 3 && string(dec.StackPointer()) == "/log/entries" {
				entriesDepth = depth
			}
		case '{':
			if entriesDepth >= 0 && depth == entriesDepth+1 {
				if maxEntries >= 0 && entries >= maxEntries {
					// Not copied: the secrets of this entry were not read.
					if err := w.Flush(); err != nil {
						return err
					}
					return errUnread
				}
				// The separator and white space before the entry belong
				// with what came before.
				pend.Write(rc.bytes(emitted, prev))
				emitted = prev
				if err := commit(); err != nil {
					return err
				}
				inEntry = true
				entries++
			}
		case '"':
			if out, hs := r.replace(tok.String()); len(hs) > 0 {
				kind, length := dec.StackIndex(depth)
				start := prev + int64(bytes.IndexByte(rc.bytes(prev, end), '"'))
				pend.Write(rc.bytes(emitted, start))
				// Invalid UTF-8 in a string that changes is written as
				// U+FFFD: JSON holds UTF-8 only.
				q, _ := jsontext.AppendQuote(nil, out)
				pend.Write(q)
				emitted = end
				hits = append(hits, struct {
					at   where
					hits []hit
				}{place(string(dec.StackPointer()), kind == '{' && length%2 == 1), hs})
			}
		}
		if inEntry && tok.Kind() == '}' && depth == entriesDepth {
			inEntry = false
		}
		if !inEntry || end-emitted >= flushEvery {
			pend.Write(rc.bytes(emitted, end))
			emitted = end
		}
		if !inEntry {
			if err := commit(); err != nil {
				return err
			}
		}
		if emitted-rc.base >= dropEvery {
			rc.drop(emitted)
		}
		if depth == 0 {
			break
		}
	}
	// What follows the JSON (a JSONP wrapper's ")", white space), read
	// to the end and replaced as text.
	if _, err := io.Copy(io.Discard, rc); err != nil {
		return err
	}
	tail := string(rc.bytes(emitted, rc.base+int64(len(rc.buf))))
	if out, hs := r.replace(tail); len(hs) > 0 {
		tail = out
		record(where{entry: -1, field: "(after the JSON)"}, hs)
	}
	if _, err := w.WriteString(tail); err != nil {
		return err
	}
	return w.Flush()
}

// errUnread stops the copy at an entry that finding the secrets did not
// read (the capture stopped being readable there).
var errUnread = errors.New("the capture could not be read from this entry on")

// TruncatedError reports input that stopped being readable: the copy
// holds, with its values replaced, everything before the entry being read
// at Offset (in the decoded input, after gzip), or everything before
// Offset when that is outside log.entries, and nothing after.
type TruncatedError struct {
	Offset int64
	// Entry is the first entry not copied; -1 when the cut is outside
	// log.entries.
	Entry int
	Err   error
}

// Error says where the input stopped being readable.
func (e *TruncatedError) Error() string {
	err := e.Err
	var se *jsontext.SyntacticError
	if errors.As(e.Err, &se) {
		err = se.Err
	}
	if e.Entry < 0 {
		return fmt.Sprintf("byte %d: %v (the copy ends before it)", e.Offset, err)
	}
	return fmt.Sprintf("entry %d (byte %d): %v (the copy ends before that entry)", e.Entry, e.Offset, err)
}

// Unwrap returns the cause.
func (e *TruncatedError) Unwrap() error { return e.Err }
