package har

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/har/internal/jsonscan"
)

// Framing: the stage between the scanner and the parser. It finds each
// item of log.entries in the input and copies it out, response bodies
// cut out, so that the parser tokenises only what it reads.
//
// Two types draw the line between goroutines:
//
//   - entryScanner holds the scanner and what framing one item after
//     another needs. One goroutine at a time owns it: the one that
//     called [Reader.Next], or, while a batch is framed ahead, the
//     goroutine framing it, which is given the entryScanner and the
//     batch's items and nothing else.
//   - framer is the consumer's side: the items framed ahead and not yet
//     taken, the items done with (their buffers are reused), and the
//     channel a batch comes back on. Only the consumer touches it.
//
// A batch is framed ahead only once a file has shown enough entries to
// pay for a goroutine and its items: a small file is framed inline.

// item is what the scanner found next in log.entries.
type item struct {
	kind    itemKind
	data    []byte // the entry (bodies cut out) or other value, owned
	off     int64  // its offset in the input
	cuts    []cut
	err     error // itemError: the error; itemEntry: the entry does not end
	errOff  int64 // where err is
	readErr bool  // err is the input's read error (not its end, nor a truncation)

	long    []Warning             // for the values the scanner shortened (Entry not set)
	valid   bool                  // the walk found the entry valid JSON (when spanned)
	spanned bool                  // spans were recorded, for a skim
	spans   [nSpans]jsonscan.Span // where the skim fields are in data

	// With Want, what the goroutine that framed the entry decided
	// (skimmer.decide).
	decided bool   // want or skimmed says what becomes of the entry
	want    bool   // Want accepts it: it is read in full
	skimmed *Entry // Want refuses it: the entry, skimmed
}

type itemKind int

const (
	itemEntry itemKind = iota
	itemOther          // a value that is not an object
	itemEnd            // the end of log.entries
	itemError          // a structural error between entries
)

// entryScanner frames items of log.entries from the scanner.
type entryScanner struct {
	sc         *jsonscan.Scanner
	schema     *jsonscan.Schema // entrySchema or leanEntrySchema
	spans      bool             // locate the skim fields and check the grammar
	bodies     bool             // leave response bodies in
	walk       jsonscan.Walk    // reused
	afterEntry bool             // an item was framed: ',' or ']' comes next
	skim       *skimmer         // with Want: decides each entry as it is framed
	index      int              // the index of the next entry (or other item)
}

// item frames the next item of log.entries into it (reused, its buffers
// kept; nil: a new item).
func (s *entryScanner) item(it *item) *item {
	sc := s.sc
	if it == nil {
		it = new(item)
	}
	*it = item{data: it.data[:0], cuts: it.cuts[:0], long: it.long[:0]}
	for {
		c, ok := sc.Peek()
		if !ok {
			it.kind, it.off, it.err = itemError, sc.Offset(), s.readErr(jsonscan.ErrEOF)
			return it
		}
		if s.afterEntry {
			switch c {
			case ',':
				sc.Skip(1)
				s.afterEntry = false
				continue
			case ']':
			default:
				it.kind, it.off, it.err = itemError, sc.Offset(), fmt.Errorf("invalid character %q, expected ',' or ']' after an entry", c)
				return it
			}
		}
		switch c {
		case ']':
			sc.Skip(1)
			it.kind = itemEnd
			return it
		case '{':
			s.afterEntry = true
			s.entry(it)
			if it.err == nil {
				s.index++
			}
			return it
		default:
			it.off = sc.Offset()
			raw, err := sc.Walk(nil)
			if err != nil {
				it.kind, it.err = itemError, s.readErr(err)
				it.off = sc.Offset()
			} else {
				it.kind = itemOther
				it.data = append(it.data, raw...)
				s.index++
			}
			s.afterEntry = true
			return it
		}
	}
}

// readErr puts the input's read error, if there is one, in place of a
// scanning error.
func (s *entryScanner) readErr(err error) error {
	if s.sc.Err() != nil {
		return fmt.Errorf("reading input: %w", s.sc.Err())
	}
	return err
}

