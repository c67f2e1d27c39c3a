package consent

import (
	"fmt"
	"time"

	"github.com/haruspex/haruspex/decode/tcf"
)

// Signal is one consent signal a request carried: a parameter, a body
// field or a cookie, what it records in words, and the state it records,
// normalised so that later code can place the request before any choice,
// after an accept, after a refusal, or nowhere certain.
//
// A signal shows what the page recorded or passed on, not what the
// visitor saw or clicked: a consent management platform can record a
// choice the visitor never made, and a tag can send "granted" on its own.
type Signal struct {
	// Kind says what the signal is (a TC string, gcd, a CMP cookie …).
	Kind Kind
	// Where says where in the request it was found.
	Where Where
	// Raw is the value as found (percent-decoded once, as every query,
	// form or cookie reader does; cookies as sent).
	Raw string
	// Source names who wrote the value when that is known: the CMP of a
	// cookie ("OneTrust"), "Google tag", "IAB TCF CMP 28" …
	Source string
	// Description says in plain English what the page recorded.
	Description string
	// Choice is the overall choice the signal records.
	Choice Choice
	// ChoiceTime is when the signal says the choice was made or last
	// saved (UTC), or the zero time when it says nothing. Its precision
	// varies: a TCF 2.2 string keeps only the day.
	ChoiceTime time.Time
	// Purposes are the purposes the signal gives a state for, in the
	// order the signal lists them.
	Purposes []Purpose
	// Details are further decoded facts, in a fixed order, for display.
	Details []Detail
	// Macro is the name of an unfilled URL macro (GDPR_CONSENT_755 for
	// ${GDPR_CONSENT_755}) when the value was one: the page sent an ad
	// tag's template without filling it in.
	Macro string
	// TCF is the decoded TC string of a KindTCF signal (nil when the
	// value could not be decoded at all).
	TCF *tcf.TCString
	// GPP is the decoded GPP string of a KindGPP signal.
	GPP *GPP
	// Warnings say what could not be read, and where.
	Warnings []string
}

// Purpose is the state a signal records for one purpose.
type Purpose struct {
	// Name is the purpose as the signal names it: "ad_storage", "C0004",
	// "marketing", "purpose 3".
	Name string
	// Category is what the purpose is about, normalised across
	// frameworks. Where a category is read from a name a site chooses
	// (a CMP category), the mapping is inferred and says so in Note.
	Category Category
	// State is the state recorded for the purpose.
	State State
	// Note adds what the state alone does not say ("denied by default,
	// granted by update"; "category name chosen by the site").
	Note string
}

// Detail is one named fact of a signal, for display.
type Detail struct {
	Name, Value string
}

// Where is where in a request a signal was found.
type Where struct {
	Part Part
	// Name is the parameter or cookie name, or the path of a JSON body
	// field ("__tcfapiReturn.returnValue.tcString"); for a value inside
	// a cookie, the cookie name, a colon and the field ("CookieConsent:iab2").
	Name string
}

// String says where in words: "URL parameter gcd", "cookie OptanonConsent".
func (w Where) String() string {
	return w.Part.String() + " " + w.Name
}

// Part is the part of a request a signal was found in.
type Part int

// The parts of a request.
const (
	PartQuery  Part = iota // the URL's query string
	PartBody               // the request body (form fields, JSON fields, lines)
	PartCookie             // a request cookie (cookies list or Cookie header)
	numParts
)

var partNames = [numParts]string{"URL parameter", "request body field", "cookie"}

// String names the part: "URL parameter", "request body field", "cookie".
func (p Part) String() string {
	if p >= 0 && p < numParts {
		return partNames[p]
	}
	return fmt.Sprintf("Part(%d)", int(p))
}

// MarshalText writes the part as "query", "body" or "cookie".
func (p Part) MarshalText() ([]byte, error) {
	switch p {
	case PartQuery:
		return []byte("query"), nil
	case PartBody:
		return []byte("body"), nil
	case PartCookie:
		return []byte("cookie"), nil
	}
	return nil, fmt.Errorf("consent: unknown part %d", int(p))
}

// Kind is what a signal is.
type Kind int

// The kinds of signal. Each prints as the short name used in outputs.
const (
	KindTCF               Kind = iota // IAB TCF TC string (gdpr_consent, euconsent-v2, __tcfapi replies)
	KindGDPRApplies                   // gdpr=0/1: whether the page says GDPR applies
	KindGCS                           // Google consent mode state, gcs=G1xy
	KindGCD                           // Google consent mode defaults and updates, gcd
	KindNPA                           // Google non-personalised ads flag, npa
	KindDMA                           // Google EU Digital Markets Act flag, dma
	KindDMAPurposes                   // Google DMA consent purposes, dma_cps
	KindGCU                           // Google consent-updated flag, gcu
	KindUSPrivacy                     // IAB US Privacy string (CCPA), us_privacy
	KindGPP                           // IAB Global Privacy Platform string, gpp
	KindGPPSID                        // GPP sections in force, gpp_sid
	KindAdditionalConsent             // Google Additional Consent string, addtl_consent
	KindCMPCookie                     // a consent management platform's own cookie
	KindMetaLDU                       // Meta Limited Data Use parameters, dpo, dpoco, dpost
	numKinds
)

var kindNames = [numKinds]string{
	KindTCF: "tcf", KindGDPRApplies: "gdpr", KindGCS: "gcs", KindGCD: "gcd", KindNPA: "npa",
	KindDMA: "dma", KindDMAPurposes: "dma_cps", KindGCU: "gcu", KindUSPrivacy: "us_privacy",
	KindGPP: "gpp", KindGPPSID: "gpp_sid", KindAdditionalConsent: "addtl_consent",
	KindCMPCookie: "cmp_cookie", KindMetaLDU: "meta_ldu",
}

