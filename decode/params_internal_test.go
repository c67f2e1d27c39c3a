package decode

import (
	"testing"
	"unicode/utf8"

	"github.com/haruspex/haruspex/har"
)

func TestClassifyHash(t *testing.T) {
	tests := []struct {
		in   string
		want HashClass
	}{
		{"", HashEmpty},
		{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", HashSHA256},
		{"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", HashSHA256},
		{sha256Undefined, HashSHA256Undefined},
		{sha256Empty, HashSHA256Empty},
		{sha256Null, HashSHA256Null},
		{"3469a92b54b28a6dc1fc923950d99be6", HashMD5},
		// Bad: one digit short of a SHA-256, and a non-hex character.
		{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0", HashPlain},
		{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g", HashPlain},
		{"jane@example.com", HashPlain},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ClassifyHash(tt.in); got != tt.want {
				t.Errorf("ClassifyHash(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestLastValue checks lastValue against what it stands for, the value
// of the name in lastParams.
func TestLastValue(t *testing.T) {
	ps := []Param{{Name: "dt", Value: "a"}, {Name: "gcs", Value: "G111"}, {Name: "dt", Value: "b"},
		{Name: "dt", Value: "cookie", In: InCookie}, {Name: "en", Value: ""}, {Name: "x", Value: "only cookie", In: InCookie}}
	for _, name := range []string{"dt", "gcs", "en", "x", "missing"} {
		if got, want := lastValue(ps, name), value(lastParams(ps), name); got != want {
			t.Errorf("lastValue(%q) = %q, want %q", name, got, want)
		}
	}
	if got := lastValue(ps, "dt"); got != "b" {
		t.Errorf(`lastValue("dt") = %q, want "b"`, got)
	}
}

// TestBodyLabelInvalidUTF8 checks that a body's MIME type, as captured,
// reaches its label as valid UTF-8 (the fuzzer found a label that made
// MarshalJSON fail).
func TestBodyLabelInvalidUTF8(t *testing.T) {
	for _, ctype := range []string{"\xf5", "text/plain; charset=\xff", "application/\xc3("} {
		r := &har.Request{Method: "POST", PostData: &har.PostData{MimeType: ctype, Text: "0", HasText: true}}
		var w warnings
		ps := bodyParams(r, &w)
		if len(ps) != 1 || !utf8.ValidString(ps[0].Label) {
			t.Fatalf("%q: params %+v", ctype, ps)
		}
		ev := Event{Params: ps, Warnings: w.list}
		if _, err := ev.MarshalJSON(); err != nil {
			t.Errorf("%q: MarshalJSON: %v", ctype, err)
		}
	}
}
