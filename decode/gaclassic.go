package decode

import (
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes classic Google Analytics, the versions before
// Universal Analytics: urchin.js, ga.js and dc.js, which send one GET of
// www.google-analytics.com/__utm.gif (ssl.google-analytics.com on HTTPS
// pages; stats.g.doubleclick.net/__utm.gif from dc.js, the version with
// Advertising Features) per page view, event or e-commerce item:
//
//	GET http://www.google-analytics.com/__utm.gif?utmwv=1.3&utmn=167033691
//	    &utmdt=Software%20is%20hard…&utmhn=www.softwareishard.com
//	    &utmp=/blog/firebug/firebug-16-beta-1-released/&utmac=UA-3586722-1
//	    &utmcc=__utma%3D57327400.167033691.1286268803.1286268803.1286268803.1%3B%2B
//	           __utmz%3D57327400.1286268803.1.1.utmccn%3D(direct)%7C…
//
// (corpus harviewer__softwareishard.com.har entry 17, Firefox 3.6, 2010).
// The parameters are those of Google's "GIF Request Parameters" table
// (code.google.com/apis/analytics/docs/tracking/gaTrackingTroubleshooting.html
// and …/concepts/gaConceptsCookies.html, reproduced at
// http://www.analyticsmarket.com/blog/__utmgif-data and
// https://bounteous.com/insights/2011/10/04/utmgif-request-parameters/).
//
// utmcc carries the site's own first-party cookies, read by the script and
// copied into the hit: __utma (domain hash, a random visitor number, and
// the times of the first, previous and current visits, then the visit
// count) is the visitor's identity; __utmz the traffic source (search
// engine, campaign, search words, gclid); __utmv a visitor-level custom
// value. The visitor ID is <random>.<first visit>, the form Universal
// Analytics' client ID took when a site upgraded, so it is named "cid".
//
// utme is the "X10" format: 5(category*action*label)(value) for an event,
// 8(names)9(values)11(scopes) for custom variables; ' ) * ! inside values
// are written '0 '1 '2 '3 (x10Escape in Google's Analytics SDK for
// Android v1, com.google.android.apps.analytics.HitBuilder, which builds
// the same hits).

// decodeGAClassic decodes one __utm.gif hit.
func decodeGAClassic(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorGAClassic, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, gaClassicLabels, gaClassicLabel)
	eff := effectiveParams(ev.Params, &w)
	var host, path string
	for _, p := range eff {
		switch p.Name {
		case "utmac":
			ev.PixelID = p.Value
		case "utmt":
			ev.Name = p.Value
		case "utmhn":
			host = p.Value
		case "utmp":
			path = p.Value
		case "utmr":
			if p.Value != "0" && p.Value != "-" {
				ev.Referrer = p.Value
			}
		case "utmcc":
			gaClassicCookieIDs(&ev, p.Value, &w)
		case "utme":
			ev.Custom = append(ev.Custom, x10Custom(p.Value, &w)...)
		case "utmtid", "utmtst", "utmtto", "utmttx", "utmtsp", "utmtci", "utmtrg", "utmtco",
			"utmipc", "utmipn", "utmipr", "utmiqt", "utmiva", "utmsn", "utmsa", "utmsid":
			ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
		}
	}
	if ev.Name == "" && len(eff) > 0 {
		// Google's table: "If this value is not present in the GIF
		// request, the request is typed as page." UA names the same hit
		// pageview.
		ev.Name = "pageview"
	}
	if host != "" || path != "" {
		ev.Page = host + path
	}
	switch {
	case len(eff) == 0:
		w.addf("no parameters: the capture kept nothing of the hit")
	case ev.PixelID == "":
		w.addf("no utmac: the hit names no Google Analytics account")
	}
	addVendorCookies(&ev, e, gaCookies, &w)
	ev.Warnings = w.list
	ev.Summary = gaClassicSummary(&ev)
	return []Event{ev}, nil
}

func gaClassicSummary(ev *Event) string {
	eff := lastParams(ev.Params)
	var what string
	switch ev.Name {
	case "pageview":
		what = "viewed"
		if t := value(eff, "utmdt"); t != "" {
			what += " " + strconv.Quote(t)
		}
	case "event":
		var parts []string
		for _, c := range ev.Custom {
			switch c.Key {
			case "category", "action", "label", "value":
				parts = append(parts, c.Key+" "+strconv.Quote(c.Raw))
			}
		}
		what = "event " + strings.Join(parts, ", ")
	case "tran":
		what = "e-commerce transaction " + strconv.Quote(value(eff, "utmtid")) + ", total " + value(eff, "utmtto")
	case "item":
		what = "e-commerce item " + strconv.Quote(value(eff, "utmipn")) + " of order " + strconv.Quote(value(eff, "utmtid"))
	default:
		what = ev.Name + " hit"
	}
	s := "classic GA " + summarise(ev.Name, strings.TrimSpace(what), ev.Page)
	if ev.PixelID != "" {
		s += " (" + ev.PixelID + ")"
	}
	return s
}

