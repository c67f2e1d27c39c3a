package har

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// defaultSkimHeaders are the request headers a skimmed entry keeps when
// [Reader.SkimHeaders] is nil: what says where a request came from and
// what it carried.
var defaultSkimHeaders = []string{"Cookie", "Referer", "Origin", "Content-Type",
	"Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User"}

// newEntry returns entry index at offset off with every size and timing
// unknown (-1), as the parser starts it.
func newEntry(index int, off int64) *Entry {
	e := &Entry{Index: index, Offset: off, Time: -1}
	e.Request.HeadersSize, e.Request.BodySize = -1, -1
	e.Response.HeadersSize, e.Response.BodySize = -1, -1
	e.Response.Content.Size, e.Response.Content.Compression = -1, -1
	e.Timings = Timings{-1, -1, -1, -1, -1, -1, -1, ""}
	return e
}

// skimFast reads a framed entry's skim fields from where the walk found
// them, without tokenising the entry: the walk that framed it checked
// that it is valid JSON, and each field is read from its own bytes. It reports
// false, having read nothing, whenever the careful parser must decide —
// a member twice, a value of an unexpected kind, a field missing that
// every well-formed entry has, invalid JSON — so that the result is
// always what the careful skim would give.
func (r *Reader) skimFast(it *item) (*Entry, bool) {
	if !it.spanned || !it.valid {
		return nil, false
	}
	for i, sp := range it.spans {
		if sp.n > 1 || sp.n == 1 && sp.end <= sp.start {
			return nil, false
		}
		switch i {
		case spanStarted, spanURL, spanStatus, spanMimeType:
			if sp.n == 0 {
				return nil, false
			}
		}
	}
	data := it.data
	raw := func(i int) []byte {
		sp := it.spans[i]
		if sp.n == 0 {
			return nil
		}
		v := data[sp.start:sp.end]
		for len(v) > 0 && isSpace[v[len(v)-1]] {
			v = v[:len(v)-1]
		}
		return v
	}
	e := newEntry(r.index, it.off)
	e.Skimmed = true
	ok := true
	text := func(i int) string {
		s, good := skimString(raw(i))
		ok = ok && good
		return s
	}
	e.PageRef = text(spanPageRef)
	started := text(spanStarted)
	e.Request.Method = text(spanMethod)
	e.Request.URL = text(spanURL)
	e.Response.Content.MimeType = text(spanMimeType)
	if !ok || started == "" {
		return nil, false
	}
	t, err := ParseTime(started)
	if err != nil {
		return nil, false
	}
	e.StartedDateTime = Time{T: t, Raw: started}
	switch st := raw(spanStatus); {
	case string(st) == "null":
	case len(st) > 0 && (st[0] == '-' || st[0] >= '0' && st[0] <= '9'):
		f, err := strconv.ParseFloat(string(st), 64)
		if err != nil {
			return nil, false
		}
		e.Response.Status = int(f)
	default:
		return nil, false
	}
	// The custom fields, in file order as the parser keeps them.
	custom := []int{spanResourceType, spanFetchType, spanInitiator}
	slices.SortFunc(custom, func(a, b int) int { return it.spans[a].start - it.spans[b].start })
	for _, i := range custom {
		if v := raw(i); v != nil {
			e.Custom = append(e.Custom, Field{Name: skimFieldName[i], Raw: bytes.Clone(v)})
		}
	}
	keep := r.SkimHeaders
	if keep == nil {
		keep = defaultSkimHeaders
	}
	if v := raw(spanHeaders); v != nil {
		if !skimObjects(v, nameValueMembers, nil, func(vals [][]byte) {
			if !keepHeaderRaw(keep, vals[0]) {
				return
			}
			name, ok1 := skimString(vals[0])
			value, ok2 := skimString(vals[1])
			comment, ok3 := skimString(vals[2])
			ok = ok && ok1 && ok2 && ok3
			e.Request.Headers = append(e.Request.Headers, NameValue{Name: name, Value: value, Comment: comment})
		}) {
			return nil, false
		}
	}
	if v := raw(spanCookies); v != nil {
		if !skimObjects(v, cookieStringMembers, cookieBoolMembers, func(vals [][]byte) {
			name, ok1 := skimString(vals[0])
			value, ok2 := skimString(vals[1])
			ok = ok && ok1 && ok2
			e.Request.Cookies = append(e.Request.Cookies, Cookie{Name: name, Value: value})
		}) {
			return nil, false
		}
	}
	if !ok {
		return nil, false
	}
	return e, true
}

// skimFieldName names the custom fields a skim keeps.
var skimFieldName = [nSpans]string{spanResourceType: "_resourceType", spanFetchType: "_fetchType", spanInitiator: "_initiator"}