// entry frames the entry at the scanner into it: its bytes, bodies (and
// in lean mode the skipped values) cut out.
func (s *entryScanner) entry(it *item) {
	sc := s.sc
	it.off = sc.Offset()
	w := &s.walk
	w.Schema, w.Check, w.Spans = s.schema, s.spans, nil
	if s.spans {
		it.spanned = true
		w.Spans = it.spans[:]
	}
	raw, err := sc.Walk(w)
	it.valid = w.Valid
	if err != nil {
		it.data = append(it.data, raw...)
		it.err, it.errOff = s.readErr(err), sc.Offset()
		it.readErr = sc.Err() != nil && !errors.Is(sc.Err(), io.ErrUnexpectedEOF)
		return
	}
	// A value lean mode drops must still be valid JSON: if it is not, it
	// stays in and the careful tokenizer says what is wrong, and where.
	// With Bodies, bodies stay in.
	cuts := slices.DeleteFunc(w.Cuts, func(c jsonscan.Cut) bool {
		if !c.Null {
			return s.bodies
		}
		return !it.valid && !jsontext.Value(raw[c.Start:c.End]).IsValid(decodeOptions...)
	})
	shs := sc.Shortened
	if len(shs) > 0 {
		at := make([]int, len(shs))
		inBody := make([]bool, len(shs))
		for i, sh := range shs {
			at[i] = sh.Start
			inBody[i] = slices.ContainsFunc(cuts, func(c jsonscan.Cut) bool { return !c.Null && c.Start == sh.Start })
		}
		it.long = longWarnings("", raw, it.off, shs, at, inBody)
	}
	if s.skim != nil && s.judge(it, raw, cuts) {
		return // skimmed and refused: its bytes are not needed
	}
	// Cut the bodies out: jsontext then tokenises only the rest. Long
	// values the scanner shortened (long.go) are cut already: their
	// marks say how many bytes of the input each marker stands for.
	var marks []jsonscan.Mark
	for _, sh := range shs {
		marks = append(marks, sh.Marks...)
	}
	mi := 0
	size := len(raw)
	for _, c := range cuts {
		size -= c.End - c.Start - len(replacement(c))
	}
	it.data = slices.Grow(it.data, size)
	prev, shift := 0, 0
	// marksTo records the marks before raw[end]: their markers are in
	// place, standing for more bytes of the input.
	marksTo := func(end int) {
		for ; mi < len(marks) && marks[mi].At < end; mi++ {
			it.cuts = append(it.cuts, cut{at: int64(marks[mi].At - shift), removed: marks[mi].Raw - int64(marks[mi].Len), mark: true})
		}
	}
	for _, c := range cuts {
		marksTo(c.Start)
		it.data = append(it.data, raw[prev:c.Start]...)
		repl := replacement(c)
		// What the marks inside the value cut out stood for.
		var inside int64
		for ; mi < len(marks) && marks[mi].At < c.End; mi++ {
			inside += marks[mi].Raw - int64(marks[mi].Len)
		}
		it.cuts = append(it.cuts, cut{at: int64(len(it.data)), removed: int64(c.End-c.Start-len(repl)) + inside, textLen: c.End - c.Start - 2 + int(inside)})
		it.data = append(it.data, repl...)
		shift += c.End - c.Start - len(repl)
		prev = c.End
	}
	marksTo(len(raw))
	it.data = append(it.data, raw[prev:]...)
	if it.spanned {
		// Move the spans to where their bytes are once the cuts are
		// made; a span a cut falls inside is not used.
		for i := range it.spans {
			shiftSpan(&it.spans[i], cuts)
		}
	}
}

// shiftSpan moves sp to where its bytes are once cuts are made, or marks
// it as not to be used (N = 2, as a member twice is) when a cut falls
// inside it.
func shiftSpan(sp *jsonscan.Span, cuts []jsonscan.Cut) {
	if sp.N == 0 {
		return
	}
	shift := 0
	for _, c := range cuts {
		switch {
		case c.End <= sp.Start:
			shift += c.End - c.Start - len(replacement(c))
		case c.Start < sp.End:
			sp.N = 2 // overlaps a cut: leave it to the careful parser
		}
	}
	sp.Start -= shift
	sp.End -= shift
}

