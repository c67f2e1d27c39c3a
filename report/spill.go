package report

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
)

// This file holds what keeps an analysis's memory the same whatever the
// number of events: a sorter, which sorts more items than memory holds
// (sorted runs in a temporary file, merged back), and a tape, a sequence
// written once and read back from the start or from a place marked. Both
// keep their items in memory, unencoded, while they fit a budget, and
// give the same items in the same order either way; the sorter's order
// must be total (no two items equal), so that it is the same however the
// items fell into runs.
//
// Items are encoded by a codec. Their temporary files are removed from
// the directory as soon as they are made (where the system allows) and
// closed by close.

// codec encodes and decodes items of one type. decode reads one item
// from r, as encode wrote it, into t (whose slices and strings it may
// reuse); it returns io.EOF, and only that, at the end of the items.
type codec[T any] interface {
	encode(b []byte, t *T) []byte
	decode(r *bufio.Reader, t *T) error
	size(t *T) int // about how much memory the item holds, in bytes
}

// spillFile is a temporary file that items are appended to.
type spillFile struct {
	f    *os.File
	name string // when the system could not unlink it
	w    *bufio.Writer
	size int64
}

// newSpillFile makes a temporary file in dir (the system's when "") for
// what, written through a buffer of buf bytes.
func newSpillFile(dir, what string, buf int) (*spillFile, error) {
	f, err := os.CreateTemp(dir, "haruspex-"+what+"-*.bin")
	if err != nil {
		return nil, fmt.Errorf("report: %s in a temporary file: %w", what, err)
	}
	sf := &spillFile{f: f, name: f.Name(), w: bufio.NewWriterSize(f, buf)}
	if os.Remove(f.Name()) == nil {
		sf.name = ""
	}
	return sf, nil
}

func (sf *spillFile) write(b []byte) error {
	n, err := sf.w.Write(b)
	sf.size += int64(n)
	return err
}

// section returns a reader of the file's bytes from off to end, once
// what was written is flushed.
func (sf *spillFile) section(off, end int64, buf int) (*bufio.Reader, error) {
	if err := sf.w.Flush(); err != nil {
		return nil, err
	}
	return bufio.NewReaderSize(io.NewSectionReader(sf.f, off, end-off), buf), nil
}

func (sf *spillFile) close() error {
	if sf == nil || sf.f == nil {
		return nil
	}
	err := sf.f.Close()
	if sf.name != "" {
		if rerr := os.Remove(sf.name); err == nil {
			err = rerr
		}
	}
	sf.f = nil
	return err
}

// spillBuffer is the write buffer of the sorter's and the tapes' files.
const spillBuffer = 64 << 10

// The sorter's limits: how many runs a merge reads at once (each through
// a buffer of runBuffer bytes); more are merged in passes.
const (
	maxFanIn  = 32
	runBuffer = 32 << 10
)

// sorter sorts items of type T by cmp, in memory while they fit budget
// bytes, else in runs in a temporary file. Add items, then read them in
// order with all (as many times as needed); close when done.
type sorter[T any] struct {
	cmp    func(a, b *T) int
	codec  codec[T]
	group  func(*T) int // items of one group are sorted apart when spilled (see add)
	budget int          // < 0: never spill
	dir    string
	what   string

	items []T
	idx   []int32 // sortItems' scratch
	used  int
	file  *spillFile
	runs  []run
	buf   []byte
	n     int
}

// sortItems sorts items by cmp (stably with stable) and returns idx,
// its scratch, for the next call. The order is exactly what
// slices.SortFunc (slices.SortStableFunc) of items gives, ties included:
// it sorts the items' indices with the same algorithm, which makes the
// same moves, then puts the items in that order. Sorting the items
// themselves with a function handing cmp their addresses
// (func(a, b T) int { return cmp(&a, &b) }) copied both to the heap at
// every comparison: 1.4 GB of garbage for `parties` of 200,000 hits.
func sortItems[T any](items []T, idx []int32, stable bool, cmp func(a, b *T) int) []int32 {
	idx = idx[:0]
	for i := range items {
		idx = append(idx, int32(i))
	}
	byItem := func(i, j int32) int { return cmp(&items[i], &items[j]) }
	if stable {
		slices.SortStableFunc(idx, byItem)
	} else {
		slices.SortFunc(idx, byItem)
	}
	// items[k] = the old items[idx[k]], cycle by cycle; a position done
	// is marked -1.
	for k := range idx {
		if idx[k] < 0 {
			continue
		}
		first := items[k]
		j := k
		for {
			next := int(idx[j])
			idx[j] = -1
			if next == k {
				items[j] = first
				break
			}
			items[j] = items[next]
			j = next
		}
	}
	return idx
}

// run is a sorted stretch of the sorter's file.
type run struct{ off, end int64 }

func newSorter[T any](c codec[T], cmp func(a, b *T) int, budget int, dir, what string) *sorter[T] {
	return &sorter[T]{cmp: cmp, codec: c, budget: budget, dir: dir, what: what}
}

