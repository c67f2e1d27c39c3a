package decode

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes Google Analytics 4 hits: /g/collect on Google's hosts
// and on first-party hosts (server-side tagging). The wire format is in
// PROTOCOLS.md §6 (vectors G01–G04), written from Omnibug's
// GoogleAnalytics4 provider and Google's gtag.js behaviour:
//
//	POST https://region1.google-analytics.com/g/collect?v=2&tid=G-…&cid=…&dl=…
//	en=scroll&epn.percent_scrolled=90\r\n
//	en=form_submit&ep.form_id=da-report&_et=59214
//
// The URL carries the parameters the events share; a body, when there is
// one, carries one event per line (urlencoded; lines end in \r\n or \n),
// and a line's parameters override the URL's. Each line is one [Event]
// carrying the shared parameters (InQuery) and its own (InBody).

// decodeGA4 decodes one /g/collect request into one event per body line
// (one event when there is no body).
func decodeGA4(e *har.Entry) ([]Event, error) {
	return decodeHitLines(e, ga4Event, finishGA4), nil
}

// decodeHitLines decodes a Google Analytics request whose URL carries
// shared parameters and whose body, if any, one hit per line (GA4's
// batched events, UA's /batch): one event per line, built by build from
// the shared parameters followed by the line's, and finished by finish
// with its number and the count (0, 0 when there is no body).
func decodeHitLines(e *har.Entry, build func(*har.Entry, []Param, *warnings) Event, finish func(*Event, *har.Entry, *warnings, int, int)) []Event {
	var w warnings
	shared := queryParams(e, &w)
	body, hasBody := bodyText(e, &w)
	var lines []string
	var rawBody *Param
	if hasBody {
		if looksLikeEventLines(body) {
			for line := range strings.SplitSeq(body, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					lines = append(lines, line)
				}
			}
		} else {
			w.addf("body is not hit lines (name=value&… per line): kept as sent")
			rawBody = &Param{Name: "(body)", Value: form.ValidUTF8(body), Label: "request body, not parsed", In: InBody, Type: DataUndecodedBody}
		}
	}
	if len(lines) == 0 {
		ev := build(e, shared, &w)
		if rawBody != nil {
			ev.Params = append(ev.Params, *rawBody)
		}
		finish(&ev, e, &w, 0, 0)
		return []Event{ev}
	}
	evs := make([]Event, 0, len(lines))
	for i, line := range lines {
		lw := warnings{}
		for _, m := range w.list {
			lw.addf("%s", m)
		}
		own := parseQuery(line, InBody, &lw)
		// With room for the cookies finish adds.
		ps := make([]Param, 0, len(shared)+len(own)+form.CookieCount(&e.Request))
		ev := build(e, append(append(ps, shared...), own...), &lw)
		finish(&ev, e, &lw, i+1, len(lines))
		evs = append(evs, ev)
	}
	return evs
}

// looksLikeEventLines reports whether a body reads as GA4 event lines.
func looksLikeEventLines(body string) bool {
	t := strings.TrimSpace(body)
	return t != "" && !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") && strings.Contains(t, "=")
}

