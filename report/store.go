package report

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"
	"unsafe"

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
// originals ([decode.FoldPlan]'s rule) and merged as they are read back
// ([decode.FoldDuplicates]).
//
// What the analysis needs of each event to order, fold and link them
// (its [record]: some 100 bytes) is kept in memory too while it fits,
// and otherwise spilled (spill.go): the records are sorted into the
// analysis order by a sorter, the copies to fold found by another, and
// the analysis order is a tape. So memory does not grow with the events.
type store struct {
	budget int64  // bytes of encoded events kept in memory before spilling; < 0: never spill
	recMem int    // bytes of records each sorter and tape keeps in memory; < 0: never spill
	dir    string // where the temporary files go ("" is the system's)

	ev eventFile // the events' encodings

	recs  *sorter[record] // every event stored, by analysis order (finish)
	dups  *sorter[dupRec] // those with a duplicate key, by file, key and analysis order
	nDups int             // privacy-sandbox copies among them
	order *tape[record]   // after finish: the events of the analysis, in order, copies folded in
	files []fileKey       // files[i] is the name and SHA-256 of the i-th input
	first []string        // each input's first party: its generic events are dropped

	known  *decode.KnownPII
	set    *sensitive.Set
	match  matchCache
	buf    []byte
	strs   *interner
	seq    int64
	closed bool
}

// orderKey is what places an event in the analysis order: its time
// (unknown times last), its file (by name, then SHA-256), its entry, and
// its decode order, the last tie-break.
type orderKey struct {
	valid bool  // the time is known
	sec   int64 // the time, in Unix seconds
	nsec  int32 // and nanoseconds (UnixNano would overflow for years past 2262)
	file  int32 // index in store.files
	entry int32
	seq   int64 // decode order
}

// record is what the analysis keeps of one stored event besides its
// encoding: some 100 bytes, its strings shared with other records (hosts
// and identifier keys repeat from event to event).
type record struct {
	key      orderKey
	off      int64 // where its encoding is in the event file
	n        int32
	kind     decode.Kind
	seg      int32  // the browser stretch (Analysis.segments) it was sent in
	host     string // its host
	keys     []string
	accounts []string
	referer  string    // the Referer header of its request
	dup      [16]byte  // digest of decode.DuplicateKey, when hasDup
	hasDup   bool      //
	generic  bool      // a generic third-party event, dropped if the host is first party
	folded   []evBytes // the copies folded into it (after finish)
}

// evBytes is where an event's encoding is in the event file.
type evBytes struct {
	off int64
	n   int32
}

// dupRec is a record with a duplicate key, for matching copies to their
// originals.
type dupRec struct {
	key  orderKey
	dup  [16]byte
	kind decode.Kind
	at   evBytes
}

// fold is a copy folded into an original.
type fold struct {
	orig, copy orderKey
	at         evBytes
}

// defaultBudget is how many bytes of encoded events an analysis keeps in
// memory before it moves them to a temporary file: some 750 events. (It
// was 4 MiB: the buffer, doubling on its way there, touched 8 MiB of
// fresh memory in a run that then spilled, and a page fault is dear on
// some virtual machines: 1 MiB took 2,300 of 15,000 faults away from
// `events` on 1 GiB at 6 % density.)
const defaultBudget = 1 << 20

// recordBudget is how many bytes of records each sorter and tape of an
// analysis keeps in memory: some 5,000 records. (Several are in memory
// at once, and a slice's spare capacity can double what it holds.)
const recordBudget = 1 << 20

func newStore(opt *Options) *store {
	s := &store{budget: opt.MemoryLimit, dir: opt.TempDir, known: opt.Known, set: opt.Sensitive, strs: newInterner()}
	switch {
	case s.budget == 0:
		s.budget = defaultBudget
	}
	s.recMem = recordBudget
	if s.budget < 0 {
		s.recMem = -1
	} else if s.budget < recordBudget {
		s.recMem = int(s.budget) // a small limit spills the records too
	}
	s.ev = eventFile{budget: s.budget, dir: s.dir}
	c := recordCodec{strs: s.strs}
	s.recs = newSorter[record](c, func(a, b *record) int { return s.compareKeys(&a.key, &b.key) }, s.recMem, s.dir, "records")
	s.recs.group = func(r *record) int { return int(r.key.file) }
	s.dups = newSorter[dupRec](dupCodec{}, s.compareDups, s.recMem, s.dir, "records")
	s.dups.group = func(r *dupRec) int { return int(r.key.file) }
	return s
}

