package har

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/klauspost/compress/gzip"
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

// Error formats the error as "file: entry N (byte B): cause".
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

// Unwrap returns the cause.
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
	// Lean skips, without tokenising them, the parts of an entry that
	// analyses of what was sent to whom do not use: response headers,
	// response cookies and timings (left empty, and -1). Off by default.
	Lean bool
	// Want, when set, makes the reader skim: it reads of each entry only
	// what says what the entry is — Index, Offset, PageRef,
	// StartedDateTime, Request.Method, Request.URL, the Request.Headers
	// SkimHeaders names, Request.Cookies (Name and Value),
	// Response.Status, Response.Content.MimeType and the _resourceType,
	// _fetchType and _initiator fields — checks that the rest is
	// well-formed JSON without building it, and asks Want (on the
	// goroutine that called Next, one entry at a time). An
	// entry Want accepts is then read in full, as without Want; any other
	// is returned as skimmed ([Entry.Skimmed] is set, the fields above
	// hold their values, the rest are zero or -1, and Warnings covers
	// only the fields read). A syntax error anywhere in an entry stops
	// the reader exactly as without Want.
	Want func(*Entry) bool
	// SkimHeaders names the request headers a skimmed entry keeps
	// (compared case-insensitively); nil keeps Cookie, Referer, Origin,
	// Content-Type, Sec-Fetch-Dest, Sec-Fetch-Mode, Sec-Fetch-Site and
	// Sec-Fetch-User.
	SkimHeaders []string

	src io.Reader // the input as given
	in  *hashingReader
	sc  *scanner

	// Reused between entries.
	dec    *jsontext.Decoder
	bodies []elision
	stack  []byte
	br     bytes.Reader
	free   []*item // items done with, for reuse

	ahead chan []*item // the next items, being framed on another goroutine
	skim  skimScratch  // reused by the fast skim
	queue []*item      // items framed, not yet taken

	log      Log
	warnings []Warning
	pagerefs map[string]int // pageref → first entry using it
	state    state
	index    int
	err      error // sticky
	entries  bool  // log.entries was seen

	afterEntry  bool // an entry was read: ',' or ']' comes next
	afterMember bool // a log member was read: ',' or '}' comes next
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
	r.settle()
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
	r.settle()
	if r.in == nil {
		return hex.EncodeToString(sha256.New().Sum(nil))
	}
	return hex.EncodeToString(r.in.sum())
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
	r.settle()
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

// scanError reports a structural error found by the scanner at pos.
func (r *Reader) scanError(err error) error {
	if r.sc.err != nil {
		err = fmt.Errorf("reading input: %w", r.sc.err)
	}
	return r.errorf(r.sc.offset(r.sc.pos), err)
}