// add adds an item. Past the budget, the items held are sorted and
// written as runs: one run per group, when group is set (so that items
// whose order cmp cannot tell yet — of a capture whose SHA-256 is not
// known — are never compared).
func (s *sorter[T]) add(t T) error {
	s.items = append(s.items, t)
	s.n++
	s.used += s.codec.size(&t)
	if s.budget >= 0 && s.used > s.budget {
		return s.flush()
	}
	return nil
}

// flush writes the items held as sorted runs.
func (s *sorter[T]) flush() error {
	if len(s.items) == 0 {
		return nil
	}
	if s.file == nil {
		f, err := newSpillFile(s.dir, s.what, spillBuffer)
		if err != nil {
			return err
		}
		s.file = f
	}
	groups := [][]T{s.items}
	if s.group != nil {
		s.idx = sortItems(s.items, s.idx, true, func(a, b *T) int { return s.group(a) - s.group(b) })
		groups = groups[:0]
		for i := 0; i < len(s.items); {
			j := i + 1
			for j < len(s.items) && s.group(&s.items[j]) == s.group(&s.items[i]) {
				j++
			}
			groups = append(groups, s.items[i:j])
			i = j
		}
	}
	for _, g := range groups {
		s.idx = sortItems(g, s.idx, false, s.cmp)
		start := s.file.size
		for i := range g {
			s.buf = s.codec.encode(s.buf[:0], &g[i])
			if err := s.file.write(s.buf); err != nil {
				return fmt.Errorf("report: %s in a temporary file: %w", s.what, err)
			}
		}
		s.runs = append(s.runs, run{start, s.file.size})
	}
	clear(s.items)
	s.items, s.used = s.items[:0], 0
	return nil
}

// len returns the number of items added.
func (s *sorter[T]) len() int { return s.n }

// spilled reports whether items went to the file.
func (s *sorter[T]) spilled() bool { return s.file != nil }

// finish sorts the items held in memory, once all are added (and every
// value cmp reads is known); past the budget it writes them as a run,
// and merges runs down to maxFanIn.
func (s *sorter[T]) finish() error {
	if s.file == nil {
		s.idx = sortItems(s.items, s.idx, false, s.cmp)
		return nil
	}
	if err := s.flush(); err != nil {
		return err
	}
	for len(s.runs) > maxFanIn {
		start := s.file.size
		var werr error
		for t, err := range s.merge(s.runs[:maxFanIn]) {
			if err != nil {
				return err
			}
			s.buf = s.codec.encode(s.buf[:0], t)
			if werr = s.file.write(s.buf); werr != nil {
				return fmt.Errorf("report: %s in a temporary file: %w", s.what, werr)
			}
		}
		s.runs = append(s.runs[maxFanIn:], run{start, s.file.size})
	}
	return nil
}

// all yields the items in order (after finish). An item yielded is valid
// until the next. A read error is yielded once, last.
func (s *sorter[T]) all() iter.Seq2[*T, error] {
	if s.file == nil {
		return func(yield func(*T, error) bool) {
			for i := range s.items {
				if !yield(&s.items[i], nil) {
					return
				}
			}
		}
	}
	return s.merge(s.runs)
}

// merge yields the items of runs, merged in order.
func (s *sorter[T]) merge(runs []run) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		h := &mergeHeap[T]{cmp: s.cmp}
		for _, r := range runs {
			rd, err := s.file.section(r.off, r.end, runBuffer)
			if err != nil {
				yield(nil, fmt.Errorf("report: reading %s back: %w", s.what, err))
				return
			}
			c := &cursor[T]{r: rd}
			if err := s.codec.decode(rd, &c.item); err != nil {
				if err == io.EOF {
					continue
				}
				yield(nil, fmt.Errorf("report: reading %s back: %w", s.what, err))
				return
			}
			h.cs = append(h.cs, c)
		}
		heap.Init(h)
		var cur T
		for h.Len() > 0 {
			c := h.cs[0]
			// Hand over a copy: the cursor reads its next item into its
			// own.
			cur, c.item = c.item, cur
			if !yield(&cur, nil) {
				return
			}
			switch err := s.codec.decode(c.r, &c.item); {
			case err == io.EOF:
				heap.Pop(h)
			case err != nil:
				yield(nil, fmt.Errorf("report: reading %s back: %w", s.what, err))
				return
			default:
				heap.Fix(h, 0)
			}
		}
	}
}

// close removes the temporary file.
func (s *sorter[T]) close() error {
	s.items = nil
	return s.file.close()
}

type cursor[T any] struct {
	r    *bufio.Reader
	item T
}

type mergeHeap[T any] struct {
	cmp func(a, b *T) int
	cs  []*cursor[T]
}

func (h *mergeHeap[T]) Len() int           { return len(h.cs) }
func (h *mergeHeap[T]) Less(i, j int) bool { return h.cmp(&h.cs[i].item, &h.cs[j].item) < 0 }
func (h *mergeHeap[T]) Swap(i, j int)      { h.cs[i], h.cs[j] = h.cs[j], h.cs[i] }
func (h *mergeHeap[T]) Push(x any)         { h.cs = append(h.cs, x.(*cursor[T])) }
func (h *mergeHeap[T]) Pop() any {
	c := h.cs[len(h.cs)-1]
	h.cs = h.cs[:len(h.cs)-1]
	return c
}

