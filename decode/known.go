package decode

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// This file proves that requests carried a known person's personal data.
// A site (or the tracker's own script) normalises a value before hashing
// it, and sites, Meta and Google normalise differently, so each known
// value is tried in every form they make of it, and a match says which
// form it was. The rules are those the trackers publish and ship:
//
//   - Meta: the pixel's normalisers (fbevents.js 2.9.252,
//     SignalsFBEventsPixelPIISchema: fn/ln lower-case without whitespace
//     or punctuation; ct lower-case, Latin letters and digits; zp
//     lower-case, cut at the first "-"; ph digits without leading zeros),
//     the Conversions API Gateway SDK of the same release (zp without
//     whitespace, ct letters a–z only), the parameter builder
//     (github.com/facebook/capi-param-builder, piiUtil), and Meta's
//     "Customer Information Parameters" documentation
//     (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters:
//     phone numbers as digits with the country code; names and cities
//     lower case without punctuation; postcodes lower case without
//     spaces or dash).
//   - Google: "Normalize and hash user-provided data" for enhanced
//     conversions
//     (https://developers.google.com/google-ads/api/docs/conversions/upload-online):
//     trim, lower-case, phone numbers in E.164 (with "+"), the dots of
//     a gmail.com or googlemail.com address's name removed; e-mail,
//     phone, first and last name hashed with SHA-256; city and postal
//     code sent unhashed.

// KnownPII proves that requests carried a known person's personal data:
// e-mail addresses, phone numbers, names, postcodes and cities the
// investigator knows, each in every form Meta and Google normalise it to
// (and the forms sites commonly send), with their SHA-256 and MD5
// digests. [KnownPII.Mark] finds them in an event. A hash is confirmed,
// never reversed: only values the investigator already knows can be
// found.
type KnownPII struct {
	known []knownValue
	// byDigest finds the forms whose SHA-256 or MD5 (lower-case hex) a
	// value is.
	byDigest map[string][]digestRef
	// fields is set when some known value is of a kind found in plain
	// text only in a field for it (all but e-mail addresses).
	fields bool
}

// knownValue is one known value and its forms.
type knownValue struct {
	kind  string // "email", "phone", "name", "postcode" or "city"
	given string
	forms []knownForm
}

// knownForm is one normalised form of a known value.
type knownForm struct {
	text string // the string hashed or sent
	form string // which normalisation made it, and whose
}

// digestRef names a form by its value and form index, with the
// algorithm of the digest.
type digestRef struct {
	value, form int
	alg         string
}

// KnownValues are the values [NewKnownPIIFrom] looks for. Every value is
// as the investigator has it, written in any usual way.
type KnownValues struct {
	Emails []string
	// Phones are phone numbers with their country code, written in any
	// usual way: "+44 7700 900123", "0044 7700 900123", "447700900123".
	Phones []string
	// Names are first names, last names or whole names; each word of a
	// name of several words is also tried alone, as sites send first and
	// last names apart (Meta's fn and ln).
	Names     []string
	Postcodes []string
	Cities    []string
}

// NewKnownPII returns a KnownPII for the given e-mail addresses and phone
// numbers: NewKnownPIIFrom(KnownValues{Emails: emails, Phones: phones}).
func NewKnownPII(emails, phones []string) (*KnownPII, error) {
	return NewKnownPIIFrom(KnownValues{Emails: emails, Phones: phones})
}

