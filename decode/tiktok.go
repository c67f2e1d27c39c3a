package decode

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes the TikTok Pixel: events POSTed as JSON to
// analytics.tiktok.com/api/v2/pixel (and /pixel/act, /pixel/batch, and
// the older /api/v1/track), a batch being {"batch":[event, …]}.
// PROTOCOLS.md §6 (vector T01), written from Omnibug's TikTok provider
// and Blacklight's reportTikTokPixelEvents:
//
//	{"event":"AddToCart","context":{"pixel":{"code":"BT24…"},
//	 "page":{"url":"https%3A%2F%2F…","referrer":""},
//	 "user":{"anonymous_id":"…","email":"<sha256>"},"ad":{"callback":"<ttclid>"}},
//	 "properties":{"value":20,"currency":"USD"},"timestamp":"2020-09-04T11:22:12.961Z"}
//
// Every JSON value becomes a parameter named by its path
// ("context.page.url", "batch[1].event"), so that nothing is dropped and
// hashed values can be matched ([KnownPII]).

// decodeTikTok decodes a pixel request into one event per event object.
func decodeTikTok(e *har.Entry) ([]Event, error) {
	var w warnings
	query := queryParams(e, &w)
	body, hasBody := bodyText(e, &w)
	if !hasBody || strings.TrimSpace(body) == "" {
		ev := tiktokEvent(e, query, "", nil, &w)
		w.addf("no JSON body: the request carries no event data")
		ev.Warnings = w.list
		ev.Summary = tiktokSummary(&ev)
		return []Event{ev}, nil
	}
	doc := jsontext.Value(body).Clone()
	if err := doc.Compact(jsonOpts); err != nil || doc.Kind() != '{' {
		if err == nil {
			w.addf("body is JSON but not an object: kept as sent")
		} else {
			w.addf("body is not valid JSON (%v): kept as sent", err)
		}
		ps := append(query, Param{Name: "(body)", Value: form.ValidUTF8(body), Label: "request body, not parsed", In: InBody, Type: DataUndecodedBody})
		ev := tiktokEvent(e, ps, "", nil, &w)
		ev.Warnings = w.list
		ev.Summary = tiktokSummary(&ev)
		return []Event{ev}, nil
	}
	// Only a member named batch changes how the body is read: a body in
	// which no name can be batch, not even escaped, is read at once.
	var members []member
	if bytes.Contains(doc, []byte("batch")) || bytes.IndexByte(doc, '\\') >= 0 {
		members, _ = objectMembers(doc)
	}
	var batch []jsontext.Value
	var shared []member
	for _, m := range members {
		if m.name == "batch" && m.value.Kind() == '[' {
			batch, _ = arrayElements(m.value)
			continue
		}
		shared = append(shared, m)
	}
	if batch == nil {
		ev := tiktokEvent(e, append(query, jsonParams("", doc)...), "", doc, &w)
		ev.Warnings = w.list
		ev.Summary = tiktokSummary(&ev)
		return []Event{ev}, nil
	}
	var evs []Event
	for i, item := range batch {
		lw := warnings{}
		for _, m := range w.list {
			lw.addf("%s", m)
		}
		prefix := "batch[" + strconv.Itoa(i) + "]"
		ps := slices.Concat(query, jsonParams(prefix, item))
		for _, m := range shared {
			ps = append(ps, jsonParams(m.name, m.value)...)
		}
		ev := tiktokEvent(e, ps, prefix+".", item, &lw)
		ev.Warnings = lw.list
		ev.Summary = tiktokSummary(&ev)
		if len(batch) > 1 {
			ev.Summary += " [event " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(batch)) + " in one request]"
		}
		evs = append(evs, ev)
	}
	if len(evs) == 0 {
		ev := tiktokEvent(e, query, "", nil, &w)
		w.addf("empty batch: the request carries no event")
		ev.Warnings = w.list
		ev.Summary = tiktokSummary(&ev)
		evs = append(evs, ev)
	}
	return evs, nil
}

// jsonParams flattens v into body parameters named prefix.path.
func jsonParams(prefix string, v jsontext.Value) []Param {
	flat, _ := flattenFrom(bytes.NewReader(v), prefix)
	ps := make([]Param, len(flat))
	for i, f := range flat {
		ps[i] = Param{Name: f.path, Value: f.value, In: InBody}
	}
	return ps
}

