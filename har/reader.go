package har

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// ErrNotHAR reports input that is not a HAR file at all: empty, HTML, or
// JSON without a "log" object.
var ErrNotHAR = errors.New("har: not a HAR file")

// ParseError reports where reading stopped: the file, the entry being read
// (-1 when outside log.entries), the byte offset in the decoded input, and
// the cause. Every entry before Entry was returned intact.
type ParseError struct {
	File   string
	Entry  int
	Offset int64
	Err    error
}

func (e *ParseError) Error() string {
	var b []byte
	if e.File != "" {
		b = append(b, e.File...)
		b = append(b, ": "...)
	}
	if e.Entry >= 0 {
		b = append(b, "entry "...)
		b = strconv.AppendInt(b, int64(e.Entry), 10)
		b = append(b, " (byte "...)
		b = strconv.AppendInt(b, e.Offset, 10)
		b = append(b, ')')
	} else {
		b = append(b, "byte "...)
		b = strconv.AppendInt(b, e.Offset, 10)
	}
	b = append(b, ": "...)
	b = append(b, e.Err.Error()...)
	return string(b)
}

func (e *ParseError) Unwrap() error { return e.Err }

// A Reader reads entries from a HAR file one at a time, holding one entry in
// memory: a file of any size streams in constant memory. It accepts what
// real producers write (see the package documentation): gzip-compressed
// input (detected by its magic bytes), a UTF-8 byte-order mark, a JSONP
// wrapper, and values of the wrong type, which are kept raw with a
// [Warning] rather than stopping the file.
//
// As with encoding/csv, set the exported fields after [NewReader] and before
// the first call to [Reader.Next].
type Reader struct {
	// Name is the file name used in errors; "" leaves it out.
	Name string
	// Bodies keeps response bodies (Content.Text). Off by default: bodies
	// dominate browser HARs and few analyses need them.
	Bodies bool

	src    io.Reader // the input as given
	in     *hashingReader
	dec    *jsontext.Decoder
	prefix int64 // bytes of BOM and JSONP framing before the JSON value

	log      Log
	warnings []Warning
	pagerefs map[string]int // pageref → first entry using it
	state    state
	index    int
	err      error // sticky
	sawLog   bool
	entries  bool // log.entries was seen
}

type state int

const (
	stateStart   state = iota
	stateLog           // reading members of log
	stateEntries       // inside log.entries
	stateDone
)

// NewReader returns a Reader reading the HAR in r.
func NewReader(r io.Reader) *Reader {
	return &Reader{src: r}
}

// Log returns the file's metadata read so far. Pages that follow entries
// in the file are there once [Reader.Next] has returned io.EOF.
func (r *Reader) Log() *Log { return &r.log }

// Warnings returns the log-level warnings (pages, pagerefs naming no page,
// framing) found so far. Entry-level warnings are on each [Entry].
func (r *Reader) Warnings() []Warning { return r.warnings }

// Size returns the number of input bytes read so far; after Next has
// returned an error (io.EOF included) it is the size of the whole input.
func (r *Reader) Size() int64 {
	if r.in == nil {
		return 0
	}
	return r.in.n
}

// SHA256 returns the lower-case hex SHA-256 of the input bytes exactly as
// given (before decompression). It is computed while streaming and is
// complete once [Reader.Next] has returned an error (io.EOF included): the
// reader then consumes the rest of the input, so the digest always covers
// the whole file.
func (r *Reader) SHA256() string {
	if r.in == nil {
		return hex.EncodeToString(sha256.New().Sum(nil))
	}
	return hex.EncodeToString(r.in.h.Sum(nil))
}

// Next returns the next entry. It returns io.EOF after the last entry, or
// a *[ParseError] where the input stops being readable; every entry before
// that point has been returned.
func (r *Reader) Next() (*Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	e, err := r.next()
	if err != nil {
		r.finish()
		r.err = err
		return nil, err
	}
	return e, nil
}

// ReadAll reads the whole HAR into memory. Prefer [Reader.Next] for large
// files. On a ParseError it returns the entries read before it.
func ReadAll(rd io.Reader) (*Log, []*Entry, error) {
	r := NewReader(rd)
	var es []*Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			return r.Log(), es, nil
		}
		if err != nil {
			return r.Log(), es, err
		}
		es = append(es, e)
	}
}

// finish drains the input so that Size and SHA256 cover the whole file,
// and runs the checks that need the whole file.
func (r *Reader) finish() {
	if r.in != nil {
		io.Copy(io.Discard, r.in)
	}
	if len(r.pagerefs) > 0 {
		ids := make(map[string]bool, len(r.log.Pages))
		for _, p := range r.log.Pages {
			ids[p.ID] = true
		}
		type ref struct {
			id    string
			entry int
		}
		var dangling []ref
		for id, first := range r.pagerefs {
			if !ids[id] {
				dangling = append(dangling, ref{id, first})
			}
		}
		// Deterministic order: by first entry.
		for i := 1; i < len(dangling); i++ {
			for j := i; j > 0 && dangling[j].entry < dangling[j-1].entry; j-- {
				dangling[j], dangling[j-1] = dangling[j-1], dangling[j]
			}
		}
		for _, d := range dangling {
			r.warnings = append(r.warnings, Warning{Entry: d.entry, Offset: -1, Field: "pageref",
				Msg: fmt.Sprintf("%q names no page in log.pages", d.id)})
		}
	}
}

