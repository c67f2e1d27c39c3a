package report

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report/sensitive"
)

// store keeps the decoded events of an analysis, each in its exact binary
// encoding ([decode.Event.AppendBinary]): in memory while they fit the
// memory budget, then in a temporary file, read back one at a time. The
// records are the same either way, and so is every step around them:
// known personal data is marked and sensitive content flagged once, as
// an event is stored; privacy-sandbox copies are matched to their
// originals once per file ([decode.FoldPlan]) and merged as they are read
// back ([decode.FoldDuplicates]). Memory keeps, per event, only what
// ordering and visitor linking need ([record]).
type store struct {
	budget int64  // bytes kept in memory before spilling; < 0: never spill
	dir    string // where the temporary file goes ("" is the system's)

	mem    []byte   // the records, while in memory
	f      *os.File // the records, once spilled
	closed bool
	name   string // the file's name, when the system could not unlink it
	size   int64  // bytes of records

	recs   []record
	order  []int         // records that are events of the analysis, in analysis order (after finish)
	folded map[int][]int // record → the records folded into it (privacy-sandbox copies)
	files  []fileKey     // files[i] is the name and SHA-256 of the i-th input

	known    *decode.KnownPII
	set      *sensitive.Set
	buf      []byte
	strs     interner
	keyLists map[string][]string
}

// record is what memory keeps of one stored event: some 100 bytes, its
// strings shared with other records (hosts and identifier keys repeat
// from event to event). Its index in store.recs is its decode order, the
// last tie-break of the analysis order.
type record struct {
	off      int64
	n        int32
	file     int32 // index in store.files
	entry    int32
	kind     decode.Kind
	valid    bool  // the time is known
	sec      int64 // the time, in Unix seconds
	nsec     int32 // and nanoseconds (UnixNano would overflow for years past 2262)
	host     string
	keys     []string // browser-level visitorKeys
	accounts []string // account-level visitorKeys
	seg      int32    // the browser stretch (Analysis.segments) it was sent in
	dup      [16]byte // digest of decode.DuplicateKey, when hasDup

	hasDup  bool
	generic bool // a generic third-party event, dropped if the host is first party
	dropped bool // folded into another event, or a first-party generic event
}

// defaultBudget is how many bytes of encoded events an analysis keeps in
// memory before it moves them to a temporary file.
const defaultBudget = 4 << 20

func newStore(opt *Options) *store {
	s := &store{budget: opt.MemoryLimit, dir: opt.TempDir, folded: map[int][]int{}, known: opt.Known, set: opt.Sensitive,
		strs: interner{}, keyLists: map[string][]string{}}
	if s.budget == 0 {
		s.budget = defaultBudget
	}
	return s
}

// time returns the record's event time, as the analysis has it (UTC).
func (r *record) time() har.Time {
	if !r.valid {
		return har.Time{}
	}
	return har.Time{T: time.Unix(r.sec, int64(r.nsec)).UTC()}
}

// addFile starts the records of a new input; it returns the file's index.
func (s *store) addFile(name string) int {
	s.files = append(s.files, fileKey{file: name})
	return len(s.files) - 1
}

// add marks and flags an event, then stores it for the input numbered
// file, sent in segment seg.
func (s *store) add(ev *decode.Event, file, seg int, generic bool) error {
	if s.known != nil {
		s.known.Mark(ev)
	}
	if s.set != nil {
		ev.Sensitive = sensitiveHits(ev, s.set)
	}
	var err error
	if s.buf, err = ev.AppendBinary(s.buf[:0]); err != nil {
		return fmt.Errorf("report: storing events: %w", err)
	}
	if err := s.write(s.buf); err != nil {
		return err
	}
	// Strings are interned copies: those of a decoded event are often
	// cut from a whole URL, which they would keep in memory.
	src := firstSource(ev)
	browser, account := visitorKeys(ev)
	r := record{off: s.size, n: int32(len(s.buf)), file: int32(file), entry: int32(src.Entry), kind: ev.Kind, seg: int32(seg),
		host: s.strs.intern(ev.Host), keys: s.internKeys(browser), accounts: s.internKeys(account), generic: generic}
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

// write appends a record's bytes: to memory while the budget allows,
// else to the temporary file (created, and given what memory held, the
// first time).
func (s *store) write(b []byte) error {
	if s.f == nil && (s.budget < 0 || s.size+int64(len(b)) <= s.budget) {
		s.mem = append(s.mem, b...)
		return nil
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, "haruspex-events-*.bin")
		if err != nil {
			return fmt.Errorf("report: storing events in a temporary file: %w", err)
		}
		s.f, s.name = f, f.Name()
		// Where the system allows it the file goes away with the
		// process, whatever happens to it.
		if os.Remove(f.Name()) == nil {
			s.name = ""
		}
		if _, err := f.Write(s.mem); err != nil {
			return fmt.Errorf("report: storing events in a temporary file: %w", err)
		}
		s.mem = nil
	}
	if _, err := s.f.Write(b); err != nil {
		return fmt.Errorf("report: storing events in a temporary file: %w", err)
	}
	return nil
}

