package consent

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/decode/tcf"
	"github.com/haruspex/haruspex/har"
)

// FromEntry returns the consent signals an entry's request carries: the
// URL's query parameters first, in URL order, then the body's fields,
// then the request cookies, in the order the request lists them. The
// Meta Limited Data Use parameters are read only on requests to
// facebook.com or facebook.net hosts or to a /tr path (a first-party
// proxy of the pixel), where their names mean what Meta says.
func FromEntry(e *har.Entry) []Signal {
	host, path, query := splitURL(e.Request.URL)
	meta := host == "facebook.com" || strings.HasSuffix(host, ".facebook.com") || host == "facebook.net" ||
		strings.HasSuffix(host, ".facebook.net") || path == "/tr" || path == "/tr/"
	var out []Signal
	param := func(name, value string, part Part) {
		if !meta && metaParams[name] {
			return
		}
		out = append(out, FromParam(name, value, part)...)
	}
	for _, f := range parseForm(query) {
		param(f[0], f[1], PartQuery)
	}
	if len(query) == 0 {
		for _, q := range e.Request.QueryString {
			param(q.Name, q.Value, PartQuery)
		}
	}
	out = append(out, fromBody(&e.Request, param)...)
	eachCookie(&e.Request, func(name, value string) {
		out = append(out, FromCookie(name, value)...)
	})
	return out
}

// paramKinds are the consent parameters, by name.
var paramKinds = map[string]Kind{
	"gdpr_consent": KindTCF, "euconsent": KindTCF, "euconsent-v2": KindTCF,
	"gdpr": KindGDPRApplies, "gcs": KindGCS, "gcd": KindGCD, "npa": KindNPA, "dma": KindDMA,
	"dma_cps": KindDMAPurposes, "gcu": KindGCU, "us_privacy": KindUSPrivacy, "gpp": KindGPP,
	"gpp_sid": KindGPPSID, "addtl_consent": KindAdditionalConsent,
	"dpo": KindMetaLDU, "dpoco": KindMetaLDU, "dpost": KindMetaLDU,
}

var metaParams = map[string]bool{"dpo": true, "dpoco": true, "dpost": true}

// FromParam decodes one query or body parameter. It returns nothing when
// name is not a consent parameter, or when a generic name (gdpr, npa,
// dma, gcu) has a value that is not one of that parameter's values.
func FromParam(name, value string, part Part) []Signal {
	name, value = validUTF8(name), validUTF8(value)
	k, ok := paramKinds[name]
	if !ok {
		return nil
	}
	s := Signal{Kind: k, Where: Where{part, name}, Raw: value}
	if macro, ok := tcf.IsMacro(value); ok {
		s.Macro = macro
		s.Description = fmt.Sprintf("macro ${%s}, not filled: the page sent the ad tag's template without a value", macro)
		return []Signal{s}
	}
	switch k {
	case KindTCF:
		if value == "" {
			s.Description = name + " empty: no TC string passed"
			break
		}
		tcfSignal(&s)
	case KindGDPRApplies:
		ok = gdprSignal(&s)
	case KindGCS:
		gcsSignal(&s)
	case KindGCD:
		gcdSignal(&s)
	case KindNPA:
		ok = npaSignal(&s)
	case KindDMA:
		ok = dmaSignal(&s)
	case KindDMAPurposes:
		dmaPurposesSignal(&s)
	case KindGCU:
		ok = gcuSignal(&s)
	case KindUSPrivacy:
		uspSignal(&s)
	case KindGPP:
		gppSignal(&s)
	case KindGPPSID:
		gppSIDSignal(&s)
	case KindAdditionalConsent:
		additionalConsentSignal(&s)
	case KindMetaLDU:
		metaSignal(&s)
	}
	if !ok {
		return nil
	}
	return []Signal{s}
}

// FromCookie decodes one request cookie: a CMP's own cookie, or a
// cookie holding a standard string (euconsent-v2, euconsent, usprivacy,
// us_privacy, addtl_consent). A cookie can give more than one signal
// (Cookiebot's holds a TC string too). Other cookies give nothing.
func FromCookie(name, value string) []Signal {
	name, value = validUTF8(name), validUTF8(value)
	s := Signal{Kind: KindCMPCookie, Where: Where{PartCookie, name}, Raw: value}
	switch name {
	case "euconsent-v2", "euconsent":
		s.Kind = KindTCF
		tcfSignal(&s)
		return []Signal{s}
	case "usprivacy", "us_privacy", "uc_usprivacy":
		s.Kind = KindUSPrivacy
		uspSignal(&s)
		return []Signal{s}
	case "addtl_consent":
		s.Kind = KindAdditionalConsent
		additionalConsentSignal(&s)
		return []Signal{s}
	}
	read, ok := cmpCookies[name]
	if !ok {
		return nil
	}
	extra := read(&s)
	return append([]Signal{s}, extra...)
}

