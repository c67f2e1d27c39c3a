package decode_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

const idSHA = "f9c7f2e47b3f1f176f34a12f51668b919504a57f4d9aa7efa22313c5c0e7f684"

func TestEventID(t *testing.T) {
	tests := []struct {
		name string
		ev   decode.Event
		want string
	}{
		{"decoded event", decode.Event{Sources: []decode.Source{{File: "a.har", SHA256: idSHA, Entry: 17}}, Index: 2}, "f9c7f2e4#17.2"},
		{"page opened (no index)", decode.Event{Sources: []decode.Source{{File: "a.har", SHA256: idSHA, Entry: 7}}}, "f9c7f2e4#7"},
		{"the file's name plays no part", decode.Event{Sources: []decode.Source{{File: "renamed.har", SHA256: idSHA, Entry: 17}}, Index: 2}, "f9c7f2e4#17.2"},
		{"folded copies: the first source's", decode.Event{Sources: []decode.Source{{SHA256: idSHA, Entry: 11}, {SHA256: "00000000aa", Entry: 12}}, Index: 1}, "f9c7f2e4#11.1"},
		// Bad: the SHA-256 is not known yet (SetSHA256 not called).
		{"no SHA-256", decode.Event{Sources: []decode.Source{{File: "a.har", Entry: 3}}, Index: 1}, ""},
		// Bad: a hand-built event with no source.
		{"no source", decode.Event{Index: 1}, ""},
		// Bad: a SHA-256 too short to give the digits.
		{"short SHA-256", decode.Event{Sources: []decode.Source{{SHA256: "abc", Entry: 3}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ev.ID(); got != tt.want {
				t.Errorf("ID() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDecodeIndex checks that the events of one request are numbered in
// the order the request carries them, from 1, so that the two events of
// a GA4 batch have two IDs; and that a privacy-sandbox copy folded into
// its original leaves the original's ID.
func TestDecodeIndex(t *testing.T) {
	reg := newRegistry(t)
	batch := post("https://region1.google-analytics.com/g/collect?v=2&tid=G-EXAMPLE001&cid=1.2&sid=3&dl=https%3A%2F%2Fwww.police.example%2F",
		"text/plain", "en=scroll&epn.percent_scrolled=90\r\nen=form_submit&ep.form_id=report")
	batch.Index = 17
	evs := reg.Decode("a.har", batch)
	decode.SetSHA256(evs, "a.har", idSHA)
	type view struct{ Name, ID string }
	var got []view
	for _, ev := range evs {
		got = append(got, view{ev.Name, ev.ID()})
	}
	want := []view{{"scroll", "f9c7f2e4#17.1"}, {"form_submit", "f9c7f2e4#17.2"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("batched GA4 request: IDs mismatch (-want +got):\n%s", diff)
	}

	tr := "https://www.facebook.com/tr/?id=1&ev=Lead&ts=1749743254592&ec=2"
	ps := "https://www.facebook.com/privacy_sandbox/pixel/register/trigger/?id=1&ev=Lead&ts=1749743254592&ec=2"
	var pair []decode.Event
	for i, u := range []string{tr, ps} {
		pair = append(pair, reg.Decode("a.har", &har.Entry{Index: 11 + i, Request: har.Request{Method: "GET", URL: u}})...)
	}
	decode.SetSHA256(pair, "a.har", idSHA)
	folded := decode.FoldDuplicates(pair)
	if len(folded) != 1 {
		t.Fatalf("FoldDuplicates gave %d events, want 1", len(folded))
	}
	if got := folded[0].ID(); got != "f9c7f2e4#11.1" {
		t.Errorf("folded event's ID = %q, want the original's, f9c7f2e4#11.1", got)
	}
}
