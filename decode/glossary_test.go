package decode

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGlossary(t *testing.T) {
	evs := []Event{
		{Vendor: VendorMeta, Params: []Param{
			{Name: "ts", Value: "1", Label: "event time 1970-01-01T00:00:00.001Z (browser clock)", Type: DataTechnical},
			{Name: "dl", Value: "https://a.example/", Label: "page URL", Type: DataPageURL},
			{Name: "zz", Value: "x"},                                // unlabelled: the decoder does not know it
			{Name: "k", Value: "1", In: InCookie, Type: DataCookie}, // typed but unlabelled: not a term
		}, IDs: []ID{{Name: "c_user", Value: "1", From: "cookie c_user", Meaning: "account ID", Type: DataAccountID}}},
		{Vendor: VendorMeta, Params: []Param{
			{Name: "ts", Value: "2", Label: "event time 1970-01-01T00:00:00.002Z (browser clock)", In: InBody, Type: DataTechnical},
			{Name: "dl", Value: "https://a.example/", Label: "page URL", Type: DataPageURL},
			{Name: "dl", Value: "https://a.example/", Label: "page URL", Type: DataPageURL}, // repeated in one event: counted once
		}},
	}
	want := []Term{
		{Vendor: VendorMeta, Name: "cookie c_user", In: "identifier", Meaning: "account ID", Type: DataAccountID, Count: 1},
		{Vendor: VendorMeta, Name: "dl", In: "query", Meaning: "page URL", Type: DataPageURL, Count: 2},
		{Vendor: VendorMeta, Name: "ts", In: "query, body", Meaning: "event time 1970-01-01T00:00:00.001Z (browser clock)", Type: DataTechnical, Count: 2},
	}
	got := Glossary(evs)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Glossary() mismatch (-want +got):\n%s", diff)
	}
	if s, want := got[1].String(), "meta dl (query): page URL — page URL"; s != want {
		t.Errorf("Term.String() = %q, want %q", s, want)
	}
}