// tiktokEvent builds an event from the parameters; strip is the prefix of
// the event object's parameters ("batch[0].") and obj the object itself.
func tiktokEvent(e *har.Entry, ps []Param, strip string, obj jsontext.Value, w *warnings) Event {
	ev := newVendorEvent(e, VendorTikTok, KindEvent)
	for i := range ps {
		key := strings.TrimPrefix(ps[i].Name, strip)
		if ps[i].In == InBody && ps[i].Name != "(body)" {
			tiktokLabel(key).apply(&ps[i])
		}
		v := ps[i].Value
		switch key {
		case "event":
			ev.Name = v
		case "pixel_code", "context.pixel.code":
			if ev.PixelID == "" {
				ev.PixelID = v
			}
		case "context.page.url":
			ev.Page = decodePercentURL(v)
		case "context.page.referrer":
			ev.Referrer = decodePercentURL(v)
		case "context.user.anonymous_id":
			addID(&ev, "ttp", v, ps[i].Name, label{"TikTok browser ID for this site (_ttp cookie)", DataBrowserID})
		case "analytics_uniq_id":
			addID(&ev, "analytics_uniq_id", v, ps[i].Name, label{"TikTok pixel's unique browser ID (older pixel versions)", DataBrowserID})
		case "context.ad.callback":
			addID(&ev, "ttclid", v, ps[i].Name, label{"TikTok click ID: the visit followed a click on a TikTok ad", DataClickID})
		case "context.user.user_id":
			addID(&ev, "user_id", v, ps[i].Name, label{"TikTok user ID passed by the pixel", DataAccountID})
		case "context.user.device_id":
			addID(&ev, "device_id", v, ps[i].Name, label{"TikTok device ID passed by the pixel", DataBrowserID})
		}
		if field, ok := strings.CutPrefix(key, "context.user."); ok && tiktokUserFields[field] && v != "" {
			u := UserDatum{Family: "context.user", Field: field, Value: v, Class: ClassifyHash(v)}
			if u.Class == HashPlain {
				w.addf("%s: sent NOT HASHED: plain-text personal data", ps[i].Name)
			}
			ev.UserData = append(ev.UserData, u)
			ps[i].Label += " (" + u.Class.describe() + ")"
			if u.Class == HashPlain && isHashedType(ps[i].Type) {
				ps[i].Type = DataPlainPersonal // the path in a batch is not u.Param(): retyped here
			}
		}
	}
	if obj != nil {
		ms, _ := objectMembers(obj)
		for _, m := range ms {
			if m.name != "properties" || m.value.Kind() != '{' {
				continue
			}
			props, _ := objectMembers(m.value)
			for _, p := range props {
				c := Custom{Key: p.name}
				switch p.value.Kind() {
				case '{', '[':
					c.Raw, c.JSON = string(p.value), p.value
				case '"':
					var t jsontext.Token
					d := jsontext.NewDecoder(bytes.NewReader(p.value))
					t, _ = d.ReadToken()
					c.Raw = form.ValidUTF8(t.String())
				default:
					c.Raw = string(p.value)
				}
				ev.Custom = append(ev.Custom, c)
			}
		}
	}
	ev.Params = ps
	if ev.PixelID == "" {
		w.addf("no pixel code (context.pixel.code or pixel_code)")
	}
	if ev.Name == "" {
		w.addf("no event name")
	}
	addVendorCookies(&ev, e, tiktokCookies, w)
	return ev
}

// tiktokUserFields are the personal-data fields of context.user.
var tiktokUserFields = map[string]bool{
	"email": true, "phone_number": true, "external_id": true,
	"sha256_email": true, "sha256_phone": true,
}

