package decode

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes Microsoft Clarity, a free session-recording and
// heatmap tool. Its code (www.clarity.ms/tag/<project ID>, then
// scripts.clarity.ms/<version>/clarity.js) POSTs the recording to
// <letter>.clarity.ms/collect as {"e": envelope, "a": analysis events,
// "p": playback events}: the envelope is [version, sequence, start,
// duration, project ID, user ID, session ID, page number, upload, end];
// each event is [time, type, …]. Analysis events are clicks, scrolling,
// mouse movement, input, resizing, page dimensions (URL, referrer,
// title, user agent …) and metrics; playback events are the page's
// structure and content (its DOM) and every change to it, from which
// Clarity replays the visit. Clarity masks text typed into inputs by
// default, and sites choose how much page text is masked
// (https://learn.microsoft.com/en-us/clarity/setup-and-installation/clarity-masking).
// Every upload but the last is gzip-compressed (Accept:
// application/x-clarity-gzip); a HAR usually cannot hold those bytes
// intact, so such a body is kept as sent unless it is recorded as base64.
// The user ID is the _clck cookie and the session ID the _clsk cookie
// on the site. Written from Clarity's open-source client
// (github.com/microsoft/clarity, packages/clarity-js: src/data/upload.ts,
// src/data/envelope.ts, types/data.d.ts) and Omnibug's MicrosoftClarity
// provider (src/providers/MicrosoftClarity.js).

// clarityEnvelope names the envelope's fields, in order.
var clarityEnvelope = []struct {
	name string
	l    label
}{
	{"version", label{"Clarity version", DataTrackerConfig}},
	{"sequence", label{"upload sequence number within the page", DataTechnical}},
	{"start", label{"start of this upload's events (ms since the page opened)", DataTechnical}},
	{"duration", label{"time covered by this upload (ms)", DataTechnical}},
	{"projectId", label{"project ID (the site's Clarity project)", DataTrackerConfig}},
	{"userId", label{"Clarity user ID for this browser (_clck cookie)", DataBrowserID}},
	{"sessionId", label{"Clarity session ID (_clsk cookie)", DataBrowserID}},
	{"pageNum", label{"page number within the session", DataTechnical}},
	{"upload", label{"upload method (0 XHR, 1 sendBeacon)", DataTechnical}},
	{"end", label{"last upload of the page (1 = yes)", DataTechnical}},
	{"applicationPlatform", label{"platform", DataDevice}},
	{"url", label{"page URL", DataPageURL}},
}

// clarityEvents names Clarity's event types (types/data.d.ts).
var clarityEvents = []string{
	0: "metric", 1: "dimension", 2: "upload", 3: "upgrade", 4: "baseline", 5: "discover",
	6: "mutation", 7: "region", 8: "document", 9: "click", 10: "scroll", 11: "resize",
	12: "mouse move", 13: "mouse down", 14: "mouse up", 15: "mouse wheel", 16: "double click",
	17: "touch start", 18: "touch end", 19: "touch move", 20: "touch cancel", 21: "selection",
	22: "timeline", 23: "page", 24: "custom", 25: "ping", 26: "unload", 27: "input",
	28: "visibility", 29: "navigation", 30: "connection", 31: "script error", 32: "image error",
	33: "log", 34: "variable", 35: "limit", 36: "summary", 37: "box", 38: "clipboard", 39: "submit",
}