// gaClassicLabels label the __utm.gif parameters of Google's table.
var gaClassicLabels = labels{
	"utmwv":    {"tracking code version", DataTrackerConfig},
	"utmac":    {"account (web property) the hit is sent to, UA-…", DataTrackerConfig},
	"utmn":     {"random number against caching (one per hit)", DataTechnical},
	"utms":     {"hits sent in this session so far", DataTechnical},
	"utmhn":    {"page host name", DataPageURL},
	"utmp":     {"page path and query (the page the hit was sent from)", DataPageURL},
	"utmdt":    {"page title", DataPageContent},
	"utmr":     {"referrer of that page (0: none, -: direct)", DataReferrer},
	"utmcs":    {"page character encoding", DataTechnical},
	"utmsr":    {"screen resolution", DataDevice},
	"utmsc":    {"screen colour depth", DataDevice},
	"utmul":    {"browser language", DataDevice},
	"utmje":    {"Java enabled", DataDevice},
	"utmfl":    {"Flash version", DataDevice},
	"utmcn":    {"starts a new campaign session", DataTechnical},
	"utmcr":    {"repeat campaign visit", DataTechnical},
	"utmhid":   {"page-load ID (random, one per page load; links the hit with AdSense)", DataBrowserID},
	"utmu":     {"which ga.js functions the page called (usage bits)", DataTechnical},
	"utmni":    {"non-interaction hit", DataTechnical},
	"utmht":    {"hit time (Unix ms, browser clock)", DataTechnical},
	"utmjid":   {"join ID linking the hit to its remarketing copy", DataTechnical},
	"utmredir": {"remarketing redirect flag", DataTechnical},
	"utmtid":   {"order ID", DataPurchase},
	"utmtst":   {"store or affiliation", DataPurchase},
	"utmtto":   {"order total", DataPurchase},
	"utmttx":   {"order tax", DataPurchase},
	"utmtsp":   {"order shipping cost", DataPurchase},
	"utmtci":   {"billing city", DataPurchase},
	"utmtrg":   {"billing region", DataPurchase},
	"utmtco":   {"billing country", DataPurchase},
	"utmipc":   {"product code (SKU)", DataPurchase},
	"utmipn":   {"product name", DataPurchase},
	"utmipr":   {"unit price", DataPurchase},
	"utmiqt":   {"quantity", DataPurchase},
	"utmiva":   {"product variation or category", DataPurchase},
	"utmsn":    {"social network", DataCustomEvent},
	"utmsa":    {"social action", DataCustomEvent},
	"utmsid":   {"social action target", DataCustomEvent},
	"utmip":    {"visitor's IP address (sent by a server or app)", DataDevice},
	"utmvid":   {"visitor ID (sent by a server or app)", DataBrowserID},
	"utmplt":   {"page load time (ms)", DataTechnical},
	"aip":      {"anonymise IP: the last octet of the visitor's IP address is dropped", DataTrackerConfig},
}

// gaClassicHitTypes describe the values of utmt.
var gaClassicHitTypes = map[string]string{
	"event":  "event",
	"tran":   "e-commerce transaction",
	"item":   "e-commerce item",
	"var":    "user-defined variable (_setVar)",
	"social": "social interaction",
}

// gaClassicLabel labels utmt, utmcc and utme, whose labels decode their
// values.
func gaClassicLabel(p Param) label {
	switch p.Name {
	case "utmt":
		if d, ok := gaClassicHitTypes[p.Value]; ok {
			return label{"hit type: " + d, DataEventName}
		}
		return label{"hit type (absent for a page view)", DataEventName}
	case "utmcc":
		return label{"the site's Google Analytics cookies, copied into the hit: " + describeUTMCookies(p.Value), DataBrowserID}
	case "utme":
		return label{"events and custom variables (X10 format: 5(category*action*label)(value), 8(names)9(values)11(scopes))", DataCustomEvent}
	}
	return label{}
}

// utmCookie is one cookie of utmcc.
type utmCookie struct{ name, value string }