func (r *Reader) errorf(offset int64, err error) error {
	entry := -1
	if r.state == stateEntries {
		entry = r.index
	}
	return &ParseError{File: r.Name, Entry: entry, Offset: offset, Err: err}
}

// syntaxError wraps an error from the JSON decoder as a located ParseError.
func (r *Reader) syntaxError(err error) error {
	off := r.offset()
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		off = r.prefix + se.ByteOffset
		err = se.Err
		if err == nil {
			err = se
		}
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of input (truncated file?)")
	}
	return r.errorf(off, err)
}

func (r *Reader) offset() int64 {
	if r.dec == nil {
		return r.prefix
	}
	return r.prefix + r.dec.InputOffset()
}

func (r *Reader) valueOffset() int64 {
	off := r.offset()
	if r.dec != nil {
		b := r.dec.UnreadBuffer()
		off += int64(len(b) - len(bytes.TrimLeft(b, " \t\r\n,:")))
	}
	return off
}

func (r *Reader) next() (*Entry, error) {
	if r.state == stateStart {
		if err := r.start(); err != nil {
			return nil, err
		}
	}
	for {
		switch r.state {
		case stateEntries:
			switch r.dec.PeekKind() {
			case ']':
				if _, err := r.dec.ReadToken(); err != nil {
					return nil, r.syntaxError(err)
				}
				r.state = stateLog
				continue
			case '{':
				e, err := r.readEntry()
				if err != nil {
					return nil, err
				}
				return e, nil
			case 0:
				_, err := r.dec.ReadToken()
				return nil, r.syntaxError(err)
			default:
				// Not an entry object: keep going, but say so.
				off := r.valueOffset()
				v, err := r.dec.ReadValue()
				if err != nil {
					return nil, r.syntaxError(err)
				}
				r.warnings = append(r.warnings, Warning{Entry: r.index, Offset: off, Field: "log.entries",
					Msg: fmt.Sprintf("expected an entry object, got %s; skipped", describe(v))})
				r.index++
			}
		case stateLog:
			done, err := r.readLogMembers()
			if err != nil {
				return nil, err
			}
			if done {
				r.state = stateDone
			}
		case stateDone:
			return nil, io.EOF
		}
	}
}

// start sets up decompression and framing, and reads up to the log object.
func (r *Reader) start() error {
	r.in = &hashingReader{r: r.src, h: sha256.New()}
	br := bufio.NewReaderSize(r.in, 64<<10)
	var src io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return r.errorf(0, fmt.Errorf("reading gzip header: %w", err))
		}
		zr.Multistream(true)
		src = bufio.NewReaderSize(zr, 64<<10)
	}
	bsrc := src.(*bufio.Reader)
	n, err := skipFraming(bsrc)
	r.prefix = n
	if err != nil {
		return r.errorf(n, err)
	}
	r.dec = jsontext.NewDecoder(bsrc,
		jsontext.AllowDuplicateNames(true),
		jsontext.AllowInvalidUTF8(true),
	)
	// Find "log" among the members of the top-level object.
	if _, err := r.dec.ReadToken(); err != nil { // '{', checked by skipFraming
		return r.syntaxError(err)
	}
	for {
		if r.dec.PeekKind() == '}' {
			return r.errorf(r.offset(), fmt.Errorf("%w: no \"log\" object", ErrNotHAR))
		}
		name, err := r.dec.ReadToken()
		if err != nil {
			return r.syntaxError(err)
		}
		if name.String() != "log" {
			if err := r.dec.SkipValue(); err != nil {
				return r.syntaxError(err)
			}
			continue
		}
		if k := r.dec.PeekKind(); k != '{' {
			off := r.valueOffset()
			if k == 0 {
				_, err := r.dec.ReadToken()
				return r.syntaxError(err)
			}
			return r.errorf(off, fmt.Errorf("%w: \"log\" is %s, not an object", ErrNotHAR, kindName(k)))
		}
		if _, err := r.dec.ReadToken(); err != nil {
			return r.syntaxError(err)
		}
		r.sawLog = true
		r.state = stateLog
		return nil
	}
}

// skipFraming consumes a UTF-8 BOM, leading white space and a JSONP
// wrapper such as onInputData( ... ), leaving br at the opening brace.
func skipFraming(br *bufio.Reader) (int64, error) {
	var n int64
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		n += 3
	}
	n += skipSpace(br)
	c, err := br.Peek(1)
	if err != nil {
		if err == io.EOF {
			return n, fmt.Errorf("%w: empty input", ErrNotHAR)
		}
		return n, err
	}
	if c[0] == '{' {
		return n, nil
	}
	// JSONP: an identifier (letters, digits, _ $ .) then '('.
	var ident int
	for {
		b, err := br.Peek(ident + 1)
		if err != nil || ident > 256 {
			break
		}
		ch := b[ident]
		if ch == '_' || ch == '$' || ch == '.' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' {
			ident++
			continue
		}
		break
	}
	if ident > 0 {
		b, _ := br.Peek(ident + 1)
		if len(b) == ident+1 && b[ident] == '(' {
			br.Discard(ident + 1)
			n += int64(ident + 1)
			n += skipSpace(br)
			if c, _ := br.Peek(1); len(c) == 1 && c[0] == '{' {
				return n, nil
			}
		}
	}
	b, _ := br.Peek(16)
	return n, fmt.Errorf("%w: starts with %q", ErrNotHAR, b)
}