// internKeys returns keys, or an equal list met before.
func (s *store) internKeys(keys []string) []string {
	if len(keys) == 0 {
		return nil
	}
	j := strings.Join(keys, "\x00")
	if v, ok := s.keyLists[j]; ok {
		return v
	}
	for i, k := range keys {
		keys[i] = s.strs.intern(k)
	}
	s.keyLists[j] = keys
	return keys
}

// finishFile ends the records of one input (from index from on): it
// drops the first party's generic events, and finds the privacy-sandbox
// copies to fold into their originals, in the analysis order.
func (s *store) finishFile(file, from int, firstParty, sha string) {
	s.files[file].sha = sha
	var order []int
	for i := from; i < len(s.recs); i++ {
		r := &s.recs[i]
		if r.generic && site.Domain(r.host) == firstParty {
			r.dropped = true
			continue
		}
		order = append(order, i)
	}
	// Sorted first, so that an original precedes its copies whatever the
	// order of entries in the file.
	slices.SortStableFunc(order, s.compare)
	plan := decode.FoldPlan(len(order), func(i int) (decode.Kind, string, bool) {
		r := &s.recs[order[i]]
		return r.kind, string(r.dup[:]), r.hasDup
	})
	for o, ds := range plan {
		for _, d := range ds {
			s.folded[order[o]] = append(s.folded[order[o]], order[d])
			s.recs[order[d]].dropped = true
		}
	}
}

// finish sets the analysis order, once every input is stored.
func (s *store) finish() {
	s.order = s.order[:0]
	for i := range s.recs {
		if !s.recs[i].dropped {
			s.order = append(s.order, i)
		}
	}
	slices.SortFunc(s.order, s.compare)
}

// compare orders records by time, file, SHA-256 and entry ([compareAt]),
// then decode order.
func (s *store) compare(x, y int) int {
	if c := compareAt(s.recs[x].time(), s.source(x), s.recs[y].time(), s.source(y)); c != 0 {
		return c
	}
	return x - y
}

// source returns the first source of record i's event.
func (s *store) source(i int) decode.Source {
	r := &s.recs[i]
	f := s.files[r.file]
	return decode.Source{File: f.file, SHA256: f.sha, Entry: int(r.entry)}
}

// bytes returns record i's encoding, reading it into *buf (grown as
// needed) when it is in the file.
func (s *store) bytes(i int, buf *[]byte) ([]byte, error) {
	r := &s.recs[i]
	if s.closed {
		return nil, errors.New("report: reading events of a closed analysis")
	}
	if s.f == nil {
		return s.mem[r.off : r.off+int64(r.n)], nil
	}
	if cap(*buf) < int(r.n) {
		*buf = make([]byte, r.n)
	}
	b := (*buf)[:r.n]
	if _, err := s.f.ReadAt(b, r.off); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("report: reading stored events: %w", err)
	}
	return b, nil
}

// read returns the event of record i as the analysis has it: copies
// folded in, sources' SHA-256 set. It changes nothing in the store, so
// that reads with their own buffers may run at the same time.
func (s *store) read(i int, buf *[]byte) (decode.Event, error) {
	one := func(i int) (decode.Event, error) {
		b, err := s.bytes(i, buf)
		if err != nil {
			return decode.Event{}, err
		}
		evs := make([]decode.Event, 1)
		if err := evs[0].UnmarshalBinary(b); err != nil {
			return decode.Event{}, fmt.Errorf("report: reading stored events: %w", err)
		}
		f := s.files[s.recs[i].file]
		decode.SetSHA256(evs, f.file, f.sha)
		return evs[0], nil
	}
	ev, err := one(i)
	if err != nil {
		return ev, err
	}
	if folded := s.folded[i]; len(folded) > 0 || ev.Kind == decode.KindDuplicate {
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
	return ev, nil
}

// readAheadBatch is how many events the read-back goroutine hands over
// at a time: enough that handing over costs little.
const readAheadBatch = 32

// events yields the events of records recs, in that order, until yield
// returns false, or yields the first error and stops. A goroutine reads
// them (read, decode, fold) a few batches ahead while the caller uses the
// ones before — on two cores, reading back and writing out then overlap.
// The goroutine has ended when events returns.
func (s *store) events(recs []int, yield func(*decode.Event, error) bool) {
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
				ev, err := s.read(i, &buf)
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

// spilled reports whether the records are in a temporary file.
func (s *store) spilled() bool { return s.f != nil }

// close removes the temporary file, if any; it may be called again.
func (s *store) close() error {
	s.mem, s.closed = nil, true
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	if s.name != "" {
		if rerr := os.Remove(s.name); err == nil {
			err = rerr
		}
	}
	s.f = nil
	return err
}

// interner returns one copy of each string it is given.
type interner map[string]string

func (m interner) intern(s string) string {
	if v, ok := m[s]; ok {
		return v
	}
	s = strings.Clone(s)
	m[s] = s
	return s
}
