package decode

import (
	"fmt"
	"strings"
)

// DataType says what kind of data a decoded field is, in words a
// non-programmer reads: a page URL, a hashed e-mail, a browser
// identifier. Every labelled [Param] and every [ID] has one, given by the
// decoder where it defines the label; [Event.DataTypes] lists an event's.
// A type prints itself as its name ([DataType.String]) and defines itself
// in one line ([DataType.Definition]); [ParseDataType] reads the name
// back.
//
// The zero value, [DataUnclassified], is the type of a parameter no
// decoder knows (it has no label). One generic rule types unlabelled
// values where the type is certain: a cookie no decoder knows is a
// [DataCookie]. Nothing else is guessed.
type DataType int

// The data types, in the order they are listed (the README's "Data
// types" section, [Event.DataTypes]); [DataUnclassified] is listed last.
const (
	DataUnclassified    DataType = iota // no decoder knows the parameter
	DataPageURL                         // dl, url, page_location
	DataPageContent                     // dt, Microdata, keywords
	DataReferrer                        // rl, dr, ref
	DataEventName                       // ev, en, event
	DataButtonText                      // cd[buttonText]
	DataFormFieldNames                  // cd[formFeatures]
	DataFormFieldValues                 // what was typed into a form
	DataSearchTerms                     // cd[search_string], ep.search_term
	DataCustomEvent                     // cd[…], ep.…, properties.…
	DataPurchase                        // value, currency, contents
	DataAdCampaign                      // campaign, ad ID, conversion label
	DataHashedEmail                     // ud[em], u_hem
	DataHashedPhone                     // ud[ph], u_hpn
	DataHashedPersonal                  // ud[fn], ud[zp], ud[db]
	DataPlainPersonal                   // any of the above, not hashed
	DataAccountID                       // c_user, external_id, uid
	DataBrowserID                       // _fbp, _ga, IDE, session IDs
	DataClickID                         // fbclid/_fbc, gclid
	DataLoginSession                    // xs, li_at, auth_token
	DataConsent                         // gcs, gcd, npa, dpo
	DataDevice                          // screen, language, user agent
	DataTrackerConfig                   // pixel ID, library version
	DataTechnical                       // cache buster, counters, times
	DataCookie                          // a cookie no decoder knows
	DataUndecodedBody                   // a body kept whole, not read
	numDataTypes
)

// dataTypes is the vocabulary: each type's name and one-line definition.
// Definitions are written for a reader who is not a programmer (a judge,
// a regulator) and say what the data reveals, not how it is encoded.
var dataTypes = [numDataTypes]struct{ name, definition string }{
	DataPageURL: {"page URL",
		"the address of the page the visitor was on, or part of it (host, path); it shows what they were reading, and its query may carry search words or IDs"},
	DataPageContent: {"page title and content",
		"the page's title or other text read from the page itself (meta tags, keywords, structured data), which shows what the page was about"},
	DataReferrer: {"referrer",
		"the address of the page the visitor came from"},
	DataEventName: {"event name",
		"what the visitor did or what happened on the page, as the tracker names it: PageView, Purchase, Lead, form_submit …"},
	DataButtonText: {"button text",
		"the text or description of a button or link the visitor clicked"},
	DataFormFieldNames: {"form field names",
		"the names and kinds of the fields of a form on the page, without what was typed in them"},
	DataFormFieldValues: {"form field values",
		"what the visitor typed or chose in a form"},
	DataSearchTerms: {"search terms",
		"words the visitor searched for on the site"},
	DataCustomEvent: {"custom event data",
		"details the site chose to attach to an event (custom data, event parameters, user properties), whose meaning the site defines"},
	DataPurchase: {"purchase data",
		"what the visitor bought or looked at buying, and for how much: value, currency, products, quantities, order ID"},
	DataAdCampaign: {"ad and campaign",
		"which ad, campaign or conversion action the visit is attributed to (campaign name and source, ad ID, conversion label)"},
	DataHashedEmail: {"hashed e-mail",
		"an e-mail address sent as a hash (SHA-256 or MD5): not readable as sent, but the vendor can match it to an account or list holding the same address"},
	DataHashedPhone: {"hashed phone",
		"a phone number sent as a hash, which the vendor can match in the same way"},
	DataHashedPersonal: {"hashed name or address",
		"a name, postal address, birth date or gender sent as a hash, which the vendor can match in the same way"},
	DataPlainPersonal: {"plain-text personal data",
		"an e-mail address, phone number, name or other personal detail sent readable, without hashing"},
	DataAccountID: {"account identifier",
		"an ID of the visitor's account, with the vendor (c_user, twid) or with the site (external_id, GA uid): it points to a named person's account"},
	DataBrowserID: {"browser identifier",
		"an ID stored in or made for the visitor's browser that links its requests together, across visits (_fbp, _ga, IDE) or within one visit or page load (a session ID)"},
	DataClickID: {"click identifier",
		"an ID of the ad click that brought the visitor to the site (fbclid in _fbc, gclid, msclkid): it links the visit to that click"},
	DataLoginSession: {"login session",
		"a cookie that keeps the visitor signed in to the vendor (xs, li_at, auth_token) or says that they are: the browser belongs to a signed-in account"},
	DataConsent: {"consent signal",
		"what the site tells the vendor about the visitor's consent or privacy choices (consent mode, ad personalisation, opt-out, limited data use)"},
	DataDevice: {"device data",
		"facts about the visitor's device and browser (screen size, language, time zone, user agent, client hints, IP address); combined, they can single out a device"},
	DataTrackerConfig: {"tracker configuration",
		"which tracker account (pixel, tag or measurement ID) the data went to and how the tracker is set up (library version, settings); it describes the site's tracker, not the visitor"},
	DataTechnical: {"technical",
		"details of how and when the request was sent, with nothing else about the visitor: times and timings, counters, cache busters, flags, formats"},
	DataCookie: {"cookie (unknown purpose)",
		"a cookie the browser sent that no decoder knows; cookies often identify the browser"},
	DataUndecodedBody: {"undecoded body",
		"a request body kept whole because it could not be read; it may hold any of the other types"},
	DataUnclassified: {"unclassified",
		"a parameter no decoder knows, so its type is not known; its name and value are kept as sent"},
}

