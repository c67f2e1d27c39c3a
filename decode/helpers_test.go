package decode_test

import (
	"github.com/google/go-cmp/cmp/cmpopts"

	"time"

	"testing"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// newRegistry returns the built-in registry.
func newRegistry(t testing.TB) *decode.Registry {
	t.Helper()
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		t.Fatalf("NewRegistry(Builtin()) = %v", err)
	}
	return reg
}

// get returns a GET entry for url.
func get(url string) *har.Entry {
	return &har.Entry{Request: har.Request{Method: "GET", URL: url}}
}

// post returns a POST entry with a body of the given MIME type.
func post(url, mimeType, text string) *har.Entry {
	return &har.Entry{Request: har.Request{
		Method:   "POST",
		URL:      url,
		PostData: &har.PostData{MimeType: mimeType, Text: text, HasText: text != ""},
	}}
}

// decodeOne decodes e and fails unless it yields exactly one event.
func decodeOne(t *testing.T, reg *decode.Registry, e *har.Entry) decode.Event {
	t.Helper()
	evs := reg.Decode("test.har", e)
	if len(evs) != 1 {
		t.Fatalf("Decode(%s) returned %d events, want 1", e.Request.URL, len(evs))
	}
	return evs[0]
}

// paramLabel returns the label of the first parameter named name.
func paramLabel(ev decode.Event, name string) string {
	for _, p := range ev.Params {
		if p.Name == name {
			return p.Label
		}
	}
	return "(no such parameter)"
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// cmpEmptyIsNil treats nil and empty slices alike.
var cmpEmptyIsNil = cmpopts.EquateEmpty()
