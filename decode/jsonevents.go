package decode

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file is the skeleton of the decoders of analytics tools that send
// their events as JSON (segment.go, mixpanel.go, amplitude.go, …): as the
// request body, or as a form field holding JSON or base64-encoded JSON
// (Mixpanel's data=, Amplitude's legacy e=), one event or a batch of them.
// Every JSON value becomes a parameter named by its path
// ("batch[1].properties.url"), as tiktok.go does, so that nothing is
// dropped and hashed or plain personal values can be found; the
// vendor's functions label the paths and read the event's fields.

// jsonEvents decodes a request whose events are JSON.
type jsonEvents struct {
	vendor Vendor
	// fields are form fields (query or urlencoded body) that may hold the
	// document, tried in order when the body itself is not JSON.
	fields []string
	// batch names the member of a document object that holds an array of
	// events ("batch", "events"); the object's other members are shared
	// by every event. "" when the document is one event (or a top-level
	// array of events, which is always split).
	batch string
	// params labels the parameters of the query and of a form body.
	params labels
	// label labels a value by its key: its path inside the event object
	// (or, for a shared member, inside the document). It may return the
	// zero label (unknown).
	label func(key string) label
	// fill reads one value into the event's fields (name, page, IDs …).
	fill func(ev *Event, key, value, param string, w *warnings)
	// custom names the members whose members are the event's custom data
	// ("properties", "event_properties").
	custom []string
	// notCustom, when not nil, leaves out of the custom data the members
	// it is true for: properties the vendor's library adds by itself.
	notCustom func(name string) bool
	// done checks the filled event (warnings for a missing account ID …);
	// may be nil.
	done    func(ev *Event, w *warnings)
	summary func(ev *Event) string
	cookies []cookieSpec
}

var _ Decoder = jsonEvents{}

// Decode decodes one request into one event per event object.
func (j jsonEvents) Decode(e *har.Entry) ([]Event, error) {
	var w warnings
	query := queryParams(e, &w)
	body, hasBody := bodyText(e, &w)
	var base []Param // the parameters every event carries
	var doc jsontext.Value
	from := ""
	if hasBody && looksJSON(body) {
		doc = compactJSON(body)
		if doc == nil {
			w.addf("body is not valid JSON: kept as sent")
			base = append(query, Param{Name: "(body)", Value: form.ValidUTF8(body), Label: "request body, not valid JSON", In: InBody, Type: DataUndecodedBody})
		} else {
			base = query
		}
		applyLabels(base, j.params, nil)
	} else {
		base = append(query, bodyParams(&e.Request, &w)...)
		applyLabels(base, j.params, nil)
		for _, f := range j.fields {
			i := paramIndex(base, f)
			if i < 0 {
				continue
			}
			d, enc := decodeJSONField(base[i].Value)
			if d == nil {
				w.addf("%s: neither JSON nor base64-encoded JSON: kept as sent", f)
				label{"event data, not readable as JSON: kept as sent", DataUndecodedBody}.apply(&base[i])
				break
			}
			label{"event data (" + enc + "), read into the " + f + "… parameters", DataTechnical}.apply(&base[i])
			doc, from = d, f
			break
		}
	}
	if doc == nil {
		if hasBody && !looksJSON(body) && len(j.fields) == 0 {
			w.addf("body is not JSON: kept as sent")
		}
		ev := j.event(e, base, "", nil, &w)
		return []Event{ev}, nil
	}
	// Split the document into event objects and shared members.
	var items []jsontext.Value
	var shared []member
	fromBatch := false
	switch doc.Kind() {
	case '[':
		items, _ = arrayElements(doc)
	case '{':
		if j.batch == "" {
			items = []jsontext.Value{doc}
			break
		}
		ms, _ := objectMembers(doc)
		for _, m := range ms {
			if m.name == j.batch && m.value.Kind() == '[' && !fromBatch {
				items, _ = arrayElements(m.value)
				fromBatch = true
				continue
			}
			shared = append(shared, m)
		}
		if !fromBatch {
			items = []jsontext.Value{doc}
			shared = nil
		}
	default:
		w.addf("event data is JSON but neither an object nor an array: kept as sent")
		ev := j.event(e, append(base, Param{Name: nameOr(from, "(body)"), Value: string(doc), Label: "event data, not an event object", In: InBody, Type: DataUndecodedBody}), "", nil, &w)
		return []Event{ev}, nil
	}
	var sharedParams []Param
	for _, m := range shared {
		for _, p := range jsonParams(joinPath(from, m.name), m.value) {
			j.labelParam(&p, strings.TrimPrefix(strings.TrimPrefix(p.Name, from), "."))
			sharedParams = append(sharedParams, p)
		}
	}
	var evs []Event
	for i, item := range items {
		prefix := from
		switch {
		case doc.Kind() == '[':
			prefix += "[" + strconv.Itoa(i) + "]"
		case fromBatch:
			prefix = joinPath(from, j.batch) + "[" + strconv.Itoa(i) + "]"
		}
		lw := warnings{}
		for _, m := range w.list {
			lw.addf("%s", m)
		}
		ps := append([]Param(nil), base...)
		for _, p := range jsonParams(prefix, item) {
			key := p.Name
			if prefix != "" {
				key = strings.TrimPrefix(strings.TrimPrefix(p.Name, prefix), ".")
			}
			j.labelParam(&p, key)
			ps = append(ps, p)
		}
		ps = append(ps, sharedParams...)
		ev := j.event(e, ps, prefix, item, &lw)
		if len(items) > 1 {
			ev.Summary += " [event " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(items)) + " in one request]"
		}
		evs = append(evs, ev)
	}
	if len(evs) == 0 {
		w.addf("event data holds no event")
		evs = []Event{j.event(e, base, "", nil, &w)}
	}
	return evs, nil
}

