package har

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/har/internal/jsonscan"
)

// defaultSkimHeaders are the request headers a skimmed entry keeps when
// [Reader.SkimHeaders] is nil: what says where a request came from and
// what it carried.
var defaultSkimHeaders = []string{"Cookie", "Referer", "Origin", "Content-Type",
	"Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User"}

// newEntry returns entry index at offset off with every size and timing
// unknown (-1), as the parser starts it.
func newEntry(index int, off int64) *Entry {
	e := new(Entry)
	initEntry(e, index, off)
	return e
}

// initEntry sets a zero e as newEntry starts an entry. It sets field by
// field: assigning a whole Entry would write all of it again.
func initEntry(e *Entry, index int, off int64) {
	e.Index, e.Offset, e.Time = index, off, -1
	e.Request.HeadersSize, e.Request.BodySize = -1, -1
	e.Response.HeadersSize, e.Response.BodySize = -1, -1
	e.Response.Content.Size, e.Response.Content.Compression = -1, -1
	e.Timings = Timings{-1, -1, -1, -1, -1, -1, -1, ""}
}

// skimEntry is a skimmed entry with room for the custom fields a skim
// keeps: one allocation for both.
type skimEntry struct {
	Entry
	custom [3]Field
}

// A skimmer decides, as an entry is framed, whether Want wants it, and
// skims the entries it does not: on the goroutine that framed the entry,
// while its bytes are in that core's cache (read on the consumer's core
// instead, the skim's loop over headers and cookies took twice as long
// in profiles). One goroutine at a time
// owns it, with the entryScanner it belongs to, so that Want and WantURL
// are never called at once.
type skimmer struct {
	want    func(*Entry) bool
	wantURL func(url string) bool
	headers []string    // the request headers a skim keeps
	scratch skimScratch // reused from entry to entry
}

// newSkimmer returns the skimmer of r's settings, or nil without Want.
func newSkimmer(r *Reader) *skimmer {
	if r.Want == nil {
		return nil
	}
	k := &skimmer{want: r.Want, wantURL: r.WantURL, headers: r.SkimHeaders}
	if k.headers == nil {
		k.headers = defaultSkimHeaders
	}
	return k
}

// decide settles what becomes of the entry framed in it (entry index):
// read in full (it.want), or returned as skimmed (it.skimmed). It leaves
// it.decided false when the fast skim gives way: the consumer then
// reads the entry in full, and trims it.
func (k *skimmer) decide(it *item, index int) {
	if k.wantURL != nil {
		if url, ok := skimURL(it); ok && k.wantURL(url) {
			it.decided, it.want = true, true
			return
		}
	}
	if e, ok := k.skimFast(it, index); ok {
		it.decided = true
		if k.want(e) {
			it.want = true
		} else {
			it.skimmed = e
		}
	}
}

