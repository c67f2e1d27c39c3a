package har

// knownNames is a set of strings that recur in every entry (member names,
// header names), looked up by the raw bytes of a JSON string's content
// so that one found is not allocated again. It is read-only once made,
// and faster than a map for these short names: most candidates of the
// same length are told apart by their first and last bytes before any
// comparison.
type knownNames struct {
	byLen [][]string // names by length
}

func newKnownNames(names []string) *knownNames {
	k := &knownNames{}
	for _, n := range names {
		if len(n) == 0 {
			continue
		}
		for len(k.byLen) <= len(n) {
			k.byLen = append(k.byLen, nil)
		}
		if _, ok := k.lookup([]byte(n)); !ok {
			k.byLen[len(n)] = append(k.byLen[len(n)], n)
		}
	}
	return k
}

// lookup returns the name whose bytes are raw, if it is in the set.
func (k *knownNames) lookup(raw []byte) (string, bool) {
	if len(raw) == 0 || len(raw) >= len(k.byLen) {
		return "", false
	}
	first, last := raw[0], raw[len(raw)-1]
	for _, n := range k.byLen[len(raw)] {
		if n[0] == first && n[len(n)-1] == last && n == string(raw) {
			return n, true
		}
	}
	return "", false
}
