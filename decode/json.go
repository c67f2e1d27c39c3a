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
	var buf bytes.Buffer
	buf.Grow(4 << 10) // most events: one allocation, not a doubling series
	return ev.marshal(&buf, jsonOpts)
}

// AppendJSON appends the event's JSON, as [Event.MarshalJSON] writes it,
// to b: a writer of many events reuses one buffer.
func (ev *Event) AppendJSON(b []byte) ([]byte, error) {
	return ev.marshal(bytes.NewBuffer(b), jsonOpts)
}

// AppendJSONIndent appends the event's JSON, as
// [Event.MarshalJSONIndent] writes it, to b.
func (ev *Event) AppendJSONIndent(b []byte, prefix, indent string) ([]byte, error) {
	return ev.marshal(bytes.NewBuffer(b), jsonOpts, jsontext.WithIndentPrefix(prefix), jsontext.WithIndent(indent))
}

// MarshalJSONIndent renders the event as [Event.MarshalJSON] does, laid
// out on several lines as encoding/json's Indent lays it out: each
// element on a new line that starts with prefix and one indent per level
// of nesting (the first line has no prefix). It is what re-indenting
// MarshalJSON's output gives, without writing it twice.
func (ev Event) MarshalJSONIndent(prefix, indent string) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(4 << 10)
	return ev.marshal(&buf, jsonOpts, jsontext.WithIndentPrefix(prefix), jsontext.WithIndent(indent))
}