// ga4Event decodes the parameters of one event: the shared ones followed
// by the line's own.
func ga4Event(e *har.Entry, params []Param, w *warnings) Event {
	ev := newVendorEvent(e, VendorGA4, KindEvent)
	applyLabels(params, ga4Labels, ga4Label)
	ev.Params = params
	eff := lastParams(params)
	var keys customKeys
	for _, p := range eff {
		switch {
		case p.Name == "tid":
			ev.PixelID = p.Value
		case p.Name == "en":
			ev.Name = p.Value
		case p.Name == "dl":
			ev.Page = p.Value
		case p.Name == "dr":
			ev.Referrer = p.Value
		case p.Name == "cid":
			addID(&ev, "cid", p.Value, "param cid", gaClientIDMeaning, gaClientIDFacts(p.Value)...)
		case p.Name == "uid":
			addID(&ev, "uid", p.Value, "param uid", gaUserIDMeaning)
		case p.Name == "sid":
			var facts []Fact
			if t, ok := seconds(p.Value); ok {
				facts = []Fact{{Name: "started", Value: t}}
			}
			addID(&ev, "sid", p.Value, "param sid", label{"GA4 session ID: the time (Unix seconds) this visit's session started, from the _ga_<container> cookie", DataBrowserID}, facts...)
		case p.Name == "em":
			ga4UserData(&ev, p.Value, w)
		}
		if key, ok := ga4CustomKey(p.Name); ok {
			// ep.x and epn.x name the same key: custom data is one
			// entry per key, the first; params keep both.
			if keys.add(ev.Custom, key) {
				ev.Custom = append(ev.Custom, Custom{Key: key, Raw: p.Value, JSON: jsonValue(p.Value)})
			} else {
				w.addf("%s: custom data %q was sent already, by another parameter; kept in params, not in custom", p.Name, key)
			}
		}
	}
	if ev.PixelID == "" {
		w.addf("no tid: the hit names no GA4 measurement ID")
	} else if !strings.HasPrefix(ev.PixelID, "G-") {
		w.addf("tid %q is not a GA4 measurement ID (G-…)", ev.PixelID)
	}
	if v := value(eff, "v"); v != "" && v != "2" {
		w.addf("v=%s: not the GA4 protocol (v=2)", v)
	}
	if ev.Name == "" {
		w.addf("no en parameter: the event has no name")
	}
	return ev
}

// finishGA4 adds cookies, warnings and the summary. n and of number the
// event within a batched body (0, 0 for a hit without a body).
func finishGA4(ev *Event, e *har.Entry, w *warnings, n, of int) {
	if !isGoogleHost(ev.Host) {
		ev.Gateway = ev.Host
		w.addf("%s is not a Google host: a server-side tagging endpoint on the site's own domain, which forwards the hit to Google", ev.Host)
	}
	addVendorCookies(ev, e, gaCookies, w)
	ev.Warnings = w.list
	ev.Summary = ga4Summary(ev, n, of)
}