// time returns the time of an order key, as the analysis has it (UTC).
func (k *orderKey) time() har.Time {
	if !k.valid {
		return har.Time{}
	}
	return har.Time{T: time.Unix(k.sec, int64(k.nsec)).UTC()}
}

// addFile starts the records of a new input; it returns the file's index.
func (s *store) addFile(name string) int {
	s.files = append(s.files, fileKey{file: name})
	s.first = append(s.first, "")
	return len(s.files) - 1
}

// add marks and flags an event, then stores it for the input numbered
// file, sent in segment seg by a request whose Referer header was
// referer.
func (s *store) add(ev *decode.Event, file, seg int, generic bool, referer string) error {
	if s.known != nil {
		s.known.Mark(ev)
	}
	if s.set != nil {
		ev.Sensitive = sensitiveHits(ev, s.set, &s.match)
	}
	var err error
	if s.buf, err = ev.AppendBinary(s.buf[:0]); err != nil {
		return fmt.Errorf("report: storing events: %w", err)
	}
	at, err := s.ev.write(s.buf)
	if err != nil {
		return err
	}
	// Strings are interned copies: those of a decoded event are often
	// cut from a whole URL, which they would keep in memory.
	src := firstSource(ev)
	browser, account := visitorKeys(ev)
	r := record{key: orderKey{file: int32(file), entry: int32(src.Entry), seq: s.seq}, off: at.off, n: at.n, kind: ev.Kind, seg: int32(seg),
		host: s.strs.intern(ev.Host), keys: s.internKeys(browser), accounts: s.internKeys(account), referer: s.strs.intern(referer), generic: generic}
	s.seq++
	if ev.Time.Valid() {
		r.key.valid, r.key.sec, r.key.nsec = true, ev.Time.T.Unix(), int32(ev.Time.T.Nanosecond())
	}
	if k, ok := decode.DuplicateKey(ev); ok && !generic {
		// A digest stands for the key: 16 bytes rather than the key's
		// hundred or so, for every event.
		sum := sha256.Sum256([]byte(k))
		r.dup, r.hasDup = [16]byte(sum[:16]), true
		if ev.Kind == decode.KindDuplicate {
			s.nDups++
		}
		if err := s.dups.add(dupRec{key: r.key, dup: r.dup, kind: r.kind, at: at}); err != nil {
			return err
		}
	}
	return s.recs.add(r)
}

// internKeys returns keys with each string interned.
func (s *store) internKeys(keys []string) []string {
	for i, k := range keys {
		keys[i] = s.strs.intern(k)
	}
	return keys
}

// finishFile ends the records of one input: its SHA-256 and first party
// are known.
func (s *store) finishFile(file int, firstParty, sha string) {
	s.files[file].sha = sha
	s.first[file] = firstParty
}

// compareKeys orders events by time, file, SHA-256 and entry
// ([compareAt]), then decode order.
func (s *store) compareKeys(a, b *orderKey) int {
	switch {
	case a.valid && !b.valid:
		return -1
	case !a.valid && b.valid:
		return 1
	case a.valid && b.valid:
		if c := cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec)); c != 0 {
			return c
		}
	}
	if a.file != b.file {
		fa, fb := &s.files[a.file], &s.files[b.file]
		if c := cmp.Or(strings.Compare(fa.file, fb.file), strings.Compare(fa.sha, fb.sha)); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(a.entry, b.entry), cmp.Compare(a.seq, b.seq))
}

// compareDups orders records with a duplicate key by file and key, then
// events before copies (and before other kinds), then analysis order:
// each file's events and copies of one key together, the original —
// the first event — first.
func (s *store) compareDups(a, b *dupRec) int {
	if c := cmp.Or(cmp.Compare(a.key.file, b.key.file), bytes.Compare(a.dup[:], b.dup[:]), cmp.Compare(dupRank(a.kind), dupRank(b.kind))); c != 0 {
		return c
	}
	return s.compareKeys(&a.key, &b.key)
}

// dupRank puts events before copies, and copies before other kinds.
func dupRank(k decode.Kind) int {
	switch k {
	case decode.KindEvent:
		return 0
	case decode.KindDuplicate:
		return 1
	}
	return 2
}