// unexpected reports a byte that cannot be where it is.
func (r *Reader) unexpected(what string) error {
	c, ok := r.sc.peek()
	if !ok {
		return r.scanError(errScanEOF)
	}
	return r.scanError(fmt.Errorf("invalid character %q, expected %s", c, what))
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
			it := r.takeAhead()
			if it == nil {
				it = r.scanItem(r.spare())
			}
			switch it.kind {
			case itemEnd:
				r.state = stateLog
				r.afterMember = true
				continue
			case itemError:
				return nil, r.errorf(it.off, it.err)
			case itemOther:
				// Not an entry object: keep going, but say so.
				r.warnings = append(r.warnings, Warning{Entry: r.index, Offset: it.off, Field: "log.entries",
					Msg: fmt.Sprintf("expected an entry object, got %s; skipped", describe(it.data))})
				r.index++
				r.recycle(it)
				continue
			}
			if it.err != nil {
				// The entry does not end: let the careful tokenizer say
				// where; if it cannot, the scanner's error stands.
				if err := r.parseEntry(it.data, it.off, nil); err != nil {
					// If the input could not be read on (a damaged
					// .har.gz, an I/O error), that is the cause, not a
					// truncated file.
					if it.readErr && errors.Is(err, errScanEOF) {
						return nil, r.errorf(it.errOff, it.err)
					}
					return nil, err
				}
				return nil, r.errorf(it.errOff, it.err)
			}
			// Frame the next entries on another core while these are
			// tokenised (the goroutine ends with its batch).
			last := it
			if n := len(r.queue); n > 0 {
				last = r.queue[n-1]
			}
			if r.ahead == nil && len(r.queue) < aheadBatch && last.kind == itemEntry && last.err == nil {
				ch := make(chan []*item, 1)
				r.ahead = ch
				items := make([]*item, aheadBatch)
				for i := range items {
					items[i] = r.spare()
				}
				go func() { ch <- r.scanBatch(items) }()
			}
			var e *Entry
			var err error
			if r.Want != nil {
				var ok bool
				if e, ok = r.skimFast(it); !ok {
					e, err = r.parseEntryData(it.data, it.off, it.cuts, true)
					if err == nil {
						r.skimmed(e)
					}
				}
				if err == nil && r.Want(e) {
					e, err = r.parseEntryData(it.data, it.off, it.cuts, false)
				}
			} else {
				e, err = r.parseEntryData(it.data, it.off, it.cuts, false)
			}
			if err == nil {
				r.entryDone(e)
			}
			r.recycle(it)
			if err != nil {
				return nil, err
			}
			return e, nil
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
	hr := &hashingReader{r: r.src, h: sha256.New()}
	r.in = hr
	br := bufio.NewReaderSize(hr, 64<<10)
	bsrc, plain := br, true
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return r.errorf(0, fmt.Errorf("reading gzip header: %w", err))
		}
		zr.Multistream(true)
		// Decompression, the slowest part of reading a .har.gz, runs
		// ahead on its own goroutine.
		bsrc, plain = bufio.NewReaderSize(newAheadReader(zr), 64<<10), false
	}
	n, err := skipFraming(bsrc)
	if err != nil {
		return r.errorf(n, err)
	}
	if !plain {
		r.sc = newScanner(bsrc, n)
		return r.startLog()
	}
	// Uncompressed: the scanner takes what the bufio.Reader holds, then
	// reads the hashing reader itself (one copy of the input fewer).
	held, _ := bsrc.Peek(bsrc.Buffered())
	r.sc = newScanner(hr, n)
	if len(held) > len(r.sc.buf) {
		r.sc.buf = make([]byte, len(held))
	}
	r.sc.end = copy(r.sc.buf, held)
	return r.startLog()
}

// startLog reads from the top-level '{' up to the log object.
func (r *Reader) startLog() error {
	sc := r.sc
	sc.peek()
	sc.pos++ // '{', checked by skipFraming
	first := true
	for {
		c, ok := sc.peek()
		if !ok {
			return r.scanError(errScanEOF)
		}
		if c == '}' {
			return r.scanError(fmt.Errorf("%w: no \"log\" object", ErrNotHAR))
		}
		if !first {
			if c != ',' {
				return r.unexpected("',' or '}' after an object member")
			}
			sc.pos++
		}
		first = false
		name, err := r.memberName()
		if err != nil {
			return err
		}
		if name != "log" {
			if _, _, err := r.rawValue(); err != nil {
				return err
			}
			continue
		}
		c, ok = sc.peek()
		if !ok {
			return r.scanError(errScanEOF)
		}
		if c != '{' {
			return r.scanError(fmt.Errorf("%w: \"log\" is %s, not an object", ErrNotHAR, kindName(jsontext.Kind(kindOf(c)))))
		}
		sc.pos++
		r.state = stateLog
		return nil
	}
}

// kindOf maps the first byte of a JSON value to its jsontext kind byte.
func kindOf(c byte) byte {
	switch {
	case c == '-' || c >= '0' && c <= '9':
		return '0'
	case c == '{' || c == '[' || c == '"' || c == 't' || c == 'f' || c == 'n':
		return c
	}
	return 0
}

