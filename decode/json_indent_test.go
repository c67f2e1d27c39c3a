package decode

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// TestMarshalJSONIndent checks MarshalJSONIndent against what it
// replaces, encoding/json's Indent of MarshalJSON's output: the same
// bytes for every event of the corpus files and for values that test the
// layout (empty and nested containers, escapes, HTML characters,
// duplicate names in custom data, raw JSON with white space).
func TestMarshalJSONIndent(t *testing.T) {
	odd := Event{
		Vendor: VendorMeta, Kind: KindEvent, Host: "www.facebook.com", Name: "Lead<&>\u2028",
		Page: "https://a.example/?q=\"x\"&r=\\y\u00e9",
		Custom: []Custom{
			{Key: "empty_obj", Raw: "{}", JSON: jsontext.Value(`{}`)},
			{Key: "empty_arr", Raw: "[]", JSON: jsontext.Value(`[]`)},
			{Key: "nested", Raw: "x", JSON: jsontext.Value(`{"a":[1,{"b":[]},"\u00e9\n"],"a":{"c":null}}`)},
			{Key: "spaced", Raw: "x", JSON: jsontext.Value("{ \"a\" :\t[ 1 , 2 ] }")},
			{Key: "plain", Raw: "<script>"},
		},
		Params:   []Param{{Name: "ev", Value: "Lead"}, {Name: "cd[x]", Value: "", In: InBody}},
		Warnings: []string{"w1", ""},
	}
	evs := []Event{odd, {}}
	for _, name := range codecCorpusFiles {
		evs = append(evs, corpusEvents(t, name)...)
	}
	for i, ev := range evs {
		compact, err := ev.MarshalJSON()
		if err != nil {
			t.Fatalf("event %d: MarshalJSON: %v", i, err)
		}
		for _, prefix := range []string{"", "      "} {
			var want bytes.Buffer
			if err := json.Indent(&want, compact, prefix, "  "); err != nil {
				t.Fatalf("event %d: Indent: %v", i, err)
			}
			got, err := ev.MarshalJSONIndent(prefix, "  ")
			if err != nil {
				t.Fatalf("event %d: MarshalJSONIndent: %v", i, err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("event %d, prefix %q: MarshalJSONIndent gave\n%s\nIndent(MarshalJSON) gives\n%s", i, prefix, got, want.Bytes())
			}
		}
	}
	if len(evs) < 1000 {
		t.Errorf("only %d events compared", len(evs))
	}
}
