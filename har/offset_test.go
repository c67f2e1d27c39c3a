package har

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestOffsetsAtBlockEnds: where a warning points, and the length of a
// body cut out of the entry, do not depend on where the decoder's read
// blocks end. jsontext's decoder reads its input in blocks; one ending
// right after a member's name left its unread buffer empty, which put
// the warning of a bad date-time on the colon (found by
// FuzzValidTokens). Each entry is read with a padding member of every
// length up to a few blocks before the fields, so that a block ends at
// each byte around them, through the decoder (careful) and through
// validTokens.
func TestOffsetsAtBlockEnds(t *testing.T) {
	body := strings.Repeat("b", 300)
	for _, tc := range []struct {
		name, sep string
	}{
		{"compact", ":"},
		{"spaced", " :\n  "},
	} {
		for pad := range 400 {
			entry := fmt.Sprintf(`{"_pad":"%s","startedDateTime"%s"not a date","request":{"method":"GET","url":"u"},"response":{"status":200,"content":{"_pad":"%s","size":300,"text"%s"%s"}}}`,
				strings.Repeat("p", pad), tc.sep, strings.Repeat("q", pad), tc.sep, body)
			data := []byte(`{"log":{"entries":[` + entry + `]}}`)
			wantOff := int64(bytes.Index(data, []byte(`"not a date"`)))
			for _, careful := range []bool{true, false} {
				es, err := readWanted(data, careful)
				if err == nil || len(es) != 1 {
					t.Fatalf("%s, pad %d, careful %v: %d entries, %v", tc.name, pad, careful, len(es), err)
				}
				e := es[0]
				if len(e.Warnings) != 1 || e.Warnings[0].Offset != wantOff {
					t.Fatalf("%s, pad %d, careful %v: warnings %v, want one at byte %d", tc.name, pad, careful, e.Warnings, wantOff)
				}
				if c := e.Response.Content; !c.HasText || c.TextLen != len(body) || c.Text != "" {
					t.Fatalf("%s, pad %d, careful %v: body read as HasText %v, TextLen %d, %d bytes kept; want its length %d and no text",
						tc.name, pad, careful, c.HasText, c.TextLen, len(c.Text), len(body))
				}
			}
		}
	}
}

// TestPointersAtBlockEnds: the field a long value's warning names does
// not depend on where the decoder's read blocks end either.
func TestPointersAtBlockEnds(t *testing.T) {
	for pad := range 400 {
		for _, sep := range []string{":", " : "} {
			data := []byte(fmt.Sprintf(`{"_pad":"%s","request"%s{"url"%s"https://a.example/"}}`, strings.Repeat("p", pad), sep, sep))
			at := bytes.Index(data, []byte(`"https:`))
			if got := pointers(data, []int{at}); got[0] != "request.url" {
				t.Fatalf("pad %d, separator %q: the string at byte %d named %q, want request.url", pad, sep, at, got[0])
			}
		}
	}
}
