package capture

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	mhar "github.com/google/martian/v3/har"
	"github.com/haruspex/haruspex/har"
)

// exchange is what the recorder keeps of one request/response beside
// martian's HAR entry: what martian's logger loses or rewrites (the raw
// request target and body, the body as received, the reason phrase,
// failures) and what it does not know (page, timing).
type exchange struct {
	id    string
	seq   int // arrival order, the final tie-breaker
	start time.Time
	end   time.Time // whole response read from the server; zero if none

	connect bool   // a CONNECT (tunnel) request, not an exchange
	url     string // scheme://host + the request target exactly as sent
	cookie  []string
	ctype   string // request Content-Type as sent
	reqBody []byte
	hasBody bool
	bodyErr error // reading the request body failed

	page string // pageref
	nav  bool   // a top-level document navigation

	serverIP   string
	rtErr      error // no response from the server
	status     string
	setCookies []string
	location   string
	encoding   string // response Content-Encoding
	resCtype   string
	resBody    []byte // as received, still content-encoded
	resErr     error  // reading the response body failed
}

// convert turns martian's entry and the recorder's notes into our model.
// It reports false for CONNECT pseudo-entries, which are not exchanges.
func convert(m *mhar.Entry, x *exchange) (*har.Entry, bool) {
	if x.connect || m.Request != nil && m.Request.Method == http.MethodConnect {
		return nil, false
	}
	e := &har.Entry{
		PageRef:         x.page,
		StartedDateTime: har.NewTime(x.start),
		Time:            -1,
		Timings:         har.Timings{Blocked: -1, DNS: -1, Connect: -1, Send: -1, Wait: -1, Receive: -1, SSL: -1},
		ServerIPAddress: x.serverIP,
	}
	if !x.end.IsZero() {
		e.Time = float64(x.end.Sub(x.start).Microseconds()) / 1000
	}
	e.Request = request(m.Request, x)
	e.Response = response(m.Response, x)
	if x.rtErr != nil {
		msg, _ := json.Marshal(x.rtErr.Error())
		e.Custom = append(e.Custom, har.Field{Name: "_error", Raw: msg})
	}
	return e, true
}

func request(m *mhar.Request, x *exchange) har.Request {
	q := har.Request{HeadersSize: -1, BodySize: 0, URL: x.url}
	if m != nil {
		q.Method = m.Method
		q.HTTPVersion = m.HTTPVersion
		if q.URL == "" {
			q.URL = m.URL
		}
		q.Headers = headers(m.Headers)
	}
	q.Cookies = requestCookies(x.cookie)
	q.QueryString = queryString(q.URL)
	if x.hasBody || len(x.reqBody) > 0 {
		q.BodySize = int64(len(x.reqBody))
		q.PostData = postData(x.ctype, x.reqBody)
		if x.bodyErr != nil {
			q.PostData.Comment = "body cut short: " + x.bodyErr.Error()
		}
	}
	return q
}

func response(m *mhar.Response, x *exchange) har.Response {
	s := har.Response{HeadersSize: -1, BodySize: -1, Content: har.Content{Size: -1, Compression: -1}}
	switch {
	case x.rtErr != nil:
		s.Comment = "no response from the server: " + x.rtErr.Error()
		return s
	case m == nil || x.end.IsZero():
		s.Comment = "no response before the capture stopped"
		return s
	}
	s.Status = m.Status
	s.StatusText = strings.TrimSpace(strings.TrimPrefix(x.status, strconv.Itoa(m.Status)))
	s.HTTPVersion = m.HTTPVersion
	s.Headers = headers(m.Headers)
	s.Cookies = responseCookies(x.setCookies)
	s.RedirectURL = x.location
	s.BodySize = int64(len(x.resBody))
	s.Content = content(x)
	if x.resErr != nil {
		s.Comment = "body cut short: " + x.resErr.Error()
	}
	return s
}

