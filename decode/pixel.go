package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har/site"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/har"
)

// This file is the skeleton the decoders of the other trackers (ga4.go,
// ua.go, googleads.go, tiktok.go, linkedin.go, x.go, bing.go,
// pinterest.go, snap.go, reddit.go) share: labelling parameters from a
// dictionary, reading the vendor's cookies, adding identifiers, the
// installation and catch-all decoders, and JSON flattening. Meta's
// decoder predates it and keeps its own.

// labels is a tracker's parameter dictionary: exact parameter name →
// label and data type, e.g. "dl": {"page URL", DataPageURL}. Families
// (GA4's ep.<key>) are labelled by the decoder's own function, which
// returns a [label] too.
type labels map[string]label

// cookieSpec describes one of a vendor's cookies.
type cookieSpec struct {
	name    string
	prefix  bool  // name is a prefix, e.g. "_ga_" for _ga_<container>
	meaning label // label and type of the cookie parameter (and of its ID)
	// id is the name of the [ID] the cookie's value gives, "" when the
	// cookie identifies nobody.
	id string
	// value turns the cookie's value into the ID's value and facts
	// (GA's _ga cookie "GA1.1.<cid>" → cid); nil keeps it as sent.
	value func(v string, w *warnings) (string, []Fact)
}

// addVendorCookies appends the entry's cookies to ev.Params, labelled
// from specs, adds the identifying ones to ev.IDs, and sets ev.Cookies.
func addVendorCookies(ev *Event, e *har.Entry, specs []cookieSpec, w *warnings) {
	ev.Params = slices.Grow(ev.Params, form.CookieCount(&e.Request))
	ev.Cookies = eachRequestCookie(&e.Request, func(c Param) {
		if s := matchCookie(specs, c.Name); s != nil {
			s.meaning.apply(&c)
			if id, ok := s.cookieID(c.Name, c.Value, w); ok {
				ev.IDs = append(ev.IDs, id)
			}
		}
		ev.Params = append(ev.Params, c)
	})
}

// matchCookie returns the first of specs that names the cookie name, or
// nil.
func matchCookie(specs []cookieSpec, name string) *cookieSpec {
	for i := range specs {
		if s := &specs[i]; name == s.name || s.prefix && strings.HasPrefix(name, s.name) {
			return s
		}
	}
	return nil
}

// cookieID returns the identifier the cookie name=value gives, if any.
func (s *cookieSpec) cookieID(name, value string, w *warnings) (ID, bool) {
	if s.id == "" || value == "" {
		return ID{}, false
	}
	v, facts := value, []Fact(nil)
	if s.value != nil {
		v, facts = s.value(value, w)
	}
	if v == "" {
		return ID{}, false
	}
	return ID{Name: s.id, Value: v, From: "cookie " + name, Meaning: s.meaning.text, Type: s.meaning.typ, Facts: facts}, true
}

// addID appends an identifier to ev.IDs unless its value is empty. meaning
// says what it identifies and its type ([DataBrowserID], …).
func addID(ev *Event, name, value, from string, meaning label, facts ...Fact) {
	if value == "" {
		return
	}
	ev.IDs = append(ev.IDs, ID{Name: name, Value: value, From: from, Meaning: meaning.text, Type: meaning.typ, Facts: facts})
}

// applyLabels labels and types each parameter from dict, or else from
// more (which may be nil and may return the zero label: unknown).
func applyLabels(ps []Param, dict labels, more func(p Param) label) {
	for i := range ps {
		if ps[i].In == InCookie {
			continue
		}
		if l, ok := dict[ps[i].Name]; ok {
			l.apply(&ps[i])
		} else if more != nil {
			more(ps[i]).apply(&ps[i])
		}
	}
}

