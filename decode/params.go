package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file reads a request's parameters: the query string of
// request.url, the body (urlencoded or multipart, from postData.text or
// else postData.params) and the cookies. It is shared by all decoders.

// parseQuery splits an application/x-www-form-urlencoded string (a query
// string or a body) into parameters, percent-decoding keys and values
// ("+" is a space) and trimming whitespace. Empty segments ("&&") carry
// nothing and are skipped; a key without "=" has an empty value.
func parseQuery(q string, in ParamIn, w *warnings) []Param {
	return parseQueryRoom(q, in, w, 0)
}

// parseQueryRoom is parseQuery with room for room more parameters after
// the query's (the request's cookies, which most decoders add).
func parseQueryRoom(q string, in ParamIn, w *warnings, room int) []Param {
	ps := make([]Param, 0, strings.Count(q, "&")+1+room)
	for f := range form.Fields(q) {
		if !f.OK {
			w.addf("parameter %q: invalid percent-encoding or UTF-8, kept as written", f.RawName)
		}
		ps = append(ps, newParam(f.Name, f.Value, in, w))
	}
	return ps
}

// newParam trims the name and value of whitespace runs, which hand-written
// <img> pixels leave in values (pixel-vectors M11), and says so.
func newParam(name, value string, in ParamIn, w *warnings) Param {
	tn, tv := strings.TrimSpace(name), strings.TrimSpace(value)
	if tn != name || tv != value {
		w.addf("parameter %q: surrounding whitespace removed from %s", tn, describeTrim(name, tn, value, tv))
	}
	return Param{Name: tn, Value: tv, In: in}
}

func describeTrim(name, tn, value, tv string) string {
	switch {
	case tn != name && tv != value:
		return "name and value"
	case tn != name:
		return "name"
	}
	return "value"
}

// requestParams returns the parameters of the entry's URL query followed
// by those of its body. The query is read from request.url, which is
// authoritative; request.queryString is used only when the URL has no
// query at all.
func requestParams(e *har.Entry, w *warnings) []Param {
	return append(queryParams(e, w), bodyParams(&e.Request, w)...)
}

// bodyParams returns the parameters of the request body. An urlencoded or
// multipart body is read from postData.text when there is one (the raw
// body), else from postData.params. Any other body is kept whole as one
// parameter named "(body)".
func bodyParams(r *har.Request, w *warnings) []Param {
	pd := r.PostData
	if pd == nil {
		return nil
	}
	ctype := pd.MimeType
	if ctype == "" {
		ctype, _ = r.Header("Content-Type")
	}
	mediaType, mparams, err := mime.ParseMediaType(ctype)
	if err != nil && ctype != "" {
		w.addf("postData.mimeType %q: %v", ctype, err)
	}
	mediaType = strings.ToLower(mediaType)
	if mediaType == "" && looksURLEncoded(pd.Text) {
		w.addf("body has no MIME type; read as application/x-www-form-urlencoded")
		mediaType = "application/x-www-form-urlencoded"
	}
	switch mediaType {
	case "application/x-www-form-urlencoded":
		if pd.Text != "" {
			return parseQuery(pd.Text, InBody, w)
		}
		return harParams(pd.Params, true, w)
	case "multipart/form-data":
		if pd.Text != "" {
			ps, err := parseMultipart(pd.Text, mparams["boundary"], r, w)
			if err == nil {
				return ps
			}
			w.addf("multipart body: %v", err)
			if len(pd.Params) > 0 {
				w.addf("multipart body: parameters read from postData.params instead")
				return harParams(pd.Params, false, w)
			}
			return append(ps, Param{Name: "(body)", Value: form.ValidUTF8(pd.Text), Label: "request body (" + mediaType + "), not parsed", In: InBody, Type: DataUndecodedBody})
		}
		return harParams(pd.Params, false, w)
	}
	if pd.Text != "" {
		return []Param{{Name: "(body)", Value: form.ValidUTF8(pd.Text), Label: bodyLabel(ctype), In: InBody, Type: DataUndecodedBody}}
	}
	return harParams(pd.Params, false, w)
}

func bodyLabel(ctype string) string {
	if ctype == "" {
		return "request body"
	}
	return "request body (" + form.ValidUTF8(ctype) + ")" // the MIME type as captured: any bytes
}

