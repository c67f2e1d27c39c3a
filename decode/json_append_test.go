package decode

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAppendJSON: AppendJSON and AppendJSONIndent append exactly what
// MarshalJSON and MarshalJSONIndent return, after what the buffer holds,
// for the events of the corpus files (one buffer reused for all).
func TestAppendJSON(t *testing.T) {
	evs := []Event{{}}
	for _, name := range codecCorpusFiles {
		evs = append(evs, corpusEvents(t, name)...)
	}
	var buf []byte
	for i := range evs {
		ev := &evs[i]
		want, err := ev.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if buf, err = ev.AppendJSON(append(buf[:0], "x"...)); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff("x"+string(want), string(buf)); diff != "" {
			t.Fatalf("event %d: AppendJSON mismatch (-want +got):\n%s", i, diff)
		}
		want, err = ev.MarshalJSONIndent("  ", "\t")
		if err != nil {
			t.Fatal(err)
		}
		if buf, err = ev.AppendJSONIndent(buf[:0], "  ", "\t"); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(buf)); diff != "" {
			t.Fatalf("event %d: AppendJSONIndent mismatch (-want +got):\n%s", i, diff)
		}
	}
}