// isGoogleHost reports whether host is one of Google's collection hosts.
func isGoogleHost(host string) bool {
	for _, d := range []string{"google-analytics.com", "analytics.google.com", "doubleclick.net", "google.com"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// customKeys tells whether a custom key is taken: by looking along the
// event's custom data while it is short (most events carry a few), and
// in a set past customKeysMap, so that a hit of tens of thousands of
// parameters costs one look each, not one for each before it.
type customKeys struct{ m map[string]bool }

const customKeysMap = 32

// add reports whether key is not among those of cs, the custom data so
// far, and takes it when it is not.
func (k *customKeys) add(cs []Custom, key string) bool {
	if k.m == nil {
		if _, taken := customValue(cs, key); taken {
			return false
		}
		if len(cs) >= customKeysMap {
			k.m = make(map[string]bool, 2*len(cs))
			for _, c := range cs {
				k.m[c.Key] = true
			}
			k.m[key] = true
		}
		return true
	}
	if k.m[key] {
		return false
	}
	k.m[key] = true
	return true
}

// ga4CustomKey returns the custom-data key of an event parameter (ep.x
// and epn.x give x) or a user property (up.x and upn.x keep their
// prefix, so that they never collide with event parameters).
func ga4CustomKey(name string) (string, bool) {
	for _, pre := range []string{"ep.", "epn."} {
		if k, ok := strings.CutPrefix(name, pre); ok && k != "" {
			return k, true
		}
	}
	for _, pre := range []string{"up.", "upn."} {
		if strings.HasPrefix(name, pre) && len(name) > len(pre) {
			return name, true
		}
	}
	return "", false
}

// ga4UserData reads GA4's user-provided data (enhanced conversions),
// em=tv.1~em.<sha256>~pn.<sha256>…, or a bare hashed e-mail.
func ga4UserData(ev *Event, v string, w *warnings) {
	fields := map[string]string{"em": "em", "pn": "ph", "fn": "fn", "ln": "ln", "ct": "ct", "rg": "st", "pc": "zp", "co": "country", "sa": "street"}
	if !strings.Contains(v, "~") {
		u := UserDatum{Field: "em", Value: v, Class: ClassifyHash(v)}
		ev.UserData = append(ev.UserData, u)
		return
	}
	for part := range strings.SplitSeq(v, "~") {
		k, val, ok := strings.Cut(part, ".")
		if !ok || k == "tv" {
			continue
		}
		field := fields[k]
		if field == "" {
			field = k
		}
		u := UserDatum{Family: "em", Field: field, Value: val, Class: ClassifyHash(val)}
		if u.Class == HashPlain {
			w.addf("em: %s sent NOT HASHED: plain-text personal data", metaFieldName(field))
		}
		ev.UserData = append(ev.UserData, u)
	}
}

// gaClientIDMeaning and gaUserIDMeaning are the meanings of GA's client
// and user IDs, shared by GA4, UA and the site-cookie table.
var (
	gaClientIDMeaning = label{"Google Analytics client ID (the site's _ga cookie): identifies this browser on this site across visits", DataBrowserID}
	gaUserIDMeaning   = label{"the site's own ID for a logged-in user (Google Analytics User-ID), sent in plain text", DataAccountID}
)

// gaClientIDFacts decodes a client ID, <random>.<first visit, Unix seconds>.
func gaClientIDFacts(cid string) []Fact {
	r, ts, ok := strings.Cut(cid, ".")
	if !ok || !isDigits(r) {
		return nil
	}
	facts := []Fact{{Name: "random", Value: r}}
	if t, ok := seconds(ts); ok {
		facts = append(facts, Fact{Name: "created", Value: t})
	}
	return facts
}

// gaCookies are the cookies of Google Analytics. _ga and _ga_<container>
// are first-party cookies of the site: they reach a collector only on a
// first-party (server-side tagging) host.
var gaCookies = []cookieSpec{
	{name: "_ga", meaning: gaClientIDMeaning, id: "cid", value: gaCookieClientID},
	{name: "_ga_", prefix: true, meaning: label{"GA4 session cookie for one measurement ID (session start, count)", DataBrowserID}, id: "ga_session", value: gaSessionCookie},
	{name: "_gid", meaning: label{"Google Analytics 24-hour browser ID", DataBrowserID}, id: "gid", value: gaCookieClientID},
	{name: "FPID", meaning: label{"server-side Google Analytics first-party ID (HttpOnly cookie set by the site's tagging server)", DataBrowserID}, id: "FPID"},
	{name: "FPLC", meaning: label{"server-side Google Analytics cross-domain linker cookie", DataBrowserID}},
	{name: "_gcl_au", meaning: label{"Google Ads conversion linker: browser ID for ad attribution", DataBrowserID}, id: "gcl_au"},
	{name: "_gcl_aw", meaning: label{"Google Ads click ID (gclid) of an ad click that led to the site", DataClickID}, id: "gclaw"},
}

// gaCookieClientID strips the GA1.<n>. prefix from _ga (and _gid), which
// leaves the client ID as sent in cid.
func gaCookieClientID(v string, w *warnings) (string, []Fact) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) == 3 && strings.HasPrefix(parts[0], "GA") {
		return parts[2], gaClientIDFacts(parts[2])
	}
	w.addf("cookie value %q is not in the GA1.<n>.<id> format", v)
	return v, nil
}

// gaSessionCookie decodes _ga_<container>: GS1.1.<session start>.<count>…
// or GS2.1.s<session start>$o<count>$….
func gaSessionCookie(v string, _ *warnings) (string, []Fact) {
	parts := strings.SplitN(v, ".", 4)
	if len(parts) < 3 {
		return v, nil
	}
	rest := strings.Join(parts[2:], ".")
	var sid, count string
	if strings.HasPrefix(rest, "s") && strings.Contains(rest, "$") {
		for f := range strings.SplitSeq(rest, "$") {
			switch {
			case strings.HasPrefix(f, "s"):
				sid = f[1:]
			case strings.HasPrefix(f, "o"):
				count = f[1:]
			}
		}
	} else {
		sid = parts[2]
		if len(parts) > 3 {
			count, _, _ = strings.Cut(parts[3], ".")
		}
	}
	var facts []Fact
	if t, ok := seconds(sid); ok {
		facts = append(facts, Fact{Name: "session_started", Value: t})
	}
	if isDigits(count) {
		facts = append(facts, Fact{Name: "session_count", Value: count})
	}
	return v, facts
}

