package decode

import (
	"fmt"
	"time"

	"github.com/haruspex/haruspex/decode/consent"
)

// ConsentSignal is the consent signal a [KindConsent] event records:
// package consent's [consent.Signal], kept in a form that the event's
// binary and JSON encodings carry. Its zero value (on every other kind of
// event) records nothing.
//
// A signal shows what the page recorded or passed on, not what the
// visitor saw or clicked.
type ConsentSignal struct {
	// Kind says what the signal is (a TC string, gcd, a CMP cookie …).
	// It is meaningless when Inference is set.
	Kind consent.Kind
	// Where says where in the request it was found.
	Where consent.Where
	// Value is the value as found.
	Value string
	// Source names who wrote the value, when known ("OneTrust").
	Source string
	// Choice is the overall choice the signal records.
	Choice consent.Choice
	// ChoiceTime is when the signal says the choice was made or last
	// saved (UTC), or the zero time.
	ChoiceTime time.Time
	// Purposes are the states the signal gives per purpose, in its order.
	Purposes []consent.Purpose
	// Details are further decoded facts, in a fixed order.
	Details []consent.Detail
	// Macro is the name of an unfilled URL macro, when the value was one.
	Macro string
	// Inference, when set, says that no request carried this signal: it
	// is inferred from what a page did not send, and names the inference
	// ([InferenceMetaHeldBack]).
	Inference string
}

// InferenceMetaHeldBack is the [ConsentSignal.Inference] of a page on
// which the Meta Pixel library (fbevents.js) loaded, but no pixel
// configuration, no /tr event and no gateway call followed: what
// fbq('consent','revoke') does (the pixel queues every call until a
// grant), and also what a capture that stopped too early shows.
const InferenceMetaHeldBack = "meta_pixel_held_back"

// NewConsentSignal flattens s.
func NewConsentSignal(s *consent.Signal) ConsentSignal {
	return ConsentSignal{Kind: s.Kind, Where: s.Where, Value: s.Raw, Source: s.Source, Choice: s.Choice,
		ChoiceTime: s.ChoiceTime, Purposes: s.Purposes, Details: s.Details, Macro: s.Macro}
}

// IsZero reports whether the signal records nothing (an event that is no
// consent marker).
func (c *ConsentSignal) IsZero() bool {
	return c.Kind == 0 && c.Where == (consent.Where{}) && c.Value == "" && c.Source == "" && c.Choice == 0 &&
		c.ChoiceTime.IsZero() && c.Purposes == nil && c.Details == nil && c.Macro == "" && c.Inference == ""
}

// ConsentState is the consent state in force when an event was sent, as
// the consent signals the same visitor sent before it show.
type ConsentState int

// The consent states. [ConsentNotAssessed] is the zero value.
const (
	// ConsentNotAssessed: the event was not assessed (a consent marker
	// or a navigation, or an event read outside its analysis).
	ConsentNotAssessed ConsentState = iota
	// ConsentUnknown: no consent signal of the visitor before the event
	// says whether a choice had been made.
	ConsentUnknown
	// ConsentBeforeChoice: the signals before it record that no choice
	// had been made (a platform's cookie before any interaction, consent
	// mode defaults with no update), or a choice recorded after it.
	ConsentBeforeChoice
	// ConsentAfterAccept: the choice in force allowed every optional
	// purpose.
	ConsentAfterAccept
	// ConsentAfterReject: the choice in force refused every optional
	// purpose.
	ConsentAfterReject
	// ConsentAfterPartial: the choice in force allowed some optional
	// purposes and refused others; whether this event's purpose was
	// among those allowed is not decided here.
	ConsentAfterPartial
	numConsentStates
)

var consentStateNames = [numConsentStates]string{
	"not assessed", "unknown", "before any choice", "after accept", "after reject", "after partial choice",
}

// String returns the state in words: "before any choice", "after
// accept", "after reject", "after partial choice", "unknown" or "not
// assessed".
func (s ConsentState) String() string {
	if s >= 0 && s < numConsentStates {
		return consentStateNames[s]
	}
	return fmt.Sprintf("ConsentState(%d)", int(s))
}

// MarshalText returns the state's words, as String.
func (s ConsentState) MarshalText() ([]byte, error) {
	if s < 0 || s >= numConsentStates {
		return nil, fmt.Errorf("decode: unknown consent state %d", int(s))
	}
	return []byte(s.String()), nil
}

// WithoutConsent reports whether the state is one in which the event was
// sent without consent: before any choice, or after a refusal.
func (s ConsentState) WithoutConsent() bool {
	return s == ConsentBeforeChoice || s == ConsentAfterReject
}

// ConsentInForce is the consent state in force when an event was sent,
// and the consent marker it rests on. Decoders leave it zero; report sets
// it as it reads each event back.
type ConsentInForce struct {
	State ConsentState
	// RestsOn is the request that carried the marker the state rests on
	// (zero when State is unknown or not assessed).
	RestsOn Source
	// Signal names that marker: where it was found, who wrote it and the
	// choice it records, e.g. "cookie OptanonConsent (OneTrust): accept".
	Signal string
	// At is when the marker says the choice was made (a platform's own
	// record of it, e.g. OptanonAlertBoxClosed), else when the request
	// that carried it was sent; zero when unknown.
	At time.Time
}