// labelParam labels a flattened JSON value by its key.
func (j jsonEvents) labelParam(p *Param, key string) {
	if j.label != nil {
		j.label(key).apply(p)
	}
}

// event builds one event from its parameters; prefix is the path of its
// event object and obj the object itself (nil when there is none).
func (j jsonEvents) event(e *har.Entry, ps []Param, prefix string, obj jsontext.Value, w *warnings) Event {
	ev := newVendorEvent(e, j.vendor, KindEvent)
	ev.Params = ps
	for _, p := range ps {
		key := p.Name
		if prefix != "" && strings.HasPrefix(key, prefix) {
			key = strings.TrimPrefix(strings.TrimPrefix(key, prefix), ".")
		}
		if j.fill != nil && p.In != InCookie {
			j.fill(&ev, key, p.Value, p.Name, w)
		}
	}
	ev.IDs = dedupeIDs(ev.IDs)
	if obj != nil {
		for _, c := range jsonCustom(obj, j.custom) {
			if j.notCustom == nil || !j.notCustom(c.Key) {
				ev.Custom = append(ev.Custom, c)
			}
		}
	}
	addVendorCookies(&ev, e, j.cookies, w)
	if j.done != nil {
		j.done(&ev, w)
	}
	ev.Warnings = w.list
	ev.Summary = j.summary(&ev)
	return ev
}

