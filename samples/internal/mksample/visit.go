package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
	"time"
)

// Fixed facts of the story. Everything is fictional: the force, the
// visitor, the Facebook account, the pixel and the GA property.
const (
	site       = "https://www.police.example"
	siteIP     = "203.0.113.10" // RFC 5737 documentation address
	pixelID    = "1122334455667788"
	fbVersion  = "2.9.252"
	gaID       = "G-EXAMPLE001"
	gaRand     = "1487355908"
	fbpPayload = "428317650907561234" // two Math.random()*999999999 integers, as 2.9.2xx writes
	cUser      = "100012345678901"
	csrfToken  = "c2FtcGxlLWNzcmYtdG9rZW4tMjAyNTExMTI"
	reportRef  = "DA-251112-0473"

	visitorFirst       = "Jane"
	visitorLast        = "Doe"
	visitorEmailTyped  = "jane.doe@example.com"
	visitorPhoneTyped  = "07700 900123" // Ofcom drama range, never allocated
	visitorPhoneE164   = "+447700900123"
	visitorCity        = "Exampleton"
	visitorPostcode    = "EX4 1XM"
	visitorCountry     = "GB"
	visitorDetailsText = "This is a fictional report written for a software test sample. No real person or event is described."

	userAgent    = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"
	secChUA      = `"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"`
	chromeFull   = "142.0.7444.135"
	acceptLang   = "en-GB,en-US;q=0.9,en;q=0.8"
	acceptDoc    = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
	acceptImage  = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
	fbeventsURL  = "https://connect.facebook.net/en_US/fbevents.js"
	trEndpoint   = "https://www.facebook.com/tr/"
	sandboxPoint = "https://www.facebook.com/privacy_sandbox/pixel/register/trigger/"
	gaEndpoint   = "https://region1.google-analytics.com/g/collect"

	fbIP  = "157.240.221.35"
	cdnIP = "157.240.221.19"
	gtmIP = "142.250.187.232"
	gaIP  = "216.239.32.36"
)

var (
	t0      = time.Date(2025, 11, 12, 9, 12, 0, 0, time.UTC)
	t0ms    = t0.UnixMilli()
	gtagURL = "https://www.googletagmanager.com/gtag/js?id=" + gaID
)

// at returns T0 plus ms milliseconds (microsecond resolution).
func at(ms float64) time.Time {
	return t0.Add(time.Duration(ms * float64(time.Millisecond)))
}

func msEpoch(ms float64) int64 { return at(ms).UnixMilli() }

// ---- cookies ----------------------------------------------------------

type jarCookie struct {
	name, domain, sameSite string
	value                  func(ms float64) string // value at a given time
	setAt                  float64                 // ms after T0 (negative: before the visit)
	expires                time.Time
	httpOnly, secure       bool
}

func exp(s string) *string { return &s }

func (c jarCookie) har(ms float64) cookie {
	return cookie{Name: c.name, Value: c.value(ms), Path: "/", Domain: c.domain,
		Expires: exp(chromeTime(c.expires)), HTTPOnly: c.httpOnly, Secure: c.secure, SameSite: c.sameSite}
}

func fixed(v string) func(float64) string { return func(float64) string { return v } }

const (
	gaSetAt  = 262.418 // gtag.js has run and written _ga / _ga_<id>
	fbpSetAt = 298.377 // the pixel's cookie plugin has written _fbp
)

var fbp = "fb.1." + strconv.FormatInt(msEpoch(fbpSetAt), 10) + "." + fbpPayload
var gaCID = gaRand + "." + strconv.FormatInt(t0.Unix(), 10)