func skipSpace(br *bufio.Reader) int64 {
	var n int64
	for {
		c, err := br.Peek(1)
		if err != nil {
			return n
		}
		switch c[0] {
		case ' ', '\t', '\r', '\n':
			br.Discard(1)
			n++
		default:
			return n
		}
	}
}

// readLogMembers reads members of log until log.entries opens (false) or
// the log object and the top-level object end (true).
func (r *Reader) readLogMembers() (bool, error) {
	d := r.dec
	for {
		if d.PeekKind() == '}' {
			if _, err := d.ReadToken(); err != nil { // end of log
				return false, r.syntaxError(err)
			}
			if !r.entries {
				r.warnings = append(r.warnings, Warning{Entry: -1, Offset: r.offset(), Field: "log.entries", Msg: "missing; the file has no entries"})
			}
			// The rest of the top-level object is not ours to read, but
			// it must be there: a file cut after log is still cut.
			for d.PeekKind() != '}' {
				if _, err := d.ReadToken(); err != nil {
					return false, r.syntaxError(err)
				}
				if err := d.SkipValue(); err != nil {
					return false, r.syntaxError(err)
				}
			}
			if _, err := d.ReadToken(); err != nil {
				return false, r.syntaxError(err)
			}
			return true, nil
		}
		tok, err := d.ReadToken()
		if err != nil {
			return false, r.syntaxError(err)
		}
		name := tok.String()
		p := r.parser(-1, &r.warnings)
		switch name {
		case "entries":
			r.entries = true
			if d.PeekKind() == '[' {
				if _, err := d.ReadToken(); err != nil {
					return false, r.syntaxError(err)
				}
				r.state = stateEntries
				return false, nil
			}
			if err := p.skipOrWarn("log.entries", "array"); err != nil {
				return false, err
			}
		case "version":
			r.log.Version, err = p.str("log.version")
		case "creator":
			err = p.creator("log.creator", &r.log.Creator)
		case "browser":
			if d.PeekKind() == 'n' {
				_, err = d.ReadToken()
				break
			}
			r.log.Browser = new(Creator)
			err = p.creator("log.browser", r.log.Browser)
		case "pages":
			err = p.array("log.pages", func(i int) error {
				var pg Page
				if err := p.page(fmt.Sprintf("log.pages[%d]", i), &pg); err != nil {
					return err
				}
				r.log.Pages = append(r.log.Pages, pg)
				return nil
			})
		case "comment":
			r.log.Comment, err = p.str("log.comment")
		default:
			err = p.custom(name, &r.log.Custom)
		}
		if err != nil {
			return false, err
		}
	}
}

func (r *Reader) readEntry() (*Entry, error) {
	e := &Entry{Index: r.index, Offset: r.valueOffset(), Time: -1}
	e.Request.HeadersSize, e.Request.BodySize = -1, -1
	e.Response.HeadersSize, e.Response.BodySize = -1, -1
	e.Response.Content.Size, e.Response.Content.Compression = -1, -1
	e.Timings = Timings{-1, -1, -1, -1, -1, -1, -1, ""}
	p := r.parser(r.index, &e.Warnings)
	err := p.object("", func(name string) error {
		switch name {
		case "pageref":
			s, err := p.str("pageref")
			e.PageRef = s
			return err
		case "startedDateTime":
			return p.time("startedDateTime", &e.StartedDateTime)
		case "time":
			return p.float("time", &e.Time)
		case "request":
			return p.request("request", &e.Request)
		case "response":
			return p.response("response", &e.Response)
		case "timings":
			return p.timings("timings", &e.Timings)
		case "serverIPAddress":
			s, err := p.str("serverIPAddress")
			e.ServerIPAddress = s
			return err
		case "connection":
			s, err := p.str("connection")
			e.Connection = s
			return err
		case "comment":
			s, err := p.str("comment")
			e.Comment = s
			return err
		case "cache":
			if err := p.d.SkipValue(); err != nil {
				return p.fail(err)
			}
			return nil
		default:
			return p.custom(name, &e.Custom)
		}
	})
	if err != nil {
		return nil, err
	}
	if e.PageRef != "" {
		if r.pagerefs == nil {
			r.pagerefs = make(map[string]int)
		}
		if _, ok := r.pagerefs[e.PageRef]; !ok {
			r.pagerefs[e.PageRef] = e.Index
		}
	}
	r.index++
	return e, nil
}

// hashingReader hashes and counts every byte read through it.
type hashingReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if n > 0 {
		h.h.Write(p[:n])
		h.n += int64(n)
	}
	return n, err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