// lastParams returns one parameter per name, in order of first
// appearance, the last value winning: a GA4 event line overrides the
// shared URL parameters, as Google's collector does. Unlike
// [effectiveParams] it does not warn: the override is the protocol.
func lastParams(ps []Param) []Param {
	// Most requests send each name once, and their cookies after the
	// rest (the decoders add them last): then the answer is ps up to its
	// first cookie, shared rather than copied (callers only read it; its
	// capacity is cut, so that an append copies).
	n := len(ps)
	var index paramFinder
	for i := range ps {
		if ps[i].In == InCookie {
			n = min(n, i)
			continue
		}
		if _, seen := index.find(ps[:i], ps[i].Name); seen || n < i {
			return lastParamsCopy(ps)
		}
		index.add(ps[:i], ps[i].Name)
	}
	return ps[:n:n]
}

// lastParamsCopy is lastParams, built in a list of its own.
func lastParamsCopy(ps []Param) []Param {
	out := make([]Param, 0, len(ps))
	var index paramFinder
	for _, p := range ps {
		if p.In == InCookie {
			continue
		}
		if i, ok := index.find(out, p.Name); ok {
			out[i] = p
			continue
		}
		index.add(out, p.Name)
		out = append(out, p)
	}
	return out
}

// paramFinder finds a parameter by name in a list being built, in which
// each name comes once: by a look along the list while it is short (most
// requests send a few dozen), by a map past that.
type paramFinder struct{ m map[string]int }

// paramIndexMap is the length of list past which a paramFinder keeps a map.
const paramIndexMap = 32

// find returns the index of name in out.
func (x *paramFinder) find(out []Param, name string) (int, bool) {
	if x.m != nil {
		i, ok := x.m[name]
		return i, ok
	}
	for i := range out {
		if out[i].Name == name {
			return i, true
		}
	}
	return 0, false
}

// add records that name is about to be appended to out.
func (x *paramFinder) add(out []Param, name string) {
	switch {
	case x.m != nil:
	case len(out) < paramIndexMap:
		return
	default:
		x.m = make(map[string]int, 2*len(out))
		for i := range out {
			x.m[out[i].Name] = i
		}
	}
	x.m[name] = len(out)
}

// lastValue returns the value of the parameter named name in
// lastParams(ps) ("" when there is none): its last value not sent in a
// cookie.
func lastValue(ps []Param, name string) string {
	for i := len(ps) - 1; i >= 0; i-- {
		if p := &ps[i]; p.Name == name && p.In != InCookie {
			return p.Value
		}
	}
	return ""
}

// value returns the value of the parameter named name in ps ("" when
// there is none).
func value(ps []Param, name string) string {
	p, _ := lookupParam(ps, name)
	return p.Value
}

// queryParams returns the parameters of the entry's URL query (see
// [requestParams]).
func queryParams(e *har.Entry, w *warnings) []Param {
	_, _, q := site.Split(e.Request.URL)
	var ps []Param
	switch {
	case q != "":
		ps = parseQueryRoom(q, InQuery, w, form.CookieCount(&e.Request))
	case len(e.Request.QueryString) > 0:
		w.addf("request.url has no query; parameters read from request.queryString")
		for _, nv := range e.Request.QueryString {
			name, _ := form.Unescape(nv.Name, false)
			value, _ := form.Unescape(nv.Value, false)
			ps = append(ps, newParam(name, value, InQuery, w))
		}
	}
	return ps
}

// bodyText returns the raw request body (postData.text) and whether the
// entry has a body at all. A body recorded only as postData.params is
// rebuilt as name=value&… with a warning.
func bodyText(e *har.Entry, w *warnings) (string, bool) {
	pd := e.Request.PostData
	if pd == nil {
		return "", false
	}
	if pd.Text != "" {
		return pd.Text, true
	}
	if len(pd.Params) == 0 {
		return "", false
	}
	w.addf("body read from postData.params (no postData.text): producers disagree on their encoding")
	var b strings.Builder
	for i, p := range pd.Params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.Name)
		b.WriteByte('=')
		b.WriteString(p.Value)
	}
	return b.String(), true
}

// newVendorEvent starts an event of vendor v.
func newVendorEvent(e *har.Entry, v Vendor, k Kind) Event {
	ev := entryEvent(e)
	ev.Vendor = v
	ev.Kind = k
	return ev
}