// judge has the skimmer decide about the entry framed in it, whose bytes
// are raw before cuts are made, and reports whether it was skimmed and
// refused: then nothing of it is read again, and its bytes need not be
// copied out. The skim reads the fields from raw where they stand,
// which are the bytes it would read once the cuts are made (a field a
// cut falls inside is not read).
func (s *entryScanner) judge(it *item, raw []byte, cuts []jsonscan.Cut) bool {
	if !it.spanned {
		return false
	}
	located := it.spans
	for i := range it.spans {
		sp := &it.spans[i]
		if sp.N != 0 {
			// Where the span stands in raw: not moved, but refused
			// when a cut falls inside it.
			start, end := sp.Start, sp.End
			shiftSpan(sp, cuts)
			sp.Start, sp.End = start, end
		}
	}
	owned := it.data
	it.data = raw
	s.skim.decide(it, s.index)
	it.data, it.spans = owned, located
	return it.decided && !it.want
}

// replacement is what stands in an entry's bytes for a value cut out.
func replacement(c jsonscan.Cut) string {
	if c.Null {
		return "null"
	}
	return `""`
}

// batch frames up to len(items) items into items, stopping after one
// that is not an entry; it returns those it framed. It runs on the
// goroutine framing ahead.
func (s *entryScanner) batch(items []*item) []*item {
	for i, it := range items {
		s.item(it)
		if it.kind != itemEntry || it.err != nil {
			return items[:i+1]
		}
	}
	return items
}

// Framing ahead: after inlineEntries entries framed inline, batches of
// firstBatch items, doubling up to aheadBatch: enough that handing them
// over costs little, few enough to hold little memory.
const (
	inlineEntries = 16
	firstBatch    = 16
	aheadBatch    = 256
)

// framer hands out the items of log.entries in order, framing the next
// ones on another goroutine while the consumer parses these.
type framer struct {
	scan  *entryScanner
	done  chan []*item // a batch framed ahead comes back here
	ahead bool         // a batch is being framed: scan is not ours
	items []*item      // the slice a batch is framed into, reused
	queue []*item      // framed; those from head on not yet taken
	head  int
	free  []*item // done with, for reuse
	taken int     // items taken so far
	batch int     // the size of the next batch
}

func newFramer(scan *entryScanner) *framer {
	return &framer{scan: scan, batch: firstBatch}
}

// next returns the next item of log.entries.
func (f *framer) next() *item {
	if f.head == len(f.queue) {
		f.settle()
	}
	var it *item
	if f.head < len(f.queue) {
		it = f.queue[f.head]
		f.head++
	} else {
		it = f.scan.item(f.spare())
	}
	f.taken++
	// Frame the next entries on another core while this one is
	// tokenised (the goroutine ends with its batch).
	last := it // the last item framed
	if f.head < len(f.queue) {
		last = f.queue[len(f.queue)-1]
	}
	if !f.ahead && f.taken >= inlineEntries && len(f.queue)-f.head < f.batch && last.kind == itemEntry && last.err == nil {
		if f.done == nil {
			f.done = make(chan []*item, 1)
		}
		f.items = f.items[:0]
		for range f.batch {
			f.items = append(f.items, f.spare())
		}
		f.ahead = true
		go func(s *entryScanner, items []*item, done chan<- []*item) {
			done <- s.batch(items)
		}(f.scan, f.items, f.done)
		f.batch = min(2*f.batch, aheadBatch)
	}
	return it
}

// settle waits for the batch being framed ahead, if any, and queues it:
// after it no other goroutine touches the scanner.
func (f *framer) settle() {
	if f.ahead {
		if f.head == len(f.queue) {
			f.queue, f.head = f.queue[:0], 0
		}
		f.queue = append(f.queue, <-f.done...)
		f.ahead = false
	}
}

// spare returns an item to frame the next one into: a used one when
// there is one, so that its buffers are reused.
func (f *framer) spare() *item {
	if n := len(f.free); n > 0 {
		it := f.free[n-1]
		f.free = f.free[:n-1]
		return it
	}
	return new(item)
}

// recycle keeps an item, done with, for a later one.
func (f *framer) recycle(it *item) {
	if len(f.free) < 2*aheadBatch {
		f.free = append(f.free, it)
	}
}