// firstParty is what the police site's own pages set through JavaScript.
var firstParty = []jarCookie{
	{name: "_ga", domain: ".police.example", value: fixed("GA1.1." + gaCID), setAt: gaSetAt,
		expires: at(gaSetAt).Add(400 * 24 * time.Hour)},
	{name: "_ga_" + strings.TrimPrefix(gaID, "G-"), domain: ".police.example", setAt: gaSetAt,
		value: func(ms float64) string {
			// GS2: session start, session count, engaged flag, time of last hit.
			g, last := 0, t0.Unix()
			if ms > 10000 {
				g = 1
			}
			for _, h := range gaHitTimes {
				if h < ms {
					last = at(h).Unix()
				}
			}
			return fmt.Sprintf("GS2.1.s%d$o1$g%d$t%d$j60$l0$h0", t0.Unix(), g, last)
		},
		expires: at(gaSetAt).Add(400 * 24 * time.Hour)},
	{name: "_fbp", domain: ".police.example", sameSite: "Lax", value: fixed(fbp), setAt: fbpSetAt,
		expires: at(fbpSetAt).Add(90 * 24 * time.Hour)},
}

// facebook is the visitor's logged-in Facebook session, sent by Chrome
// with every request to www.facebook.com (third-party cookies allowed).
var facebook = []jarCookie{
	{name: "datr", domain: ".facebook.com", value: fixed("kq3TZ2fWcVx8bN1yR4pLm0sQ"), setAt: -1e9,
		expires: time.Date(2026, 12, 1, 17, 22, 9, 402e6, time.UTC), httpOnly: true, secure: true, sameSite: "None"},
	{name: "sb", domain: ".facebook.com", value: fixed("Hx7pN2qLk9vB4cR8sT1wY6zA"), setAt: -1e9,
		expires: time.Date(2026, 12, 7, 8, 41, 55, 118e6, time.UTC), httpOnly: true, secure: true, sameSite: "None"},
	{name: "c_user", domain: ".facebook.com", value: fixed(cUser), setAt: -1e9,
		expires: time.Date(2026, 10, 21, 8, 3, 27, 915e6, time.UTC), secure: true, sameSite: "None"},
	{name: "xs", domain: ".facebook.com", value: fixed("21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463"), setAt: -1e9,
		expires: time.Date(2026, 10, 21, 8, 3, 27, 915e6, time.UTC), httpOnly: true, secure: true, sameSite: "None"},
	{name: "fr", domain: ".facebook.com", value: fixed("1qR7vXz3LkP0mN2bC.AWUgH5sT9yJ4eK1fD8aZ0cB6nM.BpFOOg..AAA.0.0.BpFOOg.AWXc3K9dL2o"), setAt: -1e9,
		expires: time.Date(2026, 2, 10, 9, 5, 42, 661e6, time.UTC), httpOnly: true, secure: true, sameSite: "None"},
}

func cookiesAt(jar []jarCookie, ms float64) []cookie {
	out := []cookie{}
	for _, c := range jar {
		if c.setAt < ms {
			out = append(out, c.har(ms))
		}
	}
	return out
}

func cookieHeader(cs []cookie) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Name + "=" + c.Value
	}
	return strings.Join(parts, "; ")
}

// ---- request shapes ---------------------------------------------------

type kind int

const (
	kDocument kind = iota // top-level navigation
	kIframe               // fbevents.js's hidden-iframe form POST
	kScript
	kImage
	kFetch
	kPing
)

func (k kind) resourceType() string {
	return [...]string{"document", "document", "script", "image", "fetch", "ping"}[k]
}

// priorityHeader is the RFC 9218 Priority request header Chrome derives from
// the request priority: urgency 0..4 from VeryHigh..VeryLow, incremental
// for everything but scripts; defaults (u=3, not incremental) are omitted.
func priorityHeader(prio string, k kind) string {
	u := map[string]int{"VeryHigh": 0, "High": 1, "Medium": 2, "Low": 3, "VeryLow": 4}[prio]
	var parts []string
	if u != 3 {
		parts = append(parts, "u="+strconv.Itoa(u))
	}
	if k != kScript {
		parts = append(parts, "i")
	}
	return strings.Join(parts, ", ")
}

type spec struct {
	page     int // 1-based page number
	method   string
	url      string
	proto    string // "http/2.0" or "h3"
	k        kind
	priority string
	referer  string
	site     string // Sec-Fetch-Site
	userNav  bool   // Sec-Fetch-User: ?1
	jar      []jarCookie
	body     string
	bodyType string
	extra    []nv
	init     *initiator

	// network
	start     float64 // ms after T0 (issue time)
	p         phases
	connID    string // "" for QUIC
	ip        string
	fromCache string // "disk" for cache hits
	status    int
	respHdrs  []nv
	mime      string
	body64    []byte // response body sent base64 (images)
	bodyText  *string
	size      int // decoded size when there is no body in the file
	transfer  int
}

