// Package jsonscan finds the structure of JSON (RFC 8259,
// https://www.rfc-editor.org/rfc/rfc8259) without tokenising it. The har
// package frames and skims HAR entries with it; whatever it is unsure
// of, it says so, and the caller hands that to a careful tokenizer
// (jsontext), which reports precise errors.
//
// Byte-level helpers work on bytes already read and allocate nothing:
// [Space] (where white space stops), [PlainEnd] (the end of a short
// string with no escape, eight bytes at a time), [StringEnd] (the end of
// any string, resumable as more input comes), [ValidString] and
// [ValidScalar], and [Objects] (the raw values of chosen members in an
// array of flat objects: a HAR's headers and cookies).
//
// A [Scanner] reads values from a stream: [Scanner.Walk] moves past one
// and returns its bytes, having recorded, as a [Schema] asks, the values
// cut out (response bodies) and where chosen members are. For the
// outermost object of kind 2, whose "body" is cut out and "id" located:
//
//	schema := &jsonscan.Schema{Root: 2, Members: [][]jsonscan.Member{
//		2: {{Name: "body", Do: jsonscan.CutString}, {Name: "id", Do: jsonscan.Locate, Span: 0}},
//	}}
//	s := jsonscan.NewScanner(strings.NewReader(`{"id": 7, "body": "…long…"} `))
//	w := &jsonscan.Walk{Schema: schema, Check: true, Spans: make([]jsonscan.Span, 1)}
//	v, err := s.Walk(w)
//	// v is the object's bytes, err nil, w.Valid true;
//	// w.Cuts[0] is where "…long…" is in v, w.Spans[0] where 7 is.
package jsonscan