// ga4Labels label GA4 parameters whose value needs no decoding.
var ga4Labels = labels{
	"v":       {"protocol version (2 = GA4)", DataTechnical},
	"tid":     {"measurement ID: the GA4 data stream the hit is sent to", DataTrackerConfig},
	"gtm":     {"Google tag build and container hash", DataTrackerConfig},
	"_p":      {"page-load ID (random, one per page load)", DataBrowserID},
	"cid":     {"client ID (_ga cookie): identifies this browser on this site", DataBrowserID},
	"uid":     {"user ID set by the site for a logged-in user", DataAccountID},
	"sct":     {"session count: this is the browser's n-th session on the site", DataTechnical},
	"seg":     {"engaged session (1 = engaged)", DataTechnical},
	"_s":      {"hit sequence number on this page", DataTechnical},
	"en":      {"event name", DataEventName},
	"dl":      {"page URL (document.location) the event was sent from", DataPageURL},
	"dr":      {"referrer of that page (document.referrer)", DataReferrer},
	"dt":      {"page title", DataPageContent},
	"dh":      {"page host name", DataPageURL},
	"dp":      {"page path", DataPageURL},
	"ul":      {"browser language", DataDevice},
	"sr":      {"screen resolution", DataDevice},
	"vp":      {"viewport size", DataDevice},
	"uaa":     {"client hint: CPU architecture", DataDevice},
	"uab":     {"client hint: bitness", DataDevice},
	"uafvl":   {"client hint: browser brands and full versions", DataDevice},
	"uamb":    {"client hint: mobile device (1 = yes)", DataDevice},
	"uam":     {"client hint: device model", DataDevice},
	"uap":     {"client hint: operating system", DataDevice},
	"uapv":    {"client hint: operating system version", DataDevice},
	"uaw":     {"client hint: 32-bit browser on 64-bit Windows (WoW64)", DataDevice},
	"_et":     {"engagement time in milliseconds", DataTechnical},
	"_fv":     {"first visit: the browser had no _ga cookie", DataTechnical},
	"_ss":     {"session start: first event of a session", DataTechnical},
	"_nsi":    {"new session ID", DataTechnical},
	"_ee":     {"enhanced measurement / external event flag", DataTrackerConfig},
	"_c":      {"event is a conversion", DataTechnical},
	"_dbg":    {"debug mode (DebugView)", DataTrackerConfig},
	"_eu":     {"tag feature bits (internal)", DataTechnical},
	"tfd":     {"milliseconds from page load to this hit", DataTechnical},
	"frm":     {"page is in an iframe (1 = yes)", DataTechnical},
	"pscdl":   {"Chrome privacy-sandbox cookie-deprecation label", DataDevice},
	"dma":     {"EU Digital Markets Act: the site says the visitor is in the EEA (1 = yes)", DataConsent},
	"dma_cps": {"EU Digital Markets Act: consent purposes signalled", DataConsent},
	"cu":      {"currency", DataPurchase},
	"aip":     {"anonymise IP (legacy flag)", DataTrackerConfig},
	"gclid":   {"Google Ads click ID", DataClickID},
	"dclid":   {"Display & Video 360 click ID", DataClickID},
	"_gaz":    {"Google signals / cross-device flag (internal)", DataTrackerConfig},
	"ecid":    {"enhanced client ID (internal)", DataBrowserID},
	"are":     {"ads remarketing flag (internal)", DataTrackerConfig},
	"tag_exp": {"Google tag experiment IDs", DataTechnical},
	"_tu":     {"tag usage bits (internal)", DataTechnical},
	"ir":      {"ignore referrer flag", DataTechnical},
}

