package consent

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
)

// Candidate reports whether [FromEntry] may find a signal in e: its URL
// names a consent parameter, its request has a body, or it sends a cookie
// that [FromCookie] reads. It reads names only, without decoding or
// allocating, so that a caller can skip the many requests that carry no
// signal at little cost. When it returns false, FromEntry returns nothing;
// when it returns true, FromEntry may still find nothing (a generic name
// such as npa with a value that is not one of its values).
func Candidate(e *har.Entry) bool {
	r := &e.Request
	if r.PostData != nil {
		return true
	}
	_, _, query := site.Split(r.URL)
	if query == "" {
		for _, q := range r.QueryString {
			if paramName(q.Name) {
				return true
			}
		}
	}
	for name := range form.RawNames(query) {
		if paramName(name) {
			return true
		}
	}
	for _, c := range r.Cookies {
		if cookieName(c.Name) {
			return true
		}
	}
	if len(r.Cookies) > 0 {
		return false
	}
	for _, h := range r.Headers {
		if !strings.EqualFold(h.Name, "cookie") {
			continue
		}
		for pair := range strings.SplitSeq(h.Value, ";") {
			name, _, _ := strings.Cut(pair, "=")
			if cookieName(name) {
				return true
			}
		}
	}
	return false
}

// paramName reports whether a raw (still percent-encoded) parameter name
// may be a consent parameter's: a name with an escape or a "+" is taken
// as one, since only decoding it would tell.
func paramName(raw string) bool {
	if form.Escaped(raw) {
		return true
	}
	_, ok := paramKinds[strings.TrimSpace(raw)]
	return ok
}

// cookieName reports whether FromCookie reads a cookie of that name (a
// name with bytes that are not UTF-8 is taken as one).
func cookieName(raw string) bool {
	name := strings.TrimSpace(raw)
	switch name {
	case "euconsent-v2", "euconsent", "usprivacy", "us_privacy", "uc_usprivacy", "addtl_consent":
		return true
	}
	if _, ok := cmpCookies[name]; ok {
		return true
	}
	return form.ValidUTF8(name) != name
}
