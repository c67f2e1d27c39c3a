package har

// A maintainer's note: how a Reader reads.
//
// The stages, in the order the bytes pass through them, a file each:
//
//	hash.go    the input as given, read ahead by a goroutine that also
//	           counts and hashes it (SHA-256): an aheadReader (ahead.go),
//	           which lends its chunks to the scanner (Chunk), so that
//	           the input is read where it is rather than copied again
//	prefix.go  gzip, known by its magic bytes, decompressed ahead by a
//	           second aheadReader; then a BOM, white space and a JSONP
//	           wrapper skipped
//	jsonscan   (internal/jsonscan) the scanner: finds where each JSON
//	           value ends without tokenising it, and cuts out and
//	           locates what schema.go names (bodies, lean values, the
//	           skim fields); shortens, as it reads them, strings longer
//	           than MaxValue (long.go says how, and words the warnings)
//	top.go     the object around log, and log's members but entries
//	framer.go  each item of log.entries copied out, bodies cut out (but
//	           an entry skimmed and refused, which is read no more); in
//	           batches framed ahead on a goroutine once a file has
//	           enough entries to pay for it
//	skim.go    with Want: each entry judged as it is framed, on the
//	           framing goroutine (WantURL, then the skim fields read from
//	           their bytes and Want); when that gives way, the entry read
//	           in full and trimmed by the caller's goroutine
//	parse.go   jsontext tokenises what is left into the model; warnings
//	           and errors name the byte in the file
//
// This file holds the API and the state machine (Reader.next) that
// drives them: stateStart, then stateLog (top.go) and stateEntries
// (framer, skim, parser) in turn, then stateDone.
//
// The goroutines, and what each owns:
//
//   - The caller's (Next, Size, SHA256): the Reader, the framer, the
//     parser, and the scanner whenever no batch is being framed.
//   - Framing, while a batch is out (framer.ahead): the entryScanner,
//     and through it the scanner, the decompressed input and the
//     skimmer (which calls Want and WantURL); it is given nothing else.
//     framer.settle waits for it and takes them back: the caller's
//     goroutine calls Want only after it, so never two at once.
//   - Decompressing (a .har.gz only): the gzip reader and the reading
//     side of the hashed input; aheadReader.pause stops it.
//   - Reading and hashing: the source, the SHA-256 state and the byte
//     count; hashedInput.size and sum pause it first.
//
// Reader.pause stops framing and decompressing; finish then drains the
// input, so that Size and SHA256 cover the whole file.
//
// Each shortcut is pinned to the careful path it stands for by tests:
//
//   - fast skim = full read, trimmed: TestSkimCorpus, TestSkimOddities
//     and FuzzSkim (compareSkim); TestSkimFastPath, that the fast path
//     is taken on an ordinary capture; TestWantAhead, that judging
//     ahead keeps Want's contract;
//   - lean = full read less what it skips: TestReaderLean, FuzzReader;
//   - read ahead = read directly: TestAheadReader, TestAheadReaderDrain,
//     TestAheadReaderDropped; chunks lent = read: TestAheadReaderChunk,
//     TestChunkedWalks, FuzzWalk and FuzzLong (internal/jsonscan),
//     TestReaderLendsChunks; .har.gz = plain: TestGzipMembers,
//     TestCorpus, TestTruncation;
//   - the walk = jsontext on the same bytes, whole = a byte at a time:
//     FuzzWalk; each byte-level helper = a plain reference: the other
//     fuzzers of internal/jsonscan;
//   - the entries before a cut or damage = a full read's: TestTruncation,
//     TestWriterStreaming; the corpus = its SOURCES.md (entries, pages,
//     SHA-256): TestCorpus, TestCorpusWarnings;
//   - a long string shortened as read = the rule applied to it whole,
//     whatever the sizes of the reads, its digest that of the whole:
//     FuzzLong, TestLongStrings; offsets after it the file's, in every
//     mode: TestLongValues; a body never held: TestGzipBomb.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/har/internal/jsonscan"
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
	// response cookies and timings (left empty, and -1), and
	// request.queryString when it follows a request.url that has a query
	// (text after "?", before any "#"): the URL is the record of what was
	// sent, and the array a copy of its query, decoded. Off by default.
	Lean bool
	// Want, when set, makes the reader skim: it reads of each entry only
	// what says what the entry is — Index, Offset, PageRef,
	// StartedDateTime, Request.Method, Request.URL, the Request.Headers
	// SkimHeaders names, Request.Cookies (Name and Value),
	// Response.Status, Response.Content.MimeType and the _resourceType,
	// _fetchType and _initiator fields — checks that the rest is
	// well-formed JSON without building it, and asks Want. Want (like
	// WantURL) is asked about an entry at most once, never while it is
	// asked about another, but maybe on a goroutine of the Reader's, and
	// ahead: entries are framed, skimmed and judged on another core while
	// the code that called Next goes on. So it must judge each entry by
	// itself, and use nothing that code changes. An
	// entry Want accepts is then read in full, as without Want; any other
	// is returned as skimmed ([Entry.Skimmed] is set, the fields above
	// hold their values, the rest are zero or -1, and Warnings covers
	// only the fields read). A syntax error anywhere in an entry stops
	// the reader exactly as without Want.
	Want func(*Entry) bool

	// WantURL, when set with Want, says from an entry's URL alone that
	// Want accepts it, whatever else it holds: such an entry is read in
	// full at once, without the skim Want would be asked about. It must
	// never say yes to an entry Want would refuse.
	WantURL func(url string) bool
	// SkimHeaders names the request headers a skimmed entry keeps
	// (compared case-insensitively); nil keeps Cookie, Referer, Origin,
	// Content-Type, Sec-Fetch-Dest, Sec-Fetch-Mode, Sec-Fetch-Site and
	// Sec-Fetch-User.
	SkimHeaders []string

	src io.Reader    // the input as given
	in  *hashedInput // the input as given, hashed
	gz  *aheadReader // its decompression, for a .har.gz
	sc  *jsonscan.Scanner
	fr  *framer

	// Reused between entries.
	dec     *jsontext.Decoder
	br      bytes.Reader
	fast    validTokens // reads the entries the framer found valid
	nvs     []NameValue // a header or query array being read
	vals    [9][]byte   // jsonscan.ObjectsPrefix's scratch (arrayAtOnce)
	cookies []Cookie    // a cookie array being read
	// arraysAtOnce counts the arrays arrayAtOnce read (tests check that
	// ordinary entries' are).
	arraysAtOnce int
	// careful reads every entry with dec (tests compare the two).
	careful bool

	log      Log
	warnings []Warning
	pagerefs map[string]int // pageref → first entry using it
	state    state
	index    int
	err      error // sticky
	entries  bool  // log.entries was seen

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
	r.pause()
	if r.in == nil {
		return 0
	}
	return r.in.size()
}