// jsonKinds are body fields, by JSON member name (compared without
// case), that hold consent strings: __tcfapi replies (tcString,
// gdprApplies), CMP consent logs and server-side tagging payloads.
var jsonKinds = map[string]Kind{
	"tcstring": KindTCF, "tc_string": KindTCF, "tcfstring": KindTCF, "euconsent": KindTCF,
	"euconsent-v2": KindTCF, "gdpr_consent": KindTCF, "gdprconsent": KindTCF, "consentstring": KindTCF,
	"consent_string": KindTCF, "gppstring": KindGPP, "gpp_string": KindGPP, "uspstring": KindUSPrivacy,
	"us_privacy": KindUSPrivacy, "usprivacy": KindUSPrivacy, "addtlconsent": KindAdditionalConsent,
	"addtl_consent": KindAdditionalConsent,
}

// maxBodyTokens bounds the JSON tokens read from one body.
const maxBodyTokens = 100000

// fromBody reads the request body: form fields (urlencoded, one form
// per line as GA4 batches send, or multipart) go through param; JSON
// members named in jsonKinds become signals, named by their path.
func fromBody(r *har.Request, param func(name, value string, part Part)) []Signal {
	pd := r.PostData
	if pd == nil {
		return nil
	}
	ctype := pd.MimeType
	if ctype == "" {
		ctype, _ = r.Header("Content-Type")
	}
	media, mparams, _ := mime.ParseMediaType(ctype)
	text := strings.TrimSpace(pd.Text)
	switch {
	case text == "":
		for _, p := range pd.Params {
			param(p.Name, unescape(p.Value, false), PartBody)
		}
		return nil
	case strings.HasPrefix(text, "{") || strings.HasPrefix(text, "["):
		return fromJSON(text)
	case media == "multipart/form-data":
		mr := multipart.NewReader(strings.NewReader(pd.Text), mparams["boundary"])
		for range 10000 {
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(io.LimitReader(part, 1<<20))
			param(part.FormName(), validUTF8(string(b)), PartBody)
		}
		return nil
	case media == "application/x-www-form-urlencoded" || media == "text/plain" || media == "":
		for line := range strings.SplitSeq(text, "\n") {
			for _, f := range parseForm(strings.TrimSpace(line)) {
				param(f[0], f[1], PartBody)
			}
		}
	}
	return nil
}

// fromJSON walks a JSON body in document order. A string member whose
// name is in jsonKinds becomes a signal named by its path
// ("__tcfapiReturn.returnValue.tcString", "events[0].gpp_string").
func fromJSON(text string) []Signal {
	var out []Signal
	d := jsontext.NewDecoder(strings.NewReader(text))
	for range maxBodyTokens {
		tok, err := d.ReadToken()
		if err != nil {
			break
		}
		if tok.Kind() != '"' {
			continue
		}
		if kind, n := d.StackIndex(d.StackDepth()); kind == '{' && n%2 == 1 {
			continue // a member name
		}
		ptr := d.StackPointer()
		k, ok := jsonKinds[strings.ToLower(ptr.LastToken())]
		if !ok {
			continue
		}
		if v := tok.String(); v != "" {
			out = append(out, bodySignal(k, pointerPath(ptr), v))
		}
	}
	return out
}

// pointerPath writes a JSON pointer as a dotted path with [i] indexes.
func pointerPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if isAllDigits(tok) {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(validUTF8(tok))
	}
	return b.String()
}

func bodySignal(k Kind, where, value string) Signal {
	s := Signal{Kind: k, Where: Where{PartBody, where}, Raw: validUTF8(value)}
	if macro, ok := tcf.IsMacro(value); ok {
		s.Macro = macro
		s.Description = fmt.Sprintf("macro ${%s}, not filled", macro)
		return s
	}
	switch k {
	case KindTCF:
		tcfSignal(&s)
	case KindGPP:
		gppSignal(&s)
	case KindUSPrivacy:
		uspSignal(&s)
	case KindAdditionalConsent:
		additionalConsentSignal(&s)
	}
	return s
}

