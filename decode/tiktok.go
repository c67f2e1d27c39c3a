package decode

import (
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

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
		ps := append(query, Param{Name: "(body)", Value: validUTF8(body), Label: "request body, not parsed", In: InBody})
		ev := tiktokEvent(e, ps, "", nil, &w)
		ev.Warnings = w.list
		ev.Summary = tiktokSummary(&ev)
		return []Event{ev}, nil
	}
	members, _ := objectMembers(doc)
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
		ps := append(append([]Param(nil), query...), jsonParams(prefix, item)...)
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
	flat, _ := flattenJSON(string(v))
	ps := make([]Param, 0, len(flat))
	for _, f := range flat {
		name := f.path
		switch {
		case prefix == "":
		case name == "":
			name = prefix
		case strings.HasPrefix(name, "["):
			name = prefix + name
		default:
			name = prefix + "." + name
		}
		ps = append(ps, Param{Name: name, Value: f.value, In: InBody})
	}
	return ps
}

// tiktokEvent builds an event from the parameters; strip is the prefix of
// the event object's parameters ("batch[0].") and obj the object itself.
func tiktokEvent(e *har.Entry, ps []Param, strip string, obj jsontext.Value, w *warnings) Event {
	ev := newVendorEvent(e, VendorTikTok, KindEvent)
	for i := range ps {
		key := strings.TrimPrefix(ps[i].Name, strip)
		if ps[i].In == InBody {
			ps[i].Label = tiktokLabels[key]
			if ps[i].Label == "" && strings.HasPrefix(key, "properties.") {
				ps[i].Label = "event property: " + key[len("properties."):]
			}
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
			addID(&ev, "ttp", v, ps[i].Name, "TikTok browser ID for this site (_ttp cookie)")
		case "analytics_uniq_id":
			addID(&ev, "analytics_uniq_id", v, ps[i].Name, "TikTok pixel's unique browser ID (older pixel versions)")
		case "context.ad.callback":
			addID(&ev, "ttclid", v, ps[i].Name, "TikTok click ID: the visit followed a click on a TikTok ad")
		case "context.user.user_id", "context.user.device_id":
			addID(&ev, key[len("context.user."):], v, ps[i].Name, "TikTok user or device ID passed by the pixel")
		}
		if field, ok := strings.CutPrefix(key, "context.user."); ok && tiktokUserFields[field] && v != "" {
			u := UserDatum{Family: "context.user", Field: field, Value: v, Class: ClassifyHash(v)}
			if u.Class == HashPlain {
				w.addf("%s: sent NOT HASHED: plain-text personal data", ps[i].Name)
			}
			ev.UserData = append(ev.UserData, u)
			ps[i].Label += " (" + u.Class.describe() + ")"
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
					d := jsontext.NewDecoder(strings.NewReader(string(p.value)))
					t, _ = d.ReadToken()
					c.Raw = validUTF8(t.String())
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

var tiktokLabels = map[string]string{
	"event":                     "event name",
	"event_id":                  "event ID, for de-duplication with the Events API",
	"timestamp":                 "event time (browser clock)",
	"pixel_code":                "pixel code (the TikTok pixel the event is sent to)",
	"context.pixel.code":        "pixel code (the TikTok pixel the event is sent to)",
	"context.page.url":          "page URL the event was sent from",
	"context.page.referrer":     "referrer of that page",
	"context.user.anonymous_id": "browser ID for this site (_ttp cookie)",
	"context.user.email":        "e-mail address (Advanced Matching)",
	"context.user.phone_number": "phone number (Advanced Matching)",
	"context.user.external_id":  "site's user ID (Advanced Matching)",
	"context.user.sha256_email": "e-mail address, SHA-256 (Advanced Matching)",
	"context.user.sha256_phone": "phone number, SHA-256 (Advanced Matching)",
	"context.user.user_id":      "user ID",
	"context.user.device_id":    "device ID",
	"context.ad.callback":       "TikTok click ID (ttclid)",
	"context.ad.ad_id":          "ad ID",
	"context.ad.creative_id":    "ad creative ID",
	"context.ad.convert_id":     "conversion ID",
	"context.ad.req_id":         "ad request ID",
	"context.ad.log_extra":      "ad log data",
	"context.ad.idc":            "ad data centre",
	"context.library.name":      "pixel library name",
	"context.library.version":   "pixel library version",
	"context.userAgent":         "browser user agent",
	"context.user_agent":        "browser user agent",
	"context.ip":                "IP address",
	"context.locale":            "browser language",
	"analytics_uniq_id":         "browser ID (older pixel versions)",
	"sdkid":                     "SDK ID",
	"message_id":                "message ID",
	"is_onsite":                 "on-site event flag",
}

// tiktokCookies are TikTok's cookies on tiktok.com.
var tiktokCookies = []cookieSpec{
	{name: "_ttp", meaning: "TikTok browser ID (third-party cookie on tiktok.com)", id: "ttp_cookie"},
	{name: "ttwid", meaning: "TikTok web browser ID", id: "ttwid"},
	{name: "tt_chain_token", meaning: "TikTok tracking chain token"},
	{name: "sessionid", meaning: "TikTok login session of a logged-in user", id: "tiktok_sessionid"},
	{name: "uid_tt", meaning: "TikTok user ID (logged-in user)", id: "uid_tt"},
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

// objectMembers returns the members of a JSON object, in order.
func objectMembers(v jsontext.Value) ([]member, error) {
	d := jsontext.NewDecoder(strings.NewReader(string(v)), jsonOpts)
	if _, err := d.ReadToken(); err != nil {
		return nil, err
	}
	var ms []member
	for d.PeekKind() == '"' {
		tok, err := d.ReadToken()
		if err != nil {
			return ms, err
		}
		name := tok.String() // before the next read voids tok
		val, err := d.ReadValue()
		if err != nil {
			return ms, err
		}
		ms = append(ms, member{name, val.Clone()})
	}
	return ms, nil
}

// arrayElements returns the elements of a JSON array, in order.
func arrayElements(v jsontext.Value) ([]jsontext.Value, error) {
	d := jsontext.NewDecoder(strings.NewReader(string(v)), jsonOpts)
	if _, err := d.ReadToken(); err != nil {
		return nil, err
	}
	var out []jsontext.Value
	for d.PeekKind() != ']' && d.PeekKind() != 0 {
		val, err := d.ReadValue()
		if err != nil {
			return out, err
		}
		out = append(out, val.Clone())
	}
	return out, nil
}