// headers sorts martian's headers (which come in Go map order) by name,
// keeping the order of the values of one name. Names are as Go
// canonicalises them.
func headers(hs []mhar.Header) []har.NameValue {
	out := make([]har.NameValue, 0, len(hs))
	for _, h := range hs {
		out = append(out, har.NameValue{Name: h.Name, Value: h.Value})
	}
	slices.SortStableFunc(out, func(a, b har.NameValue) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}

// requestCookies splits Cookie headers as sent, keeping every pair and its
// order (net/http silently drops pairs it considers invalid).
func requestCookies(lines []string) []har.Cookie {
	var out []har.Cookie
	for _, line := range lines {
		for part := range strings.SplitSeq(line, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, value, _ := strings.Cut(part, "=")
			out = append(out, har.Cookie{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
		}
	}
	return out
}

// responseCookies parses Set-Cookie headers in order; one net/http cannot
// parse is kept as its name and value.
func responseCookies(lines []string) []har.Cookie {
	var out []har.Cookie
	for _, line := range lines {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			first, _, _ := strings.Cut(line, ";")
			name, value, _ := strings.Cut(first, "=")
			out = append(out, har.Cookie{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value),
				Comment: "kept as sent: " + err.Error()})
			continue
		}
		hc := har.Cookie{Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain,
			HTTPOnly: c.HttpOnly, Secure: c.Secure}
		if c.RawExpires != "" {
			hc.Expires = c.RawExpires
		}
		switch c.SameSite {
		case http.SameSiteLaxMode:
			hc.SameSite = "Lax"
		case http.SameSiteStrictMode:
			hc.SameSite = "Strict"
		case http.SameSiteNoneMode:
			hc.SameSite = "None"
		}
		out = append(out, hc)
	}
	return out
}

// queryString splits the URL's query in the order sent (martian's logger
// ranges over a map). A pair that does not unescape is kept as sent.
func queryString(rawURL string) []har.NameValue {
	var out []har.NameValue
	_, query, ok := strings.Cut(rawURL, "?")
	if !ok {
		return out
	}
	query, _, _ = strings.Cut(query, "#")
	for pair := range strings.SplitSeq(query, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		out = append(out, har.NameValue{Name: unescape(name), Value: unescape(value)})
	}
	return out
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// postData keeps the body exactly as sent: as text when it is UTF-8, else
// base64 with a comment saying so (HAR's postData has no encoding field).
// Form and multipart bodies also get their parameters, in order.
func postData(ctype string, body []byte) *har.PostData {
	pd := &har.PostData{MimeType: ctype, HasText: true}
	if utf8.Valid(body) {
		pd.Text = string(body)
	} else {
		pd.Text = base64.StdEncoding.EncodeToString(body)
		pd.Comment = "text is base64: the body is not UTF-8"
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return pd
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		for pair := range strings.SplitSeq(string(body), "&") {
			if pair == "" {
				continue
			}
			name, value, _ := strings.Cut(pair, "=")
			pd.Params = append(pd.Params, har.Param{Name: unescape(name), Value: unescape(value)})
		}
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				break // the text keeps the whole body, parsable or not
			}
			v, err := io.ReadAll(p)
			if err != nil {
				break
			}
			pm := har.Param{Name: p.FormName(), FileName: p.FileName(), ContentType: p.Header.Get("Content-Type")}
			if utf8.Valid(v) {
				pm.Value = string(v)
			} else {
				pm.Comment = fmt.Sprintf("%d bytes, not UTF-8: see postData.text", len(v))
			}
			pd.Params = append(pd.Params, pm)
		}
	}
	return pd
}

// content decodes the response body for the record: gzip and deflate are
// undone (the HAR keeps the decoded body, its size in content.size and the
// bytes received in bodySize); an encoding this proxy cannot undo (br,
// zstd) is kept as received, in base64, with a comment.
func content(x *exchange) har.Content {
	c := har.Content{Size: -1, Compression: -1, MimeType: x.resCtype}
	body, err := decodeBody(x.encoding, x.resBody)
	if err != nil {
		c.Text = base64.StdEncoding.EncodeToString(x.resBody)
		c.HasText, c.TextLen = true, len(c.Text)
		c.Encoding = "base64"
		c.Comment = fmt.Sprintf("body as received, Content-Encoding %q not decoded: %v", x.encoding, err)
		return c
	}
	c.Size = int64(len(body))
	if len(body) != len(x.resBody) {
		c.Compression = int64(len(body) - len(x.resBody))
	}
	if len(body) == 0 {
		return c
	}
	if utf8.Valid(body) {
		c.Text = string(body)
	} else {
		c.Text = base64.StdEncoding.EncodeToString(body)
		c.Encoding = "base64"
	}
	c.HasText, c.TextLen = true, len(c.Text)
	return c
}

// decodeBody undoes a Content-Encoding list, last applied first.
func decodeBody(encoding string, body []byte) ([]byte, error) {
	codings := strings.Split(encoding, ",")
	for i := len(codings) - 1; i >= 0; i-- {
		var r io.Reader
		switch coding := strings.ToLower(strings.TrimSpace(codings[i])); coding {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				return nil, err
			}
			r = zr
		case "deflate": // zlib-wrapped as the RFC says; some servers send raw deflate
			zr, err := zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				r = flate.NewReader(bytes.NewReader(body))
			} else {
				r = zr
			}
		default:
			return nil, fmt.Errorf("unsupported content coding %q", coding)
		}
		out, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		body = out
	}
	return body, nil
}