// marshal writes the event's JSON after what buf holds, and returns all
// buf holds.
func (ev *Event) marshal(buf *bytes.Buffer, opts ...jsontext.Options) ([]byte, error) {
	enc := jsontext.NewEncoder(buf, opts...)
	w := jsonWriter{enc: enc}
	w.token(jsontext.BeginObject)
	w.str("id", ev.ID())
	if ev.Time.Valid() {
		w.str("time", formatTime(ev.Time.T))
	} else {
		w.str("time_raw", ev.Time.Raw)
	}
	if len(ev.Sources) > 0 {
		w.name("source")
		w.source(ev.Sources[0])
	}
	if len(ev.Sources) > 1 {
		w.name("copies")
		w.token(jsontext.BeginArray)
		for _, s := range ev.Sources[1:] {
			w.source(s)
		}
		w.token(jsontext.EndArray)
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
		w.name("data_types")
		w.token(jsontext.BeginArray)
		for _, t := range ts {
			w.token(jsontext.String(t.String()))
		}
		w.token(jsontext.EndArray)
	}
	if len(ev.IDs) > 0 {
		w.name("ids")
		w.token(jsontext.BeginObject)
		seen := map[string]bool{}
		for _, id := range ev.IDs {
			if !seen[id.Name] {
				seen[id.Name] = true
				w.name(id.Name)
				w.token(jsontext.String(id.Value))
			}
		}
		w.token(jsontext.EndObject)
		w.name("id_details")
		w.token(jsontext.BeginArray)
		for _, id := range ev.IDs {
			w.token(jsontext.BeginObject)
			w.str("name", id.Name)
			w.str("value", id.Value)
			w.str("from", id.From)
			w.str("meaning", id.Meaning)
			w.dataType(id.Type)
			if len(id.Facts) > 0 {
				w.name("facts")
				w.token(jsontext.BeginArray)
				for _, f := range id.Facts {
					w.token(jsontext.BeginObject)
					w.str("name", f.Name)
					w.str("value", f.Value)
					w.token(jsontext.EndObject)
				}
				w.token(jsontext.EndArray)
			}
			w.token(jsontext.EndObject)
		}
		w.token(jsontext.EndArray)
	}
	if len(ev.Custom) > 0 {
		w.name("custom")
		w.token(jsontext.BeginObject)
		for _, c := range ev.Custom {
			w.name(c.Key)
			if c.JSON != nil {
				w.value(c.JSON)
			} else {
				w.token(jsontext.String(c.Raw))
			}
		}
		w.token(jsontext.EndObject)
	}
	if len(ev.UserData) > 0 {
		w.name("user_data")
		w.token(jsontext.BeginObject)
		for _, u := range ev.UserData {
			w.name(userDataKey(u))
			w.token(jsontext.String(u.Value))
		}
		w.token(jsontext.EndObject)
		w.name("user_data_classes")
		w.token(jsontext.BeginObject)
		for _, u := range ev.UserData {
			w.name(userDataKey(u))
			w.token(jsontext.String(u.Class.String()))
		}
		w.token(jsontext.EndObject)
	}
	if len(ev.Matches) > 0 {
		w.name("matches")
		w.token(jsontext.BeginArray)
		for _, m := range ev.Matches {
			w.token(jsontext.BeginObject)
			w.str("param", m.Param)
			w.str("value", m.Value)
			w.str("algorithm", m.Algorithm)
			w.str("kind", m.Kind)
			w.str("known", m.Known)
			w.str("normalised", m.Normalised)
			w.str("form", m.Form)
			w.token(jsontext.EndObject)
		}
		w.token(jsontext.EndArray)
	}
	if len(ev.Sensitive) > 0 {
		w.name("sensitive")
		w.token(jsontext.BeginArray)
		for _, h := range ev.Sensitive {
			w.token(jsontext.BeginObject)
			w.str("category", h.Category)
			w.str("rule", h.Rule)
			w.str("field", h.Field)
			w.str("value", h.Value)
			w.str("text", h.Text)
			w.str("where", h.Where)
			w.token(jsontext.EndObject)
		}
		w.token(jsontext.EndArray)
	}
	if len(ev.Params) > 0 {
		w.name("params")
		w.token(jsontext.BeginArray)
		for _, p := range ev.Params {
			w.token(jsontext.BeginObject)
			w.name("name")
			w.token(jsontext.String(p.Name))
			w.name("value")
			w.token(jsontext.String(p.Value))
			w.str("label", p.Label)
			w.dataType(p.Type)
			if p.In != InQuery {
				w.str("in", p.In.String())
			}
			w.token(jsontext.EndObject)
		}
		w.token(jsontext.EndArray)
	}
	w.str("cookies", ev.Cookies.String())
	w.name("delivery")
	w.token(jsontext.BeginObject)
	w.str("state", ev.Delivery.State.String())
	w.name("status")
	w.token(jsontext.Int(int64(ev.Delivery.Status)))
	w.name("error")
	w.token(jsontext.String(ev.Delivery.Error))
	w.token(jsontext.EndObject)
	w.consent(&ev.Consent, &ev.ConsentInForce)
	w.str("summary", ev.Summary)
	if len(ev.Warnings) > 0 {
		w.name("warnings")
		w.token(jsontext.BeginArray)
		for _, s := range ev.Warnings {
			w.token(jsontext.String(s))
		}
		w.token(jsontext.EndArray)
	}
	w.token(jsontext.EndObject)
	if w.err != nil {
		return nil, w.err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// userDataKey is the key of a personal-data value in the JSON user_data
// object: the field for ud, family[field] for the other families.
func userDataKey(u UserDatum) string {
	if u.Family == "ud" {
		return u.Field
	}
	return u.Param()
}

// jsonWriter writes tokens, keeping the first error.
type jsonWriter struct {
	enc *jsontext.Encoder
	err error
}

func (w *jsonWriter) token(t jsontext.Token) {
	if w.err == nil {
		w.err = w.enc.WriteToken(t)
	}
}

func (w *jsonWriter) value(v jsontext.Value) {
	if w.err == nil {
		w.err = w.enc.WriteValue(v)
	}
}

func (w *jsonWriter) name(n string) { w.token(jsontext.String(n)) }

// str writes the member name: s, unless s is empty.
func (w *jsonWriter) str(name, s string) {
	if s != "" {
		w.name(name)
		w.token(jsontext.String(s))
	}
}

// dataType writes the member "type": t's name, unless t is
// [DataUnclassified].
func (w *jsonWriter) dataType(t DataType) {
	if t != DataUnclassified {
		w.str("type", t.String())
	}
}

func (w *jsonWriter) source(s Source) {
	w.token(jsontext.BeginObject)
	w.str("file", s.File)
	w.str("sha256", s.SHA256)
	w.name("entry")
	w.token(jsontext.Int(int64(s.Entry)))
	if s.Gateway {
		w.name("gateway")
		w.token(jsontext.True)
	}
	w.token(jsontext.EndObject)
}

// consent writes the members "consent_signal" (a consent marker's
// signal) and "consent" (the state in force), each unless empty.
func (w *jsonWriter) consent(c *ConsentSignal, f *ConsentInForce) {
	if !c.IsZero() {
		w.name("consent_signal")
		w.token(jsontext.BeginObject)
		if c.Inference != "" {
			w.str("inference", c.Inference)
		} else {
			w.str("signal", c.Kind.String())
			w.name("where")
			w.token(jsontext.BeginObject)
			w.str("part", c.Where.Part.String())
			w.str("name", c.Where.Name)
			w.token(jsontext.EndObject)
			w.name("value")
			w.token(jsontext.String(c.Value))
		}
		w.str("source", c.Source)
		w.str("choice", c.Choice.String())
		if !c.ChoiceTime.IsZero() {
			w.str("choice_time", formatTime(c.ChoiceTime))
		}
		if len(c.Purposes) > 0 {
			w.name("purposes")
			w.token(jsontext.BeginArray)
			for _, p := range c.Purposes {
				w.token(jsontext.BeginObject)
				w.str("name", p.Name)
				w.str("category", p.Category.String())
				w.str("state", p.State.String())
				w.str("note", p.Note)
				w.token(jsontext.EndObject)
			}
			w.token(jsontext.EndArray)
		}
		if len(c.Details) > 0 {
			w.name("details")
			w.token(jsontext.BeginArray)
			for _, d := range c.Details {
				w.token(jsontext.BeginObject)
				w.str("name", d.Name)
				w.str("value", d.Value)
				w.token(jsontext.EndObject)
			}
			w.token(jsontext.EndArray)
		}
		w.str("macro", c.Macro)
		w.token(jsontext.EndObject)
	}
	if f.State == ConsentNotAssessed {
		return
	}
	w.name("consent")
	w.token(jsontext.BeginObject)
	w.str("state", f.State.String())
	if f.RestsOn != (Source{}) {
		w.name("rests_on")
		w.token(jsontext.BeginObject)
		w.str("file", f.RestsOn.File)
		w.str("sha256", f.RestsOn.SHA256)
		w.name("entry")
		w.token(jsontext.Int(int64(f.RestsOn.Entry)))
		w.str("signal", f.Signal)
		if !f.At.IsZero() {
			w.str("at", formatTime(f.At))
		}
		w.token(jsontext.EndObject)
	}
	w.token(jsontext.EndObject)
}
