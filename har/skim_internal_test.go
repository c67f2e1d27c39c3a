package har

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"testing"
	"testing/iotest"

	"github.com/haruspex/haruspex/internal/hargen"
)

// TestSkimFastPath checks that the fast skim, not the careful parser,
// reads the entries of an ordinary Chrome-style capture: the fast path
// is the point of skimming, and a change that made it give way on every
// entry would pass every other test.
func TestSkimFastPath(t *testing.T) {
	r := entriesReader(t, generated(t, 4<<20))
	n := 0
	for {
		it := r.fr.scan.item(nil)
		if it.kind != itemEntry {
			break
		}
		if !it.valid {
			t.Fatalf("entry %d: the walk found valid JSON invalid", n)
		}
		if !it.decided || it.skimmed == nil {
			t.Fatalf("entry %d: the fast skim gave way: %s", n, it.data)
		}
		if it.skimmed.Index != n {
			t.Fatalf("entry %d: skimmed as entry %d", n, it.skimmed.Index)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d entries", n)
	}
}

// generated returns a generated Chrome-style capture of about size bytes.
func generated(tb testing.TB, size int64) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := hargen.Write(&buf, size, 1); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// entriesReader returns a Reader over data set up as report.Analyze sets
// one up (lean, skimming every entry), moved to the first entry, so that
// its entryScanner's item (which skims, as Want refuses every entry) can be
// called on it directly.
func entriesReader(tb testing.TB, data []byte) *Reader {
	tb.Helper()
	r := NewReader(bytes.NewReader(data))
	r.Lean = true
	r.Want = func(*Entry) bool { return false }
	if err := r.start(); err != nil {
		tb.Fatal(err)
	}
	for r.state != stateEntries {
		if _, err := r.readLogMembers(); err != nil {
			tb.Fatal(err)
		}
	}
	return r
}

// BenchmarkFrame frames (and skims) the entries of a generated capture
// held in memory: the scanner's own cost, without reading from a file
// (SHA-256 still runs, on its own goroutine).
func BenchmarkFrame(b *testing.B) {
	data := generated(b, 64<<20)
	for _, skim := range []bool{false, true} {
		name := "walk"
		if skim {
			name = "walk+skim"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				r := entriesReader(b, data)
				if !skim {
					r.fr.scan.skim = nil
				}
				var spare *item
				for {
					it := r.fr.scan.item(spare)
					if it.kind != itemEntry {
						break
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
	r := entriesReader(b, generated(b, 16<<20))
	k := r.fr.scan.skim
	items := framedEntries(r)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, it := range items {
			if _, ok := k.skimFast(it, 0); !ok {
				b.Fatal("fast skim gave way")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/entry")
}

// framedEntries frames every entry left in r, each into an item of its
// own, with its bytes and where its skim fields are, but not judged.
func framedEntries(r *Reader) []*item {
	// Judged as they are framed, entries refused keep no bytes.
	r.fr.scan.skim = nil
	var items []*item
	for {
		it := r.fr.scan.item(nil)
		if it.kind != itemEntry {
			return items
		}
		items = append(items, it)
	}
}

// BenchmarkParseEntries parses in full the entries, framed beforehand,
// of generated captures of the three densities of bench/run.sh: the
// parser's cost per entry, on one core, without framing or reading.
func BenchmarkParseEntries(b *testing.B) {
	for _, density := range []int{0, 25, 100} {
		b.Run(fmt.Sprintf("density=%d", density), func(b *testing.B) {
			var buf bytes.Buffer
			if _, err := hargen.Generate(&buf, hargen.Options{Size: 8 << 20, Seed: 1, Density: density}); err != nil {
				b.Fatal(err)
			}
			r := entriesReader(b, buf.Bytes())
			items := framedEntries(r)
			b.ReportAllocs()
			for b.Loop() {
				for _, it := range items {
					if _, err := r.parseEntry(it.data, it.off, it.cuts, it.valid); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/entry")
		})
	}
}

// TestReaderLendsChunks checks that a Reader's scanner reads the chunks
// of its input where they are, plain or gzipped, and reads the same
// entries as from a source that gives one byte at a time (which it
// copies). It copies a chunk only when an entry runs on past the chunk's
// room: at most 1 % of a generated capture, besides the chunks read
// ahead before the Reader knew it would lend them (aheadChunks, no more
// than aheadChunkSize each).
func TestReaderLendsChunks(t *testing.T) {
	size := int64(8 << 20)
	if raceEnabled {
		// 8 MiB read a byte at a time took over ten minutes under the
		// race detector; 1 MiB is still four of the reader's chunks.
		size = 1 << 20
	}
	data := generated(t, size)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	want := readOffsets(t, NewReader(iotest.OneByteReader(bytes.NewReader(data))))
	for name, in := range map[string][]byte{"plain": data, "gzipped": gz.Bytes()} {
		r := NewReader(bytes.NewReader(in))
		if got := readOffsets(t, r); !slices.Equal(got, want) {
			t.Errorf("%s: %d entries (or other offsets), want %d", name, len(got), len(want))
		}
		chunked, copied := r.sc.Copied()
		t.Logf("%s: copied %d of %d", name, copied, len(data))
		if limit := int64(len(data)/100 + aheadChunks*aheadChunkSize); !chunked || copied > limit {
			t.Errorf("%s: the scanner reads through a Chunker %v, and copied %d bytes of %d; want a Chunker and at most %d", name, chunked, copied, len(data), limit)
		}
	}
}

// readOffsets reads every entry of r and returns their offsets.
func readOffsets(t *testing.T, r *Reader) []int64 {
	var offs []int64
	for {
		e, err := r.Next()
		if err == io.EOF {
			return offs
		}
		if err != nil {
			t.Fatal(err)
		}
		offs = append(offs, e.Offset)
	}
}