// finish sets the analysis order, once every input is stored: the
// records in order, less the first party's generic events and the
// copies folded into their originals, on a tape.
func (s *store) finish() error {
	if err := s.ev.flush(); err != nil {
		return err
	}
	if err := s.recs.finish(); err != nil {
		return err
	}
	drops, folds, err := s.planFolds()
	if err != nil {
		return err
	}
	defer drops.close()
	defer folds.close()
	s.order = newTape[record](recordCodec{strs: s.strs}, s.recMem, s.dir, "records")
	nextDrop, stopDrops := iter.Pull2(drops.all())
	defer stopDrops()
	nextFold, stopFolds := iter.Pull2(folds.all())
	defer stopFolds()
	drop, derr, dok := nextDrop()
	fd, ferr, fok := nextFold()
	for r, err := range s.recs.all() {
		if err != nil {
			return err
		}
		if derr != nil {
			return derr
		}
		if ferr != nil {
			return ferr
		}
		if r.generic && site.Domain(r.host) == s.first[r.key.file] {
			continue // the first party's own request
		}
		if dok && drop.seq == r.key.seq {
			drop, derr, dok = nextDrop()
			continue // a copy, folded into its original
		}
		out := *r
		out.folded = nil
		if s.recs.spilled() {
			// The sorter reads each record into the slices of one before.
			out.keys, out.accounts = slices.Clone(r.keys), slices.Clone(r.accounts)
		}
		for fok && fd.orig.seq == r.key.seq {
			out.folded = append(out.folded, fd.at)
			fd, ferr, fok = nextFold()
		}
		if err := s.order.append(out); err != nil {
			return err
		}
	}
	s.recs.close()
	return nil
}

// planFolds matches each privacy-sandbox copy to its original, as
// [decode.FoldPlan] does within each file: the first event (in the
// analysis order) with the same duplicate key. It returns the copies to
// drop, in the analysis order, and the folds, by original then copy.
func (s *store) planFolds() (*sorter[orderKey], *sorter[fold], error) {
	drops := newSorter[orderKey](keyCodec{}, s.compareKeys, s.recMem, s.dir, "records")
	folds := newSorter[fold](foldCodec{}, func(a, b *fold) int {
		return cmp.Or(s.compareKeys(&a.orig, &b.orig), s.compareKeys(&a.copy, &b.copy))
	}, s.recMem, s.dir, "records")
	if err := s.dups.finish(); err != nil {
		return drops, folds, err
	}
	defer s.dups.close()
	if s.nDups > 0 {
		// The records of one file and key come together, the original
		// (if any) first, then its copies.
		var orig *dupRec
		var origRec dupRec
		for d, err := range s.dups.all() {
			if err != nil {
				return drops, folds, err
			}
			if orig == nil || orig.key.file != d.key.file || orig.dup != d.dup {
				orig = nil
				if d.kind == decode.KindEvent {
					origRec = *d
					orig = &origRec
				}
				continue
			}
			if d.kind != decode.KindDuplicate {
				continue
			}
			if err := drops.add(d.key); err != nil {
				return drops, folds, err
			}
			if err := folds.add(fold{orig: orig.key, copy: d.key, at: d.at}); err != nil {
				return drops, folds, err
			}
		}
	}
	if err := drops.finish(); err != nil {
		return drops, folds, err
	}
	return drops, folds, folds.finish()
}

// source returns the first source of a record's event.
func (s *store) source(k *orderKey) decode.Source {
	f := s.files[k.file]
	return decode.Source{File: f.file, SHA256: f.sha, Entry: int(k.entry)}
}

// len returns the number of events of the analysis (after finish).
func (s *store) len() int { return s.order.len() }

