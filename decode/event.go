package decode

import (
	"strconv"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/har"
)

// Event is one decoded request to a tracker: what was sent, to whom, from
// which page, identifying whom, and where in which capture it was found.
//
// Every slice is ordered as on the wire (query parameters before body
// parameters), so that output built from an Event is deterministic. The
// JSON form, one line of the documented NDJSON contract, is produced by
// [Event.MarshalJSON].
type Event struct {
	// Time is the entry's startedDateTime: when the browser started the
	// request. The event's own clock (Meta's ts) is a [Param].
	Time har.Time
	// Sources are the entries the event was read from. The first is the
	// request itself; [FoldDuplicates] appends the entries of copies of
	// the same event (Chrome's privacy-sandbox duplicate, the pixel's call
	// to the site's Conversions API Gateway), which are evidence of the
	// same event, not further events.
	Sources []Source
	// Index is the event's position, from 1, among the events
	// [Registry.Decode] made of its request, in the order the request
	// carries them (a GA4 batch holds several); 0 for an event made
	// otherwise, such as a page the visitor opened. With the first
	// source's file and entry it makes the event's [Event.ID]. A folded
	// copy's original keeps its own.
	Index  int
	Vendor Vendor
	Kind   Kind
	Host   string // request host, lower-case, without port
	Method string // HTTP method, e.g. "GET"
	Path   string // URL path, without query
	// Gateway is the host of the first-party gateway the event was sent
	// through to its vendor: a server on (usually) the site's own domain
	// that receives the browser's request and forwards it server-side —
	// Meta's Conversions API Gateway (capig.<site>/events, or a host
	// under conversionsapigateway.com), server-side Google Tag Manager
	// (/g/collect on the site's host). It is "" for a request sent
	// straight to the vendor only. When the event was sent both ways (a
	// direct request into which [FoldDuplicates] folded its gateway twin:
	// Host is the vendor's, Sources holds both entries, a warning names
	// the gateway's entry), Gateway names the gateway too: both received
	// the event. What the gateway forwards never appears
	// in a HAR; [Event.Vendor] says whose format the request is in and to
	// whom the gateway forwards it.
	Gateway string
	// PixelID is the tracker account the event was sent to (Meta's id,
	// the pixel ID in a signals/config path); "" when none was sent.
	PixelID string
	// Name is the event name as sent (Meta's ev), e.g. "PageView".
	Name     string
	Page     string // page URL the event was sent from (Meta's dl)
	Referrer string // that page's referrer (Meta's rl)
	// IDs are the identifiers of the visitor the request carried, in
	// order: parameters first (fbp, fbc, external_id), then cookies
	// (c_user, xs, fr, datr, sb).
	IDs []ID
	// Custom is the event's custom data (Meta's cd[…]), one entry per key.
	Custom []Custom
	// UserData is the personal data the request carried (Meta's ud[…],
	// udff[…], aud[…], audff[…], cud[…], cudff[…], ncud[…]), one entry
	// per family and field.
	UserData []UserDatum
	// Matches are the values that [KnownPII.Mark] proved to be personal
	// data of a known person.
	Matches []Match
	// Sensitive lists the sensitive content the event disclosed: a page
	// URL, button text or custom value that matched a sensitive-content
	// rule. Decoders leave it empty; report fills it.
	Sensitive []SensitiveHit
	// Params are every parameter of the request, raw (percent-decoded
	// and trimmed) and in order, labelled where the decoder knows them.
	// Unknown parameters are kept, unlabelled. Repeated keys are kept.
	Params []Param
	// Cookies says whether the capture recorded the request's cookies.
	Cookies CookieStatus
	// Delivery says whether the capture shows the request sent and
	// answered ([DeliveryOf]).
	Delivery Delivery
	// Summary is one plain-English line describing the event, e.g.
	// `SubscribedButtonClick: clicked "Report domestic abuse" on https://…`.
	Summary string
	// Warnings are things the decoder could not interpret or that an
	// investigator should know (invalid JSON kept raw, a value that is
	// not hashed, conflicting repeated parameters, a decoder error).
	Warnings []string
	// Consent is the consent signal of a [KindConsent] event; zero on
	// every other kind.
	Consent ConsentSignal
	// ConsentInForce is the consent state in force when the event was
	// sent, and the marker it rests on. Decoders leave it zero; report
	// sets it on the events it reads back.
	ConsentInForce ConsentInForce
}

// IDDigits is how many hexadecimal digits of its file's SHA-256 an
// [Event.ID] starts with.
const IDDigits = 8

// ID returns the event's stable identifier, the one every output shows
// and a statement can cite: the first [IDDigits] hexadecimal digits of
// its file's SHA-256, "#", the entry's index in log.entries and, for an
// event a decoder made, "." and its [Event.Index] — "f9c7f2e4#17.2" is
// the second event of entry 17 of the file whose SHA-256 begins
// f9c7f2e4; "f9c7f2e4#7" is entry 7 itself, a page the visitor opened.
// It depends only on the file's bytes and the event's place in them, so
// it is the same in every command and every run, whatever the file is
// called and whichever files are analysed with it. It is "" until the
// first source's SHA-256 is known ([SetSHA256]).
func (ev *Event) ID() string {
	return string(ev.appendID(nil))
}

