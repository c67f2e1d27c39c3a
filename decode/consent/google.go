package consent

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file reads Google consent mode parameters, which Google tags (GA4
// /g/collect, Google Ads, Floodlight, /ccm/collect) add to their hits.
// Google documents the consent types (ad_storage, analytics_storage,
// ad_user_data, ad_personalization:
// https://support.google.com/tagmanager/answer/13802165) but not the
// wire format; the readings below come from public analyses, each cited
// where it is used.

// ErrFormat is a value that is not in its parameter's documented form.
var ErrFormat = errors.New("consent: value not in the expected form")

// GCS is a decoded gcs parameter: Google consent mode's current state
// for the two original consent types.
type GCS struct {
	AdStorage, AnalyticsStorage State
	// Extra holds characters after the fourth, not decoded.
	Extra string
}

// ParseGCS decodes gcs, G1 followed by one character for ad_storage and
// one for analytics_storage: 1 granted, 0 denied, - not set. (Format as
// described by Markus Baersch for simoahava.com, "Consent Mode V2 For
// Google Tags", 2024, and observed by haruspex: PROTOCOLS.md §9, G100
// before a choice and G111 after an accept.)
func ParseGCS(v string) (GCS, error) {
	if len(v) < 4 || !strings.HasPrefix(v, "G1") {
		return GCS{}, fmt.Errorf("%w: gcs %q: want G1 and two characters", ErrFormat, v)
	}
	g := GCS{AdStorage: gcsState(v[2]), AnalyticsStorage: gcsState(v[3]), Extra: v[4:]}
	if g.AdStorage == StateUnknown || g.AnalyticsStorage == StateUnknown {
		return g, fmt.Errorf("%w: gcs %q: characters 3 and 4 must each be 1, 0 or -", ErrFormat, v)
	}
	return g, nil
}

func gcsState(c byte) State {
	switch c {
	case '1':
		return StateGranted
	case '0':
		return StateDenied
	case '-':
		return StateNotSet
	}
	return StateUnknown
}

// GCD is a decoded gcd parameter: for each consent type, the state the
// page set as a default and the state an update set.
type GCD struct {
	// Types are ad_storage, analytics_storage, ad_user_data and
	// ad_personalization, in that order (fewer when the value is cut).
	Types []GCDType
	// Trailer is what follows the fourth letter (a digit such as "5", or
	// further digit-letter pairs in newer tags): not decoded, its meaning
	// not established.
	Trailer string
}

// GCDType is the state of one consent type in gcd.
type GCDType struct {
	Name string // ad_storage, analytics_storage, ad_user_data or ad_personalization
	// Letter is the letter as sent.
	Letter byte
	// Default and Update are the states the letter stands for:
	// StateNotSet where there was no default or no update, StateUnknown
	// for a letter outside the published table.
	Default, Update State
}

// State returns the state in force: the update's when there was one,
// else the default's.
func (t GCDType) State() State {
	if t.Update != StateNotSet {
		return t.Update
	}
	return t.Default
}

// gcdTypes are the consent types gcd encodes, in order.
var gcdTypes = [4]string{"ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"}

// gcdLetters is the letter table of gcd. Source: Markus Baersch, guest
// post on simoahava.com, "Consent Mode V2 For Google Tags" (2024; the
// table of letters, reproduced by giancampo.com, "Understanding the gcd
// parameter in GA4 network requests", 12 Feb 2024). Google does not
// publish it. David Vallejo's server-side GTM "Google Consent Parser"
// template (Analytics Debugger, 2025) reads the letters as characters of
// the base64url alphabet 0-9a-zA-Z-_ whose value's bits 2-3 are the
// default and bits 0-1 the update (1 not set, 2 denied, 3 granted); all
// nine letters agree with that reading, which is therefore the inferred
// structure, but only these nine are taken as known.
var gcdLetters = map[byte][2]State{
	'l': {StateNotSet, StateNotSet},
	'm': {StateNotSet, StateDenied},
	'n': {StateNotSet, StateGranted},
	'p': {StateDenied, StateNotSet},
	'q': {StateDenied, StateDenied},
	'r': {StateDenied, StateGranted},
	't': {StateGranted, StateNotSet},
	'u': {StateGranted, StateDenied},
	'v': {StateGranted, StateGranted},
}

// ParseGCD decodes gcd, e.g. 11p1p1p1p5 or 13r3r3r3r5: a digit, then
// for each of the four consent types a digit and a letter (the letters
// are at positions 3, 5, 7 and 9), then a trailer. Letters outside the
// published table give StateUnknown and an error; what was read is kept.
func ParseGCD(v string) (GCD, error) {
	var g GCD
	if len(v) < 3 || !isDigit(v[0]) {
		return g, fmt.Errorf("%w: gcd %q: want a digit, then digit-letter pairs", ErrFormat, v)
	}
	var errs []error
	for i, name := range gcdTypes {
		pos := 2 + 2*i
		if pos >= len(v) {
			errs = append(errs, fmt.Errorf("%w: gcd %q: ends before the letter for %s", ErrFormat, v, name))
			break
		}
		t := GCDType{Name: name, Letter: v[pos], Default: StateUnknown, Update: StateUnknown}
		if s, ok := gcdLetters[v[pos]]; ok {
			t.Default, t.Update = s[0], s[1]
		} else {
			errs = append(errs, fmt.Errorf("%w: gcd %q: letter %q for %s is not in the published table", ErrFormat, v, v[pos], name))
		}
		g.Types = append(g.Types, t)
		if i == len(gcdTypes)-1 {
			g.Trailer = v[pos+1:]
		}
	}
	return g, errors.Join(errs...)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// gcdPhrase says in words what a letter stands for.
func gcdPhrase(t GCDType) string {
	if t.Default == StateUnknown {
		return fmt.Sprintf("letter %q, not in the published table", t.Letter)
	}
	switch {
	case t.Default == StateNotSet && t.Update == StateNotSet:
		return "not set"
	case t.Update == StateNotSet:
		return t.Default.String() + " by default, no update"
	case t.Default == StateNotSet:
		return t.Update.String() + " by an update, no default"
	case t.Default == t.Update:
		return t.Default.String() + " by default and by an update"
	}
	return t.Default.String() + " by default, " + t.Update.String() + " by an update"
}

var gcdCategories = map[string]Category{
	"ad_storage":         CategoryAdvertising,
	"analytics_storage":  CategoryAnalytics,
	"ad_user_data":       CategoryAdUserData,
	"ad_personalization": CategoryAdPersonalisation,
}

func gcsSignal(s *Signal) {
	s.Source = "Google tag"
	g, err := ParseGCS(s.Raw)
	if err != nil {
		s.Warnings = append(s.Warnings, err.Error())
		s.Description = fmt.Sprintf("Google consent mode state %q, not in the G1xy form: not decoded", s.Raw)
		if len(s.Raw) < 4 || !strings.HasPrefix(s.Raw, "G1") {
			return
		}
	}
	s.Purposes = []Purpose{
		{Name: "ad_storage", Category: CategoryAdvertising, State: g.AdStorage},
		{Name: "analytics_storage", Category: CategoryAnalytics, State: g.AnalyticsStorage},
	}
	if err == nil {
		s.Description = fmt.Sprintf("the Google tag sent consent state ad_storage %s, analytics_storage %s (gcs does not say whether a visitor set it)",
			g.AdStorage, g.AnalyticsStorage)
	}
	if g.Extra != "" {
		s.Details = append(s.Details, Detail{"further characters (not decoded)", strconv.Quote(g.Extra)})
	}
}

func gcdSignal(s *Signal) {
	s.Source = "Google tag"
	g, err := ParseGCD(s.Raw)
	if err != nil {
		s.Warnings = append(s.Warnings, strings.Split(err.Error(), "\n")...)
	}
	if len(g.Types) == 0 {
		s.Description = fmt.Sprintf("Google consent mode defaults and updates %q: not decoded", s.Raw)
		return
	}
	var parts []string
	updated := false
	for _, t := range g.Types {
		parts = append(parts, t.Name+" "+gcdPhrase(t))
		s.Purposes = append(s.Purposes, Purpose{Name: t.Name, Category: gcdCategories[t.Name], State: t.State(), Note: gcdPhrase(t)})
		if t.Update == StateGranted || t.Update == StateDenied {
			updated = true
		}
	}
	s.Description = "the Google tag sent consent " + strings.Join(parts, ", ")
	switch {
	case updated:
		s.Choice = choiceOf(s.Purposes)
		s.Description += " (an update records a choice)"
	case allNotSet(g.Types):
		// Consent mode is not configured on the page: that says nothing
		// of a choice.
		s.Description += " (consent mode not configured: no default and no update)"
	case allKnown(g.Types):
		s.Choice = ChoiceNone
		s.Description += " (defaults only: no update records a choice)"
	}
	if g.Trailer != "" {
		s.Details = append(s.Details, Detail{"trailer (not decoded)", strconv.Quote(g.Trailer)})
	}
	s.Details = append(s.Details, Detail{"letter table", "community-documented (simoahava.com, 2024); Google does not publish it"})
}

// allNotSet reports a gcd whose every type has neither a default nor an
// update (letters l).
func allNotSet(ts []GCDType) bool {
	for _, t := range ts {
		if t.Default != StateNotSet || t.Update != StateNotSet {
			return false
		}
	}
	return len(ts) > 0
}

func allKnown(ts []GCDType) bool {
	for _, t := range ts {
		if t.Default == StateUnknown {
			return false
		}
	}
	return len(ts) == len(gcdTypes)
}

// npaSignal reads npa: 1 asks Google for non-personalised ads.
func npaSignal(s *Signal) bool {
	s.Source = "Google tag"
	p := Purpose{Name: "npa", Category: CategoryAdPersonalisation}
	switch s.Raw {
	case "1":
		p.State = StateDenied
		s.Description = "the tag asked Google for non-personalised ads (npa=1): ad personalisation off"
	case "0":
		p.State = StateGranted
		s.Description = "the tag allowed personalised ads (npa=0)"
	default:
		return false
	}
	s.Purposes = []Purpose{p}
	return true
}

func dmaSignal(s *Signal) bool {
	s.Source = "Google tag"
	switch s.Raw {
	case "1":
		s.Description = "the site told Google the visitor is subject to the EU Digital Markets Act (dma=1: in the EEA)"
	case "0":
		s.Description = "the site told Google the visitor is not subject to the EU Digital Markets Act (dma=0)"
	default:
		return false
	}
	return true
}

func dmaPurposesSignal(s *Signal) {
	s.Source = "Google tag"
	s.Description = fmt.Sprintf("Digital Markets Act consent purposes signalled to Google: %q (format not published: kept as sent)", s.Raw)
}

func gcuSignal(s *Signal) bool {
	s.Source = "Google tag"
	if s.Raw != "1" {
		return false
	}
	s.Description = "the Google tag marked this hit as sent after a consent update on the page (gcu=1)"
	return true
}