// read returns the event of record r as the analysis has it: copies
// folded in, sources' SHA-256 set. It changes nothing in the store, so
// that reads with their own readers may run at the same time.
func (s *store) read(r *record, rd *eventReader) (decode.Event, error) {
	one := func(at evBytes) (decode.Event, error) {
		b, err := rd.bytes(at)
		if err != nil {
			return decode.Event{}, err
		}
		evs := make([]decode.Event, 1)
		if err := evs[0].UnmarshalBinary(b); err != nil {
			return decode.Event{}, fmt.Errorf("report: reading stored events: %w", err)
		}
		f := s.files[r.key.file]
		decode.SetSHA256(evs, f.file, f.sha)
		return evs[0], nil
	}
	ev, err := one(evBytes{r.off, r.n})
	if err != nil {
		return ev, err
	}
	if len(r.folded) > 0 || ev.Kind == decode.KindDuplicate {
		group := []decode.Event{ev}
		for _, at := range r.folded {
			d, err := one(at)
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

// events yields the events of recs (records of the analysis order), in
// that order, each with its record, until yield returns false, or yields
// the first error and stops. A goroutine reads them (record, encoding,
// decode, fold) a few batches ahead while the caller uses the ones
// before — on two cores, reading back and writing out then overlap. The
// goroutine has ended when events returns.
func (s *store) events(recs iter.Seq2[*record, error], yield func(*decode.Event, *record, error) bool) {
	type batch struct {
		evs  []decode.Event
		recs []record
		err  error
	}
	if s.closed {
		yield(nil, nil, errors.New("report: reading events of a closed analysis"))
		return
	}
	ch := make(chan batch, 2)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(ch)
		rd := s.ev.reader()
		b := batch{evs: make([]decode.Event, 0, readAheadBatch), recs: make([]record, 0, readAheadBatch)}
		send := func() bool {
			select {
			case ch <- b:
			case <-stop:
				return false
			}
			b = batch{evs: make([]decode.Event, 0, readAheadBatch), recs: make([]record, 0, readAheadBatch)}
			return true
		}
		for r, err := range recs {
			if err == nil {
				var ev decode.Event
				if ev, err = s.read(r, rd); err == nil {
					b.evs = append(b.evs, ev)
					rc := *r
					rc.keys, rc.accounts, rc.folded = nil, nil, nil // not the caller's: reused by the tape
					b.recs = append(b.recs, rc)
				}
			}
			if err != nil {
				b.err = err
				send()
				return
			}
			if len(b.evs) == readAheadBatch && !send() {
				return
			}
		}
		if len(b.evs) > 0 {
			send()
		}
	}()
	defer func() {
		close(stop)
		<-done
	}()
	for b := range ch {
		for i := range b.evs {
			if !yield(&b.evs[i], &b.recs[i], nil) {
				return
			}
		}
		if b.err != nil {
			yield(nil, nil, b.err)
			return
		}
	}
}

// spilled reports whether the events are in a temporary file.
func (s *store) spilled() bool { return s.ev.file != nil }

// close removes the temporary files, if any; it may be called again.
func (s *store) close() error {
	s.closed = true
	err := s.ev.close()
	for _, c := range []func() error{s.recs.close, s.dups.close} {
		if cerr := c(); err == nil {
			err = cerr
		}
	}
	if s.order != nil {
		if cerr := s.order.close(); err == nil {
			err = cerr
		}
	}
	return err
}

// eventFile holds the events' encodings: in memory while the budget
// allows, else in a temporary file (created, and given what memory held,
// the first time).
type eventFile struct {
	budget int64
	dir    string
	mem    []byte
	file   *spillFile // nil while the events are in memory
	size   int64
	closed bool
}

// write appends an encoding and returns where it is.
func (e *eventFile) write(b []byte) (evBytes, error) {
	at := evBytes{e.size, int32(len(b))}
	if e.file == nil && (e.budget < 0 || e.size+int64(len(b)) <= e.budget) {
		if len(e.mem)+len(b) > cap(e.mem) {
			// Doubled, not the quarter more append gives a long
			// slice: half the copying on the way to the budget.
			n := max(2*cap(e.mem), len(e.mem)+len(b), 64<<10)
			if e.budget >= 0 {
				n = min(n, int(e.budget))
			}
			e.mem = append(make([]byte, 0, n), e.mem...)
		}
		e.mem = append(e.mem, b...)
		e.size += int64(len(b))
		return at, nil
	}
	if e.file == nil {
		f, err := newSpillFile(e.dir, "events", 256<<10)
		if err != nil {
			return at, err
		}
		e.file = f
		if err := f.write(e.mem); err != nil {
			return at, fmt.Errorf("report: storing events in a temporary file: %w", err)
		}
		e.mem = nil
	}
	if err := e.file.write(b); err != nil {
		return at, fmt.Errorf("report: storing events in a temporary file: %w", err)
	}
	e.size += int64(len(b))
	return at, nil
}

// flush writes what the buffer holds to the file: before reading back.
func (e *eventFile) flush() error {
	if e.file == nil {
		return nil
	}
	if err := e.file.w.Flush(); err != nil {
		return fmt.Errorf("report: storing events in a temporary file: %w", err)
	}
	return nil
}

// reader returns a reader of the encodings, for one goroutine.
func (e *eventFile) reader() *eventReader { return &eventReader{e: e} }

func (e *eventFile) close() error {
	e.mem, e.closed = nil, true
	err := e.file.close()
	e.file = nil
	return err
}

// eventReader reads encodings from the event file through a window of
// the file: events are read back mostly in the order they were written,
// so one read of the file serves many. One visitor's events, though, lie
// among everybody's: the window grows while what it holds is used and
// shrinks while it is not, so that reading them one by one does not
// read the whole window for each.
type eventReader struct {
	e    *eventFile
	win  []byte
	wOff int64 // the file offset of win[0]
	size int   // the size of the next window read (0: eventWindowMin)
	used int   // bytes of win served
}

// The sizes of the window one read of the event file brings in.
const (
	eventWindow    = 256 << 10
	eventWindowMin = 8 << 10
)

// bytes returns the encoding at at, valid until the next call.
func (r *eventReader) bytes(at evBytes) ([]byte, error) {
	e := r.e
	if e.closed {
		return nil, errors.New("report: reading events of a closed analysis")
	}
	end := at.off + int64(at.n)
	if e.file == nil {
		if end > int64(len(e.mem)) {
			return nil, fmt.Errorf("report: reading stored events: %w", io.ErrUnexpectedEOF)
		}
		return e.mem[at.off:end], nil
	}
	if at.off >= r.wOff && end <= r.wOff+int64(len(r.win)) {
		r.used += int(at.n)
		return r.win[at.off-r.wOff : end-r.wOff], nil
	}
	switch {
	case r.size == 0:
		r.size = eventWindowMin
	case r.used < len(r.win)/4:
		r.size = max(r.size/4, eventWindowMin)
	case r.used > len(r.win)/2:
		r.size = min(2*r.size, eventWindow)
	}
	r.used = int(at.n)
	n := max(r.size, int(at.n))
	if cap(r.win) < n {
		r.win = make([]byte, n)
	}
	r.win = r.win[:n]
	got, err := e.file.f.ReadAt(r.win, at.off)
	r.win, r.wOff = r.win[:got], at.off
	if got < int(at.n) {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		r.win = r.win[:0]
		return nil, fmt.Errorf("report: reading stored events: %w", err)
	}
	return r.win[:at.n], nil
}

// interner returns one copy of each string it is given. It forgets what
// it holds past internMax strings, so that it never holds more than
// that: values that repeat (hosts, pages, identifiers) are shared, values
// that do not are only copied.
type interner struct{ m map[string]string }

const internMax = 1 << 15

func newInterner() *interner { return &interner{m: map[string]string{}} }

func (in *interner) intern(s string) string {
	if v, ok := in.m[s]; ok {
		return v
	}
	if len(in.m) >= internMax {
		clear(in.m)
	}
	s = strings.Clone(s)
	in.m[s] = s
	return s
}

func (in *interner) internBytes(b []byte) string {
	if v, ok := in.m[string(b)]; ok {
		return v
	}
	if len(in.m) >= internMax {
		clear(in.m)
	}
	s := string(b)
	in.m[s] = s
	return s
}

// The codecs of the store's sorters and tapes.

type recordCodec struct{ strs *interner }

func (recordCodec) size(r *record) int {
	return int(unsafe.Sizeof(*r)) + len(r.folded)*int(unsafe.Sizeof(evBytes{})) + (len(r.keys)+len(r.accounts))*int(unsafe.Sizeof(""))
}

func appendKey(b []byte, k *orderKey) []byte {
	flag := byte(0)
	if k.valid {
		flag = 1
	}
	b = append(b, flag)
	b = binary.AppendVarint(b, k.sec)
	b = binary.AppendVarint(b, int64(k.nsec))
	b = binary.AppendUvarint(b, uint64(k.file))
	b = binary.AppendVarint(b, int64(k.entry))
	return binary.AppendUvarint(b, uint64(k.seq))
}

func readKey(d *spillReader, c byte, k *orderKey) {
	k.valid = c&1 != 0
	k.sec = d.varint()
	k.nsec = int32(d.varint())
	k.file = int32(d.uvarint())
	k.entry = int32(d.varint())
	k.seq = int64(d.uvarint())
}

func appendAt(b []byte, at evBytes) []byte {
	b = binary.AppendUvarint(b, uint64(at.off))
	return binary.AppendUvarint(b, uint64(at.n))
}

func readAt(d *spillReader) evBytes {
	return evBytes{int64(d.uvarint()), int32(d.uvarint())}
}

func (recordCodec) encode(b []byte, r *record) []byte {
	b = appendKey(b, &r.key)
	b = appendAt(b, evBytes{r.off, r.n})
	b = binary.AppendVarint(b, int64(r.kind))
	b = binary.AppendVarint(b, int64(r.seg))
	b = appendStr(b, r.host)
	b = appendStrs(b, r.keys)
	b = appendStrs(b, r.accounts)
	b = appendStr(b, r.referer)
	flags := byte(0)
	if r.hasDup {
		flags |= 1
	}
	if r.generic {
		flags |= 2
	}
	b = append(b, flags)
	if r.hasDup {
		b = append(b, r.dup[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(r.folded)))
	for _, at := range r.folded {
		b = appendAt(b, at)
	}
	return b
}

func (c recordCodec) decode(br *bufio.Reader, r *record) error {
	d := &spillReader{r: br, in: c.strs}
	first, err := d.first()
	if err != nil {
		return err
	}
	readKey(d, first, &r.key)
	at := readAt(d)
	r.off, r.n = at.off, at.n
	r.kind = decode.Kind(d.varint())
	r.seg = int32(d.varint())
	r.host = d.str()
	r.keys = d.strs(r.keys)
	r.accounts = d.strs(r.accounts)
	r.referer = d.str()
	flags := d.bytes(1)
	if d.err == nil {
		r.hasDup, r.generic = flags[0]&1 != 0, flags[0]&2 != 0
		if r.hasDup {
			copy(r.dup[:], d.bytes(16))
		}
	}
	n := d.uvarint()
	if n > 1<<20 {
		d.err = errBadSpill
	}
	r.folded = r.folded[:0]
	for range n {
		r.folded = append(r.folded, readAt(d))
	}
	if len(r.folded) == 0 {
		r.folded = nil
	}
	return d.err
}

type dupCodec struct{}

func (dupCodec) size(*dupRec) int { return 80 }

func (dupCodec) encode(b []byte, r *dupRec) []byte {
	b = appendKey(b, &r.key)
	b = append(b, r.dup[:]...)
	b = binary.AppendVarint(b, int64(r.kind))
	return appendAt(b, r.at)
}

func (dupCodec) decode(br *bufio.Reader, r *dupRec) error {
	d := &spillReader{r: br}
	first, err := d.first()
	if err != nil {
		return err
	}
	readKey(d, first, &r.key)
	copy(r.dup[:], d.bytes(16))
	r.kind = decode.Kind(d.varint())
	r.at = readAt(d)
	return d.err
}

type keyCodec struct{}

func (keyCodec) size(*orderKey) int { return 48 }

func (keyCodec) encode(b []byte, k *orderKey) []byte { return appendKey(b, k) }

func (keyCodec) decode(br *bufio.Reader, k *orderKey) error {
	d := &spillReader{r: br}
	first, err := d.first()
	if err != nil {
		return err
	}
	readKey(d, first, k)
	return d.err
}

type foldCodec struct{}

func (foldCodec) size(*fold) int { return 100 }

func (foldCodec) encode(b []byte, f *fold) []byte {
	b = appendKey(b, &f.orig)
	b = appendKey(b, &f.copy)
	return appendAt(b, f.at)
}

func (foldCodec) decode(br *bufio.Reader, f *fold) error {
	d := &spillReader{r: br}
	first, err := d.first()
	if err != nil {
		return err
	}
	readKey(d, first, &f.orig)
	c := d.bytes(1)
	if d.err == nil {
		readKey(d, c[0], &f.copy)
	}
	f.at = readAt(d)
	return d.err
}
