package report

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	gocmp "github.com/google/go-cmp/cmp"
)

// item is what the spill tests sort: a key, a group, and a string that
// must come back as it went.
type item struct {
	key, group int
	s          string
}

type itemCodec struct{}

func (itemCodec) size(*item) int { return 64 }

func (itemCodec) encode(b []byte, x *item) []byte {
	b = binary.AppendUvarint(b, uint64(x.key))
	b = binary.AppendUvarint(b, uint64(x.group))
	return appendStr(b, x.s)
}

func (itemCodec) decode(br *bufio.Reader, x *item) error {
	k, err := binary.ReadUvarint(br)
	if err != nil {
		return err
	}
	d := &spillReader{r: br}
	x.key = int(k)
	x.group = int(d.uvarint())
	x.s = d.str()
	return d.err
}

func byKey(a, b *item) int { return cmp.Compare(a.key, b.key) }

func items(n int, seed uint64) []item {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]item, n)
	for i, k := range r.Perm(n) {
		out[i] = item{key: k, group: k % 3, s: string(rune('a' + k%26))}
	}
	return out
}

// TestSorter: whatever the budget — everything in memory, a run per few
// items, more runs than one merge reads (passes) — the items come back
// sorted, all of them, as many times as they are read; the file is gone
// from the directory.
func TestSorter(t *testing.T) {
	const n = 5000
	want := items(n, 1)
	slices.SortFunc(want, func(a, b item) int { return byKey(&a, &b) })
	for _, budget := range []int{-1, 1 << 30, 64 * 100, 64, 1} {
		dir := t.TempDir()
		s := newSorter[item](itemCodec{}, byKey, budget, dir, "test")
		for _, x := range items(n, 1) {
			if err := s.add(x); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.finish(); err != nil {
			t.Fatal(err)
		}
		if spilled := budget >= 0 && budget < n*64; s.spilled() != spilled {
			t.Errorf("budget %d: spilled %v", budget, s.spilled())
		}
		if s.spilled() && len(s.runs) > maxFanIn {
			t.Errorf("budget %d: %d runs left after finish", budget, len(s.runs))
		}
		for range 2 {
			var got []item
			for x, err := range s.all() {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, *x)
			}
			if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(item{})); diff != "" {
				t.Fatalf("budget %d: mismatch (-want +got):\n%s", budget, diff)
			}
		}
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("budget %d: %d file(s) left in the directory", budget, len(left))
		}
		if err := s.close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSorterGroups: items of one group, flushed past the budget, are
// sorted only among themselves: an order that only holds within groups
// (the analysis order before a capture's SHA-256 is known) is still
// merged right, once known.
func TestSorterGroups(t *testing.T) {
	known := false
	// Before known, the groups' keys cannot be compared: comparing two
	// groups then is an error.
	order := func(a, b *item) int {
		if a.group != b.group && !known {
			t.Fatalf("compared groups %d and %d before the order was known", a.group, b.group)
		}
		return byKey(a, b)
	}
	s := newSorter[item](itemCodec{}, order, 64*50, t.TempDir(), "test")
	s.group = func(x *item) int { return x.group }
	in := items(1000, 2)
	for _, x := range in {
		if err := s.add(x); err != nil {
			t.Fatal(err)
		}
	}
	known = true
	if err := s.finish(); err != nil {
		t.Fatal(err)
	}
	defer s.close()
	prev := -1
	n := 0
	for x, err := range s.all() {
		if err != nil {
			t.Fatal(err)
		}
		if x.key <= prev {
			t.Fatalf("%d after %d", x.key, prev)
		}
		prev = x.key
		n++
	}
	if n != len(in) {
		t.Errorf("%d items back, want %d", n, len(in))
	}
}

