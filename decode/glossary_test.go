package decode

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGlossary(t *testing.T) {
	evs := []Event{
		{Vendor: VendorMeta, Params: []Param{
			{Name: "ts", Value: "1", Label: "event time 1970-01-01T00:00:00.001Z (browser clock)"},
			{Name: "dl", Value: "https://a.example/", Label: "page URL"},
			{Name: "zz", Value: "x"}, // unlabelled: the decoder does not know it
		}, IDs: []ID{{Name: "c_user", Value: "1", From: "cookie c_user", Meaning: "account ID"}}},
		{Vendor: VendorMeta, Params: []Param{
			{Name: "ts", Value: "2", Label: "event time 1970-01-01T00:00:00.002Z (browser clock)", In: InBody},
			{Name: "dl", Value: "https://a.example/", Label: "page URL"},
			{Name: "dl", Value: "https://a.example/", Label: "page URL"}, // repeated in one event: counted once
		}},
	}
	want := []Term{
		{Vendor: VendorMeta, Name: "cookie c_user", In: "identifier", Meaning: "account ID", Count: 1},
		{Vendor: VendorMeta, Name: "dl", In: "query", Meaning: "page URL", Count: 2},
		{Vendor: VendorMeta, Name: "ts", In: "query, body", Meaning: "event time 1970-01-01T00:00:00.001Z (browser clock)", Count: 2},
	}
	if diff := cmp.Diff(want, Glossary(evs)); diff != "" {
		t.Errorf("Glossary() mismatch (-want +got):\n%s", diff)
	}
}