func hostOf(u string) string {
	s := strings.TrimPrefix(u, "https://")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	return s
}

func pathOf(u string) string {
	s := strings.TrimPrefix(u, "https://")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[i:]
	}
	return "/"
}

func queryOf(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[i+1:]
	}
	return ""
}

func httpDate(t time.Time) string { return t.UTC().Format(time.RFC1123)[:26] + "GMT" }

func (s spec) requestHeaders(cookies []cookie) []nv {
	if s.fromCache != "" {
		// A cache hit has no on-the-wire headers: DevTools shows the
		// provisional ones, unsorted.
		return []nv{{"Referer", s.referer}, {"User-Agent", userAgent}, {"sec-ch-ua", secChUA},
			{"sec-ch-ua-mobile", "?0"}, {"sec-ch-ua-platform", `"Windows"`}}
	}
	h := []nv{
		{":authority", hostOf(s.url)}, {":method", s.method}, {":path", pathOf(s.url)}, {":scheme", "https"},
		{"accept-encoding", "gzip, deflate, br, zstd"}, {"accept-language", acceptLang},
		{"sec-ch-ua", secChUA}, {"sec-ch-ua-mobile", "?0"}, {"sec-ch-ua-platform", `"Windows"`},
		{"user-agent", userAgent},
	}
	switch s.k {
	case kDocument, kIframe:
		h = append(h, nv{"accept", acceptDoc}, nv{"upgrade-insecure-requests", "1"},
			nv{"sec-fetch-mode", "navigate"})
		if s.k == kDocument {
			h = append(h, nv{"sec-fetch-dest", "document"})
		} else {
			h = append(h, nv{"sec-fetch-dest", "iframe"})
		}
		if s.method == "POST" {
			h = append(h, nv{"cache-control", "max-age=0"})
		}
	case kScript:
		h = append(h, nv{"accept", "*/*"}, nv{"sec-fetch-dest", "script"}, nv{"sec-fetch-mode", "no-cors"})
	case kImage:
		h = append(h, nv{"accept", acceptImage}, nv{"sec-fetch-dest", "image"}, nv{"sec-fetch-mode", "no-cors"})
	case kFetch, kPing:
		h = append(h, nv{"accept", "*/*"}, nv{"sec-fetch-dest", "empty"}, nv{"sec-fetch-mode", "no-cors"})
	}
	h = append(h, nv{"sec-fetch-site", s.site})
	if s.userNav {
		h = append(h, nv{"sec-fetch-user", "?1"})
	}
	if s.referer != "" {
		h = append(h, nv{"referer", s.referer})
	}
	if ph := priorityHeader(s.priority, s.k); ph != "" {
		h = append(h, nv{"priority", ph})
	}
	if s.method == "POST" {
		h = append(h, nv{"origin", site}, nv{"content-length", strconv.Itoa(len(s.body))})
		if s.bodyType != "" {
			h = append(h, nv{"content-type", s.bodyType})
		}
	}
	if len(cookies) > 0 {
		h = append(h, nv{"cookie", cookieHeader(cookies)})
	}
	h = append(h, s.extra...)
	return sortHeaders(h)
}

// ---- the capture ------------------------------------------------------

type capture struct {
	pages   []page
	entries []*entry
	mono0   float64
}

