// Package jsonscan finds the structure of JSON (RFC 8259) without
// tokenising it: where a string ends, where white space stops, whether a
// string or a number is valid, and, in an array of flat objects, the raw
// values of the members asked for. The har package frames and skims
// entries with it; whatever it is unsure of, it reports, and the caller
// hands that to a careful tokenizer (jsontext).
//
// Every function works on bytes already read and allocates nothing. A
// streaming caller resumes [StringEnd] where it stopped once more input
// is there:
//
//	v := []byte(`"a\"b", "c"`)
//	end, ok := jsonscan.StringEnd(v, 0, 1) // 6, true: v[:6] is the string "a\"b"
//	next := jsonscan.Space(v, end+1)       // 8: the opening quote of "c"
package jsonscan