// parseUTMCookies splits utmcc ("__utma=…;+__utmz=…;") into its cookies.
func parseUTMCookies(v string) []utmCookie {
	var out []utmCookie
	for part := range strings.SplitSeq(v, ";") {
		part = strings.Trim(part, " +")
		if part == "" {
			continue
		}
		name, val, _ := strings.Cut(part, "=")
		out = append(out, utmCookie{name, val})
	}
	return out
}

// utmaFields decodes __utma: <domain hash>.<random>.<first visit>.
// <previous visit>.<this visit>.<visit count>, times in Unix seconds.
func utmaFields(v string) (visitor string, facts []Fact, ok bool) {
	f := strings.Split(v, ".")
	if len(f) != 6 {
		return "", nil, false
	}
	for _, x := range f {
		if !isDigits(x) {
			return "", nil, false
		}
	}
	facts = []Fact{{Name: "domain_hash", Value: f[0]}, {Name: "random", Value: f[1]}}
	for i, name := range []string{"first_visit", "previous_visit", "this_visit"} {
		if t, ok := seconds(f[2+i]); ok {
			facts = append(facts, Fact{Name: name, Value: t})
		}
	}
	facts = append(facts, Fact{Name: "visits", Value: f[5]})
	return f[1] + "." + f[2], facts, true
}

// utmzFields decodes __utmz: <domain hash>.<time>.<sessions>.<campaigns>.
// <key=value|…>, the keys utmcsr (source), utmccn (campaign), utmcmd
// (medium), utmctr (search words), utmcct (ad content), utmgclid.
func utmzFields(v string) (time string, kv [][2]string) {
	f := strings.SplitN(v, ".", 5)
	if len(f) < 5 {
		return "", nil
	}
	time, _ = seconds(f[1])
	for part := range strings.SplitSeq(f[4], "|") {
		k, val, ok := strings.Cut(part, "=")
		if !ok || k == "" {
			continue
		}
		val, _ = form.Unescape(val, false)
		kv = append(kv, [2]string{k, val})
	}
	return time, kv
}

var utmzWords = map[string]string{
	"utmcsr":    "source",
	"utmccn":    "campaign",
	"utmcmd":    "medium",
	"utmctr":    "search words",
	"utmcct":    "ad content",
	"utmgclid":  "Google Ads click ID",
	"utmdclid":  "DoubleClick click ID",
	"utmcid":    "campaign ID",
	"utmcsrdev": "source device",
}