// loader returns a decoder for the load of a tracker's code: an
// [KindInstallation] event proving the tracker was on the page. idParam,
// when not "", is the query parameter naming the tracker account.
func loader(v Vendor, what, idParam string, cookies []cookieSpec) Decoder {
	return DecoderFunc(func(e *har.Entry) ([]Event, error) {
		ev := newVendorEvent(e, v, KindInstallation)
		var w warnings
		ev.Params = requestParams(e, &w)
		if idParam != "" {
			applyLabels(ev.Params, labels{idParam: {"tracker account the code was loaded for", DataTrackerConfig}}, nil)
			ev.PixelID = value(ev.Params, idParam)
		}
		addVendorCookies(&ev, e, cookies, &w)
		ev.Summary = what + " loaded"
		if ev.PixelID != "" {
			ev.Summary += " for " + ev.PixelID
		}
		ev.Summary += " (" + lastSegment(ev.Path) + ")"
		ev.Warnings = w.list
		return []Event{ev}, nil
	})
}

// vendorRequest returns a decoder for any other request to a vendor's
// hosts: a [KindRequest] event with its parameters labelled from dict
// and its cookies, so that it is attributed to the vendor and nothing is
// dropped.
func vendorRequest(v Vendor, what string, dict labels, cookies []cookieSpec) Decoder {
	return DecoderFunc(func(e *har.Entry) ([]Event, error) {
		ev := newVendorEvent(e, v, KindRequest)
		var w warnings
		ev.Params = requestParams(e, &w)
		applyLabels(ev.Params, dict, nil)
		addVendorCookies(&ev, e, cookies, &w)
		ev.Summary = what + ": " + genericSummary(&ev)
		ev.Warnings = w.list
		return []Event{ev}, nil
	})
}

// jsonParam is one scalar of a flattened JSON document.
type jsonParam struct {
	path  string // e.g. "context.page.url", "properties.contents[0].id"
	value string // a string's text, or the literal (number, true, null, {}, [])
}

// maxJSONParams bounds the scalars read from one JSON body.
const maxJSONParams = 10000

// flattenJSON returns the scalars of a JSON document in document order,
// each with its dotted path (array elements as [i]); empty objects and
// arrays are kept as "{}" and "[]". On a syntax error it returns what it
// read before the error, and the error.
func flattenJSON(doc string) ([]jsonParam, error) {
	return flattenFrom(strings.NewReader(doc), "")
}

// flattenFrom is flattenJSON of the document src holds, each path under
// prefix as jsonParams names it.
func flattenFrom(src io.Reader, prefix string) ([]jsonParam, error) {
	f := flattener{d: jsontext.NewDecoder(src, jsonOpts), prefix: prefix}
	if err := f.value(); err != nil {
		return f.out, err
	}
	if f.d.PeekKind() != 0 {
		return f.out, errors.New("data after the JSON document")
	}
	return f.out, nil
}

// flattener reads the scalars of one JSON document. The path of the
// value being read grows and shrinks in one buffer, and each scalar's
// path and text are made one string: a path string for each member, and
// a string for each name and value read, made this flattening and
// objectMembers a sixth of all the allocations of hargen's 100 % mix,
// where about one event in seven is TikTok's JSON (issue 15).
type flattener struct {
	d      *jsontext.Decoder
	prefix string
	path   []byte // the path of the value being read, without prefix
	buf    []byte // a scalar's name and text, before they are a string
	out    []jsonParam
}