// skimFast reads a framed entry's skim fields from where the walk found
// them, without tokenising the entry: the walk that framed it checked
// that it is valid JSON, and each field is read from its own bytes. It
// reports false, having read nothing, whenever the careful parser must
// decide — a member twice, a value of an unexpected kind, a field
// missing that every well-formed entry has, invalid JSON — so that the
// result is always what a full read trimmed by skimOf gives. The entry
// is entry index of the file; it does not alias it.data.
func (k *skimmer) skimFast(it *item, index int) (*Entry, bool) {
	if !it.spanned || !it.valid {
		return nil, false
	}
	for i, sp := range it.spans {
		if sp.N > 1 || sp.N == 1 && sp.End <= sp.Start {
			return nil, false
		}
		switch i {
		case spanStarted, spanURL, spanStatus, spanMimeType:
			if sp.N == 0 {
				return nil, false
			}
		}
	}
	// Every string of the skim is unquoted into one buffer, which becomes
	// one string the entry's strings are cut from: one allocation rather
	// than one per string.
	sk := &k.scratch
	sk.arena, sk.headers, sk.cookies = sk.arena[:0], sk.headers[:0], sk.cookies[:0]
	ok := true
	text := func(v []byte) strSpan {
		sp, good := sk.add(v)
		ok = ok && good
		return sp
	}
	pageref := text(it.raw(spanPageRef))
	started := text(it.raw(spanStarted))
	method := text(it.raw(spanMethod))
	url := text(it.raw(spanURL))
	mime := text(it.raw(spanMimeType))
	if !ok || started.end == started.start {
		return nil, false
	}
	var status int
	switch st := it.raw(spanStatus); {
	case string(st) == "null":
	case len(st) > 0 && (st[0] == '-' || st[0] >= '0' && st[0] <= '9'):
		f, err := strconv.ParseFloat(string(st), 64)
		if err != nil {
			return nil, false
		}
		status = int(f)
	default:
		return nil, false
	}
	keep := k.headers
	if v := it.raw(spanHeaders); v != nil {
		if !jsonscan.Objects(v, nameValueMembers, nil, sk.vals[:], func(vals [][]byte) {
			if keepHeaderRaw(keep, vals[0]) {
				sk.headers = append(sk.headers, [3]strSpan{text(vals[0]), text(vals[1]), text(vals[2])})
			}
		}) {
			return nil, false
		}
	}
	if v := it.raw(spanCookies); v != nil {
		if !jsonscan.Objects(v, cookieStringMembers, cookieBoolMembers, sk.vals[:], func(vals [][]byte) {
			sk.cookies = append(sk.cookies, [2]strSpan{text(vals[0]), text(vals[1])})
		}) {
			return nil, false
		}
	}
	if !ok {
		return nil, false
	}
	all := string(sk.arena)
	str := func(sp strSpan) string { return all[sp.start:sp.end] }
	t, err := ParseTime(str(started))
	if err != nil {
		return nil, false
	}
	se := new(skimEntry)
	e := &se.Entry
	initEntry(e, index, it.off)
	e.Skimmed = true
	e.PageRef, e.Request.Method, e.Request.URL = str(pageref), str(method), str(url)
	e.Response.Content.MimeType, e.Response.Status = str(mime), status
	e.StartedDateTime = Time{T: t, Raw: str(started)}
	if len(sk.headers) > 0 {
		e.Request.Headers = make([]NameValue, len(sk.headers))
		for i, h := range sk.headers {
			e.Request.Headers[i] = NameValue{Name: str(h[0]), Value: str(h[1]), Comment: str(h[2])}
		}
	}
	if len(sk.cookies) > 0 {
		e.Request.Cookies = make([]Cookie, len(sk.cookies))
		for i, c := range sk.cookies {
			e.Request.Cookies[i] = Cookie{Name: str(c[0]), Value: str(c[1])}
		}
	}
	// The custom fields, in file order as the parser keeps them.
	// Their bytes are copied into one buffer.
	custom := [...]int{spanResourceType, spanFetchType, spanInitiator}
	slices.SortFunc(custom[:], func(a, b int) int { return it.spans[a].Start - it.spans[b].Start })
	var vals [len(custom)][]byte
	n := 0
	for j, i := range custom {
		vals[j] = it.raw(i)
		n += len(vals[j])
	}
	if n > 0 {
		buf := make([]byte, 0, n)
		e.Custom = se.custom[:0]
		for j, v := range vals {
			if v != nil {
				buf = append(buf, v...)
				e.Custom = append(e.Custom, Field{Name: skimFieldName[custom[j]], Raw: buf[len(buf)-len(v) : len(buf) : len(buf)]})
			}
		}
	}
	return e, true
}

// raw returns the bytes of skim field i as the walk located them, less
// trailing white space; nil when the entry does not have it.
func (it *item) raw(i int) []byte {
	sp := it.spans[i]
	if sp.N == 0 {
		return nil
	}
	v := it.data[sp.Start:sp.End]
	for len(v) > 0 && jsonscan.IsSpace(v[len(v)-1]) {
		v = v[:len(v)-1]
	}
	return v
}

