package decode

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes the Meta (Facebook) Pixel: events sent to
// facebook.com/tr, Chrome's privacy-sandbox copies of them, and the loads
// of the pixel's code and per-pixel configuration. The wire format is
// described in PROTOCOLS.md (shared research note) §1–§5.

// metaPixel decodes requests to /tr (and, with duplicate set, to
// /privacy_sandbox/pixel/register/trigger/, which carries a copy of the
// same parameters).
type metaPixel struct{ duplicate bool }

var _ Decoder = metaPixel{}
var _ Decoder = (*metaPixel)(nil)

// Decode decodes one pixel request into one event.
func (m metaPixel) Decode(e *har.Entry) ([]Event, error) {
	return []Event{decodeMetaPixel(e, m.duplicate)}, nil
}

// decodeMetaPixel decodes a /tr request. All state is local: nothing
// carries over from one entry to the next.
func decodeMetaPixel(e *har.Entry, duplicate bool) Event {
	ev := entryEvent(e)
	ev.Vendor = VendorMeta
	ev.Kind = KindEvent
	if duplicate {
		ev.Kind = KindDuplicate
	}
	var w warnings
	if !duplicate && ev.Path != "/tr" && ev.Path != "/tr/" {
		w.addf("path %q is not /tr or /tr/: decoded as a pixel event anyway", ev.Path)
	}

	params := requestParams(e, &w)
	for i := range params {
		metaLabel(params[i].Name, params[i].Value, &w).apply(&params[i])
	}
	eff := effectiveParams(params, &w)

	for _, p := range eff {
		switch family, key, bracketed := splitBracket(p.Name); {
		case p.Name == "id":
			ev.PixelID = metaPixelID(p.Value, &w)
		case p.Name == "ev":
			ev.Name = p.Value
		case p.Name == "dl":
			ev.Page = p.Value
		case p.Name == "rl":
			ev.Referrer = p.Value
		case p.Name == "fbp":
			ev.IDs = append(ev.IDs, metaCookieID("fbp", p.Value, &w))
		case p.Name == "fbc":
			ev.IDs = append(ev.IDs, metaCookieID("fbc", p.Value, &w))
		case bracketed && family == "cd":
			ev.Custom = append(ev.Custom, parseCustom(key, p.Value, &w))
		case bracketed && metaUserDataFamilies[family] != "":
			ud := metaUserDatum(family, key, p.Value, &w)
			ev.UserData = append(ev.UserData, ud)
			if family == "ud" && key == "external_id" && p.Value != "" {
				ev.IDs = append(ev.IDs, ID{
					Name: "external_id", Value: p.Value, From: p.Name,
					Meaning: "the site's own ID for the visitor (Advanced Matching), " + ud.Class.describe(),
					Type:    DataAccountID,
				})
			}
		}
	}
	if _, ok := lookupParam(eff, "id"); !ok {
		w.addf("no id parameter: Meta ignores a /tr request without a pixel ID")
	}
	if _, ok := lookupParam(eff, "ev"); !ok {
		w.addf("no ev parameter: the event has no name")
	}
	labelUserData(params)

	ev.Params = params
	addMetaCookies(&ev, e)
	ev.Warnings = w.list
	ev.Summary = metaSummary(&ev)
	return ev
}

// effectiveParams returns one parameter per name, in order of first
// appearance: a body value wins over a URL value (fbevents.js never sends
// both; some integrations put part of the parameters in the URL of a
// POST), otherwise the first value is used. Conflicts are warned about;
// every value stays in [Event.Params].
func effectiveParams(ps []Param, w *warnings) []Param {
	// Most requests send each name once: then the answer is ps itself,
	// shared rather than copied (callers only read it; its capacity is
	// cut, so that an append copies).
	var index paramFinder
	for i := range ps {
		if _, seen := index.find(ps[:i], ps[i].Name); seen {
			return effectiveParamsCopy(ps, w)
		}
		index.add(ps[:i], ps[i].Name)
	}
	return ps[:len(ps):len(ps)]
}

// effectiveParamsCopy is effectiveParams, built in a list of its own.
func effectiveParamsCopy(ps []Param, w *warnings) []Param {
	out := make([]Param, 0, len(ps))
	var index paramFinder
	for _, p := range ps {
		i, seen := index.find(out, p.Name)
		if !seen {
			index.add(out, p.Name)
			out = append(out, p)
			continue
		}
		prev := out[i]
		switch {
		case p.In == InBody && prev.In == InQuery:
			if p.Value != prev.Value {
				w.addf("parameter %q: body value %q used over URL value %q", p.Name, p.Value, prev.Value)
			}
			out[i] = p
		case p.Value != prev.Value:
			w.addf("parameter %q sent more than once with different values; the first, %q, is used", p.Name, prev.Value)
		}
	}
	return out
}