// jsonCustom returns the members of the named members of obj (nested
// objects allowed: "event_properties") as custom data, in order, one per
// name.
func jsonCustom(obj jsontext.Value, names []string) []Custom {
	var out []Custom
	ms, _ := objectMembers(obj)
	for _, m := range ms {
		if !slices.Contains(names, m.name) || m.value.Kind() != '{' {
			continue
		}
		props, _ := objectMembers(m.value)
		for _, p := range props {
			c := Custom{Key: p.name}
			switch p.value.Kind() {
			case '{', '[':
				c.Raw, c.JSON = string(p.value), p.value
			case '"':
				c.Raw = jsonString(p.value)
			default:
				c.Raw = string(p.value)
			}
			// A name given twice: the last value stands, as JSON.parse
			// reads it (the raw values stay in the parameters).
			if i := slices.IndexFunc(out, func(o Custom) bool { return o.Key == c.Key }); i >= 0 {
				out[i] = c
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// paramIndex returns the index of the last parameter named name not sent
// in a cookie, or -1.
func paramIndex(ps []Param, name string) int {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Name == name && ps[i].In != InCookie {
			return i
		}
	}
	return -1
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// looksJSON reports whether s, without leading white space, starts as a
// JSON object or array does.
func looksJSON(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n")
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")
}

// compactJSON returns s compacted if it is one valid JSON value, else nil.
func compactJSON(s string) jsontext.Value {
	v := jsontext.Value(s).Clone()
	if err := v.Compact(jsonOpts); err != nil {
		return nil
	}
	return v
}

// decodeJSONField reads a form field's value as JSON, or as base64 (the
// standard or URL alphabet, padded or not) of JSON, and says which.
func decodeJSONField(v string) (jsontext.Value, string) {
	if looksJSON(v) {
		if d := compactJSON(v); d != nil {
			return d, "JSON"
		}
		return nil, ""
	}
	if s, ok := decodeBase64Text(v); ok && looksJSON(s) {
		if d := compactJSON(s); d != nil {
			return d, "base64-encoded JSON"
		}
	}
	return nil, ""
}

// decodeBase64Text decodes base64 text in any of its alphabets, padded or
// not. A form decoder may have turned "+" into a space: spaces are read as
// "+". The result must be valid UTF-8 text.
func decodeBase64Text(v string) (string, bool) {
	v = strings.ReplaceAll(strings.TrimSpace(v), " ", "+")
	if v == "" {
		return "", false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(v)
		if err == nil && utf8.Valid(b) {
			return string(b), true
		}
	}
	return "", false
}

// jsonSummary is the summary of an event decoded from JSON: "<name>:
// <what> (custom data) on <page>".
func jsonSummary(ev *Event, what string) string {
	var parts []string
	for _, c := range ev.Custom {
		if len(parts) == 6 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, c.Key+"="+c.Raw)
	}
	if ev.PixelID != "" {
		what += " for " + ev.PixelID
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

// personalField says what a personal-data key of a vendor's JSON is
// ("email", "$email", "phone" …), with the type of its label when hashed
// or plain; ok is false for any other key. Comparison ignores case and a
// leading "$" (Mixpanel's reserved properties).
func personalField(key string) (l label, ok bool) {
	switch strings.ToLower(strings.TrimPrefix(key, "$")) {
	case "email", "e-mail", "mail", "email_address", "emailaddress":
		return label{"e-mail address", DataHashedEmail}, true
	case "phone", "phone_number", "phonenumber", "mobile":
		return label{"phone number", DataHashedPhone}, true
	case "name", "first_name", "firstname", "last_name", "lastname", "full_name", "fullname",
		"address", "street", "postal_code", "postalcode", "zip", "birthday", "dob", "gender":
		return label{"name, address or birth date (" + key + ")", DataHashedPersonal}, true
	}
	return label{}, false
}

// jsonUserDatum records a personal value read from the JSON parameter
// param (its path ends in "."+field), classified as hashed or plain: a
// plain value turns the parameter's hashed type into plain-text personal
// data ([markPlainPersonal]) and warns.
func jsonUserDatum(ev *Event, param, field, v string, w *warnings) {
	family := strings.TrimSuffix(strings.TrimSuffix(param, field), ".")
	userDatum(ev, family, field, param, v, w)
}

// lastKey returns the last member name of a JSON path: "a.b[0].c" gives
// "c", "a.b[0]" gives "b".
func lastKey(path string) string {
	for strings.HasSuffix(path, "]") {
		i := strings.LastIndexByte(path, '[')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return path[strings.LastIndexByte(path, '.')+1:]
}

// isPersonalField reports whether key is one [personalField] knows.
func isPersonalField(key string) bool {
	_, ok := personalField(key)
	return ok
}

// setCustom adds c to the event's custom data, or replaces the entry of
// the same key (the last value stands; the raw values stay in the
// parameters) and reports that it did.
func setCustom(ev *Event, c Custom) (replaced bool) {
	if i := slices.IndexFunc(ev.Custom, func(o Custom) bool { return o.Key == c.Key }); i >= 0 {
		ev.Custom[i] = c
		return true
	}
	ev.Custom = append(ev.Custom, c)
	return false
}

// dedupeIDs drops the identifiers that repeat an earlier one's name and
// value (a data layer often carries one ID under several keys): the
// first, with where it was read, stands.
func dedupeIDs(ids []ID) []ID {
	var out []ID
	for _, id := range ids {
		if !slices.ContainsFunc(out, func(o ID) bool { return o.Name == id.Name && o.Value == id.Value }) {
			out = append(out, id)
		}
	}
	return out
}