// splitURL splits a request URL into its lower-case host, path and raw
// query, leniently (captured URLs may hold characters net/url rejects).
// decode/params.go has the same rule; this package cannot import decode.
func splitURL(raw string) (host, path, query string) {
	s, _, _ := strings.Cut(raw, "#")
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		end := strings.IndexAny(s, "/?")
		if end < 0 {
			end = len(s)
		}
		host, s = s[:end], s[end:]
		if i := strings.LastIndexByte(host, '@'); i >= 0 {
			host = host[i+1:]
		}
		if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
			host = host[:i]
		}
		host = strings.TrimSuffix(strings.ToLower(host), ".")
	}
	path, query, _ = strings.Cut(s, "?")
	return host, path, query
}

// parseForm splits a form-encoded string into name-value pairs in
// order, percent-decoding both ("+" is a space).
func parseForm(q string) [][2]string {
	var out [][2]string
	for seg := range strings.SplitSeq(q, "&") {
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		out = append(out, [2]string{strings.TrimSpace(unescape(k, true)), strings.TrimSpace(unescape(v, true))})
	}
	return out
}

// unescape percent-decodes s, keeping invalid escapes as written, and
// returns valid UTF-8 (other bytes written %XX).
func unescape(s string, plus bool) string {
	if !strings.ContainsRune(s, '%') && !(plus && strings.ContainsRune(s, '+')) {
		return validUTF8(s)
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '+' && plus:
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return validUTF8(string(b))
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// validUTF8 returns s with bytes that are not UTF-8 written as %XX.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n <= 1 {
			fmt.Fprintf(&b, "%%%02X", s[0])
			s = s[1:]
			continue
		}
		b.WriteString(s[:n])
		s = s[n:]
	}
	return b.String()
}

// eachCookie calls fn for each cookie the request carries: the cookies
// list, or, when it is empty, the Cookie headers (as decode reads them).
func eachCookie(r *har.Request, fn func(name, value string)) {
	for _, c := range r.Cookies {
		fn(validUTF8(c.Name), validUTF8(c.Value))
	}
	if len(r.Cookies) > 0 {
		return
	}
	for _, h := range r.Headers {
		if !strings.EqualFold(h.Name, "cookie") {
			continue
		}
		for pair := range strings.SplitSeq(h.Value, ";") {
			pair = strings.TrimSpace(pair)
			if pair == "" {
				continue
			}
			name, value, _ := strings.Cut(pair, "=")
			fn(validUTF8(strings.TrimSpace(name)), validUTF8(strings.TrimSpace(value)))
		}
	}
}

// metaSignal reads Meta's Data Processing Options: dpo=LDU asks Meta to
// limit its use of the data (Limited Data Use, for US state privacy
// laws); dpoco is the country (1 the United States, 0 Meta to
// geolocate) and dpost the state (1000 California, 0 Meta to
// geolocate). Source: Meta, "Data Processing Options for US Users"
// (developers.facebook.com, Meta Pixel and Audience Network pages).
func metaSignal(s *Signal) {
	s.Source = "Meta Pixel"
	switch s.Where.Name {
	case "dpo":
		if strings.Contains(strings.ToUpper(s.Raw), "LDU") {
			s.Description = "the site asked Meta for Limited Data Use (dpo=" + s.Raw + "): a US state privacy setting chosen by the site, not a visitor's consent choice"
			s.Purposes = []Purpose{{Name: "dpo", Category: CategorySaleOrSharing, State: StateDenied, Note: "Limited Data Use requested"}}
		} else {
			s.Description = fmt.Sprintf("Meta data processing options %q: Limited Data Use not requested", s.Raw)
		}
	case "dpoco":
		s.Description = "Limited Data Use country: " + map[string]string{"1": "1 (United States)", "0": "0 (Meta to geolocate the visitor)"}[s.Raw]
		if !strings.Contains(s.Description, "(") {
			s.Description += s.Raw + " (code not documented)"
		}
	case "dpost":
		s.Description = "Limited Data Use state: " + map[string]string{"1000": "1000 (California)", "0": "0 (Meta to geolocate the visitor)"}[s.Raw]
		if !strings.Contains(s.Description, "(") {
			s.Description += s.Raw + " (code not in Meta's examples)"
		}
	}
}