func lookupParam(ps []Param, name string) (Param, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// labelUserData adds the class of each personal-data value to the label
// of its parameter.
func labelUserData(ps []Param) {
	for i := range ps {
		family, _, ok := splitBracket(ps[i].Name)
		if !ok || metaUserDataFamilies[family] == "" {
			continue
		}
		class := ClassifyHash(ps[i].Value)
		if isShapeFamily(family) && class != HashEmpty {
			class = HashShapeMask
		}
		ps[i].Label += " (" + class.describe() + ")"
	}
}

// isShapeFamily reports whether a personal-data family carries shape
// masks (censored formats) rather than values.
func isShapeFamily(family string) bool {
	return family == "cud" || family == "cudff" || family == "ncud"
}

// metaPixelID checks the id parameter. id=null is sent by legacy
// conversion pixels and broken installs: it names no pixel.
func metaPixelID(v string, w *warnings) string {
	switch {
	case v == "" || strings.EqualFold(v, "null") || v == "undefined":
		w.addf("id=%q names no pixel", v)
		return ""
	case !isDigits(v):
		w.addf("pixel ID %q is not numeric", v)
	}
	return v
}

// metaJSONKeys are cd keys whose values fbevents.js always JSON-encodes:
// a value that does not parse is worth a warning.
var metaJSONKeys = map[string]bool{
	"buttonFeatures": true, "formFeatures": true, "pageFeatures": true,
	"parameters": true, "contents": true, "DataLayer": true, "Meta": true,
	"MetaTag": true, "OpenGraph": true, "Schema.org": true, "JSON-LD": true,
}

// jsonOpts accept what browsers' JSON.stringify may produce from a page's
// data: duplicate member names are legal JSON.
var jsonOpts = jsontext.AllowDuplicateNames(true)

// parseCustom parses a cd[key] value: an object or array (or a value of a
// key Meta always JSON-encodes) is parsed as JSON; if that fails the raw
// text is kept and a warning says so. Scalars are kept as sent: the wire
// does not tell the number 25 from the string "25".
func parseCustom(key, raw string, w *warnings) Custom {
	c := Custom{Key: key, Raw: raw}
	looksJSON := strings.HasPrefix(raw, "{") || strings.HasPrefix(raw, "[")
	if !looksJSON && !(metaJSONKeys[key] && raw != "") {
		return c
	}
	v := jsontext.Value(raw).Clone()
	if err := v.Compact(jsonOpts); err != nil {
		w.addf("cd[%s]: not valid JSON, kept as sent: %v", key, err)
		return c
	}
	if k := v.Kind(); k != '{' && k != '[' {
		w.addf("cd[%s]: expected a JSON object or array, kept as sent", key)
		return c
	}
	c.JSON = v
	return c
}

// metaUserDatum classifies one personal-data value.
func metaUserDatum(family, key, value string, w *warnings) UserDatum {
	u := UserDatum{Family: family, Field: key, Value: value}
	if isShapeFamily(family) {
		u.Class = HashShapeMask
		if value == "" {
			u.Class = HashEmpty
		}
		return u
	}
	u.Class = ClassifyHash(value)
	switch u.Class {
	case HashPlain:
		if key == "uid" {
			w.addf("%s[uid]: user ID sent unhashed (Meta exempts uid from hashing)", family)
		} else {
			w.addf("%s[%s]: %s sent NOT HASHED: plain-text personal data", family, key, metaFieldName(key))
		}
	case HashMD5, HashSHA256Undefined, HashSHA256Empty, HashSHA256Null:
		w.addf("%s[%s]: %s", family, key, u.Class.describe())
	}
	return u
}

// metaCookieID decodes an fbp or fbc value,
// fb.<subdomainIndex>.<creationTimeMs>.<payload>[.<appendix>].
func metaCookieID(name, v string, w *warnings) ID {
	id := ID{Name: name, Value: v, From: "param " + name}
	switch name {
	case "fbp":
		id.Meaning, id.Type = "Meta browser ID for this site (_fbp cookie): identifies a browser on the site, not a Facebook account", DataBrowserID
	case "fbc":
		id.Meaning, id.Type = "Meta click ID (_fbc cookie): links the visit to a click on a Facebook or Instagram ad", DataClickID
	}
	parts := strings.SplitN(v, ".", 4)
	if len(parts) < 4 || parts[0] != "fb" || !isDigits(parts[1]) {
		w.addf("%s %q is not in the fb.<n>.<ms>.<value> format", name, v)
		return id
	}
	id.Facts = append(id.Facts, Fact{Name: "subdomain_index", Value: parts[1]})
	if t, ok := parseMillis(parts[2]); ok {
		id.Facts = append(id.Facts, Fact{Name: "created", Value: t})
	} else {
		w.addf("%s %q: creation time %q is not a millisecond timestamp", name, v, parts[2])
	}
	// The payload (random digits, or the fbclid, which has no dots in
	// practice) may be followed by the appendix Meta's parameter builder
	// adds (meta_values.go), decoded when it is one.
	payload, appendix, _ := strings.Cut(parts[3], ".")
	switch name {
	case "fbp":
		id.Facts = append(id.Facts, Fact{Name: "random", Value: payload})
	case "fbc":
		id.Facts = append(id.Facts, Fact{Name: "fbclid", Value: payload})
	}
	if appendix != "" {
		id.Facts = append(id.Facts, Fact{Name: "appendix", Value: appendix})
		if f, ok := appendixFacts(appendix); ok {
			id.Facts = append(id.Facts, f...)
		}
	}
	return id
}

// metaCookies describe Meta's own cookies (PROTOCOLS.md §5.2). Those with
// an identity meaning become IDs.
var metaCookies = []struct {
	name    string
	meaning label
	id      bool
}{
	{"c_user", label{"Facebook account ID of the logged-in user", DataAccountID}, true},
	{"xs", label{"Facebook login session token (pairs with c_user)", DataLoginSession}, true},
	{"fr", label{"Meta advertising cookie: browser and user identifier for ads", DataBrowserID}, true},
	{"datr", label{"Meta browser identifier (security); set for logged-out visitors and non-users too", DataBrowserID}, true},
	{"sb", label{"Meta browser identifier (login security)", DataBrowserID}, true},
	{"wd", label{"browser window size", DataDevice}, false},
	{"presence", label{"Facebook chat presence state", DataLoginSession}, false},
	{"locale", label{"Facebook interface language", DataDevice}, false},
	{"spin", label{"Facebook site version state", DataTechnical}, false},
	{"act", label{"Facebook session state", DataTechnical}, false},
}

// addMetaCookies appends the request's cookies to ev.Params, labelled,
// and the identifying ones to ev.IDs.
func addMetaCookies(ev *Event, e *har.Entry) {
	ev.Params = slices.Grow(ev.Params, form.CookieCount(&e.Request))
	ev.Cookies = eachRequestCookie(&e.Request, func(c Param) {
		for _, mc := range metaCookies {
			if c.Name != mc.name {
				continue
			}
			mc.meaning.apply(&c)
			if mc.id && c.Value != "" {
				ev.IDs = append(ev.IDs, ID{Name: c.Name, Value: c.Value, From: "cookie " + c.Name, Meaning: mc.meaning.text, Type: mc.meaning.typ})
			}
			break
		}
		ev.Params = append(ev.Params, c)
	})
}

// customValue returns the raw value of cd[key].
func customValue(cs []Custom, key string) (Custom, bool) {
	for _, c := range cs {
		if c.Key == key {
			return c, true
		}
	}
	return Custom{}, false
}

// jsonMember returns the string value of the top-level member name of a
// JSON object, and whether there was one.
func jsonMember(v jsontext.Value, name string) (string, bool) {
	if v.Kind() != '{' {
		return "", false
	}
	d := jsontext.NewDecoder(bytes.NewReader(v), jsonOpts)
	if _, err := d.ReadToken(); err != nil {
		return "", false
	}
	for d.PeekKind() == '"' {
		k, err := d.ReadToken()
		if err != nil {
			return "", false
		}
		if k.String() == name && d.PeekKind() == '"' {
			t, err := d.ReadToken()
			if err != nil {
				return "", false
			}
			return t.String(), true
		}
		if err := d.SkipValue(); err != nil {
			return "", false
		}
	}
	return "", false
}

// metaSummary writes the event's one-line plain-English summary.
func metaSummary(ev *Event) string {
	var b strings.Builder
	name := ev.Name
	if name == "" {
		name = "(no event name)"
	}
	b.WriteString(name)
	b.WriteString(": ")
	what := metaWhat(ev)
	b.WriteString(what)
	if ev.Page != "" {
		if what != "viewed" {
			b.WriteString(" on")
		}
		b.WriteString(" ")
		b.WriteString(ev.Page)
	}
	if pd := personalDataPhrase(ev.UserData); pd != "" {
		b.WriteString("; with ")
		b.WriteString(pd)
	}
	if ev.Kind == KindDuplicate && ev.Gateway == "" {
		b.WriteString(" (Chrome privacy-sandbox copy)")
	}
	return b.String()
}

// metaWhat says what the event reports, e.g. `clicked "Book Now"`.
func metaWhat(ev *Event) string {
	class, canonical := metaEventClass(ev.Name)
	switch canonical {
	case "PageView":
		if ev.Page == "" {
			return "viewed a page (no dl sent)"
		}
		return "viewed"
	case "SubscribedButtonClick":
		text, ok := "", false
		if c, found := customValue(ev.Custom, "buttonText"); found {
			text, ok = c.Raw, true
		} else if c, found := customValue(ev.Custom, "buttonFeatures"); found {
			text, ok = jsonMember(c.JSON, "innerText")
		}
		if !ok {
			return "clicked a button"
		}
		return "clicked " + strconv.Quote(text)
	case "Microdata":
		for _, k := range []string{"Meta", "MetaTag"} {
			if c, ok := customValue(ev.Custom, k); ok {
				if t, ok := jsonMember(c.JSON, "title"); ok {
					return "page title " + strconv.Quote(strings.TrimSpace(t))
				}
			}
		}
		if c, ok := customValue(ev.Custom, "OpenGraph"); ok {
			if t, ok := jsonMember(c.JSON, "og:title"); ok {
				return "page title " + strconv.Quote(strings.TrimSpace(t))
			}
		}
		return "page data (Microdata)"
	case "PixelInitialized":
		return "pixel initialised"
	}
	var details []string
	if c, ok := customValue(ev.Custom, "content_name"); ok && c.Raw != "" {
		details = append(details, strconv.Quote(c.Raw))
	}
	if c, ok := customValue(ev.Custom, "search_string"); ok && c.Raw != "" {
		details = append(details, "searched "+strconv.Quote(c.Raw))
	}
	if v, ok := customValue(ev.Custom, "value"); ok && v.Raw != "" {
		amount := v.Raw
		if c, ok := customValue(ev.Custom, "currency"); ok && c.Raw != "" {
			amount += " " + c.Raw
		}
		details = append(details, amount)
	}
	if len(details) > 0 {
		return strings.Join(details, ", ")
	}
	switch class {
	case "standard":
		return "standard event"
	case "legacy":
		return "legacy conversion-pixel event"
	case "custom":
		return "custom event"
	}
	return "event"
}

// personalDataPhrase lists the personal data an event carried, e.g.
// "e-mail (SHA-256 hash), phone (NOT HASHED: plain-text personal data)".
// Shape masks and empty values are left out: they accompany the hashes.
func personalDataPhrase(uds []UserDatum) string {
	var parts []string
	seen := map[string]bool{}
	for _, u := range uds {
		switch u.Class {
		case HashShapeMask, HashEmpty:
			continue
		}
		var p string
		switch u.Class {
		case HashSHA256:
			p = metaFieldName(u.Field) + " (hashed)"
		case HashPlain:
			p = metaFieldName(u.Field) + " (NOT HASHED)"
		case HashMD5:
			p = metaFieldName(u.Field) + " (MD5?)"
		default:
			p = metaFieldName(u.Field) + " (" + u.Class.String() + ")"
		}
		if strings.HasSuffix(u.Family, "ff") {
			p = "form-field " + p
		}
		if !seen[p] {
			seen[p] = true
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// decodeMetaConfig decodes a load of connect.facebook.net/signals/config/
// <pixel ID>: the pixel's configuration, which names the pixel even when
// no event follows.
func decodeMetaConfig(e *har.Entry) ([]Event, error) {
	ev := metaNonEvent(e, KindInstallation, labels{
		"v":       {"pixel library version", DataTrackerConfig},
		"r":       {"release segment", DataTrackerConfig},
		"domain":  {"site domain the pixel runs on", DataPageURL},
		"no_min":  {"unminified code requested", DataTechnical},
		"hme":     {"module-encoding hash", DataTechnical},
		"ex_m":    {"modules already loaded", DataTechnical},
		"ver":     {"version", DataTrackerConfig},
		"is_test": {"test mode", DataTrackerConfig},
	})
	rest := strings.TrimPrefix(ev.Path, "/signals/config/")
	id, _, _ := strings.Cut(rest, "/")
	var err error
	if isDigits(id) {
		ev.PixelID = id
	} else {
		err = fmt.Errorf("path %q names no pixel ID", ev.Path)
	}
	s := "Meta Pixel configuration loaded"
	if ev.PixelID != "" {
		s = "Meta Pixel " + ev.PixelID + " configuration loaded"
	}
	if p, ok := lookupParam(ev.Params, "domain"); ok && p.Value != "" {
		s += " for " + p.Value
	}
	if p, ok := lookupParam(ev.Params, "v"); ok && p.Value != "" {
		s += " (v" + p.Value + ")"
	}
	ev.Summary = s
	return []Event{ev}, err
}

// decodeMetaPlugin decodes connect.facebook.net/signals/plugins/<name>.js.
func decodeMetaPlugin(e *har.Entry) ([]Event, error) {
	ev := metaNonEvent(e, KindInstallation, labels{"v": {"pixel library version", DataTrackerConfig}})
	name := strings.TrimSuffix(lastSegment(ev.Path), ".js")
	ev.Summary = "Meta Pixel plugin " + strconv.Quote(name) + " loaded"
	return []Event{ev}, nil
}

// decodeMetaLibrary decodes the other loads from connect.facebook.net:
// the pixel library fbevents.js (and its legacy plugin files), the legacy
// conversion-tracking library fbds.js, the JavaScript SDK, error reports.
func decodeMetaLibrary(e *har.Entry) ([]Event, error) {
	ev := metaNonEvent(e, KindRequest, nil)
	file := lastSegment(ev.Path)
	switch {
	case file == "fbevents.js":
		ev.Kind = KindInstallation
		ev.Summary = "Meta Pixel library fbevents.js loaded"
	case strings.HasPrefix(file, "fbevents.") && strings.HasSuffix(file, ".js"):
		ev.Kind = KindInstallation
		ev.Summary = "Meta Pixel library file " + file + " loaded"
	case file == "fbds.js":
		ev.Kind = KindInstallation
		ev.Summary = "legacy Facebook conversion-tracking library fbds.js loaded"
	case file == "sdk.js" || file == "all.js" || strings.HasPrefix(ev.Path, "/en_") && strings.Contains(file, "sdk"):
		ev.Summary = "Facebook JavaScript SDK " + file + " loaded (social plugins and login, not the pixel)"
	case ev.Path == "/log/error":
		ev.Summary = "Meta Pixel error report"
	}
	return []Event{ev}, nil
}

// decodeMetaTopics decodes /privacy_sandbox/topics/registration/?id=<pixel>:
// a Topics API registration by the pixel's topicsapi plugin.
func decodeMetaTopics(e *har.Entry) ([]Event, error) {
	ev := metaNonEvent(e, KindInstallation, labels{"id": {"pixel ID", DataTrackerConfig}})
	if p, ok := lookupParam(ev.Params, "id"); ok && isDigits(p.Value) {
		ev.PixelID = p.Value
	}
	ev.Summary = strings.TrimSpace("Meta Pixel " + ev.PixelID + " registered with the browser's Topics API")
	return []Event{ev}, nil
}

// decodeMetaIWL decodes /signals/iwl.js?pixel_id=<id>: the Event Setup
// Tool, loaded when the site owner is configuring the pixel.
func decodeMetaIWL(e *har.Entry) ([]Event, error) {
	ev := metaNonEvent(e, KindInstallation, labels{"pixel_id": {"pixel ID", DataTrackerConfig}})
	if p, ok := lookupParam(ev.Params, "pixel_id"); ok && isDigits(p.Value) {
		ev.PixelID = p.Value
	}
	ev.Summary = strings.TrimSpace("Meta Event Setup Tool loaded for pixel " + ev.PixelID)
	return []Event{ev}, nil
}

// decodeMetaRequest decodes any other request to a facebook.com host
// (social plugins, login checks): parameters and cookies, with Meta's
// identifying cookies as IDs.
func decodeMetaRequest(e *har.Entry) ([]Event, error) {
	ev := metaNonEvent(e, KindRequest, nil)
	ev.Summary = "Meta request " + genericSummary(&ev)
	return []Event{ev}, nil
}

// metaNonEvent decodes a Meta request that is not a pixel event: its
// parameters (labelled from dict) and cookies.
func metaNonEvent(e *har.Entry, kind Kind, dict labels) Event {
	ev := entryEvent(e)
	ev.Vendor = VendorMeta
	ev.Kind = kind
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, dict, nil)
	addMetaCookies(&ev, e)
	ev.Warnings = w.list
	ev.Summary = genericSummary(&ev)
	return ev
}

func lastSegment(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}