// memberName reads an object member's name and the colon after it.
func (r *Reader) memberName() (string, error) {
	sc := r.sc
	c, ok := sc.peek()
	if !ok {
		return "", r.scanError(errScanEOF)
	}
	if c != '"' {
		return "", r.unexpected("a member name")
	}
	sc.mark = sc.pos
	if err := sc.skipString(); err != nil {
		sc.mark = -1
		return "", r.scanError(err)
	}
	raw := sc.buf[sc.mark:sc.pos]
	sc.mark = -1
	name, ok := rawString(raw)
	if !ok {
		return "", r.errorf(sc.offset(sc.pos-len(raw)), fmt.Errorf("invalid member name %s", raw))
	}
	c, ok = sc.peek()
	if !ok {
		return "", r.scanError(errScanEOF)
	}
	if c != ':' {
		return "", r.unexpected("':' after a member name")
	}
	sc.pos++
	return name, nil
}

// rawValue scans the next value and returns its bytes (valid until the
// next scan) and offset, without tokenising it.
func (r *Reader) rawValue() ([]byte, int64, error) {
	sc := r.sc
	if _, ok := sc.peek(); !ok {
		return nil, 0, r.scanError(errScanEOF)
	}
	sc.mark = sc.pos
	var err error
	r.stack, err = sc.walk(walkOpts{}, r.stack)
	if err != nil {
		sc.mark = -1
		return nil, 0, r.scanError(err)
	}
	v := sc.buf[sc.mark:sc.pos]
	off := sc.offset(sc.mark)
	sc.mark = -1
	return v, off, nil
}

// readLogMembers reads members of log until log.entries opens (false) or
// the log object and the top-level object end (true).
func (r *Reader) readLogMembers() (bool, error) {
	sc := r.sc
	for {
		c, ok := sc.peek()
		if !ok {
			return false, r.scanError(errScanEOF)
		}
		if c == '}' {
			sc.pos++ // end of log
			if !r.entries {
				r.warnings = append(r.warnings, Warning{Entry: -1, Offset: sc.offset(sc.pos), Field: "log.entries", Msg: "missing; the file has no entries"})
			}
			// The rest of the top-level object is not ours to read, but
			// it must be there: a file cut after log is still cut.
			for {
				c, ok := sc.peek()
				if !ok {
					return false, r.scanError(errScanEOF)
				}
				if c == '}' {
					sc.pos++
					return true, nil
				}
				if c != ',' {
					return false, r.unexpected("',' or '}' after an object member")
				}
				sc.pos++
				if _, err := r.memberName(); err != nil {
					return false, err
				}
				if _, _, err := r.rawValue(); err != nil {
					return false, err
				}
			}
		}
		if r.afterMember {
			if c != ',' {
				return false, r.unexpected("',' or '}' after an object member")
			}
			sc.pos++
		}
		r.afterMember = true
		name, err := r.memberName()
		if err != nil {
			return false, err
		}
		if name == "entries" {
			r.entries = true
			c, ok := sc.peek()
			if !ok {
				return false, r.scanError(errScanEOF)
			}
			if c == '[' {
				sc.pos++
				r.state = stateEntries
				r.afterEntry = false
				return false, nil
			}
		}
		v, off, err := r.rawValue()
		if err != nil {
			return false, err
		}
		err = r.parse(-1, &r.warnings, v, off, nil, false, func(p *parser) error {
			switch name {
			case "entries":
				return p.skipOrWarn("log.entries", "array")
			case "version":
				var err error
				r.log.Version, err = p.str("log.version")
				return err
			case "creator":
				return p.creator("log.creator", &r.log.Creator)
			case "browser":
				if p.d.PeekKind() == 'n' {
					_, err := p.d.ReadToken()
					if err != nil {
						return p.fail(err)
					}
					return nil
				}
				r.log.Browser = new(Creator)
				return p.creator("log.browser", r.log.Browser)
			case "pages":
				return p.array("log.pages", func(i int) error {
					var pg Page
					if err := p.page(fmt.Sprintf("log.pages[%d]", i), &pg); err != nil {
						return err
					}
					r.log.Pages = append(r.log.Pages, pg)
					return nil
				})
			case "comment":
				var err error
				r.log.Comment, err = p.str("log.comment")
				return err
			default:
				return p.custom(name, &r.log.Custom)
			}
		})
		if err != nil {
			return false, err
		}
	}
}