// tape is a sequence of items written once, in memory while it fits its
// budget, then in a temporary file, and read back in order, whole or
// from a place marked.
type tape[T any] struct {
	codec  codec[T]
	budget int // < 0: never spill
	dir    string
	what   string

	items []T
	idx   []int32 // sortItems' scratch
	used  int
	file  *spillFile
	offs  []int64 // where the items once in memory are in the file
	buf   []byte
	n     int
}

// tapePos is a place on a tape: the index of an item and, if the tape
// was in a file then, the offset of its bytes.
type tapePos struct {
	i      int
	off    int64
	inFile bool
}

func newTape[T any](c codec[T], budget int, dir, what string) *tape[T] {
	return &tape[T]{codec: c, budget: budget, dir: dir, what: what}
}

// pos returns the place of the next item appended.
func (t *tape[T]) pos() tapePos {
	if t.file == nil {
		return tapePos{i: t.n}
	}
	return tapePos{i: t.n, off: t.file.size, inFile: true}
}

// append adds an item at the end.
func (t *tape[T]) append(x T) error {
	t.n++
	if t.file == nil {
		t.items = append(t.items, x)
		t.used += t.codec.size(&x)
		if t.budget < 0 || t.used <= t.budget {
			return nil
		}
		f, err := newSpillFile(t.dir, t.what, spillBuffer)
		if err != nil {
			return err
		}
		t.file = f
		t.offs = make([]int64, len(t.items))
		for i := range t.items {
			t.offs[i] = f.size
			t.buf = t.codec.encode(t.buf[:0], &t.items[i])
			if err := f.write(t.buf); err != nil {
				return fmt.Errorf("report: %s in a temporary file: %w", t.what, err)
			}
		}
		t.items = nil
		return nil
	}
	t.buf = t.codec.encode(t.buf[:0], &x)
	if err := t.file.write(t.buf); err != nil {
		return fmt.Errorf("report: %s in a temporary file: %w", t.what, err)
	}
	return nil
}

// len returns the number of items.
func (t *tape[T]) len() int { return t.n }

// from yields n items from p on (n < 0: to the end). An item yielded is
// valid until the next. A read error is yielded once, last.
func (t *tape[T]) from(p tapePos, n int) iter.Seq2[*T, error] {
	if n < 0 {
		n = t.n - p.i
	}
	return func(yield func(*T, error) bool) {
		if t.file == nil {
			for i := p.i; i < p.i+n && i < len(t.items); i++ {
				if !yield(&t.items[i], nil) {
					return
				}
			}
			return
		}
		off := p.off
		if !p.inFile {
			// A place marked while the tape was in memory.
			if p.i >= len(t.offs) {
				return
			}
			off = t.offs[p.i]
		}
		r, err := t.file.section(off, t.file.size, 64<<10)
		if err != nil {
			yield(nil, fmt.Errorf("report: reading %s back: %w", t.what, err))
			return
		}
		var x T
		for range n {
			if err := t.codec.decode(r, &x); err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				yield(nil, fmt.Errorf("report: reading %s back: %w", t.what, err))
				return
			}
			if !yield(&x, nil) {
				return
			}
		}
	}
}

// all yields every item, in order.
func (t *tape[T]) all() iter.Seq2[*T, error] { return t.from(tapePos{}, -1) }

// close removes the temporary file.
func (t *tape[T]) close() error {
	t.items = nil
	return t.file.close()
}

// Encoding helpers for the codecs.

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStrs(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendStr(b, s)
	}
	return b
}

// spillReader decodes what the helpers above encoded, with strings
// interned (the same hosts, pages and identifiers come back again and
// again) and the first error kept.
type spillReader struct {
	r   *bufio.Reader
	in  *interner // nil: strings are not interned
	err error
	tmp []byte
}

var errBadSpill = errors.New("malformed data")

func (d *spillReader) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		d.err = err
	}
	return v
}

func (d *spillReader) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.r)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		d.err = err
	}
	return v
}

func (d *spillReader) bytes(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if n > 1<<30 {
		d.err = errBadSpill
		return nil
	}
	if uint64(cap(d.tmp)) < n {
		d.tmp = make([]byte, n)
	}
	b := d.tmp[:n]
	if _, err := io.ReadFull(d.r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		d.err = err
	}
	return b
}

func (d *spillReader) str() string {
	b := d.bytes(d.uvarint())
	if d.err != nil {
		return ""
	}
	if d.in == nil {
		return string(b)
	}
	return d.in.internBytes(b)
}

func (d *spillReader) strs(ss []string) []string {
	n := d.uvarint()
	if d.err != nil || n == 0 {
		return nil
	}
	if n > 1<<20 {
		d.err = errBadSpill
		return nil
	}
	ss = ss[:0]
	for range n {
		ss = append(ss, d.str())
	}
	return ss
}

// first reads the first byte of an item: io.EOF at the end of the items.
func (d *spillReader) first() (byte, error) {
	c, err := d.r.ReadByte()
	return c, err
}