// DataTypes returns every data type in listing order, [DataUnclassified]
// last. It is a fresh slice on each call.
func DataTypes() []DataType {
	ts := make([]DataType, 0, numDataTypes)
	for t := DataUnclassified + 1; t < numDataTypes; t++ {
		ts = append(ts, t)
	}
	return append(ts, DataUnclassified)
}

// String returns the type's name, e.g. "hashed e-mail".
func (t DataType) String() string {
	if t >= 0 && t < numDataTypes {
		return dataTypes[t].name
	}
	return fmt.Sprintf("DataType(%d)", int(t))
}

// Definition returns the type's one-line definition.
func (t DataType) Definition() string {
	if t >= 0 && t < numDataTypes {
		return dataTypes[t].definition
	}
	return ""
}

// MarshalText returns the type's name.
func (t DataType) MarshalText() ([]byte, error) {
	if t < 0 || t >= numDataTypes {
		return nil, fmt.Errorf("decode: unknown data type %d", int(t))
	}
	return []byte(t.String()), nil
}

// ParseDataType returns the data type named s (compared
// case-insensitively).
func ParseDataType(s string) (DataType, error) {
	for _, t := range DataTypes() {
		if strings.EqualFold(s, t.String()) {
			return t, nil
		}
	}
	names := make([]string, 0, numDataTypes)
	for _, t := range DataTypes() {
		names = append(names, t.String())
	}
	return DataUnclassified, fmt.Errorf("decode: unknown data type %q (want one of %s)", s, strings.Join(names, ", "))
}

// DataTypes returns the distinct data types of the event's parameters
// and identifiers, in listing order ([DataTypes]). It includes
// [DataUnclassified] when some parameter is one no decoder knows, so that
// the list never suggests that the event carried nothing else.
func (ev *Event) DataTypes() []DataType {
	var seen [numDataTypes]bool
	n := 0
	mark := func(t DataType) {
		if t >= 0 && t < numDataTypes && !seen[t] {
			seen[t] = true
			n++
		}
	}
	for i := range ev.Params {
		mark(ev.Params[i].Type)
	}
	for i := range ev.IDs {
		mark(ev.IDs[i].Type)
	}
	if n == 0 {
		return nil
	}
	out := make([]DataType, 0, n)
	for t := DataUnclassified + 1; t < numDataTypes; t++ {
		if seen[t] {
			out = append(out, t)
		}
	}
	if seen[DataUnclassified] {
		out = append(out, DataUnclassified)
	}
	return out
}

// DataTypesMarkdown renders the vocabulary as one Markdown table, one row
// per type in [DataTypes] order: its name and definition. README.md's
// "Data types" section is this table; a test keeps the two the same.
func DataTypesMarkdown() string {
	var b strings.Builder
	b.WriteString("| data type | definition |\n")
	b.WriteString("|---|---|\n")
	for _, t := range DataTypes() {
		b.WriteString("| " + t.String() + " | " + t.Definition() + " |\n")
	}
	return b.String()
}

// label is what a decoder says about a parameter or an identifier: the
// text a reader sees ([Param.Label], [ID.Meaning]) and its data type.
// Decoders write labels as positional literals, {"page title",
// DataPageContent}, so that a label without a type does not compile.
type label struct {
	text string
	typ  DataType
}

// apply sets p's label and type.
func (l label) apply(p *Param) { p.Label, p.Type = l.text, l.typ }
