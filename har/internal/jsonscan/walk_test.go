package jsonscan

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
)

// testSchema is a small HAR-like schema: in the outermost object,
// "body" (a string) and "drop" (an object or array) are cut out, "id"
// is located, and "inner" is an object of its own kind, whose "id" is
// located too.
var testSchema = &Schema{Root: 2, Members: [][]Member{
	2: {{Name: "body", Do: CutString}, {Name: "drop", Do: CutValue}, {Name: "id", Do: Locate, Span: 0}, {Name: "inner", Kind: 3}},
	3: {{Name: "id", Do: Locate, Span: 1}},
}}

// walkResult is what a walk gave.
type walkResult struct {
	Raw    string
	Err    string
	Offset int64 // after the walk
	Valid  bool
	Cuts   []Cut
	Spans  []Span
}

// walkAll walks the first value of in, read through wrap.
func walkAll(in []byte, wrap func([]byte) *Scanner) walkResult {
	s := wrap(in)
	w := &Walk{Schema: testSchema, Check: true, Spans: make([]Span, 2)}
	raw, err := s.Walk(w)
	res := walkResult{Raw: string(raw), Offset: s.Offset(), Valid: w.Valid, Cuts: w.Cuts, Spans: w.Spans}
	if err != nil {
		res.Err = err.Error()
	}
	if len(res.Cuts) == 0 {
		res.Cuts = nil
	}
	return res
}

func whole(b []byte) *Scanner { return NewScanner(bytes.NewReader(b)) }

func oneByte(b []byte) *Scanner { return NewScanner(iotest.OneByteReader(bytes.NewReader(b))) }

var walkCases = []struct {
	name string
	in   string
	want walkResult
}{
	{"scalar at the end", ` 12`, walkResult{Raw: "12", Offset: 3, Valid: true, Spans: make([]Span, 2)}},
	{"string", `"a\"b" ,`, walkResult{Raw: `"a\"b"`, Offset: 6, Valid: true, Spans: make([]Span, 2)}},
	{"object with cuts and spans",
		`{"id":7,"body":"long text","drop":[1,{"x":2}],"inner":{"id":"i"},"other":{"body":"kept"}} rest`,
		walkResult{
			Raw:    `{"id":7,"body":"long text","drop":[1,{"x":2}],"inner":{"id":"i"},"other":{"body":"kept"}}`,
			Offset: 89, Valid: true,
			Cuts:  []Cut{{Start: 15, End: 26}, {Start: 34, End: 45, Null: true}},
			Spans: []Span{{Start: 6, End: 7, N: 1}, {Start: 60, End: 63, N: 1}},
		}},
	{"duplicate located member", `{"id":1,"id":2}`, walkResult{Raw: `{"id":1,"id":2}`, Offset: 15, Valid: true,
		Spans: []Span{{Start: 13, End: 14, N: 2}, {}}}},
	{"invalid but framed", `{"a":01,"b":tru}`, walkResult{Raw: `{"a":01,"b":tru}`, Offset: 16, Spans: make([]Span, 2)}},
	{"missing colon", `{"a" 1}`, walkResult{Raw: `{"a" 1}`, Offset: 7, Spans: make([]Span, 2)}},
	// A value where none may stand is not cut out: the careful parser
	// must see the bytes as they are to report them.
	{"no colon before a value to cut", `{"drop"{},"body""x"}`, walkResult{Raw: `{"drop"{},"body""x"}`, Offset: 20, Spans: make([]Span, 2)}},
	{"control character", "[\"a\tb\"]", walkResult{Raw: "[\"a\tb\"]", Offset: 7, Spans: make([]Span, 2)}},
	{"cut short in a string", `{"body":"abc\`, // stops before the trailing backslash
		walkResult{Raw: `{"body":"abc`, Err: ErrEOF.Error(), Offset: 12, Spans: make([]Span, 2)}},
	{"cut short", `[1, 2`, walkResult{Raw: `[1, 2`, Err: ErrEOF.Error(), Offset: 5, Valid: true, Spans: make([]Span, 2)}},
	{"stray close", `]`, walkResult{Raw: `]`, Err: `invalid character ']'`, Offset: 1, Valid: true, Spans: make([]Span, 2)}},
}

func TestWalk(t *testing.T) {
	for _, tc := range walkCases {
		t.Run(tc.name, func(t *testing.T) {
			wraps := []func([]byte) *Scanner{whole, oneByte}
			for _, w := range chunkWraps {
				wraps = append(wraps, w)
			}
			for _, wrap := range wraps {
				got := walkAll([]byte(tc.in), wrap)
				if got.Err != "" {
					got.Valid = tc.want.Valid // undefined on an error
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("Walk(%s) mismatch (-want +got):\n%s", tc.in, diff)
				}
			}
		})
	}
}

// FuzzWalk checks the walk on any input: it gives the same whether the
// input comes whole, a byte at a time (so across every refill of the
// buffer) or in chunks lent by a Chunker; a value it calls valid is valid JSON; on valid JSON it
// returns exactly the value, without error.
func FuzzWalk(f *testing.F) {
	for _, tc := range walkCases {
		f.Add([]byte(tc.in))
	}
	f.Add([]byte(`{"inner":{"id":{"deep":[1,2,{"id":3}]}},"body":"` + strings.Repeat(`x\"`, 3000) + `"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		got := walkAll(in, whole)
		if diff := cmp.Diff(got, walkAll(in, oneByte)); diff != "" {
			t.Fatalf("Walk(%s): whole and byte by byte differ (-whole +one byte):\n%s", short(in), diff)
		}
		for name, wrap := range chunkWraps {
			if diff := cmp.Diff(got, walkAll(in, wrap)); diff != "" {
				t.Fatalf("Walk(%s): whole and %s differ (-whole +chunks):\n%s", short(in), name, diff)
			}
		}
		if got.Err != "" {
			return
		}
		// Cut strings are not looked into: what the walk calls valid is
		// valid with them empty.
		var v []byte
		prev := 0
		for _, c := range got.Cuts {
			if !c.Null {
				v = append(append(v, got.Raw[prev:c.Start]...), `""`...)
				prev = c.End
			}
		}
		v = append(v, got.Raw[prev:]...)
		valid := jsontext.Value(v).IsValid(opts...)
		if got.Valid && !valid {
			t.Fatalf("Walk(%s) says %s is valid; jsontext disagrees", short(in), short(v))
		}
		if !got.Valid && valid && !bytes.Contains(v, []byte(`\u`)) {
			t.Fatalf("Walk(%s) says valid JSON %s is not (and it has no \\u escape)", short(in), short(v))
		}
		// A container or string jsontext reads is what the walk returns.
		d := jsontext.NewDecoder(bytes.NewReader(in), opts...)
		if k := d.PeekKind(); k != '{' && k != '[' && k != '"' {
			return
		}
		if want, err := d.ReadValue(); err == nil && got.Raw != string(want) {
			t.Fatalf("Walk(%s) = %s; jsontext reads the value %s", short(in), short([]byte(got.Raw)), short(want))
		}
	})
}

// short quotes b for a message, cut to its first 200 bytes.
func short(b []byte) string {
	if len(b) > 200 {
		return fmt.Sprintf("%q… (%d bytes)", b[:200], len(b))
	}
	return fmt.Sprintf("%q", b)
}