// clarityDimensions names the dimensions a dimension event carries
// (types/data.d.ts), with the type of each.
var clarityDimensions = map[int]label{
	0:  {"user agent", DataDevice},
	1:  {"page URL", DataPageURL},
	2:  {"referrer", DataReferrer},
	3:  {"page title", DataPageContent},
	4:  {"hosts the page loaded from", DataTechnical},
	5:  {"schema.org type of the page", DataPageContent},
	6:  {"product brand", DataPurchase},
	7:  {"product availability", DataPurchase},
	8:  {"author name", DataPageContent},
	9:  {"browser language", DataDevice},
	10: {"product name", DataPurchase},
	11: {"product category", DataPurchase},
	12: {"product SKU", DataPurchase},
	13: {"product currency", DataPurchase},
	14: {"product condition", DataPurchase},
	15: {"browser tab ID", DataBrowserID},
	16: {"page language", DataPageContent},
	17: {"text direction", DataTechnical},
	18: {"headline", DataPageContent},
	19: {"meta type", DataPageContent},
	20: {"meta title", DataPageContent},
	21: {"page generator", DataTechnical},
	22: {"platform", DataDevice},
	23: {"platform version", DataDevice},
	24: {"browser brand", DataDevice},
	25: {"device model", DataDevice},
}

// maxClarityBody bounds a decompressed Clarity payload.
const maxClarityBody = 32 << 20

// decodeClarity decodes one upload to /collect.
func decodeClarity(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorClarity, KindEvent)
	ev.Name = "session recording upload"
	var w warnings
	ev.Params = queryParams(e, &w)
	body, hasBody := bodyText(e, &w)
	doc, how := clarityPayload(body)
	switch {
	case !hasBody:
		w.addf("no recorded body: the upload's content is not in the capture")
	case doc == nil:
		w.addf("body is not a readable Clarity payload (%s): kept as sent", how)
		ev.Params = append(ev.Params, Param{Name: "(body)", Value: form.ValidUTF8(body), Label: "Clarity recording payload, " + how + ": kept as sent", In: InBody, Type: DataUndecodedBody})
	default:
		clarityRead(&ev, doc, how, &w)
	}
	addVendorCookies(&ev, e, clarityCookies, &w)
	if ev.PixelID == "" && doc != nil {
		w.addf("no project ID in the envelope")
	}
	ev.Warnings = w.list
	ev.Summary = claritySummary(&ev)
	return []Event{ev}, nil
}

// clarityPayload returns the JSON payload of an upload body, plain,
// base64-encoded gzip, or raw gzip when the capture kept its bytes, and
// says how it was sent.
func clarityPayload(body string) (jsontext.Value, string) {
	t := strings.TrimSpace(body)
	switch {
	case t == "":
		return nil, "empty"
	case strings.HasPrefix(t, "{"):
		if v := compactJSON(t); v != nil {
			return v, "JSON"
		}
		return nil, "not valid JSON"
	case strings.HasPrefix(t, "\x1f\x8b"):
		if s, err := gunzipText([]byte(t)); err == nil && looksJSON(s) {
			if v := compactJSON(s); v != nil {
				return v, "gzip-compressed JSON"
			}
		}
		return nil, "gzip-compressed, not intact in the capture"
	case strings.HasPrefix(t, "H4sI"): // base64 of the gzip header
		if b, err := base64.StdEncoding.DecodeString(t); err == nil {
			if s, err := gunzipText(b); err == nil && looksJSON(s) {
				if v := compactJSON(s); v != nil {
					return v, "base64 of gzip-compressed JSON"
				}
			}
		}
		return nil, "base64 of gzip, not readable"
	}
	return nil, "binary, probably gzip-compressed (Accept: application/x-clarity-gzip)"
}

// gunzipText decompresses b, up to maxClarityBody bytes.
func gunzipText(b []byte) (string, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	out, err := io.ReadAll(io.LimitReader(r, maxClarityBody+1))
	if err != nil {
		return "", err
	}
	if len(out) > maxClarityBody {
		return "", fmt.Errorf("more than %d bytes", maxClarityBody)
	}
	return string(out), nil
}