// item is what the scanner found next in log.entries.
type item struct {
	kind    itemKind
	data    []byte // the entry (bodies cut out) or other value, owned
	off     int64  // its offset in the input
	cuts    []cut
	err     error // itemError: the error; itemEntry: the entry does not end
	errOff  int64 // where err is
	readErr bool  // err is the input's read error (not its end, nor a truncation)

	valid   bool         // the walk found the entry valid JSON (when spanned)
	spanned bool         // spans were recorded, for a skim
	spans   [nSpans]span // where the skim fields are in data
}

type itemKind int

const (
	itemEntry itemKind = iota
	itemOther          // a value that is not an object
	itemEnd            // the end of log.entries
	itemError          // a structural error between entries
)

// scanItem frames the next item of log.entries into it (reused, its
// buffers kept; nil: a new item). It touches only the scanner and its
// own state, so it can run on another goroutine while the previous entry
// is tokenised; it never reads what the consumer writes (index,
// warnings, log).
func (r *Reader) scanItem(it *item) *item {
	sc := r.sc
	if it == nil {
		it = new(item)
	}
	*it = item{data: it.data[:0], cuts: it.cuts[:0]}
	for {
		c, ok := sc.peek()
		if !ok {
			it.kind, it.off, it.err = itemError, sc.offset(sc.pos), r.scanErr(errScanEOF)
			return it
		}
		if r.afterEntry {
			switch c {
			case ',':
				sc.pos++
				r.afterEntry = false
				continue
			case ']':
			default:
				it.kind, it.off, it.err = itemError, sc.offset(sc.pos), fmt.Errorf("invalid character %q, expected ',' or ']' after an entry", c)
				return it
			}
		}
		switch c {
		case ']':
			sc.pos++
			it.kind = itemEnd
			return it
		case '{':
			r.afterEntry = true
			r.frameEntry(it)
			return it
		default:
			sc.mark = sc.pos
			var err error
			r.stack, err = sc.walk(walkOpts{}, r.stack)
			it.off = sc.offset(sc.mark)
			if err != nil {
				it.kind, it.err = itemError, r.scanErr(err)
				it.off = sc.offset(sc.pos)
			} else {
				it.kind = itemOther
				it.data = append(it.data, sc.buf[sc.mark:sc.pos]...)
			}
			sc.mark = -1
			r.afterEntry = true
			return it
		}
	}
}

// scanErr adds a read error of the input to a scanning error.
func (r *Reader) scanErr(err error) error {
	if r.sc.err != nil {
		return fmt.Errorf("reading input: %w", r.sc.err)
	}
	return err
}

// frameEntry scans the entry at pos into it: its bytes, bodies (and in
// lean mode the skipped values) cut out.
func (r *Reader) frameEntry(it *item) {
	sc := r.sc
	sc.mark = sc.pos
	it.off = sc.offset(sc.pos)
	r.bodies = r.bodies[:0]
	o := walkOpts{cuts: &r.bodies, lean: r.Lean}
	it.valid = false
	if r.Want != nil {
		it.spanned = true
		it.spans = [nSpans]span{}
		o.spans, o.valid = &it.spans, &it.valid
	}
	var err error
	r.stack, err = sc.walk(o, r.stack)
	raw := sc.buf[sc.mark:sc.pos]
	if err != nil {
		it.data = append(it.data, raw...)
		it.err, it.errOff = r.scanErr(err), sc.offset(sc.pos)
		it.readErr = sc.err != nil && !errors.Is(sc.err, io.ErrUnexpectedEOF)
		sc.mark = -1
		return
	}
	// A value lean mode drops must still be valid JSON: if it is not, it
	// stays in and the careful tokenizer says what is wrong, and where.
	// With Bodies, bodies stay in.
	r.bodies = slices.DeleteFunc(r.bodies, func(e elision) bool {
		if !e.null {
			return r.Bodies
		}
		return !it.valid && !jsontext.Value(raw[e.start:e.end]).IsValid(decodeOptions...)
	})
	// Cut the bodies out: jsontext then tokenises only the rest.
	prev := 0
	for _, b := range r.bodies {
		it.data = append(it.data, raw[prev:b.start]...)
		repl := `""`
		if b.null {
			repl = "null"
		}
		it.cuts = append(it.cuts, cut{at: int64(len(it.data)), removed: int64(b.end - b.start - len(repl)), textLen: b.end - b.start - 2})
		it.data = append(it.data, repl...)
		prev = b.end
	}
	it.data = append(it.data, raw[prev:]...)
	sc.mark = -1
	if it.spanned {
		// Move the spans to where their bytes are once the cuts are
		// made; a span a cut falls inside is not used.
		for i := range it.spans {
			sp := &it.spans[i]
			if sp.n == 0 {
				continue
			}
			shift := 0
			for _, b := range r.bodies {
				repl := 2
				if b.null {
					repl = 4
				}
				switch {
				case b.end <= sp.start:
					shift += b.end - b.start - repl
				case b.start < sp.end:
					sp.n = 2 // overlaps a cut: leave it to the careful parser
				}
			}
			sp.start -= shift
			sp.end -= shift
		}
	}
}