// SHA256 returns the lower-case hex SHA-256 of the input bytes exactly as
// given (before decompression). It is computed while streaming and is
// complete once [Reader.Next] has returned an error (io.EOF included): the
// reader then consumes the rest of the input, so the digest always covers
// the whole file.
func (r *Reader) SHA256() string {
	r.pause()
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

// ReadAll reads the remaining entries into memory, as [Reader.Next]
// reads them, with the Reader's settings (Name, Bodies, …); prefer Next
// for large files. At the end of the file it returns them and nil; on a
// *[ParseError], the entries before it and the error. [Reader.Log] then
// holds the file's metadata.
func (r *Reader) ReadAll() ([]*Entry, error) {
	var es []*Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			return es, nil
		}
		if err != nil {
			return es, err
		}
		es = append(es, e)
	}
}

// pause waits for the goroutines that frame and decompress ahead: after
// it, until the next read, only the hashing reader's (see hash.go)
// touches the input as given.
func (r *Reader) pause() {
	if r.fr != nil {
		r.fr.settle()
	}
	if r.gz != nil {
		r.gz.pause()
	}
}

// finish drains the input so that Size and SHA256 cover the whole file,
// and runs the checks that need the whole file.
func (r *Reader) finish() {
	r.pause()
	if r.in != nil {
		r.in.drain()
	}
	r.danglingPagerefs()
}

func (r *Reader) errorf(offset int64, err error) error {
	entry := -1
	if r.state == stateEntries {
		entry = r.index
	}
	return &ParseError{File: r.Name, Entry: entry, Offset: offset, Err: err}
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
			it := r.fr.next()
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
				r.fr.recycle(it)
				continue
			}
			if it.err != nil {
				// The entry does not end: let the careful tokenizer say
				// where; if it cannot, the scanner's error stands.
				if _, err := r.parseEntry(it.data, it.off, nil, false); err != nil {
					// If the input could not be read on (a damaged
					// .har.gz, an I/O error), that is the cause, not a
					// truncated file.
					if it.readErr && errors.Is(err, jsonscan.ErrEOF) {
						return nil, r.errorf(it.errOff, it.err)
					}
					return nil, err
				}
				return nil, r.errorf(it.errOff, it.err)
			}
			e, err := r.entry(it)
			if err == nil {
				r.entryDone(e)
			}
			r.fr.recycle(it)
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
	r.in = newHashedInput(r.src)
	in, gz, err := decompress(r.in)
	r.gz = gz
	if err != nil {
		return r.errorf(0, err)
	}
	r.sc = jsonscan.NewScanner(in)
	r.sc.Long = longRule
	scan := &entryScanner{sc: r.sc, schema: entrySchema, spans: r.Want != nil, bodies: r.Bodies, skim: newSkimmer(r)}
	if r.Lean {
		scan.schema = leanEntrySchema
	}
	r.fr = newFramer(scan)
	if err := skipPrefix(r.sc); err != nil {
		return r.errorf(r.sc.Offset(), err)
	}
	return r.startLog()
}

// entry parses the entry framed in it: in full, or, with Want, skimmed,
// and then in full if Want accepts it. Either way its warnings include
// those of the long values the scanner shortened (long.go).
func (r *Reader) entry(it *item) (*Entry, error) {
	e, err := r.entryRead(it)
	if err == nil && len(it.long) > 0 {
		for _, w := range it.long {
			w.Entry = r.index
			e.Warnings = append(e.Warnings, w)
		}
	}
	return e, err
}

func (r *Reader) entryRead(it *item) (*Entry, error) {
	if r.fr.scan.skim == nil {
		return r.parseEntry(it.data, it.off, it.cuts, it.valid)
	}
	if it.decided {
		// The goroutine that framed the entry skimmed it, and asked
		// Want (skimmer.decide).
		if it.want {
			return r.parseEntry(it.data, it.off, it.cuts, it.valid)
		}
		return it.skimmed, nil
	}
	// The fast skim gave way: read in full, and trim. Want is asked
	// here, once no other goroutine frames ahead, so that it is never
	// called twice at once.
	full, err := r.parseEntry(it.data, it.off, it.cuts, it.valid)
	if err != nil {
		return nil, err
	}
	r.fr.settle()
	if e := r.skimOf(full); !r.fr.scan.skim.want(e) {
		return e, nil
	}
	return full, nil
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