func (c *capture) add(s spec) *entry {
	cookies := cookiesAt(s.jar, s.start)
	req := request{
		Method: s.method, URL: s.url, HTTPVersion: s.proto,
		Headers:     s.requestHeaders(cookies),
		QueryString: splitParams(queryOf(s.url)),
		Cookies:     cookies, HeadersSize: -1, BodySize: len(s.body),
	}
	if s.fromCache != "" {
		req.Cookies = []cookie{} // no associated-cookie info for cache hits
	}
	if s.body != "" {
		req.PostData = &postData{MimeType: s.bodyType, Text: s.body}
		if strings.HasPrefix(s.bodyType, "application/x-www-form-urlencoded") {
			req.PostData.Params = splitParams(s.body)
		}
	}
	issueMono := c.mono0 + s.start/1000
	t, total := buildTimings(issueMono, s.p)
	respAt := at(s.start + total)

	hdrs := append([]nv{{"date", httpDate(respAt)}}, s.respHdrs...)
	if s.k == kImage || s.k == kScript {
		if len(s.body64) > 0 {
			hdrs = append(hdrs, nv{"content-length", strconv.Itoa(len(s.body64))})
		}
	}
	resp := response{
		Status: s.status, StatusText: "", HTTPVersion: s.proto,
		Headers: sortHeaders(hdrs), Cookies: []cookie{},
		Content:     content{Size: s.size, MimeType: s.mime},
		RedirectURL: "", HeadersSize: -1, BodySize: -1, TransferSize: s.transfer,
	}
	switch {
	case s.body64 != nil:
		txt := base64.StdEncoding.EncodeToString(s.body64)
		resp.Content.Size, resp.Content.Text, resp.Content.Encoding = len(s.body64), &txt, "base64"
	case s.bodyText != nil:
		resp.Content.Size, resp.Content.Text = len(*s.bodyText), s.bodyText
	}
	if s.fromCache != "" {
		resp.BodySize, resp.TransferSize = 0, 0
	}
	e := &entry{
		ConnectionID: s.connID, FromCache: s.fromCache, Initiator: s.init,
		Priority: s.priority, ResourceType: s.k.resourceType(),
		Connection: "443", Pageref: "page_" + strconv.Itoa(s.page),
		Request: req, Response: resp, ServerIPAddress: s.ip,
		StartedDateTime: chromeTime(at(s.start)), Time: total, Timings: t,
	}
	c.entries = append(c.entries, e)
	return e
}

// ---- helpers for the tracker requests ----------------------------------

func intp(i int) *int { return &i }

func parserInit(pageURL string, line int) *initiator {
	return &initiator{Type: "parser", URL: pageURL, LineNumber: intp(line)}
}

func scriptInit(frames ...callFrame) *initiator {
	return &initiator{Type: "script", Stack: &stack{CallFrames: frames}}
}

func fr(fn, id, url string, line, col int) callFrame {
	return callFrame{FunctionName: fn, ScriptID: id, URL: url, LineNumber: line, ColumnNumber: col}
}

// pageLoad holds what differs per document: URL, referrer, title, the
// DevTools script ids of its scripts, and the pixel's init time.
type pageLoad struct {
	n         int
	url, ref  string
	title     string
	html      string
	start     float64
	scriptIDs [4]string // inline pixel code, gtag.js, fbevents.js, config
	it        int64     // fbq init time (ms epoch)
	pLoad     int64     // GA _p (random per page load)
	ec        int       // pixel event counter
	gaHits    int       // GA _s before this page
}

func configURL() string {
	return "https://connect.facebook.net/signals/config/" + pixelID + "?v=" + fbVersion +
		"&r=stable&domain=www.police.example&hme=" + sha256hex("hme:"+pixelID) + "&ex_m=" + encodeURIComponent("94,156,134,20,64,63,45")
}

// pixelEvent builds one /tr parameter list in the wire order of fbevents
// 2.9.2xx (see PROTOCOLS §3 and vectors M17–M21).
func pixelEvent(pl *pageLoad, ev string, ts int64, cd []param, ud []param, automatic bool) []param {
	ps := []param{{"id", pixelID}, {"ev", ev}, {"dl", pl.url}, {"rl", pl.ref}, {"if", "false"},
		{"ts", strconv.FormatInt(ts, 10)}}
	ps = append(ps, cd...)
	ps = append(ps, param{"sw", "1920"}, param{"sh", "1080"})
	ps = append(ps, ud...)
	ps = append(ps, param{"v", fbVersion}, param{"r", "stable"}, param{"ec", strconv.Itoa(pl.ec)},
		param{"o", "4126"}, param{"fbp", fbp}, param{"ler", "other"},
		param{"it", strconv.FormatInt(pl.it, 10)}, param{"coo", "false"})
	if automatic {
		ps = append(ps, param{"es", "automatic"}, param{"tm", "3"})
	}
	ps = append(ps, param{"cdl", "API_unavailable"})
	pl.ec++
	return ps
}