// NewKnownPIIFrom returns a KnownPII for the given values. It is an
// error for an e-mail address to have no "@", a phone number no digits
// or no country code (a national number such as "07700 900123"), and a
// name, postcode or city no letters or digits.
func NewKnownPIIFrom(v KnownValues) (*KnownPII, error) {
	k := &KnownPII{byDigest: map[string][]digestRef{}}
	for _, s := range v.Emails {
		forms := emailForms(s)
		if !strings.Contains(forms[0].text, "@") {
			return nil, fmt.Errorf("decode: known e-mail %q: not an e-mail address", s)
		}
		k.add("email", s, forms)
	}
	for _, s := range v.Phones {
		forms, err := phoneForms(s)
		if err != nil {
			return nil, fmt.Errorf("decode: known phone %q: %w", s, err)
		}
		k.add("phone", s, forms)
	}
	for _, group := range []struct {
		kind, what string
		values     []string
		forms      func(string) []knownForm
	}{
		{"name", "name", v.Names, nameForms},
		{"postcode", "postcode", v.Postcodes, postcodeForms},
		{"city", "city", v.Cities, cityForms},
	} {
		for _, s := range group.values {
			forms := group.forms(s)
			if len(forms) == 0 {
				return nil, fmt.Errorf("decode: known %s %q: no letters or digits", group.what, s)
			}
			k.add(group.kind, s, forms)
		}
	}
	return k, nil
}

// add records a known value with its forms, each text once: a form
// that gives a text an earlier one gave adds its description to that
// one's ("… = trimmed and lower-cased (Google's normalisation)"), unless
// it is the value as given. It indexes the forms' digests.
func (k *KnownPII) add(kind, given string, forms []knownForm) {
	kv := knownValue{kind: kind, given: given}
	for _, f := range forms {
		if f.text == "" {
			continue
		}
		if i := formIndex(kv.forms, f.text); i >= 0 {
			if !strings.HasPrefix(f.form, "as given") {
				kv.forms[i].form += " = " + f.form
			}
			continue
		}
		kv.forms = append(kv.forms, f)
	}
	k.fields = k.fields || kind != "email"
	v := len(k.known)
	for i, f := range kv.forms {
		s := sha256.Sum256([]byte(f.text))
		m := md5.Sum([]byte(f.text))
		k.byDigest[hex.EncodeToString(s[:])] = append(k.byDigest[hex.EncodeToString(s[:])], digestRef{v, i, "sha256"})
		k.byDigest[hex.EncodeToString(m[:])] = append(k.byDigest[hex.EncodeToString(m[:])], digestRef{v, i, "md5"})
	}
	k.known = append(k.known, kv)
}

func formIndex(fs []knownForm, text string) int {
	for i, f := range fs {
		if f.text == text {
			return i
		}
	}
	return -1
}

// NormaliseEmail normalises an e-mail address as Meta (and Google) do
// before hashing: surrounding whitespace removed, lower-cased.
func NormaliseEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// NormalisePhone normalises a phone number as Meta does before hashing:
// digits only (spaces, "+", "-", brackets and letters removed), leading
// zeros removed. "+44 (0)7700 900123" is not handled specially: give
// numbers without the national trunk prefix.
func NormalisePhone(s string) string {
	return strings.TrimLeft(digitsOnly(s), "0")
}