// clarityRead reads the envelope and counts the events of a payload.
func clarityRead(ev *Event, doc jsontext.Value, how string, w *warnings) {
	ms, _ := objectMembers(doc)
	for _, m := range ms {
		switch m.name {
		case "e":
			fields, _ := arrayElements(m.value)
			for i, f := range fields {
				p := Param{Name: "e[" + strconv.Itoa(i) + "]", Value: clarityScalar(f), In: InBody}
				if i < len(clarityEnvelope) {
					clarityEnvelope[i].l.apply(&p)
					p.Label += " (envelope " + clarityEnvelope[i].name + ")"
					switch clarityEnvelope[i].name {
					case "projectId":
						ev.PixelID = p.Value
					case "userId":
						addID(ev, "clarity_user_id", p.Value, "envelope userId", label{"Microsoft Clarity user ID for this browser on the site (_clck cookie)", DataBrowserID})
					case "sessionId":
						addID(ev, "clarity_session_id", p.Value, "envelope sessionId", label{"Microsoft Clarity session ID (_clsk cookie)", DataBrowserID})
					case "url":
						ev.Page = p.Value
					}
				} else {
					label{"envelope field", DataTechnical}.apply(&p)
				}
				ev.Params = append(ev.Params, p)
			}
		case "a", "p":
			events, _ := arrayElements(m.value)
			counts := map[string]int{}
			for _, evt := range events {
				toks, _ := arrayElements(evt)
				if len(toks) < 2 {
					continue
				}
				typ, err := strconv.Atoi(string(toks[1]))
				name := "type " + string(toks[1])
				if err == nil && typ >= 0 && typ < len(clarityEvents) && clarityEvents[typ] != "" {
					name = clarityEvents[typ]
				}
				counts[name]++
				switch {
				case err == nil && typ == 1: // dimension: key, [values], key, [values] …
					clarityDimension(ev, toks[2:])
				case err == nil && (typ == 9 || typ == 16) && len(toks) > 10 && toks[10].Kind() == '"':
					// click: [time, 9, target, x, y, eX, eY, button,
					// reaction, context, text, link, hash, trust]; the
					// text is at most 25 characters of the element.
					ev.Params = append(ev.Params, Param{Name: "a.click.text", Value: jsonString(toks[10]), Label: "text of the element clicked (at most 25 characters)", In: InBody, Type: DataButtonText})
				}
			}
			what := "analysis events (clicks, scrolling, mouse movement, input, page data, metrics)"
			typ := DataUndecodedBody
			if m.name == "p" {
				what = "playback events (the page's structure and content, and every change to it, from which the visit is replayed)"
				typ = DataPageContent
			}
			ev.Params = append(ev.Params, Param{Name: m.name, Value: string(m.value), Label: what + ": " + countPhrase(counts), In: InBody, Type: typ})
		default:
			ev.Params = append(ev.Params, Param{Name: m.name, Value: string(m.value), Label: "payload member", In: InBody, Type: DataUndecodedBody})
		}
	}
	if how != "JSON" {
		w.addf("body read as %s", how)
	}
}

// clarityDimension reads the key, values pairs of a dimension event into
// parameters; the page URL and referrer fill the event's.
func clarityDimension(ev *Event, toks []jsontext.Value) {
	for i := 0; i+1 < len(toks); i += 2 {
		k, err := strconv.Atoi(string(toks[i]))
		if err != nil {
			continue
		}
		l, ok := clarityDimensions[k]
		if !ok {
			l = label{"dimension " + strconv.Itoa(k), DataTechnical}
		}
		vals, _ := arrayElements(toks[i+1])
		for _, v := range vals {
			s := clarityScalar(v)
			ev.Params = append(ev.Params, Param{Name: "a.dimension." + strconv.Itoa(k), Value: s, Label: l.text, In: InBody, Type: l.typ})
			switch k {
			case 1:
				if ev.Page == "" {
					ev.Page = s
				}
			case 2:
				if ev.Referrer == "" {
					ev.Referrer = s
				}
			}
		}
	}
}

// clarityScalar returns a JSON scalar's text (a string unquoted).
func clarityScalar(v jsontext.Value) string {
	if v.Kind() == '"' {
		return jsonString(v)
	}
	return form.ValidUTF8(string(v))
}

