package jsonscan

import "bytes"

// Objects reads an array of flat objects from valid JSON bytes (a HAR's
// headers or cookies), calling fn for each object with the raw values of
// the members named in strs (nil when absent; each a string or null),
// then those of the members named in bools (nil when absent or null; the
// last true or false when repeated), in scratch (at least len(strs) +
// len(bools) long). Members named in bools must be booleans or null;
// others may be any scalar. It reports false for any
// other shape, a duplicate member of strs or an escaped member name: the
// caller then reads the value with a careful tokenizer, which warns where
// it must. It is one loop over the bytes, the hottest of a skim: headers
// and cookies are most of an entry.
func Objects(v []byte, strs, bools []string, scratch [][]byte, fn func(vals [][]byte)) bool {
	end, ok := ObjectsPrefix(v, strs, bools, scratch, fn)
	return ok && Space(v, end) == len(v)
}

// ObjectsPrefix is Objects of the array that starts v (after white
// space), whatever follows it: it returns the index just past the
// array's ']'.
func ObjectsPrefix(v []byte, strs, bools []string, scratch [][]byte, fn func(vals [][]byte)) (end int, ok bool) {
	vals := scratch[:len(strs)+len(bools)]
	i := Space(v, 0)
	if i >= len(v) || v[i] != '[' {
		return 0, false
	}
	i = Space(v, i+1)
	if i < len(v) && v[i] == ']' {
		return i + 1, true
	}
	for {
		if i >= len(v) || v[i] != '{' {
			return 0, false
		}
		clear(vals)
		i = Space(v, i+1)
		if i < len(v) && v[i] == '}' {
			i++
		} else {
			for {
				// A member name: a string without escapes.
				if i >= len(v) || v[i] != '"' {
					return 0, false
				}
				j, plain := stringEnd(v, i)
				if j < 0 || !plain && bytes.IndexByte(v[i+1:j-1], '\\') >= 0 {
					return 0, false
				}
				name := v[i+1 : j-1]
				// ": " as pretty-printers write it, or any spacing.
				if j+1 < len(v) && v[j] == ':' && v[j+1] == ' ' {
					i = j + 2
				} else {
					i = Space(v, j)
					if i >= len(v) || v[i] != ':' {
						return 0, false
					}
					i++
				}
				i = Space(v, i)
				if i >= len(v) {
					return 0, false
				}
				// The value: a string or a scalar.
				start, kind := i, v[i]
				switch kind {
				case '"':
					if i, _ = stringEnd(v, i); i < 0 {
						return 0, false
					}
				case '{', '[':
					return 0, false
				default:
					i = ScalarEnd(v, i)
					switch string(v[start:i]) {
					case "null":
						kind = 'n'
					case "true", "false":
						kind = 't'
					default:
						kind = '0'
					}
				}
				if m := indexName(strs, name); m >= 0 {
					if kind != '"' && kind != 'n' || vals[m] != nil {
						return 0, false
					}
					vals[m] = v[start:i]
				} else if m := indexName(bools, name); m >= 0 {
					switch kind {
					case 't':
						vals[len(strs)+m] = v[start:i] // the last, as a decoder reads it
					case 'n':
					default:
						return 0, false
					}
				}
				i = Space(v, i)
				if i < len(v) && v[i] == '}' {
					i++
					break
				}
				if i >= len(v) || v[i] != ',' {
					return 0, false
				}
				i = Space(v, i+1)
			}
		}
		fn(vals)
		i = Space(v, i)
		if i < len(v) && v[i] == ']' {
			return i + 1, true
		}
		if i >= len(v) || v[i] != ',' {
			return 0, false
		}
		i = Space(v, i+1)
	}
}

// stringEnd returns the index just past the closing quote of the string
// that starts at v[i] (a '"'), or -1 if it does not end in v; plain says
// that the string has no backslash (false: it may have one).
func stringEnd(v []byte, i int) (end int, plain bool) {
	if k := PlainEnd(v, i+1); k >= 0 {
		return k, true
	}
	if k, ok := StringEnd(v, i, i+1); ok {
		return k, false
	}
	return -1, false
}

func indexName(names []string, name []byte) int {
	for i, n := range names {
		if n == string(name) {
			return i
		}
	}
	return -1
}