// aheadBatch is how many items a framing goroutine frames: enough that
// handing them over costs little, few enough to hold little memory.
const aheadBatch = 256

// scanBatch frames up to len(items) items into items, stopping after
// one that is not an entry; it returns those it framed.
func (r *Reader) scanBatch(items []*item) []*item {
	for i, it := range items {
		r.scanItem(it)
		if it.kind != itemEntry || it.err != nil {
			return items[:i+1]
		}
	}
	return items
}

// takeAhead returns the next item framed ahead, waiting for it, or nil.
func (r *Reader) takeAhead() *item {
	if len(r.queue) == 0 {
		r.settle()
	}
	if len(r.queue) == 0 {
		return nil
	}
	it := r.queue[0]
	r.queue = r.queue[1:]
	return it
}

// settle waits for the items being framed ahead, if any, keeping them:
// after it no other goroutine touches the input.
func (r *Reader) settle() {
	if r.ahead != nil {
		r.queue = append(r.queue, <-r.ahead...)
		r.ahead = nil
	}
}

// spare returns an item to frame the next one into: a used one when
// there is one, so that its buffers are reused.
func (r *Reader) spare() *item {
	if n := len(r.free); n > 0 {
		it := r.free[n-1]
		r.free = r.free[:n-1]
		return it
	}
	return &item{data: make([]byte, 0, 4<<10)}
}

// recycle keeps an item, done with, for a later one.
func (r *Reader) recycle(it *item) {
	if len(r.free) < 2*aheadBatch {
		r.free = append(r.free, it)
	}
}

// parseEntry parses raw entry bytes only for their error (the careful
// path for an entry the scanner could not finish).
func (r *Reader) parseEntry(raw []byte, off int64, cuts []cut) error {
	_, err := r.parseEntryData(raw, off, cuts, false)
	return err
}

