package decode

import (
	"bytes"

	"github.com/go-json-experiment/json/jsontext"
)

// MarshalJSON renders the event as one line of haruspex's documented
// NDJSON contract (without the trailing newline). Members come in a fixed
// order and empty members are omitted:
//
//	id          the event's stable identifier, "f9c7f2e4#17.2" ([Event.ID]);
//	            omitted until the file's SHA-256 is set
//	time        entry startedDateTime, UTC RFC 3339 with milliseconds
//	            (time_raw instead, as written, when it could not be parsed)
//	source      {"file","sha256","entry"}: the request
//	copies      further sources of the same event (privacy-sandbox copies)
//	vendor      "meta", "ga4", … ([Vendor])
//	kind        "event", "installation", "duplicate" or "request" ([Kind])
//	host, method, path
//	gateway     the first-party gateway the event was sent through
//	            ([Event.Gateway]); omitted for a direct request
//	pixel_id, event, page, referrer
//	data_types  ["page URL", "browser identifier", …]: [Event.DataTypes]
//	ids         {"fbp": "fb.1.…", "c_user": "1000…"}: first value per name
//	id_details  [{"name","value","from","meaning","type","facts":[{"name","value"}]}]
//	custom      {"buttonText": "…", "buttonFeatures": {…}}: keys are the
//	            names inside cd[…]; JSON values parsed, others strings
//	user_data   {"em": "<sha256>", "udff[em]": "…"}: ud keys bare, the
//	            other families as family[field]
//	user_data_classes  the same keys → "sha256", "plain-text", … ([HashClass])
//	matches     [{"param","value","algorithm","kind","known","normalised","form"}]
//	sensitive   [{"category","rule","field","value","text","where"}]: sensitive
//	            content the event disclosed (set by report, not decoders)
//	params      [{"name","value","label","type","in"}]: every parameter in
//	            order; "type" is omitted when unclassified, "in" for the
//	            URL query
//	cookies     "captured" or "not captured" ([CookieStatus])
//	delivery    {"state","status","error"} ([Delivery])
//	consent_signal  on a consent marker ([KindConsent], [Event.Consent]):
//	            {"signal","where":{"part","name"},"value","source","choice",
//	            "choice_time","purposes":[{"name","category","state","note"}],
//	            "details":[{"name","value"}],"macro"}, or {"inference"} for
//	            one inferred from what a page did not send
//	consent     the consent state in force when the event was sent
//	            ([Event.ConsentInForce], set by report):
//	            {"state","rests_on":{"file","sha256","entry","signal","at"}};
//	            "state" is "before any choice", "after accept", "after
//	            reject", "after partial choice" or "unknown" (then without
//	            rests_on); omitted when not assessed
//	summary     one plain-English line
//	warnings    ["…"]
func (ev Event) MarshalJSON() ([]byte, error) {
	return ev.appendJSON(make([]byte, 0, 4<<10), false, "", "") // most events: one allocation
}

// AppendJSON appends the event's JSON, as [Event.MarshalJSON] writes it,
// to b: a writer of many events reuses one buffer.
func (ev *Event) AppendJSON(b []byte) ([]byte, error) {
	return ev.appendJSON(b, false, "", "")
}

// AppendJSONIndent appends the event's JSON, as
// [Event.MarshalJSONIndent] writes it, to b.
func (ev *Event) AppendJSONIndent(b []byte, prefix, indent string) ([]byte, error) {
	return ev.appendJSON(b, true, prefix, indent)
}

// MarshalJSONIndent renders the event as [Event.MarshalJSON] does, laid
// out on several lines as encoding/json's Indent lays it out: each
// element on a new line that starts with prefix and one indent per level
// of nesting (the first line has no prefix). It is what re-indenting
// MarshalJSON's output gives, without writing it twice.
func (ev Event) MarshalJSONIndent(prefix, indent string) ([]byte, error) {
	return ev.appendJSON(make([]byte, 0, 4<<10), true, prefix, indent)
}

// appendJSON appends the event's JSON to b: compact, or with multiline
// laid out with prefix and indent as jsontext's WithIndentPrefix and
// WithIndent lay it out (an empty indent too: each element on its own
// line, not indented). It writes the bytes itself ([jsonWriter]), and
// hands the event to jsontext's encoder only when that fails (a string
// that is not UTF-8, a custom value that is not JSON), so that an error
// is jsontext's own and no output differs from what the encoder would
// write (TestJSONWriterMatchesEncoder, FuzzJSONWriter).
func (ev *Event) appendJSON(b []byte, multiline bool, prefix, indent string) ([]byte, error) {
	var scratch [48]byte // an ID or a time (strBytes)
	w := newJSONWriter(b, multiline, prefix, indent)
	w.scratch = scratch[:0]
	ev.writeJSON(&w)
	if w.err == nil {
		return w.b, nil
	}
	return ev.encodeJSON(b[:len(b):len(b)], multiline, prefix, indent)
}

