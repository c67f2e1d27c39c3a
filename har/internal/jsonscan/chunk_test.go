package jsonscan

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// chunks lends its input as a [Chunker] does, size bytes a chunk after
// room bytes of room, and spoils each chunk when it is given back (and
// the room of each it lends), so that a scanner reading a chunk it no
// longer holds, or room it did not write, reads '#', which no test
// input has.
type chunks struct {
	in         []byte
	size, room int
	lent       [][]byte // lent and not yet given back, oldest first
}

func (c *chunks) Read([]byte) (int, error) { panic("a Chunker is read with Chunk") }

func (c *chunks) Chunk() ([]byte, int, error) {
	if len(c.in) == 0 {
		return nil, 0, io.EOF
	}
	if len(c.lent) == 2 {
		spoil(c.lent[0])
		c.lent = c.lent[1:]
	}
	n := min(c.size, len(c.in))
	b := make([]byte, c.room+n)
	spoil(b[:c.room])
	copy(b[c.room:], c.in[:n])
	c.in = c.in[n:]
	c.lent = append(c.lent, b)
	return b, c.room, nil
}

func spoil(b []byte) {
	for i := range b {
		b[i] = '#'
	}
}

// chunked returns a wrap that reads through chunks of size bytes after
// room bytes of room.
func chunked(size, room int) func([]byte) *Scanner {
	return func(b []byte) *Scanner { return NewScanner(&chunks{in: b, size: size, room: room}) }
}

// The chunk sizes the tests read through: a byte with no room (all that
// is kept goes to the Scanner's own buffer), a few bytes with some room
// (kept in the room, or not), and chunks as large as real ones.
var chunkWraps = map[string]func([]byte) *Scanner{
	"chunks of 1, no room":     chunked(1, 0),
	"chunks of 7, room of 16":  chunked(7, 16),
	"chunks of 64, room of 64": chunked(64, 64),
	"chunks of 4096":           chunked(4096, 1024),
}

// TestChunkedWalks walks a run of values through each chunk size and
// checks each against reading them whole: the values, their offsets and
// what the walk found, with Peek and Ahead between them.
func TestChunkedWalks(t *testing.T) {
	var in strings.Builder
	for i := range 40 {
		in.WriteString(`  {"id":` + strings.Repeat("1", i%5+1) + `,"body":"` + strings.Repeat(`ab\"`, i*7) + `","inner":{"id":"x"},"drop":[` + strings.Repeat(`{"y":[1,2]},`, i%4) + `0]}` + "\n")
	}
	in.WriteString(`"` + strings.Repeat("z", 5000) + `" 42`)
	walkRun := func(wrap func([]byte) *Scanner) []walkResult {
		s := wrap([]byte(in.String()))
		s.Long = Long{Limit: 100, Part: 8, Total: 30, Mark: testLong.Mark}
		var out []walkResult
		for {
			s.Ahead(3)
			if _, ok := s.Peek(); !ok {
				return out
			}
			w := &Walk{Schema: testSchema, Check: true, Spans: make([]Span, 2)}
			raw, err := s.Walk(w)
			res := walkResult{Raw: string(raw), Offset: s.Offset(), Valid: w.Valid, Cuts: append([]Cut(nil), w.Cuts...), Spans: append([]Span(nil), w.Spans...)}
			if err != nil {
				res.Err = err.Error()
			}
			out = append(out, res)
			if err != nil {
				return out
			}
		}
	}
	want := walkRun(whole)
	if len(want) != 42 {
		t.Fatalf("whole: %d values, want 42", len(want))
	}
	for name, wrap := range chunkWraps {
		got := walkRun(wrap)
		if len(got) != len(want) {
			t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
		}
		for i := range want {
			if strings.Contains(got[i].Raw, "#") || !bytes.Equal([]byte(got[i].Raw), []byte(want[i].Raw)) || got[i].Offset != want[i].Offset ||
				got[i].Valid != want[i].Valid || len(got[i].Cuts) != len(want[i].Cuts) || got[i].Err != want[i].Err {
				t.Fatalf("%s: value %d = %+v, want %+v", name, i, got[i], want[i])
			}
		}
	}
}

// TestChunkedOwnBuffer checks that the Scanner reads chunks where they
// are: it has no buffer of its own while each value fits in a chunk's
// room, and one once a value does not.
func TestChunkedOwnBuffer(t *testing.T) {
	small := strings.Repeat(`{"a":"bcd"} `, 1000)
	s := chunked(256, 64)([]byte(small))
	for {
		if _, err := s.Walk(nil); err != nil {
			break
		}
	}
	if s.own != nil {
		t.Errorf("values of 11 bytes in chunks with room of 64: the Scanner made a buffer of %d bytes", len(s.own))
	}
	s = chunked(256, 64)([]byte(`{"a":"` + strings.Repeat("b", 1000) + `"}`))
	if raw, err := s.Walk(nil); err != nil || len(raw) != 1008 {
		t.Fatalf("Walk = %d bytes, %v", len(raw), err)
	}
	if s.own == nil {
		t.Error("a value of 1008 bytes in chunks with room of 64: the Scanner made no buffer of its own")
	}
}