// advancedMatching is the ud family set fbevents 2.9.2xx appends for
// fbq('init', id, {...}): cud (shape of the raw value) for every key, then
// ncud (shape of the normalised value) and ud (SHA-256 of it) per key, then
// aud (alternate normalisation; identical here). Key orders follow M21.
func advancedMatching() []param {
	type f struct{ key, raw, norm string }
	fields := map[string]f{
		"em":      {"em", visitorEmailTyped, strings.ToLower(visitorEmailTyped)},
		"ph":      {"ph", visitorPhoneE164, "447700900123"},
		"fn":      {"fn", visitorFirst, strings.ToLower(visitorFirst)},
		"ln":      {"ln", visitorLast, strings.ToLower(visitorLast)},
		"ct":      {"ct", visitorCity, strings.ToLower(visitorCity)},
		"zp":      {"zp", visitorPostcode, "ex41xm"},
		"country": {"country", visitorCountry, strings.ToLower(visitorCountry)},
	}
	var ps []param
	for _, k := range []string{"ph", "em", "fn", "ln", "ct", "zp", "country"} {
		ps = append(ps, param{"cud[" + k + "]", censor(fields[k].raw)})
	}
	for _, k := range []string{"em", "ph", "fn", "ln", "ct", "zp", "country"} {
		ps = append(ps, param{"ncud[" + k + "]", censor(fields[k].norm)}, param{"ud[" + k + "]", sha256hex(fields[k].norm)})
	}
	for _, k := range []string{"em", "ph", "fn", "ln", "ct", "zp", "country"} {
		ps = append(ps, param{"aud[" + k + "]", sha256hex(fields[k].norm)})
	}
	return ps
}

// ---- response header sets (representative, per host) -------------------

var (
	siteDocHdrs = []nv{{"cache-control", "no-cache, private"}, {"content-encoding", "gzip"},
		{"content-type", "text/html; charset=utf-8"}, {"referrer-policy", "strict-origin-when-cross-origin"},
		{"server", "nginx"}, {"strict-transport-security", "max-age=31536000; includeSubDomains"},
		{"vary", "Accept-Encoding"}, {"x-content-type-options", "nosniff"}, {"x-frame-options", "SAMEORIGIN"}}
	logoHdrs = []nv{{"accept-ranges", "bytes"}, {"cache-control", "public, max-age=604800"},
		{"content-type", "image/png"}, {"etag", `"6731d2a4-9c"`}, {"last-modified", "Mon, 11 Nov 2024 09:30:12 GMT"},
		{"server", "nginx"}}
	gtagHdrs = []nv{{"access-control-allow-credentials", "true"}, {"access-control-allow-headers", "Cache-Control"},
		{"access-control-allow-origin", "*"}, {"alt-svc", `h3=":443"; ma=2592000,h3-29=":443"; ma=2592000`},
		{"cache-control", "private, max-age=900"}, {"content-encoding", "br"}, {"content-length", "131482"},
		{"content-type", "application/javascript; charset=UTF-8"}, {"cross-origin-resource-policy", "cross-origin"},
		{"server", "Google Tag Manager"}, {"vary", "Accept-Encoding"}}
	fbJSHdrs = func(length string, debug string) []nv {
		return []nv{{"alt-svc", `h3=":443"; ma=86400`}, {"cache-control", "public, max-age=1200"},
			{"content-encoding", "gzip"}, {"content-length", length},
			{"content-type", "application/x-javascript; charset=utf-8"}, {"cross-origin-resource-policy", "cross-origin"},
			{"expires", "Sat, 01 Jan 2000 00:00:00 GMT"}, {"pragma", "public"},
			{"strict-transport-security", "max-age=31536000; preload; includeSubDomains"}, {"vary", "Accept-Encoding"},
			{"x-content-type-options", "nosniff"}, {"x-fb-debug", debug}}
	}
	trHdrs = func(date string) []nv {
		return []nv{{"alt-svc", `h3=":443"; ma=86400`}, {"cache-control", "no-cache, must-revalidate, max-age=0"},
			{"content-type", "image/gif"}, {"cross-origin-resource-policy", "cross-origin"}, {"expires", date},
			{"last-modified", "Fri, 21 Dec 2012 00:00:01 GMT"}, {"priority", "u=3,i"}, {"server", "proxygen-bolt"},
			{"set-cookie", ""}, {"strict-transport-security", "max-age=31536000; includeSubDomains"}}
	}
	trPostHdrs = []nv{{"alt-svc", `h3=":443"; ma=86400`}, {"cache-control", "private, no-cache, no-store, must-revalidate"},
		{"content-length", "0"}, {"content-type", "text/html; charset=\"utf-8\""}, {"cross-origin-resource-policy", "cross-origin"},
		{"server", "proxygen-bolt"}, {"strict-transport-security", "max-age=31536000; includeSubDomains"}}
	gaHdrs = []nv{{"access-control-allow-credentials", "true"}, {"access-control-allow-origin", site},
		{"alt-svc", `h3=":443"; ma=2592000,h3-29=":443"; ma=2592000`}, {"cache-control", "no-cache, no-store, must-revalidate"},
		{"content-type", "text/plain"}, {"cross-origin-resource-policy", "cross-origin"},
		{"expires", "Fri, 01 Jan 1990 00:00:00 GMT"}, {"pragma", "no-cache"}, {"server", "Golfe2"}}
)