var tiktokLabels = labels{
	"event":                     {"event name", DataEventName},
	"event_id":                  {"event ID, for de-duplication with the Events API", DataTechnical},
	"timestamp":                 {"event time (browser clock)", DataTechnical},
	"pixel_code":                {"pixel code (the TikTok pixel the event is sent to)", DataTrackerConfig},
	"context.pixel.code":        {"pixel code (the TikTok pixel the event is sent to)", DataTrackerConfig},
	"context.page.url":          {"page URL the event was sent from", DataPageURL},
	"context.page.referrer":     {"referrer of that page", DataReferrer},
	"context.user.anonymous_id": {"browser ID for this site (_ttp cookie)", DataBrowserID},
	"context.user.email":        {"e-mail address (Advanced Matching)", DataHashedEmail},
	"context.user.phone_number": {"phone number (Advanced Matching)", DataHashedPhone},
	"context.user.external_id":  {"site's user ID (Advanced Matching)", DataAccountID},
	"context.user.sha256_email": {"e-mail address, SHA-256 (Advanced Matching)", DataHashedEmail},
	"context.user.sha256_phone": {"phone number, SHA-256 (Advanced Matching)", DataHashedPhone},
	"context.user.user_id":      {"user ID", DataAccountID},
	"context.user.device_id":    {"device ID", DataBrowserID},
	"context.ad.callback":       {"TikTok click ID (ttclid)", DataClickID},
	"context.ad.ad_id":          {"ad ID", DataAdCampaign},
	"context.ad.creative_id":    {"ad creative ID", DataAdCampaign},
	"context.ad.convert_id":     {"conversion ID", DataAdCampaign},
	"context.ad.req_id":         {"ad request ID", DataAdCampaign},
	"context.ad.log_extra":      {"ad log data", DataAdCampaign},
	"context.ad.idc":            {"ad data centre", DataTechnical},
	"context.library.name":      {"pixel library name", DataTrackerConfig},
	"context.library.version":   {"pixel library version", DataTrackerConfig},
	"context.userAgent":         {"browser user agent", DataDevice},
	"context.user_agent":        {"browser user agent", DataDevice},
	"context.ip":                {"IP address", DataDevice},
	"context.locale":            {"browser language", DataDevice},
	"analytics_uniq_id":         {"browser ID (older pixel versions)", DataBrowserID},
	"sdkid":                     {"SDK ID", DataTrackerConfig},
	"message_id":                {"message ID", DataTechnical},
	"is_onsite":                 {"on-site event flag", DataTechnical},
}

// tiktokLabel labels a body parameter by its key (its path inside the
// event object): from the dictionary, else an event property typed by
// its name, else unknown.
func tiktokLabel(key string) label {
	if l, ok := tiktokLabels[key]; ok {
		return l
	}
	if prop, ok := strings.CutPrefix(key, "properties."); ok {
		return label{"event property: " + prop, customDataType(propertyKey(prop))}
	}
	return label{}
}

// propertyKey returns the first member name of a property path:
// "contents[0].price" gives "contents".
func propertyKey(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

// tiktokCookies are TikTok's cookies on tiktok.com.
var tiktokCookies = []cookieSpec{
	{name: "_ttp", meaning: label{"TikTok browser ID (third-party cookie on tiktok.com)", DataBrowserID}, id: "ttp_cookie"},
	{name: "ttwid", meaning: label{"TikTok web browser ID", DataBrowserID}, id: "ttwid"},
	{name: "tt_chain_token", meaning: label{"TikTok tracking chain token", DataBrowserID}},
	{name: "sessionid", meaning: label{"TikTok login session of a logged-in user", DataLoginSession}, id: "tiktok_sessionid"},
	{name: "uid_tt", meaning: label{"TikTok user ID (logged-in user)", DataAccountID}, id: "uid_tt"},
}

func tiktokSummary(ev *Event) string {
	var parts []string
	for _, c := range ev.Custom {
		parts = append(parts, c.Key+"="+c.Raw)
	}
	what := "TikTok pixel event"
	if len(parts) > 0 {
		what += " (" + strings.Join(parts, ", ") + ")"
	}
	s := summarise(ev.Name, what, ev.Page)
	if pd := personalDataPhrase(ev.UserData); pd != "" {
		s += "; with " + pd
	}
	return s
}

// member is one member of a JSON object.
type member struct {
	name  string
	value jsontext.Value
}

// objectMembers returns the members of a JSON object, in order. Their
// values are v's own bytes, not copies.
func objectMembers(v jsontext.Value) ([]member, error) {
	d := jsontext.NewDecoder(bytes.NewReader(v), jsonOpts)
	if _, err := d.ReadToken(); err != nil {
		return nil, err
	}
	var ms []member
	var name []byte
	for d.PeekKind() == '"' {
		raw, err := d.ReadValue()
		if err != nil {
			return ms, err
		}
		if name, err = appendUnquoted(name[:0], raw); err != nil {
			return ms, err
		}
		val, err := d.ReadValue()
		if err != nil {
			return ms, err
		}
		end := int(d.InputOffset())
		ms = append(ms, member{string(name), v[end-len(val) : end : end]})
	}
	return ms, nil
}

// arrayElements returns the elements of a JSON array, in order: v's own
// bytes, not copies.
func arrayElements(v jsontext.Value) ([]jsontext.Value, error) {
	d := jsontext.NewDecoder(bytes.NewReader(v), jsonOpts)
	if _, err := d.ReadToken(); err != nil {
		return nil, err
	}
	var out []jsontext.Value
	for d.PeekKind() != ']' && d.PeekKind() != 0 {
		val, err := d.ReadValue()
		if err != nil {
			return out, err
		}
		end := int(d.InputOffset())
		out = append(out, v[end-len(val):end:end])
	}
	return out, nil
}