// appendID appends the event's ID, if it has one, to b.
func (ev *Event) appendID(b []byte) []byte {
	if len(ev.Sources) == 0 || len(ev.Sources[0].SHA256) < IDDigits {
		return b
	}
	s := ev.Sources[0]
	b = append(b, s.SHA256[:IDDigits]...)
	b = append(b, '#')
	b = strconv.AppendInt(b, int64(s.Entry), 10)
	if ev.Index > 0 {
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(ev.Index), 10)
	}
	return b
}

// Source locates the evidence for an [Event]: a HAR file, its SHA-256 and
// the entry's 0-based index in log.entries.
type Source struct {
	File   string `json:"file"`   // the file's name as given to [Registry.Decode]
	SHA256 string `json:"sha256"` // lower-case hex; "" until set with [SetSHA256]
	Entry  int    `json:"entry"`
	// Gateway marks a request sent to a first-party gateway
	// ([Event.Gateway]) rather than to the vendor itself.
	Gateway bool `json:"gateway,omitempty"`
}

// Param is one raw parameter of a request.
type Param struct {
	Name  string // percent-decoded key, e.g. "cd[buttonText]"
	Value string // percent-decoded value, trimmed of surrounding whitespace
	// Label says what the parameter means and what its value decodes to,
	// e.g. "event time 2023-06-14T09:12:03.123Z (browser clock)"; "" for
	// parameters the decoder does not know.
	Label string
	In    ParamIn // query, body or cookie
	// Type is the kind of data the value is ([DataType]), given with the
	// label; [DataUnclassified] for parameters the decoder does not know,
	// except unknown cookies ([DataCookie]).
	Type DataType
}

// ID is an identifier of the visitor (or the visitor's browser) carried
// by a request.
type ID struct {
	Name    string // e.g. "fbp", "fbc", "c_user", "external_id"
	Value   string
	From    string // where it was read, e.g. "param fbp", "cookie c_user", "ud[external_id]"
	Meaning string // what it identifies, in plain English
	Facts   []Fact // what the value itself decodes to (creation time, fbclid, …)
	// Type is the kind of identifier ([DataBrowserID], [DataClickID],
	// [DataAccountID], …), given with the meaning.
	Type DataType
}

// Fact is one named fact decoded from a value, e.g. created =
// "2019-01-15T18:13:36.168Z".
type Fact struct {
	Name  string
	Value string
}

// Custom is one custom-data entry (Meta's cd[Key]).
type Custom struct {
	Key string // the name inside the brackets, e.g. "buttonFeatures"
	Raw string // the value as sent (percent-decoded)
	// JSON is the value parsed as JSON, compacted, when Raw is a JSON
	// object or array (Meta JSON-encodes nested values); nil otherwise.
	// Member order is kept as sent.
	JSON jsontext.Value
}

// UserDatum is one personal-data parameter, such as Meta's ud[em].
type UserDatum struct {
	Family string    // "ud", "udff", "aud", "audff", "cud", "cudff" or "ncud"
	Field  string    // the name inside the brackets, e.g. "em"
	Value  string    // as sent
	Class  HashClass // what the value is: a SHA-256, an MD5, plain text, …
}

// Param returns the parameter name of the datum: "ud[em]" for Meta's
// bracketed families, the field alone when there is no family (Snap's
// "u_hem"), and family.field for a value inside a JSON parameter
// (Pinterest's "pd.em", TikTok's "context.user.email").
func (u UserDatum) Param() string {
	switch {
	case metaUserDataFamilies[u.Family] != "":
		return u.Family + "[" + u.Field + "]"
	case u.Family == "":
		return u.Field
	}
	return u.Family + "." + u.Field
}

// Match records that a value sent in a request is the hash (or the plain
// text) of a known person's e-mail address, phone number, name, postcode
// or city.
type Match struct {
	Param     string // the parameter that carried it, e.g. "ud[em]"
	Value     string // the value as sent
	Algorithm string // "sha256", "md5" or "plain"
	Kind      string // "email", "phone", "name", "postcode" or "city"
	Known     string // the known value as given to [NewKnownPII]
	// Normalised is the form of the known value that matched: the
	// string that was hashed (or sent in plain text), e.g. the phone
	// number's digits with the country code, "447700900123".
	Normalised string
	// Form says which normalisation made Normalised, and whose it is,
	// e.g. "E.164 with +, as Google normalises a phone number".
	Form string
}

// SensitiveHit is one piece of an event that matched a sensitive-content
// rule.
type SensitiveHit struct {
	Category string // e.g. "domestic-abuse"
	Rule     string // the term or pattern that matched, e.g. "domestic abuse"
	Where    string // the rule's file and line, e.g. "terms.txt:90"
	Field    string // where in the event: "page", "cd[buttonText]", …
	Value    string // the value of that field, as sent
	Text     string // the matched part of Value, as written there, e.g. "domestic-abuse"
}
