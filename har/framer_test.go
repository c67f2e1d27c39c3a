package har

import (
	"bytes"
	"io"
	"testing"
)

// TestFramerAhead checks when entries are framed ahead: not for a small
// file, and for a large one from its 16th entry on, in batches growing
// to aheadBatch, even after an item that is not an entry object (a
// batch ends there, and framing ahead must start again).
func TestFramerAhead(t *testing.T) {
	data := generated(t, 8<<20)
	r := NewReader(bytes.NewReader(data))
	es, err := r.ReadAll()
	if err != nil || len(es) < 600 {
		t.Fatalf("%d entries, %v; want 600 or more", len(es), err)
	}
	at := es[30].Offset
	stray := append(append(bytes.Clone(data[:at]), "1,"...), data[at:]...)
	small := []byte(`{"log":{"entries":[{},{},{}]}}`)
	for _, tc := range []struct {
		name      string
		data      []byte
		wantBatch int // the size the next batch would have had
	}{
		{"small", small, firstBatch},
		{"large", data, aheadBatch},
		{"large, a stray item", stray, aheadBatch},
	} {
		r := NewReader(bytes.NewReader(tc.data))
		for {
			if _, err := r.Next(); err != nil {
				if err != io.EOF {
					t.Fatalf("%s: %v", tc.name, err)
				}
				break
			}
		}
		if r.fr.batch != tc.wantBatch {
			t.Errorf("%s: next batch %d, want %d", tc.name, r.fr.batch, tc.wantBatch)
		}
	}
}