func (f *flattener) value() error {
	if len(f.out) >= maxJSONParams {
		return fmt.Errorf("more than %d values", maxJSONParams)
	}
	// The path of this value is f.path[:base]; each member or element
	// puts its own after it, and the caller puts the next value's there.
	base := len(f.path)
	switch f.d.PeekKind() {
	case '{':
		if _, err := f.d.ReadToken(); err != nil {
			return err
		}
		n := 0
		for f.d.PeekKind() == '"' {
			name, err := f.d.ReadValue()
			if err != nil {
				return err
			}
			f.path = f.path[:base]
			if base > 0 {
				f.path = append(f.path, '.')
			}
			if f.path, err = appendUnquoted(f.path, name); err != nil {
				return err
			}
			if err := f.value(); err != nil {
				return err
			}
			n++
		}
		if _, err := f.d.ReadToken(); err != nil {
			return err
		}
		if n == 0 {
			f.path = f.path[:base]
			f.leaf([]byte("{}"))
		}
		return nil
	case '[':
		if _, err := f.d.ReadToken(); err != nil {
			return err
		}
		n := 0
		for f.d.PeekKind() != ']' {
			if f.d.PeekKind() == 0 {
				_, err := f.d.ReadToken()
				return err
			}
			f.path = append(f.path[:base], '[')
			f.path = strconv.AppendInt(f.path, int64(n), 10)
			f.path = append(f.path, ']')
			if err := f.value(); err != nil {
				return err
			}
			n++
		}
		if _, err := f.d.ReadToken(); err != nil {
			return err
		}
		if n == 0 {
			f.path = f.path[:base]
			f.leaf([]byte("[]"))
		}
		return nil
	}
	switch f.d.PeekKind() {
	case '"', '0', 't', 'f', 'n':
		v, err := f.d.ReadValue()
		if err != nil {
			return err
		}
		f.leaf(v)
		return nil
	}
	_, err := f.d.ReadToken() // not a value: the decoder's error
	return err
}

// leaf adds the scalar raw (a JSON value as written, or "{}" or "[]") at
// the current path: its name as jsonParams gives it (under prefix), and
// its text (a string's, unquoted; other literals as written).
func (f *flattener) leaf(raw []byte) {
	b := f.buf[:0]
	switch path := f.path; {
	case f.prefix == "":
		b = append(b, path...)
	case len(path) == 0:
		b = append(b, f.prefix...)
	case path[0] == '[':
		b = append(append(b, f.prefix...), path...)
	default:
		b = append(append(append(b, f.prefix...), '.'), path...)
	}
	n := len(b)
	if raw[0] == '"' {
		var err error
		if b, err = appendUnquoted(b, raw); err != nil {
			b = append(b[:n], form.ValidUTF8(string(raw))...) // not reached: the decoder read raw
		}
	} else {
		b = append(b, raw...)
	}
	s := string(b)
	f.out = append(f.out, jsonParam{s[:n], form.ValidUTF8(s[n:])})
	f.buf = b
}

// appendUnquoted appends the text of the JSON string raw, as the
// decoder's token gives it, to b.
func appendUnquoted(b, raw []byte) ([]byte, error) {
	if bytes.IndexByte(raw, '\\') < 0 {
		return append(b, raw[1:len(raw)-1]...), nil
	}
	return jsontext.AppendUnquote(b, raw)
}

// jsonValue parses raw as a JSON object or array, compacted, member
// order kept; nil when raw is not one.
func jsonValue(raw string) jsontext.Value {
	if !strings.HasPrefix(raw, "{") && !strings.HasPrefix(raw, "[") {
		return nil
	}
	v := jsontext.Value(raw).Clone()
	if err := v.Compact(jsonOpts); err != nil {
		return nil
	}
	return v
}

// decodePercentURL undoes the percent-encoding of a URL sent percent-
// encoded inside a JSON value (TikTok's context.page.url in T01).
func decodePercentURL(s string) string {
	l := strings.ToLower(s)
	if strings.HasPrefix(l, "http%3a") || strings.HasPrefix(l, "https%3a") {
		if u, ok := form.Unescape(s, false); ok {
			return u
		}
	}
	return s
}

// seconds decodes a Unix time in seconds as UTC RFC 3339.
func seconds(v string) (string, bool) {
	if !isDigits(v) || len(v) > 12 {
		return "", false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return "", false
	}
	return formatTime(time.Unix(n, 0)), true
}

// summarise writes "<name>: <what> on <page>", leaving out what is empty.
func summarise(name, what, page string) string {
	var b strings.Builder
	if name == "" {
		name = "(no event name)"
	}
	b.WriteString(name)
	b.WriteString(": ")
	b.WriteString(what)
	if page != "" {
		b.WriteString(" on ")
		b.WriteString(page)
	}
	return b.String()
}