// encodeJSON appends the event's JSON to b through a jsontext encoder:
// the reference appendJSON's own writing is held to.
func (ev *Event) encodeJSON(b []byte, multiline bool, prefix, indent string) ([]byte, error) {
	buf := bytes.NewBuffer(b)
	opts := []jsontext.Options{jsonOpts}
	if multiline {
		opts = append(opts, jsontext.WithIndentPrefix(prefix), jsontext.WithIndent(indent))
	}
	w := jsonWriter{enc: jsontext.NewEncoder(buf, opts...)}
	ev.writeJSON(&w)
	if w.err != nil {
		return nil, w.err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// writeJSON writes the event's members to w.
func (ev *Event) writeJSON(w *jsonWriter) {
	w.open('{')
	w.scratch = ev.appendID(w.scratch[:0])
	w.strBytes("id", w.scratch)
	if ev.Time.Valid() {
		w.scratch = ev.Time.T.UTC().AppendFormat(w.scratch[:0], timeLayout)
		w.strBytes("time", w.scratch)
	} else {
		w.str("time_raw", ev.Time.Raw)
	}
	if len(ev.Sources) > 0 {
		w.key("source")
		w.source(ev.Sources[0])
	}
	if len(ev.Sources) > 1 {
		w.key("copies")
		w.open('[')
		for _, s := range ev.Sources[1:] {
			w.source(s)
		}
		w.close(']')
	}
	w.str("vendor", ev.Vendor.String())
	w.str("kind", ev.Kind.String())
	w.str("host", ev.Host)
	w.str("method", ev.Method)
	w.str("path", ev.Path)
	w.str("gateway", ev.Gateway)
	w.str("pixel_id", ev.PixelID)
	w.str("event", ev.Name)
	w.str("page", ev.Page)
	w.str("referrer", ev.Referrer)
	if ts := ev.DataTypes(); len(ts) > 0 {
		w.key("data_types")
		w.open('[')
		for _, t := range ts {
			w.string(t.String())
		}
		w.close(']')
	}
	if len(ev.IDs) > 0 {
		w.key("ids")
		w.open('{')
		seen := map[string]bool{}
		for _, id := range ev.IDs {
			if !seen[id.Name] {
				seen[id.Name] = true
				w.name(id.Name)
				w.string(id.Value)
			}
		}
		w.close('}')
		w.key("id_details")
		w.open('[')
		for _, id := range ev.IDs {
			w.open('{')
			w.str("name", id.Name)
			w.str("value", id.Value)
			w.str("from", id.From)
			w.str("meaning", id.Meaning)
			w.dataType(id.Type)
			if len(id.Facts) > 0 {
				w.key("facts")
				w.open('[')
				for _, f := range id.Facts {
					w.open('{')
					w.str("name", f.Name)
					w.str("value", f.Value)
					w.close('}')
				}
				w.close(']')
			}
			w.close('}')
		}
		w.close(']')
	}
	if len(ev.Custom) > 0 {
		w.key("custom")
		w.open('{')
		for _, c := range ev.Custom {
			w.name(c.Key)
			if c.JSON != nil {
				w.raw(c.JSON)
			} else {
				w.string(c.Raw)
			}
		}
		w.close('}')
	}
	if len(ev.UserData) > 0 {
		w.key("user_data")
		w.open('{')
		for _, u := range ev.UserData {
			w.name(userDataKey(u))
			w.string(u.Value)
		}
		w.close('}')
		w.key("user_data_classes")
		w.open('{')
		for _, u := range ev.UserData {
			w.name(userDataKey(u))
			w.string(u.Class.String())
		}
		w.close('}')
	}
	if len(ev.Matches) > 0 {
		w.key("matches")
		w.open('[')
		for _, m := range ev.Matches {
			w.open('{')
			w.str("param", m.Param)
			w.str("value", m.Value)
			w.str("algorithm", m.Algorithm)
			w.str("kind", m.Kind)
			w.str("known", m.Known)
			w.str("normalised", m.Normalised)
			w.str("form", m.Form)
			w.close('}')
		}
		w.close(']')
	}
	if len(ev.Sensitive) > 0 {
		w.key("sensitive")
		w.open('[')
		for _, h := range ev.Sensitive {
			w.open('{')
			w.str("category", h.Category)
			w.str("rule", h.Rule)
			w.str("field", h.Field)
			w.str("value", h.Value)
			w.str("text", h.Text)
			w.str("where", h.Where)
			w.close('}')
		}
		w.close(']')
	}
	if len(ev.Params) > 0 {
		w.key("params")
		w.open('[')
		for _, p := range ev.Params {
			w.open('{')
			w.key("name")
			w.string(p.Name)
			w.key("value")
			w.string(p.Value)
			w.str("label", p.Label)
			w.dataType(p.Type)
			if p.In != InQuery {
				w.key("in")
				w.plain(p.In.String())
			}
			w.close('}')
		}
		w.close(']')
	}
	w.str("cookies", ev.Cookies.String())
	w.key("delivery")
	w.open('{')
	w.str("state", ev.Delivery.State.String())
	w.key("status")
	w.int(int64(ev.Delivery.Status))
	w.key("error")
	w.string(ev.Delivery.Error)
	w.close('}')
	w.consent(&ev.Consent, &ev.ConsentInForce)
	w.str("summary", ev.Summary)
	if len(ev.Warnings) > 0 {
		w.key("warnings")
		w.open('[')
		for _, s := range ev.Warnings {
			w.string(s)
		}
		w.close(']')
	}
	w.close('}')
}

// userDataKey is the key of a personal-data value in the JSON user_data
// object: the field for ud, family[field] for the other families.
func userDataKey(u UserDatum) string {
	if u.Family == "ud" {
		return u.Field
	}
	return u.Param()
}

// str writes the member key: s, unless s is empty.
func (w *jsonWriter) str(key, s string) {
	if s != "" {
		w.key(key)
		w.string(s)
	}
}

// strBytes is str for a value built in a scratch buffer: written
// without becoming a string when it needs no escape, as an ID or a time
// never does.
func (w *jsonWriter) strBytes(key string, b []byte) {
	if len(b) > 0 {
		w.key(key)
		w.plainBytes(b)
	}
}

// dataType writes the member "type": t's name, unless t is
// [DataUnclassified].
func (w *jsonWriter) dataType(t DataType) {
	if t != DataUnclassified {
		w.key("type")
		w.plain(t.String())
	}
}

func (w *jsonWriter) source(s Source) {
	w.open('{')
	w.str("file", s.File)
	w.str("sha256", s.SHA256)
	w.key("entry")
	w.int(int64(s.Entry))
	if s.Gateway {
		w.key("gateway")
		w.literalTrue()
	}
	w.close('}')
}

// consent writes the members "consent_signal" (a consent marker's
// signal) and "consent" (the state in force), each unless empty.
func (w *jsonWriter) consent(c *ConsentSignal, f *ConsentInForce) {
	if !c.IsZero() {
		w.key("consent_signal")
		w.open('{')
		if c.Inference != "" {
			w.str("inference", c.Inference)
		} else {
			w.str("signal", c.Kind.String())
			w.key("where")
			w.open('{')
			w.str("part", c.Where.Part.String())
			w.str("name", c.Where.Name)
			w.close('}')
			w.key("value")
			w.string(c.Value)
		}
		w.str("source", c.Source)
		w.str("choice", c.Choice.String())
		if !c.ChoiceTime.IsZero() {
			w.str("choice_time", formatTime(c.ChoiceTime))
		}
		if len(c.Purposes) > 0 {
			w.key("purposes")
			w.open('[')
			for _, p := range c.Purposes {
				w.open('{')
				w.str("name", p.Name)
				w.str("category", p.Category.String())
				w.str("state", p.State.String())
				w.str("note", p.Note)
				w.close('}')
			}
			w.close(']')
		}
		if len(c.Details) > 0 {
			w.key("details")
			w.open('[')
			for _, d := range c.Details {
				w.open('{')
				w.str("name", d.Name)
				w.str("value", d.Value)
				w.close('}')
			}
			w.close(']')
		}
		w.str("macro", c.Macro)
		w.close('}')
	}
	if f.State == ConsentNotAssessed {
		return
	}
	w.key("consent")
	w.open('{')
	w.str("state", f.State.String())
	if f.RestsOn != (Source{}) {
		w.key("rests_on")
		w.open('{')
		w.str("file", f.RestsOn.File)
		w.str("sha256", f.RestsOn.SHA256)
		w.key("entry")
		w.int(int64(f.RestsOn.Entry))
		w.str("signal", f.Signal)
		if !f.At.IsZero() {
			w.str("at", formatTime(f.At))
		}
		w.close('}')
	}
	w.close('}')
}
