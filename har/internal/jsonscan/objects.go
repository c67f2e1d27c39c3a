package jsonscan

import "bytes"

// Objects reads an array of flat objects from valid JSON bytes (a HAR's
// headers or cookies), calling fn for each object with the raw values of
// the members named in strs (nil when absent; each a string or null), in
// scratch (at least len(strs) long). Members named in bools must be
// booleans or null; others may be any scalar. It reports false for any
// other shape, a duplicate member of strs or an escaped member name: the
// caller then reads the value with a careful tokenizer, which warns where
// it must. It is one loop over the bytes, the hottest of a skim: headers
// and cookies are most of an entry.
func Objects(v []byte, strs, bools []string, scratch [][]byte, fn func(vals [][]byte)) bool {
	vals := scratch[:len(strs)]
	i := Space(v, 0)
	if i >= len(v) || v[i] != '[' {
		return false
	}
	i = Space(v, i+1)
	if i < len(v) && v[i] == ']' {
		return Space(v, i+1) == len(v)
	}
	for {
		if i >= len(v) || v[i] != '{' {
			return false
		}
		clear(vals)
		i = Space(v, i+1)
		if i < len(v) && v[i] == '}' {
			i++
		} else {
			for {
				// A member name: a string without escapes.
				if i >= len(v) || v[i] != '"' {
					return false
				}
				j, plain := stringEnd(v, i)
				if j < 0 || !plain && bytes.IndexByte(v[i+1:j-1], '\\') >= 0 {
					return false
				}
				name := v[i+1 : j-1]
				// ": " as pretty-printers write it, or any spacing.
				if j+1 < len(v) && v[j] == ':' && v[j+1] == ' ' {
					i = j + 2
				} else {
					i = Space(v, j)
					if i >= len(v) || v[i] != ':' {
						return false
					}
					i++
				}
				i = Space(v, i)
				if i >= len(v) {
					return false
				}
				// The value: a string or a scalar.
				start, kind := i, v[i]
				switch kind {
				case '"':
					if i, _ = stringEnd(v, i); i < 0 {
						return false
					}
				case '{', '[':
					return false
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
						return false
					}
					vals[m] = v[start:i]
				} else if indexName(bools, name) >= 0 && kind != 't' && kind != 'n' {
					return false
				}
				i = Space(v, i)
				if i < len(v) && v[i] == '}' {
					i++
					break
				}
				if i >= len(v) || v[i] != ',' {
					return false
				}
				i = Space(v, i+1)
			}
		}
		fn(vals)
		i = Space(v, i)
		if i < len(v) && v[i] == ']' {
			return Space(v, i+1) == len(v)
		}
		if i >= len(v) || v[i] != ',' {
			return false
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
