package consent

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/decode/tcf"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
)

// FromEntry returns the consent signals an entry's request carries: the
// URL's query parameters first, in URL order, then the body's fields,
// then the request cookies, in the order the request lists them. The
// Meta Limited Data Use parameters are read only on requests to
// facebook.com or facebook.net hosts or to a /tr path (a first-party
// proxy of the pixel), where their names mean what Meta says.
func FromEntry(e *har.Entry) []Signal {
	host, path, query := site.Split(e.Request.URL)
	meta := host == "facebook.com" || strings.HasSuffix(host, ".facebook.com") || host == "facebook.net" ||
		strings.HasSuffix(host, ".facebook.net") || path == "/tr" || path == "/tr/"
	var out []Signal
	param := func(name, value string, part Part) {
		if !meta && metaParams[name] {
			return
		}
		out = append(out, FromParam(name, value, part)...)
	}
	for f := range form.Fields(query) {
		param(strings.TrimSpace(f.Name), strings.TrimSpace(f.Value), PartQuery)
	}
	if len(query) == 0 {
		for _, q := range e.Request.QueryString {
			param(q.Name, q.Value, PartQuery)
		}
	}
	out = append(out, fromBody(&e.Request, param)...)
	form.Cookies(&e.Request, func(name, value string) {
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
	name, value = form.ValidUTF8(name), form.ValidUTF8(value)
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
	name, value = form.ValidUTF8(name), form.ValidUTF8(value)
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
			value, _ := form.Unescape(p.Value, false)
			param(p.Name, value, PartBody)
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
			param(part.FormName(), form.ValidUTF8(string(b)), PartBody)
		}
		return nil
	case media == "application/x-www-form-urlencoded" || media == "text/plain" || media == "":
		for line := range strings.SplitSeq(text, "\n") {
			for f := range form.Fields(strings.TrimSpace(line)) {
				param(strings.TrimSpace(f.Name), strings.TrimSpace(f.Value), PartBody)
			}
		}
	}
	return nil
}

// fromJSON walks a JSON body in document order. A string member whose
// name is in jsonKinds becomes a signal named by its path
// ("__tcfapiReturn.returnValue.tcString", "events[0].gpp_string").
func fromJSON(text string) []Signal {
	if !mayNameJSONSignal(text) {
		return nil
	}
	return readJSON(text)
}

// readJSON is fromJSON without the test that passes most bodies over.
func readJSON(text string) []Signal {
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

// jsonNameParts are parts of the names in jsonKinds: every name holds
// one of them.
var jsonNameParts = [...]string{"string", "consent", "privacy"}

// mayNameJSONSignal reports whether a JSON text may name a member of
// jsonKinds: false only when it holds none of jsonNameParts in any case,
// and no escape or byte outside ASCII that could spell one (a name is
// matched once unquoted and lower-cased, and "İ" lower-cases to "i").
// Most bodies (events, batches of hits) are then passed over without
// tokenising them.
func mayNameJSONSignal(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c == '\\' || c >= utf8.RuneSelf {
			return true
		}
	}
	for _, part := range jsonNameParts {
		if containsFoldASCII(text, part) {
			return true
		}
	}
	return false
}

// containsFoldASCII reports whether s holds sub (lower-case ASCII
// letters and '_') in any case of its letters.
func containsFoldASCII(s, sub string) bool {
	first := sub[0]
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == first && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
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
		b.WriteString(form.ValidUTF8(tok))
	}
	return b.String()
}

func bodySignal(k Kind, where, value string) Signal {
	s := Signal{Kind: k, Where: Where{PartBody, where}, Raw: form.ValidUTF8(value)}
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