// trGIF is a 1x1 transparent GIF, the body /tr answers with.
var trGIF = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// crestPNG draws the site's small crest: a deterministic 24x24 PNG.
func crestPNG() []byte {
	img := image.NewPaletted(image.Rect(0, 0, 24, 24), color.Palette{
		color.RGBA{0, 0, 0, 0}, color.RGBA{0x1d, 0x3a, 0x6e, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}})
	for y := 0; y < 24; y++ {
		for x := 0; x < 24; x++ {
			dx, dy := x-12, y-12
			switch {
			case dx*dx+dy*dy > 121:
			case (y >= 10 && y <= 13) || (x >= 10 && x <= 13):
				img.SetColorIndex(x, y, 2)
			default:
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func gzipLen(s string) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write([]byte(s))
	w.Close()
	return buf.Len()
}

func strp(s string) *string { return &s }

// ---- GA4 ----------------------------------------------------------------

// gaHitTimes are the issue times of the GA4 hits (ms after T0); the
// _ga_<id> cookie's $t field follows them.
var gaHitTimes = []float64{402.715, 14101.538, 35625.904, 116209.431, 116412.877}

func gaShared(pl *pageLoad, seq int, seg string) []param {
	uafvl := "Chromium;" + chromeFull + "|Google%20Chrome;" + chromeFull + "|Not_A%20Brand;99.0.0.0"
	return []param{{"v", "2"}, {"tid", gaID}, {"gtm", "45je5ba1v9190862413za200"}, {"_p", strconv.FormatInt(pl.pLoad, 10)},
		{"gcd", "13l3l3l3l1l1"}, {"npa", "0"}, {"dma", "0"}, {"cid", gaCID}, {"ul", "en-gb"}, {"sr", "1920x1080"},
		{"uaa", "x86"}, {"uab", "64"}, {"uafvl", uafvl}, {"uamb", "0"}, {"uam", ""}, {"uap", "Windows"},
		{"uapv", "19.0.0"}, {"uaw", "0"}, {"are", "1"}, {"frm", "0"}, {"pscdl", "noapi"}, {"_eu", "AAAAAAQ"},
		{"_s", strconv.Itoa(seq)}, {"sid", strconv.FormatInt(t0.Unix(), 10)}, {"sct", "1"}, {"seg", seg},
		{"dl", pl.url}, {"dr", pl.ref}, {"dt", pl.title}}
}

func gaQuery(ps []param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.k + "=" + encodeURIComponent(p.v)
	}
	return strings.Join(parts, "&")
}