func digitsOnly(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; '0' <= c && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// emailForms returns the forms of an e-mail address: trimmed and
// lower-cased (Meta and Google), a Gmail address without the dots in its
// name (Google), and as given (a site that hashes what was typed).
func emailForms(s string) []knownForm {
	n := NormaliseEmail(s)
	forms := []knownForm{{n, "trimmed and lower-cased (Meta's and Google's normalisation)"}}
	if name, domain, ok := strings.Cut(n, "@"); ok && (domain == "gmail.com" || domain == "googlemail.com") {
		forms = append(forms, knownForm{strings.ReplaceAll(name, ".", "") + "@" + domain, "Gmail address without the dots in its name (Google's normalisation)"})
	}
	return append(forms, knownForm{strings.TrimSpace(s), "as given, not normalised"})
}

// phoneForms returns the forms of a phone number given with its country
// code: E.164 without "+" (Meta) and with it (Google), then, when
// libphonenumber knows the country, the national number as a person
// writes it, its digits, and those digits as Meta normalises them
// (without leading zeros: what the pixel makes of a number typed without
// its country code), and the international format as written.
func phoneForms(s string) ([]knownForm, error) {
	t := strings.TrimSpace(s)
	digits := digitsOnly(t)
	if strings.TrimLeft(digits, "0") == "" {
		return nil, fmt.Errorf("no digits")
	}
	if strings.HasPrefix(t, "0") && !strings.HasPrefix(t, "00") {
		return nil, fmt.Errorf("a national number: give it with its country code (+44 7700 900123, not 07700 900123)")
	}
	intl := NormalisePhone(t)
	forms := []knownForm{
		{intl, "E.164 without + (Meta's normalisation)"},
		{"+" + intl, "E.164 with + (Google's normalisation)"},
	}
	if num, err := phonenumbers.Parse("+"+intl, ""); err == nil {
		national := phonenumbers.Format(num, phonenumbers.NATIONAL)
		nd := digitsOnly(national)
		forms = append(forms,
			knownForm{nd, "national number, digits only (the country code left out)"},
			knownForm{strings.TrimLeft(nd, "0"), "national number without leading zeros (Meta's normalisation of a number typed without its country code)"},
			knownForm{national, "national format, as written"},
			knownForm{phonenumbers.Format(num, phonenumbers.INTERNATIONAL), "international format, as written"},
		)
	}
	return append(forms, knownForm{t, "as given, not normalised"}), nil
}

// metaNamePunct is what Meta's pixel strips from a name before hashing
// (whitespace_and_punctuation in fbevents.js 2.9.252): whitespace and
// ASCII punctuation. Letters outside ASCII are kept.
const metaNamePunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// metaName normalises a name as Meta does (fn, ln): lower-cased, without
// whitespace or ASCII punctuation.
func metaName(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r < 0x80 && strings.ContainsRune(metaNamePunct, r) {
			return -1
		}
		return r
	}, s))
}

// foldAccents removes diacritics: "José" gives "Jose".
func foldAccents(s string) string {
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return out
}

// nameForms returns the forms of a name: the whole name and, for a name
// of several words, each word (a first or last name sent alone), each as
// Meta normalises it (lower case, no spaces or punctuation), the same
// with accents removed, and as Google normalises it (trimmed, lower
// case). It returns nothing for a name without letters or digits.
func nameForms(s string) []knownForm {
	t := strings.TrimSpace(s)
	if metaName(t) == "" {
		return nil
	}
	parts := []string{t}
	if words := strings.Fields(t); len(words) > 1 {
		parts = append(parts, words...)
	}
	var forms []knownForm
	for _, p := range parts {
		if metaName(p) == "" {
			continue
		}
		forms = append(forms,
			knownForm{metaName(p), "lower-case without spaces or punctuation (Meta's normalisation of fn and ln)"},
			knownForm{metaName(foldAccents(p)), "lower-case without spaces, punctuation or accents (the Latin form Meta recommends)"},
			knownForm{strings.ToLower(p), "trimmed and lower-cased (Google's normalisation)"},
		)
	}
	return forms
}

// postcodeForms returns the forms of a postcode: lower case cut at the
// first dash (Meta's pixel: "sw1a 1aa", a US ZIP+4 cut to its five
// digits), the same without spaces (Meta's Conversions API), a UK
// postcode cut to its area, district and sector, and as given (Google
// sends postal codes unhashed).
func postcodeForms(s string) []knownForm {
	t := strings.TrimSpace(s)
	l := strings.ToLower(t)
	before, _, _ := strings.Cut(l, "-")
	pixel := strings.TrimSpace(before)
	compact := strings.Join(strings.Fields(pixel), "")
	if compact == "" {
		return nil
	}
	forms := []knownForm{
		{pixel, "lower-case, cut at the first dash (Meta Pixel's normalisation)"},
		{compact, "lower-case without spaces or dash (Meta's Conversions API normalisation)"},
	}
	if isUKPostcode(compact) {
		forms = append(forms, knownForm{compact[:len(compact)-2], "UK postcode cut to its area, district and sector (a coarser form some sites send)"})
	}
	return append(forms, knownForm{t, "as given (Google sends postal codes unhashed)"})
}