// String returns the kind's short name, e.g. "gcd" or "cmp_cookie".
func (k Kind) String() string {
	if k >= 0 && k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// MarshalText returns the kind's short name.
func (k Kind) MarshalText() ([]byte, error) {
	if k < 0 || k >= numKinds {
		return nil, fmt.Errorf("consent: unknown kind %d", int(k))
	}
	return []byte(k.String()), nil
}

// State is the state a signal records for a purpose.
type State int

// The states. StateUnknown is the zero value: a value the decoder does
// not know how to read.
const (
	StateUnknown State = iota // the value could not be interpreted
	StateNotSet               // the signal holds no state for the purpose
	StateDenied               // the purpose is refused (or not consented to)
	StateGranted              // the purpose is allowed
	numStates
)

var stateNames = [numStates]string{"unknown", "not set", "denied", "granted"}

// String returns "unknown", "not set", "denied" or "granted".
func (s State) String() string {
	if s >= 0 && s < numStates {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// MarshalText returns the state's name with "_" for spaces ("not_set").
func (s State) MarshalText() ([]byte, error) {
	switch s {
	case StateUnknown:
		return []byte("unknown"), nil
	case StateNotSet:
		return []byte("not_set"), nil
	case StateDenied:
		return []byte("denied"), nil
	case StateGranted:
		return []byte("granted"), nil
	}
	return nil, fmt.Errorf("consent: unknown state %d", int(s))
}

// Choice is the overall choice a signal records.
type Choice int

// The choices. ChoiceUnknown is the zero value: the signal does not say
// (gcs, for one, holds states but not whether a visitor set them).
const (
	ChoiceUnknown Choice = iota // the signal does not say whether or what the visitor chose
	ChoiceNone                  // the signal records that no choice has been made (defaults only)
	ChoiceAccept                // every optional purpose allowed
	ChoiceReject                // every optional purpose refused
	ChoicePartial               // some optional purposes allowed, some refused
	numChoices
)

var choiceNames = [numChoices]string{"unknown", "no choice recorded", "accept", "reject", "partial"}

// String returns "unknown", "no choice recorded", "accept", "reject" or
// "partial".
func (c Choice) String() string {
	if c >= 0 && c < numChoices {
		return choiceNames[c]
	}
	return fmt.Sprintf("Choice(%d)", int(c))
}

// MarshalText returns "unknown", "none", "accept", "reject" or "partial".
func (c Choice) MarshalText() ([]byte, error) {
	switch c {
	case ChoiceUnknown:
		return []byte("unknown"), nil
	case ChoiceNone:
		return []byte("none"), nil
	case ChoiceAccept:
		return []byte("accept"), nil
	case ChoiceReject:
		return []byte("reject"), nil
	case ChoicePartial:
		return []byte("partial"), nil
	}
	return nil, fmt.Errorf("consent: unknown choice %d", int(c))
}

// Category is what a purpose is about, normalised across frameworks.
type Category int

// The categories.
const (
	CategoryOther             Category = iota // none of the below, or not known
	CategoryNecessary                         // strictly necessary: not a consent purpose
	CategoryStorageAccess                     // storing or reading information on the device (TCF purpose 1)
	CategoryAnalytics                         // analytics, statistics, performance measurement
	CategoryAdvertising                       // advertising, marketing, targeting, ad storage
	CategoryAdUserData                        // sending user data to Google for advertising (ad_user_data)
	CategoryAdPersonalisation                 // personalised advertising, remarketing
	CategoryFunctional                        // preferences, functionality, content personalisation
	CategorySocialMedia                       // social media cookies and plug-ins
	CategorySaleOrSharing                     // sale or sharing of personal data (US laws)
	numCategories
)

var categoryNames = [numCategories]string{
	"other", "necessary", "storage_access", "analytics", "advertising", "ad_user_data",
	"ad_personalisation", "functional", "social_media", "sale_or_sharing",
}

// String returns the category's short name, e.g. "advertising".
func (c Category) String() string {
	if c >= 0 && c < numCategories {
		return categoryNames[c]
	}
	return fmt.Sprintf("Category(%d)", int(c))
}

// MarshalText returns the category's short name.
func (c Category) MarshalText() ([]byte, error) {
	if c < 0 || c >= numCategories {
		return nil, fmt.Errorf("consent: unknown category %d", int(c))
	}
	return []byte(c.String()), nil
}

// Tracking reports whether the category is about tracking: storage
// access, analytics, advertising, ad user data, ad personalisation,
// social media, and sale or sharing of data.
func (c Category) Tracking() bool {
	switch c {
	case CategoryStorageAccess, CategoryAnalytics, CategoryAdvertising, CategoryAdUserData,
		CategoryAdPersonalisation, CategorySocialMedia, CategorySaleOrSharing:
		return true
	}
	return false
}

// choiceOf sums up the states of the optional purposes: all granted is an
// accept, all denied a refusal, a mix partial. Necessary purposes and
// unknown or unset states do not count; with nothing left it returns
// ChoiceUnknown.
func choiceOf(ps []Purpose) Choice {
	granted, denied := 0, 0
	for _, p := range ps {
		if p.Category == CategoryNecessary {
			continue
		}
		switch p.State {
		case StateGranted:
			granted++
		case StateDenied:
			denied++
		}
	}
	switch {
	case granted > 0 && denied > 0:
		return ChoicePartial
	case granted > 0:
		return ChoiceAccept
	case denied > 0:
		return ChoiceReject
	}
	return ChoiceUnknown
}