// looksURLEncoded reports whether a body without a MIME type reads as a
// form: name=value pairs with no whitespace.
func looksURLEncoded(s string) bool {
	return strings.Contains(s, "=") && !strings.ContainsAny(s, " \t\r\n{}\"")
}

// harParams converts postData.params. Producers disagree on whether they
// percent-decode these (chrome-har does, Firefox does not), so for an
// urlencoded body percent escapes are decoded but "+" is left alone: a
// "+" may be a decoded plus sign. Multipart fields are used as they are,
// apart from the percent-encoded inside of a bracketed key.
func harParams(hps []har.Param, urlencoded bool, w *warnings) []Param {
	if len(hps) == 0 {
		return nil
	}
	w.addf("body read from postData.params (no postData.text): producers disagree on their encoding")
	ps := make([]Param, 0, len(hps))
	for _, hp := range hps {
		name, _ := form.Unescape(hp.Name, false)
		value := hp.Value
		if urlencoded {
			value, _ = form.Unescape(value, false)
		} else {
			value = form.ValidUTF8(value)
		}
		ps = append(ps, newParam(name, value, InBody, w))
	}
	return ps
}

// maxParts bounds the number of multipart parts read from one body.
const maxParts = 10000

// parseMultipart reads a multipart/form-data body. The boundary comes
// from the MIME type, else the Content-Type header, else the body's first
// line. Field names are percent-decoded (Meta encodes the inside of
// brackets); values are used as sent.
func parseMultipart(text, boundary string, r *har.Request, w *warnings) ([]Param, error) {
	if boundary == "" {
		if ct, ok := r.Header("Content-Type"); ok {
			if _, mp, err := mime.ParseMediaType(ct); err == nil {
				boundary = mp["boundary"]
			}
		}
	}
	if boundary == "" {
		first, _, _ := strings.Cut(text, "\n")
		first = strings.TrimRight(first, "\r")
		if !strings.HasPrefix(first, "--") || len(first) < 3 {
			return nil, errors.New("no boundary in the MIME type, the Content-Type header or the body")
		}
		boundary = first[2:]
		w.addf("multipart body: boundary taken from the body's first line")
	}
	mr := multipart.NewReader(strings.NewReader(text), boundary)
	var ps []Param
	for range maxParts {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			if !strings.Contains(text, "--"+boundary+"--") {
				return ps, errors.New("no closing boundary: the body is truncated")
			}
			return ps, nil
		}
		if err != nil {
			return ps, err
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, part); err != nil {
			return ps, err
		}
		name, _ := form.Unescape(part.FormName(), false)
		ps = append(ps, newParam(name, form.ValidUTF8(buf.String()), InBody, w))
	}
	return ps, fmt.Errorf("more than %d parts", maxParts)
}

// requestCookies returns the cookies sent with the request, from
// request.cookies or, when that is empty, the Cookie header(s) (HTTP/2
// captures may split them over several headers), and whether the capture
// recorded cookies at all. Each is typed [DataCookie] until a decoder
// that knows it labels it: a cookie's type is certain even when its
// purpose is not.
func requestCookies(r *har.Request) ([]Param, CookieStatus) {
	var ps []Param
	status := eachRequestCookie(r, func(p Param) { ps = append(ps, p) })
	return ps, status
}

// cookieStatus is the status requestCookies gives, without reading the
// cookies.
func cookieStatus(r *har.Request) CookieStatus {
	if form.CookiesRecorded(r) {
		return CookiesCaptured
	}
	return CookiesNotCaptured
}

// eachRequestCookie calls fn with each cookie the request sent, as
// requestCookies lists them, and says whether the capture recorded them.
func eachRequestCookie(r *har.Request, fn func(Param)) CookieStatus {
	if form.Cookies(r, func(name, value string) {
		fn(Param{Name: name, Value: value, In: InCookie, Type: DataCookie})
	}) {
		return CookiesCaptured
	}
	return CookiesNotCaptured
}

// warnings collects an event's warnings in order, without repeats.
type warnings struct {
	list []string
	seen map[string]bool
}

func (w *warnings) addf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if w.seen[msg] {
		return
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[msg] = true
	w.list = append(w.list, msg)
}