// countPhrase lists counts as "click 3, scroll 2", by count then name.
func countPhrase(counts map[string]int) string {
	if len(counts) == 0 {
		return "none"
	}
	names := make([]string, 0, len(counts))
	total := 0
	for n, c := range counts {
		names = append(names, n)
		total += c
	}
	slices.SortFunc(names, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " " + strconv.Itoa(counts[n])
	}
	noun := " events: "
	if total == 1 {
		noun = " event: "
	}
	return strconv.Itoa(total) + noun + strings.Join(parts, ", ")
}

func claritySummary(ev *Event) string {
	s := "Microsoft Clarity session recording upload"
	if seq := value(ev.Params, "e[1]"); seq != "" {
		s += " #" + seq
	}
	if ev.PixelID != "" {
		s += " for project " + ev.PixelID
	}
	for _, p := range ev.Params {
		if p.Name == "a" || p.Name == "p" {
			if _, counts, ok := strings.Cut(p.Label, ": "); ok {
				s += "; " + map[string]string{"a": "analysis ", "p": "playback "}[p.Name] + counts
			}
		}
	}
	var clicks []string
	for _, p := range ev.Params {
		if p.Name == "a.click.text" && p.Value != "" {
			clicks = append(clicks, strconv.Quote(p.Value))
		}
	}
	if len(clicks) > 0 {
		s += "; clicked " + strings.Join(clicks, ", ")
	}
	if v := value(ev.Params, "(body)"); v != "" {
		s += " (payload compressed, not readable in the capture)"
	}
	return s + pageSuffix(ev.Page)
}

// clarityCookies are Clarity's cookies: on the site (_clck, _clsk) and on
// clarity.ms (MUID, shared with Microsoft's advertising, CLID).
var clarityCookies = []cookieSpec{
	{name: "_clck", meaning: label{"Clarity user ID for this browser on the site (<id>|<version>|…)", DataBrowserID}, id: "clarity_user_id", value: clarityCookieID},
	{name: "_clsk", meaning: label{"Clarity session ID (<id>|<time>|…)", DataBrowserID}, id: "clarity_session_id", value: clarityCookieID},
	{name: "CLID", meaning: label{"Clarity browser ID on clarity.ms", DataBrowserID}, id: "clarity_clid"},
	{name: "MUID", meaning: label{"Microsoft user ID: identifies this browser across Microsoft sites and advertising", DataBrowserID}, id: "MUID"},
	{name: "ANONCHK", meaning: label{"Microsoft: whether MUID is valid (used with Bing advertising)", DataTechnical}},
	{name: "SM", meaning: label{"Clarity: synchronises MUID", DataTechnical}},
	{name: "MR", meaning: label{"Microsoft cookie refresh flag", DataTechnical}},
}

// clarityCookieID returns the ID before the first "|" of _clck or _clsk,
// as the envelope sends it.
func clarityCookieID(v string, _ *warnings) (string, []Fact) {
	if u, ok := form.Unescape(v, false); ok {
		v = u
	}
	id, _, _ := strings.Cut(v, "|")
	return id, nil
}

// clarityRequest decodes other requests to clarity.ms (c.gif, which
// synchronises Clarity's ID with Microsoft's MUID).
var clarityRequest = partnerRequest{
	vendor:  VendorClarity,
	company: "Microsoft Clarity",
	labels: labels{
		"ctsa":      {"Clarity cookie sync", DataTechnical},
		"CtsSyncId": {"Clarity cookie sync ID", DataBrowserID},
		"MUID":      {"Microsoft user ID", DataBrowserID},
	},
	cookies:  clarityCookies,
	describe: pathDescriber("/c.gif", "cookie sync with Microsoft's MUID"),
}

// clarityProject returns the project ID of /tag/<id>.
func clarityProject(path string) string { return pathSegment("/tag", 0)(path) }