// describeUTMCookies says what utmcc's cookies hold.
func describeUTMCookies(v string) string {
	var parts []string
	for _, c := range parseUTMCookies(v) {
		switch c.name {
		case "__utma":
			visitor, facts, ok := utmaFields(c.value)
			if !ok {
				parts = append(parts, "__utma (visitor cookie, not in the hash.random.first.previous.this.count format)")
				continue
			}
			s := "__utma (visitor " + visitor
			for _, f := range facts {
				switch f.Name {
				case "first_visit":
					s += ", first visit " + f.Value
				case "visits":
					s += ", visit number " + f.Value
				}
			}
			parts = append(parts, s+")")
		case "__utmz":
			_, kv := utmzFields(c.value)
			var src []string
			for _, p := range kv {
				word := utmzWords[p[0]]
				if word == "" {
					word = p[0]
				}
				src = append(src, word+" "+strconv.Quote(p[1]))
			}
			parts = append(parts, "__utmz (how the visitor came: "+strings.Join(src, ", ")+")")
		case "__utmb":
			parts = append(parts, "__utmb (this session)")
		case "__utmc":
			parts = append(parts, "__utmc (browser session marker)")
		case "__utmv":
			parts = append(parts, "__utmv (visitor-level custom value)")
		case "__utmx":
			parts = append(parts, "__utmx (experiment variations)")
		default:
			parts = append(parts, c.name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

// gaClassicCookieIDs adds the identifiers inside utmcc: the visitor ID
// from __utma, the click IDs from __utmz, and __utmv as custom data.
func gaClassicCookieIDs(ev *Event, v string, w *warnings) {
	for _, c := range parseUTMCookies(v) {
		switch c.name {
		case "__utma":
			visitor, facts, ok := utmaFields(c.value)
			if !ok {
				w.addf("utmcc: __utma %q is not in the hash.random.first.previous.this.count format: kept as the visitor ID", c.value)
				visitor = c.value
			}
			addID(ev, "cid", visitor, "param utmcc (__utma)", gaClassicVisitorMeaning, facts...)
		case "__utmz":
			_, kv := utmzFields(c.value)
			for _, p := range kv {
				switch p[0] {
				case "utmgclid":
					addID(ev, "gclid", p[1], "param utmcc (__utmz utmgclid)", label{"Google Ads click ID: the visit (or an earlier one) followed a click on a Google ad", DataClickID})
				case "utmdclid":
					addID(ev, "dclid", p[1], "param utmcc (__utmz utmdclid)", label{"DoubleClick click ID: the visit (or an earlier one) followed a click on a DoubleClick ad", DataClickID})
				}
			}
		case "__utmv":
			val := c.value
			if _, rest, ok := strings.Cut(val, "."); ok {
				val = rest
			}
			val, _ = form.Unescape(val, false)
			ev.Custom = append(ev.Custom, Custom{Key: "__utmv", Raw: val})
		}
	}
}

var gaClassicVisitorMeaning = label{"Google Analytics (classic) visitor ID from the site's __utma cookie: a random number and the time of the first visit; identifies this browser on this site across visits", DataBrowserID}

// x10Custom decodes utme into custom data: an event's category, action,
// label and value, and custom variables by name. A value it cannot read
// is kept whole, with a warning.
func x10Custom(v string, w *warnings) []Custom {
	projects, ok := parseX10(v)
	if !ok {
		w.addf("utme: not in the X10 format n(a*b)(c)…: kept as sent")
		return []Custom{{Key: "utme", Raw: v}}
	}
	var out []Custom
	names, values := map[int]string{}, map[int]string{}
	var order []int // custom variable slots, in order of appearance
	for _, pr := range projects {
		switch pr.id {
		case 5:
			if len(pr.groups) > 0 {
				for i, key := range []string{"category", "action", "label"} {
					if i < len(pr.groups[0]) {
						out = append(out, Custom{Key: key, Raw: pr.groups[0][i].value})
					}
				}
			}
			if len(pr.groups) > 1 && len(pr.groups[1]) > 0 {
				out = append(out, Custom{Key: "value", Raw: pr.groups[1][0].value})
			}
		case 8, 9:
			m := names
			if pr.id == 9 {
				m = values
			}
			for _, it := range pr.flat() {
				m[it.index] = it.value
				order = appendIndex(order, it.index)
			}
		}
	}
	for _, i := range order {
		name := names[i]
		if name == "" {
			name = "custom variable " + strconv.Itoa(i)
		}
		out = append(out, Custom{Key: name, Raw: values[i]})
	}
	return out
}

func appendIndex(order []int, i int) []int {
	for _, j := range order {
		if j == i {
			return order
		}
	}
	return append(order, i)
}

// x10Project is one n(…)(…) of an X10 string.
type x10Project struct {
	id     int
	groups [][]x10Item
}

// x10Item is one value of a group, with its 1-based index ("3!v" sets
// the index to 3; others follow the previous one).
type x10Item struct {
	index int
	value string
}

func (p x10Project) flat() []x10Item {
	var out []x10Item
	for _, g := range p.groups {
		out = append(out, g...)
	}
	return out
}

// maxX10Items bounds the values read from one utme.
const maxX10Items = 1000

// parseX10 parses an X10 string: projects n(…)(…), each group a list of
// values separated by *, escapes '0 '1 '2 '3 for ' ) * !.
func parseX10(s string) ([]x10Project, bool) {
	var out []x10Project
	n := 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i || j-i > 4 || j >= len(s) || s[j] != '(' {
			return nil, false
		}
		id, _ := strconv.Atoi(s[i:j])
		pr := x10Project{id: id}
		i = j
		for i < len(s) && s[i] == '(' {
			end := strings.IndexByte(s[i:], ')')
			if end < 0 {
				return nil, false
			}
			var group []x10Item
			next := 1
			for raw := range strings.SplitSeq(s[i+1:i+end], "*") {
				if n++; n > maxX10Items {
					return nil, false
				}
				idx := next
				if k, rest, ok := strings.Cut(raw, "!"); ok && isDigits(k) && len(k) <= 4 {
					idx, _ = strconv.Atoi(k)
					raw = rest
				}
				group = append(group, x10Item{idx, x10Unescape(raw)})
				next = idx + 1
			}
			pr.groups = append(pr.groups, group)
			i += end + 1
		}
		out = append(out, pr)
	}
	return out, len(out) > 0
}

var x10Unescaper = strings.NewReplacer("'0", "'", "'1", ")", "'2", "*", "'3", "!")

func x10Unescape(s string) string { return x10Unescaper.Replace(s) }

// gaClassicLoader decodes the loads of urchin.js, ga.js and dc.js.
var gaClassicLoader = loader(VendorGAClassic, "classic Google Analytics library", "", gaCookies)