// queryPixel decodes a tracker whose events are parameters of the URL or
// an urlencoded body (LinkedIn, X, UET, Pinterest, Snap, Reddit): every
// parameter labelled from its dictionary, the event's fields read by
// fill, the vendor's cookies, a summary.
type queryPixel struct {
	vendor  Vendor
	labels  labels
	label   func(p Param) label // labels the parameters labels cannot; may be nil
	cookies []cookieSpec
	// fill reads the effective parameters (one per name) into ev.
	fill    func(ev *Event, eff []Param, w *warnings)
	summary func(ev *Event) string
}

var _ Decoder = queryPixel{}

// Decode decodes one request into one event.
func (q queryPixel) Decode(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, q.vendor, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, q.labels, q.label)
	q.fill(&ev, effectiveParams(ev.Params, &w), &w)
	addVendorCookies(&ev, e, q.cookies, &w)
	ev.Warnings = w.list
	ev.Summary = q.summary(&ev)
	return []Event{ev}, nil
}

// userDatum classifies a personal-data value and warns when it is not
// hashed.
func userDatum(ev *Event, family, field, param, v string, w *warnings) {
	if v == "" {
		return
	}
	u := UserDatum{Family: family, Field: field, Value: v, Class: ClassifyHash(v)}
	switch u.Class {
	case HashPlain:
		w.addf("%s: sent NOT HASHED: plain-text personal data", param)
	case HashMD5, HashSHA256Undefined, HashSHA256Empty, HashSHA256Null:
		w.addf("%s: %s", param, u.Class.describe())
	}
	ev.UserData = append(ev.UserData, u)
}

// pixelSummary is the summary of a simple pixel's event: what it is, the
// account it went to (idWord, e.g. "for tag"), its custom data, the page,
// and the personal data it carried.
func pixelSummary(ev *Event, what, idWord string) string {
	var parts []string
	for _, c := range ev.Custom {
		parts = append(parts, c.Key+"="+c.Raw)
	}
	if ev.PixelID != "" {
		what += " " + idWord + " " + ev.PixelID
	}
	if len(parts) > 0 {
		what += " (" + strings.Join(parts, ", ") + ")"
	}
	s := summarise(ev.Name, what, ev.Page)
	if pd := personalDataPhrase(ev.UserData); pd != "" {
		s += "; with " + pd
	}
	return s
}

// customDataType returns the data type of a custom-data key (Meta's
// cd[key], GA4's ep.key, TikTok's properties.key, Reddit's m.key): the
// standard e-commerce and search keys of the trackers' documentation,
// compared case-insensitively, else [DataCustomEvent].
func customDataType(key string) DataType {
	switch strings.ToLower(key) {
	case "value", "valuedecimal", "currency", "contents", "content_ids",
		"content_type", "num_items", "order_id", "transaction_id",
		"transactionid", "items", "item_id", "item_name", "price",
		"quantity", "revenue", "tax", "shipping", "coupon", "products",
		"itemcount", "order_quantity", "line_items", "predicted_ltv":
		return DataPurchase
	case "search_string", "search_term", "searchterm", "query", "keyword", "keywords":
		return DataSearchTerms
	case "buttontext":
		return DataButtonText
	case "formfeatures":
		return DataFormFieldNames
	}
	return DataCustomEvent
}

// isHashedType reports whether t is a type of personal data sent hashed.
func isHashedType(t DataType) bool {
	return t == DataHashedEmail || t == DataHashedPhone || t == DataHashedPersonal
}

// markPlainPersonal retypes as [DataPlainPersonal] every parameter typed
// as hashed personal data that carried a value sent in plain text: the
// parameter the datum was read from ([UserDatum.Param]), or the JSON or
// ~-separated parameter that contains it (Pinterest's pd, GA4's em,
// named by [UserDatum.Family]). Decoders label by parameter name; only
// the value tells whether the site hashed it.
func markPlainPersonal(ev *Event) {
	for _, u := range ev.UserData {
		if u.Class != HashPlain {
			continue
		}
		name := u.Param()
		for i := range ev.Params {
			p := &ev.Params[i]
			if p.In != InCookie && isHashedType(p.Type) && (p.Name == name || p.Name == u.Family) {
				p.Type = DataPlainPersonal
			}
		}
	}
}