// ga4Label labels the parameters the fixed dictionary cannot.
func ga4Label(p Param) label {
	switch p.Name {
	case "sid":
		if t, ok := seconds(p.Value); ok {
			return label{"session ID: the session started " + t, DataBrowserID}
		}
		return label{"session ID", DataBrowserID}
	case "gcs":
		return label{"consent state: " + describeGCS(p.Value), DataConsent}
	case "gcd":
		return label{"consent defaults and updates: " + describeGCD(p.Value), DataConsent}
	case "npa":
		switch p.Value {
		case "1":
			return label{"ads personalisation disabled (non-personalised ads)", DataConsent}
		case "0":
			return label{"ads personalisation allowed", DataConsent}
		}
		return label{"ads personalisation flag", DataConsent}
	case "em":
		return label{"user-provided data (enhanced conversions): hashed e-mail and other fields", DataHashedEmail}
	}
	switch {
	case strings.HasPrefix(p.Name, "ep."):
		return label{"event parameter (text): " + p.Name[3:], customDataType(p.Name[3:])}
	case strings.HasPrefix(p.Name, "epn."):
		return label{"event parameter (number): " + p.Name[4:], customDataType(p.Name[4:])}
	case strings.HasPrefix(p.Name, "up."):
		return label{"user property (text): " + p.Name[3:], DataCustomEvent}
	case strings.HasPrefix(p.Name, "upn."):
		return label{"user property (number): " + p.Name[4:], DataCustomEvent}
	case strings.HasPrefix(p.Name, "pr") && isDigits(p.Name[2:]):
		return label{"ecommerce item " + p.Name[2:] + " (~-separated fields)", DataPurchase}
	}
	return label{}
}

// describeGCS decodes gcs, Consent Mode's state: G1<ad_storage>
// <analytics_storage>, each 1 (granted), 0 (denied) or - (not set).
func describeGCS(v string) string {
	if len(v) < 4 || !strings.HasPrefix(v, "G1") {
		return "not in the G1xy format"
	}
	word := func(c byte) string {
		switch c {
		case '1':
			return "granted"
		case '0':
			return "denied"
		case '-':
			return "not set"
		}
		return "unknown (" + string(c) + ")"
	}
	s := "ad_storage " + word(v[2]) + ", analytics_storage " + word(v[3])
	if len(v) > 4 {
		s += " (further characters " + strconv.Quote(v[4:]) + " not decoded)"
	}
	return s
}

// gcdLetters are the consent codes of gcd (Consent Mode v2), as
// documented by the tagging community; Google does not publish them.
var gcdLetters = map[byte]string{
	'l': "not set",
	'p': "denied by default, no update",
	'q': "denied by default and by update",
	't': "granted by default, no update",
	'r': "denied by default, granted by update",
	'm': "denied by update, no default",
	'n': "granted by update, no default",
	'u': "granted by default, denied by update",
	'v': "granted by default and by update",
}

// describeGCD decodes the first four consent signals of gcd, e.g.
// 13l3l3l3l1l1: the letters at positions 3, 5, 7 and 9 are ad_storage,
// analytics_storage, ad_user_data and ad_personalization.
func describeGCD(v string) string {
	names := []string{"ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"}
	if len(v) < 10 || v[0] != '1' {
		return "not in the expected 1…format, not decoded"
	}
	var parts []string
	for i, n := range names {
		c := v[2+2*i]
		word, ok := gcdLetters[c]
		if !ok {
			word = fmt.Sprintf("code %q (not known)", string(c))
		}
		parts = append(parts, n+" "+word)
	}
	return strings.Join(parts, ", ") + " (letter codes as documented by the tagging community; Google does not publish them)"
}

// ga4Summary writes the event's plain-English line.
func ga4Summary(ev *Event, n, of int) string {
	title := lastValue(ev.Params, "dt")
	var what string
	switch ev.Name {
	case "page_view":
		what = "viewed"
		if title != "" {
			what += " " + strconv.Quote(title)
		}
	case "scroll":
		what = "scrolled"
		if c, ok := customValue(ev.Custom, "percent_scrolled"); ok {
			what += " " + c.Raw + "% of the page"
		}
	case "":
		what = "hit with no event"
		if ev.Host == "stats.g.doubleclick.net" {
			what = "advertising copy of the GA4 hit (Google signals): tells Google's ad network (DoubleClick) about this visit"
		}
	default:
		var kv []string
		for _, c := range ev.Custom {
			kv = append(kv, c.Key+"="+strconv.Quote(c.Raw))
		}
		what = "event"
		if len(kv) > 0 {
			what = strings.Join(kv, ", ")
		}
	}
	s := "GA4 " + summarise(ev.Name, what, ev.Page)
	if g := lastValue(ev.Params, "gcs"); g != "" {
		s += " (consent: " + describeGCS(g) + ")"
	}
	if pd := personalDataPhrase(ev.UserData); pd != "" {
		s += "; with " + pd
	}
	if of > 1 {
		s += fmt.Sprintf(" [event %d of %d in one request]", n, of)
	}
	return s
}
