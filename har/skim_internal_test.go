package har

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"testing"

	"github.com/haruspex/haruspex/internal/hargen"
)

// TestSkimFastPath checks that the fast skim, not the careful parser,
// reads the entries of an ordinary Chrome-style capture: the fast path
// is the point of skimming, and a change that made it give way on every
// entry would pass every other test.
func TestSkimFastPath(t *testing.T) {
	var buf bytes.Buffer
	if _, err := hargen.Write(&buf, 4<<20, 1); err != nil {
		t.Fatal(err)
	}
	r := NewReader(bytes.NewReader(buf.Bytes()))
	r.Lean = true
	r.Want = func(*Entry) bool { return false }
	if err := r.start(); err != nil {
		t.Fatal(err)
	}
	for r.state != stateEntries {
		if _, err := r.readLogMembers(); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for {
		it := r.scanItem(nil)
		if it.kind != itemEntry {
			break
		}
		if !it.valid {
			t.Fatalf("entry %d: the walk found valid JSON invalid", n)
		}
		if _, ok := r.skimFast(it); !ok {
			t.Fatalf("entry %d: the fast skim gave way: %s", n, it.data)
		}
		r.index++
		n++
	}
	if n < 100 {
		t.Fatalf("only %d entries", n)
	}
}

// BenchmarkFrame frames (and skims) the entries of a generated capture
// held in memory: the scanner's own cost, without reading or hashing.
func BenchmarkFrame(b *testing.B) {
	var buf bytes.Buffer
	if _, err := hargen.Write(&buf, 64<<20, 1); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for _, skim := range []bool{false, true} {
		name := "walk"
		if skim {
			name = "walk+skim"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				r := NewReader(bytes.NewReader(data))
				r.Lean = true
				r.Want = func(*Entry) bool { return false }
				r.start()
				for r.state != stateEntries {
					r.readLogMembers()
				}
				var spare *item
				for {
					it := r.scanItem(spare)
					if it.kind != itemEntry {
						break
					}
					if skim {
						r.skimFast(it)
					}
					spare = it
				}
			}
		})
	}
}

// BenchmarkSkimFast skims entries already framed: the cost per entry of
// reading the skim fields.
func BenchmarkSkimFast(b *testing.B) {
	var buf bytes.Buffer
	if _, err := hargen.Write(&buf, 16<<20, 1); err != nil {
		b.Fatal(err)
	}
	r := NewReader(bytes.NewReader(buf.Bytes()))
	r.Lean = true
	r.Want = func(*Entry) bool { return false }
	r.start()
	for r.state != stateEntries {
		r.readLogMembers()
	}
	var items []*item
	for {
		it := r.scanItem(nil)
		if it.kind != itemEntry {
			break
		}
		items = append(items, it)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, it := range items {
			if _, ok := r.skimFast(it); !ok {
				b.Fatal("fast skim gave way")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/entry")
}

// FuzzSpecialBytes checks the walk's eight-bytes-at-a-time test against a
// byte-by-byte one: the lowest byte it marks is the first '"', '\\' or
// control character, and it marks none when there is none.
func FuzzSpecialBytes(f *testing.F) {
	for _, s := range []string{"abcdefgh", `abc"efgh`, `a\bcdefg`, "abc\x1fefgh", "\xff\xfe\x80\x7f\x20\x21\x5b\x5d",
		"\x00\x00\x00\x00\x00\x00\x00\x00", `"""""""""`, "\x1f\x20\x22\x5c\x5d\x21\x23\xa2"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 8 {
			b = append(b, "        "[len(b):]...)
		}
		want := -1
		for i, c := range b[:8] {
			if c == '"' || c == '\\' || c < 0x20 {
				want = i
				break
			}
		}
		m := specialBytes(binary.LittleEndian.Uint64(b))
		got := -1
		if m != 0 {
			got = bits.TrailingZeros64(m) >> 3
		}
		if got != want || m&^0x8080808080808080 != 0 {
			t.Errorf("specialBytes(%q) = %#x: first special byte %d, want %d", b[:8], m, got, want)
		}
	})
}
