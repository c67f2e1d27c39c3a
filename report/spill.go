package report

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// spill keeps decoded events in a temporary file, in their binary
// encoding, and in memory only what ordering, folding and visitor
// linking need of each: so that memory does not grow with the size of
// the captures (see [Options.Spill]).
type spill struct {
	f    *os.File
	name string // removed on close (already unlinked where the system allows)
	size int64  // bytes written
	recs []spillRec
	buf  []byte // what add encodes into

	strs     interner            // interned strings
	keyLists map[string][]string // interned visitor keys, by their joined text
	folded   map[int][]int       // record → the records folded into it (privacy-sandbox copies)

	// files[i] is the name and SHA-256 of the i-th input, for sources.
	files []fileKey
}

// spillRec is what memory keeps of one spilled event: some 100 bytes,
// its strings shared with other records (hosts and identifier keys repeat
// from event to event). Its index in spill.recs is its decode order, the
// last tie-break of the analysis order, as a stable sort keeps it.
type spillRec struct {
	off   int64
	n     int32
	file  int32 // index in spill.files
	entry int32
	kind  decode.Kind
	valid bool  // the time is known
	sec   int64 // the time, in Unix seconds
	nsec  int32 // and nanoseconds (UnixNano would overflow for years past 2262)
	host  string
	keys  []string // visitorKeys
	dup   [16]byte // digest of decode.DuplicateKey, when hasDup

	hasDup  bool
	generic bool // a generic third-party event, dropped if the host is first party
	dropped bool // folded into another event, or a first-party generic event
}

// time returns the record's event time, as the analysis has it (UTC).
func (r *spillRec) time() har.Time {
	if !r.valid {
		return har.Time{}
	}
	return har.Time{T: time.Unix(r.sec, int64(r.nsec)).UTC()}
}

// intern returns str, or an equal string met before.
func (s *spill) intern(str string) string { return s.strs.intern(str) }

// internKeys returns keys, or an equal list met before.
func (s *spill) internKeys(keys []string) []string {
	if len(keys) == 0 {
		return nil
	}
	j := strings.Join(keys, "\x00")
	if v, ok := s.keyLists[j]; ok {
		return v
	}
	for i, k := range keys {
		keys[i] = s.intern(k)
	}
	s.keyLists[j] = keys
	return keys
}

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "haruspex-spill-*.bin")
	if err != nil {
		return nil, fmt.Errorf("report: spilling events: %w", err)
	}
	s := &spill{f: f, name: f.Name(), strs: interner{}, keyLists: map[string][]string{}, folded: map[int][]int{}}
	// Where the system allows it the file goes away with the process,
	// whatever happens to it.
	if os.Remove(f.Name()) == nil {
		s.name = ""
	}
	return s, nil
}

// add writes an event and records it, for the input file numbered file.
func (s *spill) add(ev *decode.Event, file int, generic bool) error {
	var err error
	s.buf, err = ev.AppendBinary(s.buf[:0])
	if err != nil {
		return fmt.Errorf("report: spilling events: %w", err)
	}
	if _, err := s.f.Write(s.buf); err != nil {
		return fmt.Errorf("report: spilling events: %w", err)
	}
	// Strings are interned copies: those of a decoded event are often
	// cut from a whole URL, which they would keep in memory.
	src := firstSource(*ev)
	r := spillRec{off: s.size, n: int32(len(s.buf)), file: int32(file), entry: int32(src.Entry), kind: ev.Kind,
		host: s.intern(ev.Host), keys: s.internKeys(visitorKeys(ev)), generic: generic}
	if ev.Time.Valid() {
		r.valid, r.sec, r.nsec = true, ev.Time.T.Unix(), int32(ev.Time.T.Nanosecond())
	}
	if k, ok := decode.DuplicateKey(ev); ok {
		// A digest stands for the key: 16 bytes rather than the key's
		// hundred or so, for every event.
		sum := sha256.Sum256([]byte(k))
		r.dup, r.hasDup = [16]byte(sum[:16]), true
	}
	s.size += int64(len(s.buf))
	s.recs = append(s.recs, r)
	return nil
}