// skimURL returns the request URL of a framed entry, read from its bytes
// as skimFast reads it, when that is plain: a string without escapes,
// valid UTF-8, the member once. ok is false for any other.
func skimURL(it *item) (url string, ok bool) {
	if !it.spanned || !it.valid {
		return "", false
	}
	if sp := it.spans[spanURL]; sp.N != 1 || sp.End <= sp.Start {
		return "", false
	}
	v := it.raw(spanURL)
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	v = v[1 : len(v)-1]
	if bytes.IndexByte(v, '\\') >= 0 || !utf8.Valid(v) {
		return "", false
	}
	return string(v), true
}

// skimScratch is what a fast skim reuses from entry to entry.
type skimScratch struct {
	arena   []byte
	headers [][3]strSpan
	cookies [][2]strSpan
	vals    [9][]byte
}

// strSpan is a string's place in skimScratch.arena.
type strSpan struct{ start, end int }

// add unquotes a JSON string (or null, as "") into the arena; ok is false
// for any other kind of value. Invalid UTF-8 is unquoted as the careful
// parser reads it (or, if jsontext reports it, ok is false).
func (sk *skimScratch) add(v []byte) (strSpan, bool) {
	start := len(sk.arena)
	switch {
	case v == nil || string(v) == "null":
	case len(v) < 2 || v[0] != '"':
		return strSpan{}, false
	case bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v):
		sk.arena = append(sk.arena, v[1:len(v)-1]...)
	default:
		u, err := jsontext.AppendUnquote(sk.arena, v)
		if err != nil {
			return strSpan{}, false
		}
		sk.arena = u
	}
	return strSpan{start, len(sk.arena)}, true
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
		name, _ := rawString(raw)
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

// skimOf returns the skim of an entry read in full: the fields
// [Reader.Want] documents, and the warnings about them. An entry the
// fast skim gives way on is skimmed so: both skims give the same entry.
func (r *Reader) skimOf(full *Entry) *Entry {
	keep := r.SkimHeaders
	if keep == nil {
		keep = defaultSkimHeaders
	}
	se := new(skimEntry)
	e := &se.Entry
	initEntry(e, full.Index, full.Offset)
	e.Skimmed = true
	e.PageRef, e.StartedDateTime = full.PageRef, full.StartedDateTime
	e.Request.Method, e.Request.URL = full.Request.Method, full.Request.URL
	for _, h := range full.Request.Headers {
		if keepHeader(keep, h.Name) {
			e.Request.Headers = append(e.Request.Headers, h)
		}
	}
	for _, c := range full.Request.Cookies {
		e.Request.Cookies = append(e.Request.Cookies, Cookie{Name: c.Name, Value: c.Value})
	}
	e.Response.Status, e.Response.Content.MimeType = full.Response.Status, full.Response.Content.MimeType
	e.Custom = se.custom[:0]
	for _, f := range full.Custom {
		switch f.Name {
		case "_resourceType", "_fetchType", "_initiator":
			e.Custom = append(e.Custom, f)
		}
	}
	if len(e.Custom) == 0 {
		e.Custom = nil
	}
	for _, w := range full.Warnings {
		if skimsField(w.Field) {
			e.Warnings = append(e.Warnings, w)
		}
	}
	return e
}

// skimsField reports whether a skim reads the field at path (the path
// of a warning).
func skimsField(path string) bool {
	switch path {
	case "pageref", "startedDateTime", "request", "request.method", "request.url", "request.headers", "request.cookies",
		"response", "response.status", "response.content", "response.content.mimeType":
		return true
	}
	return strings.HasPrefix(path, "request.headers.") || strings.HasPrefix(path, "request.cookies.")
}

// The members of header and cookie objects the parser reads as strings
// (or booleans); any other member it skips.
var (
	nameValueMembers    = []string{"name", "value", "comment"}
	cookieStringMembers = []string{"name", "value", "path", "domain", "expires", "sameSite", "comment"}
	cookieBoolMembers   = []string{"httpOnly", "secure"}
)