// parseEntryData parses the entry r.index from data (bodies cut out as
// cuts say), at input offset off. With skim it builds only the fields
// [Reader.Want] documents and validates the rest with SkipValue.
func (r *Reader) parseEntryData(data []byte, off int64, cuts []cut, skim bool) (*Entry, error) {
	e := newEntry(r.index, off)
	e.Skimmed = skim
	err := r.parse(r.index, &e.Warnings, data, off, cuts, skim, func(p *parser) error {
		return p.object("", func(name string) error {
			if skim && !skimEntryMember(name) {
				return p.skip()
			}
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
				return p.request(&e.Request)
			case "response":
				return p.response(&e.Response)
			case "timings":
				return p.timings(&e.Timings)
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
				return p.skip()
			default:
				return p.custom(name, &e.Custom)
			}
		})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// entryDone records an entry returned by Next.
func (r *Reader) entryDone(e *Entry) {
	if e.PageRef != "" {
		if r.pagerefs == nil {
			r.pagerefs = make(map[string]int)
		}
		if _, ok := r.pagerefs[e.PageRef]; !ok {
			r.pagerefs[e.PageRef] = e.Index
		}
	}
	r.index++
}

// skimEntryMember reports whether a skim reads the entry member name.
func skimEntryMember(name string) bool {
	switch name {
	case "pageref", "startedDateTime", "request", "response", "_resourceType", "_fetchType", "_initiator":
		return true
	}
	return false
}

// hashingReader hashes and counts every byte read through it. It reads
// ahead in chunks and hashes them on another goroutine while the caller
// parses them, so that SHA-256 costs (almost) no time on the parsing
// core. Up to hashChunks chunks may be read ahead of the hash; the
// hashing goroutine exits whenever it has caught up, so none outlives
// its use, and sum waits for it.
type hashingReader struct {
	r       io.Reader
	h       hash.Hash
	n       int64
	cur     *chunk // the chunk being served
	pending []byte // its bytes not yet returned
	err     error  // from the last read, returned once pending is empty
	free    chan *chunk
	made    int

	mu      sync.Mutex
	queue   []*chunk // read, not yet hashed
	running bool     // a hashing goroutine is at work
	wg      sync.WaitGroup
}

// chunk is a buffer the reader serves from while the hash reads it; it
// is free again once both are done (refs reaches zero).
type chunk struct {
	buf  []byte
	n    int
	refs atomic.Int32
}

const (
	hashChunk  = 512 << 10
	hashChunks = 8
)

func (h *hashingReader) Read(p []byte) (int, error) {
	if len(h.pending) == 0 {
		if h.cur != nil {
			h.release(h.cur)
			h.cur = nil
		}
		if h.err != nil {
			return 0, h.err
		}
		c := h.chunk()
		n, err := h.r.Read(c.buf)
		h.err = err
		if n == 0 {
			h.free <- c
			return 0, err
		}
		h.n += int64(n)
		c.n = n
		c.refs.Store(2)
		h.submit(c)
		h.cur, h.pending = c, c.buf[:n]
	}
	n := copy(p, h.pending)
	h.pending = h.pending[n:]
	return n, nil
}

// chunk returns a free chunk, waiting for the hash to free one when all
// are in use.
func (h *hashingReader) chunk() *chunk {
	if h.free == nil {
		h.free = make(chan *chunk, hashChunks)
	}
	select {
	case c := <-h.free:
		return c
	default:
	}
	if h.made < hashChunks {
		h.made++
		return &chunk{buf: make([]byte, hashChunk)}
	}
	return <-h.free
}

func (h *hashingReader) release(c *chunk) {
	if c.refs.Add(-1) == 0 {
		h.free <- c
	}
}

// submit queues a chunk for hashing, starting a hashing goroutine if
// none is at work.
func (h *hashingReader) submit(c *chunk) {
	h.mu.Lock()
	h.queue = append(h.queue, c)
	if !h.running {
		h.running = true
		h.wg.Add(1)
		go h.hashQueued()
	}
	h.mu.Unlock()
}

func (h *hashingReader) hashQueued() {
	defer h.wg.Done()
	for {
		h.mu.Lock()
		if len(h.queue) == 0 {
			h.running = false
			h.mu.Unlock()
			return
		}
		c := h.queue[0]
		h.queue = h.queue[1:]
		h.mu.Unlock()
		h.h.Write(c.buf[:c.n])
		h.release(c)
	}
}

// sum returns the digest of everything read.
func (h *hashingReader) sum() []byte {
	h.wg.Wait()
	return h.h.Sum(nil)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// SkipFraming reads what may come before a HAR file's JSON, as a [Reader]
// accepts it: a UTF-8 byte-order mark, white space and a JSONP wrapper's
// "name(". It leaves br at the opening brace and returns how many bytes
// it read; input that does not reach a brace gives [ErrNotHAR]. (A tool
// that rewrites a capture byte for byte, such as har/redact, copies
// those bytes as they are.)
func SkipFraming(br *bufio.Reader) (int64, error) { return skipFraming(br) }

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