// keepHeader reports whether a skim keeps the header name.
func keepHeader(keep []string, name string) bool {
	for _, k := range keep {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// keepHeaderRaw is keepHeader for a header name as raw JSON (a string or
// null); an escaped name is kept, to be decided once unquoted.
func keepHeaderRaw(keep []string, raw []byte) bool {
	if len(raw) < 2 || raw[0] != '"' {
		return keepHeader(keep, "")
	}
	if bytes.IndexByte(raw, '\\') >= 0 {
		name, _ := skimString(raw)
		return keepHeader(keep, name)
	}
	name := raw[1 : len(raw)-1]
	for _, k := range keep {
		if len(k) == len(name) && bytes.EqualFold([]byte(k), name) {
			return true
		}
	}
	return false
}

// skimmed trims an entry read by the careful skim to what [Reader.Want]
// documents, so that both skims give the same entry.
func (r *Reader) skimmed(e *Entry) {
	keep := r.SkimHeaders
	if keep == nil {
		keep = defaultSkimHeaders
	}
	e.Request.Headers = slices.DeleteFunc(e.Request.Headers, func(h NameValue) bool { return !keepHeader(keep, h.Name) })
	for i, c := range e.Request.Cookies {
		e.Request.Cookies[i] = Cookie{Name: c.Name, Value: c.Value}
	}
}

// The members of header and cookie objects the parser reads as strings
// (or booleans); any other member it skips.
var (
	nameValueMembers    = []string{"name", "value", "comment"}
	cookieStringMembers = []string{"name", "value", "path", "domain", "expires", "sameSite", "comment"}
	cookieBoolMembers   = []string{"httpOnly", "secure"}
)

// skimString reads a JSON string (or null, as "") from valid JSON bytes;
// ok is false for any other kind.
func skimString(v []byte) (string, bool) {
	switch {
	case v == nil || string(v) == "null":
		return "", true
	case len(v) < 2 || v[0] != '"':
		return "", false
	case bytes.IndexByte(v, '\\') < 0:
		return string(v[1 : len(v)-1]), true
	}
	u, err := jsontext.AppendUnquote(nil, v)
	if err != nil {
		return "", false
	}
	return string(u), true
}

// skimObjects reads an array of flat objects from valid JSON bytes,
// calling fn for each with the raw values of the members named in strs
// (nil when absent; each a string or null). Members named in bools must
// be booleans or null; others may be any scalar. It reports false for any
// other shape, a duplicate member or an escaped member name (the careful
// parser then reads it, warning where it must).
func skimObjects(v []byte, strs, bools []string, fn func(vals [][]byte)) bool {
	c := skimCursor{b: v}
	if !c.take('[') {
		return false
	}
	var buf [8][]byte
	vals := buf[:len(strs)]
	if c.take(']') {
		return c.end()
	}
	for {
		if !c.take('{') {
			return false
		}
		clear(vals)
		if !c.take('}') {
			for {
				name, ok := c.rawStr()
				if !ok || bytes.IndexByte(name, '\\') >= 0 || !c.take(':') {
					return false
				}
				name = name[1 : len(name)-1]
				val, kind, ok := c.scalar()
				if !ok {
					return false
				}
				if i := indexName(strs, name); i >= 0 {
					if kind != '"' && kind != 'n' || vals[i] != nil {
						return false
					}
					vals[i] = val
				} else if indexName(bools, name) >= 0 && kind != 't' && kind != 'n' {
					return false
				}
				if c.take('}') {
					break
				}
				if !c.take(',') {
					return false
				}
			}
		}
		fn(vals)
		if c.take(']') {
			return c.end()
		}
		if !c.take(',') {
			return false
		}
	}
}

func indexName(names []string, name []byte) int {
	for i, n := range names {
		if n == string(name) {
			return i
		}
	}
	return -1
}

// skimCursor reads tokens from bytes already known to be valid JSON.
type skimCursor struct {
	b []byte
	i int
}

func (c *skimCursor) ws() {
	for c.i < len(c.b) && isSpace[c.b[c.i]] {
		c.i++
		for c.i+8 <= len(c.b) && binary.LittleEndian.Uint64(c.b[c.i:]) == 0x2020202020202020 {
			c.i += 8
		}
	}
}

// take consumes the byte ch after white space, if it is next.
func (c *skimCursor) take(ch byte) bool {
	c.ws()
	if c.i < len(c.b) && c.b[c.i] == ch {
		c.i++
		return true
	}
	return false
}

func (c *skimCursor) end() bool {
	c.ws()
	return c.i == len(c.b)
}

// rawStr reads a string, quotes and escapes included.
func (c *skimCursor) rawStr() ([]byte, bool) {
	c.ws()
	if c.i >= len(c.b) || c.b[c.i] != '"' {
		return nil, false
	}
	start := c.i
	j := c.i + 1
	for {
		k := bytes.IndexByte(c.b[j:], '"')
		if k < 0 {
			return nil, false
		}
		q := j + k
		n := 0
		for p := q - 1; p > start && c.b[p] == '\\'; p-- {
			n++
		}
		j = q + 1
		if n%2 == 0 {
			break
		}
	}
	c.i = j
	return c.b[start:j], true
}

// scalar reads a string, null, boolean or number as its raw bytes, and
// its kind ('"', 'n', 't' for either boolean, '0'); ok is false for an
// object or array.
func (c *skimCursor) scalar() (raw []byte, kind byte, ok bool) {
	c.ws()
	if c.i >= len(c.b) {
		return nil, 0, false
	}
	switch ch := c.b[c.i]; ch {
	case '"':
		v, ok := c.rawStr()
		return v, '"', ok
	case '{', '[':
		return nil, 0, false
	}
	start := c.i
	for c.i < len(c.b) {
		switch c.b[c.i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			goto done
		}
		c.i++
	}
done:
	switch lit := c.b[start:c.i]; string(lit) {
	case "null":
		return lit, 'n', true
	case "true", "false":
		return lit, 't', true
	}
	return c.b[start:c.i], '0', true
}
