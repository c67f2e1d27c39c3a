package har

import (
	"bytes"
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