// finishFile does, for the records of one input (from index from on),
// what Analyze does to a file's events in memory: drop the first party's
// generic events, sort, fold privacy-sandbox copies into their
// originals, and set the SHA-256 of the sources.
func (s *spill) finishFile(from int, firstParty, sha string) {
	recs := s.recs[from:]
	var order []int
	for i := range recs {
		r := &recs[i]
		if r.generic && Domain(r.host) == firstParty {
			r.dropped = true
			continue
		}
		order = append(order, from+i)
	}
	slices.SortStableFunc(order, func(x, y int) int { return s.compare(x, y) })
	// As decode.FoldDuplicates: the first event with a key is the
	// original; later copies with the same key fold into it.
	originals := map[[16]byte]int{}
	for _, i := range order {
		if r := &s.recs[i]; r.kind == decode.KindEvent && r.hasDup {
			if _, seen := originals[r.dup]; !seen {
				originals[r.dup] = i
			}
		}
	}
	for _, i := range order {
		if r := &s.recs[i]; r.kind == decode.KindDuplicate && r.hasDup {
			if o, ok := originals[r.dup]; ok {
				s.folded[o] = append(s.folded[o], i)
				r.dropped = true
			}
		}
	}
}

// compare orders records as [SortEvents] orders events, decode order
// last.
func (s *spill) compare(x, y int) int {
	return cmp.Or(compareAt(s.recs[x].time(), s.source(x), s.recs[y].time(), s.source(y)), cmp.Compare(x, y))
}

// order returns the indexes of the records that are events of the
// analysis, in analysis order.
func (s *spill) order() []int {
	var out []int
	for i := range s.recs {
		if !s.recs[i].dropped {
			out = append(out, i)
		}
	}
	slices.SortFunc(out, s.compare)
	return out
}

// read returns the event of record i as the analysis has it: copies
// folded in, SHA-256 set, known personal data and sensitive content
// marked. It reads into *buf (grown as needed) and changes nothing else,
// so that reads with their own buffers may run at the same time.
func (s *spill) read(i int, a *Analysis, buf *[]byte) (decode.Event, error) {
	one := func(i int) (decode.Event, error) {
		r := &s.recs[i]
		if cap(*buf) < int(r.n) {
			*buf = make([]byte, r.n)
		}
		b := (*buf)[:r.n]
		if _, err := s.f.ReadAt(b, r.off); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return decode.Event{}, fmt.Errorf("report: reading spilled events: %w", err)
		}
		evs := make([]decode.Event, 1)
		if err := evs[0].UnmarshalBinary(b); err != nil {
			return decode.Event{}, fmt.Errorf("report: reading spilled events: %w", err)
		}
		f := s.files[r.file]
		decode.SetSHA256(evs, f.file, f.sha)
		return evs[0], nil
	}
	ev, err := one(i)
	if err != nil {
		return ev, err
	}
	if folded := s.folded[i]; len(folded) > 0 || s.recs[i].kind == decode.KindDuplicate {
		group := []decode.Event{ev}
		for _, j := range folded {
			d, err := one(j)
			if err != nil {
				return ev, err
			}
			group = append(group, d)
		}
		ev = decode.FoldDuplicates(group)[0]
	}
	if a.known != nil {
		a.known.Mark(&ev)
	}
	if a.Sensitive != nil {
		ev.Sensitive = SensitiveHits(&ev, a.Sensitive)
	}
	return ev, nil
}

// readAheadBatch is how many events the read-back goroutine hands over
// at a time: enough that handing over costs little.
const readAheadBatch = 32

// readBack yields the events of records recs, in that order, until yield
// returns false, or yields the first error and stops. A goroutine reads
// them (read, decode, fold, mark) a few batches ahead while the caller
// uses the ones before — on two cores, reading back and writing out then
// overlap. The goroutine has ended when readBack returns.
func (s *spill) readBack(recs []int, a *Analysis, yield func(*decode.Event, error) bool) {
	type batch struct {
		evs []decode.Event
		err error
	}
	ch := make(chan batch, 2)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(ch)
		var buf []byte
		for len(recs) > 0 {
			n := min(len(recs), readAheadBatch)
			b := batch{evs: make([]decode.Event, 0, n)}
			for _, i := range recs[:n] {
				ev, err := s.read(i, a, &buf)
				if err != nil {
					b.err = err
					break
				}
				b.evs = append(b.evs, ev)
			}
			recs = recs[n:]
			select {
			case ch <- b:
			case <-stop:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	defer func() {
		close(stop)
		<-done
	}()
	for b := range ch {
		for i := range b.evs {
			if !yield(&b.evs[i], nil) {
				return
			}
		}
		if b.err != nil {
			yield(nil, b.err)
			return
		}
	}
}

// source returns the first source of record i's event.
func (s *spill) source(i int) decode.Source {
	r := &s.recs[i]
	f := s.files[r.file]
	return decode.Source{File: f.file, SHA256: f.sha, Entry: int(r.entry)}
}

func (s *spill) close() error {
	err := s.f.Close()
	if s.name != "" {
		if rerr := os.Remove(s.name); err == nil {
			err = rerr
		}
	}
	return err
}