// isUKPostcode reports whether s (lower case, no spaces) is shaped like
// a UK postcode: an outward code of a letter or two, a digit and an
// optional letter or digit, then an inward code of a digit and two
// letters.
func isUKPostcode(s string) bool {
	if len(s) < 5 || len(s) > 7 {
		return false
	}
	in := s[len(s)-3:]
	if !isDigitByte(in[0]) || !isLowerByte(in[1]) || !isLowerByte(in[2]) {
		return false
	}
	out := s[:len(s)-3]
	i := 0
	for i < len(out) && i < 2 && isLowerByte(out[i]) {
		i++
	}
	if i == 0 || i >= len(out) || !isDigitByte(out[i]) {
		return false
	}
	rest := out[i+1:]
	return len(rest) == 0 || len(rest) == 1 && (isDigitByte(rest[0]) || isLowerByte(rest[0]))
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }
func isLowerByte(c byte) bool { return 'a' <= c && c <= 'z' }

// cityForms returns the forms of a city: as Meta's pixel normalises it
// (lower case, Latin letters and digits only: "são paulo" gives
// "sopaulo"), as Meta's Conversions API Gateway does (letters a–z
// only), with accents removed first ("saopaulo", as Meta recommends),
// and trimmed and lower-cased (Google sends cities unhashed).
func cityForms(s string) []knownForm {
	t := strings.TrimSpace(s)
	keep := func(s string, digits bool) string {
		var b strings.Builder
		for _, r := range strings.ToLower(s) {
			if 'a' <= r && r <= 'z' || digits && ('0' <= r && r <= '9' || r == '_') {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	if keep(t, true) == "" {
		return nil
	}
	return []knownForm{
		{keep(t, true), "lower-case, Latin letters and digits only (Meta Pixel's normalisation)"},
		{keep(t, false), "lower-case, letters a–z only (Meta's Conversions API Gateway)"},
		{keep(foldAccents(t), false), "lower-case, accents removed, letters only (the Latin form Meta recommends)"},
		{strings.ToLower(t), "trimmed and lower-cased (Google sends cities unhashed)"},
		{t, "as given"},
	}
}

// knownFieldKinds say which fields may carry which kind of known value
// in plain text, by the field's name (Meta's ud[fn], GA4's em fields
// named as Meta names them, TikTok's context.user.phone_number …). An
// e-mail address is recognised anywhere.
var knownFieldKinds = map[string]string{
	"ph": "phone", "phone": "phone", "phone_number": "phone", "pn": "phone", "telephone": "phone",
	"fn": "name", "ln": "name", "first_name": "name", "last_name": "name", "firstname": "name",
	"lastname": "name", "f_name": "name", "l_name": "name", "given_name": "name", "family_name": "name", "surname": "name",
	"zp": "postcode", "zip": "postcode", "zip_code": "postcode", "zipcode": "postcode",
	"postal_code": "postcode", "postalcode": "postcode", "postcode": "postcode",
	"ct": "city", "city": "city",
}

// fieldOf returns the field a parameter names: the part in brackets
// (ud[fn]), or the last part of a dotted path (context.user.phone_number).
func fieldOf(name string) string {
	if _, key, ok := splitBracket(name); ok {
		return key
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// kindOfField returns the kind of known value a field may carry in plain
// text ([knownFieldKinds]), comparing the name in lower case without
// allocating.
func kindOfField(field string) string {
	var buf [24]byte
	if len(field) > len(buf) {
		return ""
	}
	b := buf[:len(field)]
	for i := 0; i < len(field); i++ {
		c := field[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return knownFieldKinds[string(b)]
}

// Mark appends to ev.Matches every value ev carried that is the SHA-256
// or MD5 (in either case) of a form of a known value, or a known value
// itself in plain text: an e-mail address anywhere, a phone number,
// name, postcode or city in a field for it (ph, fn, ln, zp, ct and their
// usual names). It looks at every parameter, and at the personal data
// decoders read from inside a parameter (GA4's em, Pinterest's pd). Each
// match says which form matched. Marking the same event twice adds
// nothing new.
func (k *KnownPII) Mark(ev *Event) {
	if k == nil || len(k.known) == 0 {
		return // nothing to find: the common case, no --known-* flag
	}
	for _, p := range ev.Params {
		if !k.markHash(ev, p.Name, p.Value) {
			k.markPlain(ev, p.Name, p.Value, k.fieldKind(fieldOf(p.Name)))
		}
	}
	for _, u := range ev.UserData {
		if metaUserDataFamilies[u.Family] != "" || sentWhole(ev.Params, u.Value) {
			continue // a parameter of its own (Meta's ud[em] …), marked above
		}
		if !k.markHash(ev, u.Param(), u.Value) {
			k.markPlain(ev, u.Param(), u.Value, k.fieldKind(u.Field))
		}
	}
}

// sentWhole reports whether some parameter's whole value is v.
func sentWhole(ps []Param, v string) bool {
	for _, p := range ps {
		if p.Value == v {
			return true
		}
	}
	return false
}

// markHash matches a value that is a hex digest, and reports whether it
// is one.
func (k *KnownPII) markHash(ev *Event, param, v string) bool {
	if !isHex(v, 64) && !isHex(v, 32) {
		return false
	}
	for _, r := range k.byDigest[strings.ToLower(v)] {
		kv := &k.known[r.value]
		f := kv.forms[r.form]
		addMatch(ev, Match{Param: param, Value: v, Algorithm: r.alg, Kind: kv.kind, Known: kv.given, Normalised: f.text, Form: f.form})
	}
	return true
}

// fieldKind returns the kind of known value a field may carry in plain
// text ("" for none), looking it up only when some known value needs a
// field.
func (k *KnownPII) fieldKind(field string) string {
	if !k.fields {
		return ""
	}
	return kindOfField(field)
}

// markPlain matches a value sent in plain text in a field for fieldKind
// ("" for no field of a known kind: only e-mail addresses are tried).
func (k *KnownPII) markPlain(ev *Event, param, v, fieldKind string) {
	for i := range k.known {
		kv := &k.known[i]
		if kv.kind != "email" && kv.kind != fieldKind {
			continue
		}
		if f, ok := kv.plain(v); ok {
			addMatch(ev, Match{Param: param, Value: v, Algorithm: "plain", Kind: kv.kind, Known: kv.given, Normalised: f.text, Form: f.form})
		}
	}
}

// plain returns the form of the known value that v, sent in plain text,
// is: the form written exactly so, else the first whose normalisation v
// shares (an e-mail address in another case, a phone number with other
// spacing).
func (kv *knownValue) plain(v string) (knownForm, bool) {
	if kv.kind == "email" && !strings.Contains(v, "@") {
		return knownForm{}, false
	}
	for _, f := range kv.forms {
		if f.text == v {
			return f, true
		}
	}
	canon := plainCanon(kv.kind)
	if cv := canon(v); cv != "" {
		for _, f := range kv.forms {
			if canon(f.text) == cv {
				return f, true
			}
		}
	}
	return knownForm{}, false
}

// plainCanon returns the comparison that tells two ways of writing a
// value of kind apart from two values.
func plainCanon(kind string) func(string) string {
	switch kind {
	case "email":
		return NormaliseEmail
	case "phone":
		return NormalisePhone
	case "name":
		return metaName
	case "postcode":
		return func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), "") }
	}
	return func(s string) string { return metaName(foldAccents(s)) }
}

func addMatch(ev *Event, m Match) {
	for _, old := range ev.Matches {
		if old == m {
			return
		}
	}
	ev.Matches = append(ev.Matches, m)
}