// TestTape: a tape reads back what was appended, whole or from a place
// marked — marked while it was in memory or once in the file.
func TestTape(t *testing.T) {
	in := items(3000, 3)
	for _, budget := range []int{-1, 1 << 30, 64 * 1000, 1} {
		tp := newTape[item](itemCodec{}, budget, t.TempDir(), "test")
		var marks []tapePos
		for i, x := range in {
			if i%500 == 0 {
				marks = append(marks, tp.pos())
			}
			if err := tp.append(x); err != nil {
				t.Fatal(err)
			}
		}
		if tp.len() != len(in) {
			t.Errorf("budget %d: len %d", budget, tp.len())
		}
		for m, p := range marks {
			var got []item
			for x, err := range tp.from(p, 10) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, *x)
			}
			if diff := gocmp.Diff(in[m*500:m*500+10], got, gocmp.AllowUnexported(item{})); diff != "" {
				t.Errorf("budget %d, mark %d: mismatch (-want +got):\n%s", budget, m, diff)
			}
		}
		// Reads nested in one another, and one left part-way, give the
		// same items: each read takes the reader the last one left, or
		// a reader of its own while another holds it.
		if len(marks) >= 3 {
			for x, err := range tp.from(marks[2], 3) {
				if err != nil {
					t.Fatal(err)
				}
				if x.key != in[1000].key {
					t.Errorf("budget %d: a read left part-way began with key %d, want %d", budget, x.key, in[1000].key)
				}
				break
			}
			var outer, inner []item
			for x, err := range tp.from(marks[0], 3) {
				if err != nil {
					t.Fatal(err)
				}
				outer = append(outer, *x)
				for y, err := range tp.from(marks[1], 2) {
					if err != nil {
						t.Fatal(err)
					}
					inner = append(inner, *y)
				}
			}
			want := append(slices.Clone(in[500:502]), in[500:502]...)
			want = append(want, in[500:502]...)
			if diff := gocmp.Diff(in[:3], outer, gocmp.AllowUnexported(item{})); diff != "" {
				t.Errorf("budget %d: outer read mismatch (-want +got):\n%s", budget, diff)
			}
			if diff := gocmp.Diff(want, inner, gocmp.AllowUnexported(item{})); diff != "" {
				t.Errorf("budget %d: nested reads mismatch (-want +got):\n%s", budget, diff)
			}
		}
		var all []item
		for x, err := range tp.all() {
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, *x)
		}
		if diff := gocmp.Diff(in, all, gocmp.AllowUnexported(item{}), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("budget %d: all mismatch (-want +got):\n%s", budget, diff)
		}
		tp.close()
	}
}

// TestInterner: the interner shares what repeats and forgets past its
// limit, so that it holds no more than internMax strings.
func TestInterner(t *testing.T) {
	in := newInterner()
	a := in.intern("host")
	if b := in.internBytes([]byte("host")); b != a || len(in.m) != 1 {
		t.Errorf("intern twice: %q, %d held", b, len(in.m))
	}
	for i := range 3 * internMax {
		in.intern(string(rune(i)))
	}
	if len(in.m) > internMax {
		t.Errorf("%d strings held, limit %d", len(in.m), internMax)
	}
}

// TestSortItems: sortItems puts items in exactly the order
// slices.SortFunc (slices.SortStableFunc) puts them in, ties included,
// for every length up to 300 and some long ones, with many ties, few and
// none; and without allocating at each comparison.
func TestSortItems(t *testing.T) {
	type item struct{ key, tag int }
	byKey := func(a, b *item) int { return cmp.Compare(a.key, b.key) }
	rng := rand.New(rand.NewPCG(1, 2))
	var idx []int32
	lengths := []int{5000, 20000}
	for n := range 301 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		for _, keys := range []int{1, 3, n/2 + 1, 1 << 30} {
			for _, stable := range []bool{false, true} {
				items := make([]item, n)
				for i := range items {
					items[i] = item{rng.IntN(keys), i}
				}
				if n%7 == 0 { // a sorted start: pdqsort's patterns
					slices.SortFunc(items[:n/2], func(a, b item) int { return cmp.Compare(a.key, b.key) })
				}
				want := slices.Clone(items)
				if stable {
					slices.SortStableFunc(want, func(a, b item) int { return byKey(&a, &b) })
				} else {
					slices.SortFunc(want, func(a, b item) int { return byKey(&a, &b) })
				}
				idx = sortItems(items, idx, stable, byKey)
				if !slices.Equal(items, want) {
					t.Fatalf("n %d, %d keys, stable %v: sortItems gave another order than slices", n, keys, stable)
				}
			}
		}
	}
	items := make([]item, 1000)
	for i := range items {
		items[i] = item{rng.IntN(100), i}
	}
	if a := testing.AllocsPerRun(10, func() {
		rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		idx = sortItems(items, idx, false, byKey)
	}); a > 2 {
		t.Errorf("sortItems of 1,000 items: %v allocations, want at most 2", a)
	}
}
