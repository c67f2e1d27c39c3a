package visit

import (
	"fmt"
	"slices"
	"strings"
)

// Variant is what a visit does with the cookie banner.
type Variant int

// The variants. A visit with [None] still looks for a banner, and
// records which one it saw.
const (
	None   Variant = iota // leave any banner alone
	Accept                // press the banner's accept-all button
	Reject                // press its reject-all button
)

var variantNames = [...]string{None: "none", Accept: "accept", Reject: "reject"}

// String returns the variant's name: none, accept or reject. It is also
// the name of the visit's directory.
func (v Variant) String() string {
	if v >= 0 && int(v) < len(variantNames) {
		return variantNames[v]
	}
	return fmt.Sprintf("Variant(%d)", int(v))
}

// ParseVariant reads none, accept or reject.
func ParseVariant(s string) (Variant, error) {
	for i, n := range variantNames {
		if s == n {
			return Variant(i), nil
		}
	}
	return 0, fmt.Errorf("visit: consent variant %q: want none, accept or reject", s)
}

// ParseVariants reads --consent: none, accept, reject, all (the three,
// one visit each), or a comma-separated list of them, and returns the
// variants in the order none, accept, reject.
func ParseVariants(s string) ([]Variant, error) {
	if s == "all" {
		return []Variant{None, Accept, Reject}, nil
	}
	var vs []Variant
	for part := range strings.SplitSeq(s, ",") {
		v, err := ParseVariant(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("visit: consent %q: want none, accept, reject, all, or a list such as accept,reject", s)
		}
		if !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs, nil
}

// CMP is a consent-management platform's banner, as a visit finds it:
// the banner counts when one of its Banner selectors matches an element
// that is displayed; its button for a variant is the first visible match
// of its Accept or Reject selectors, in order, else (in the banner only)
// a button or link whose text is one of the generic phrases. Selectors
// are CSS and reach into open shadow roots.
type CMP struct {
	Name   string
	Banner []string
	Accept []string
	Reject []string
}

// Phrase is the text of a generic accept or reject button, in one
// language (ISO 639-1). Texts are compared after folding case and
// spaces and dropping symbols at the ends ("✓ Accept all!" is
// "accept all").
type Phrase struct {
	Lang, Text string
}

// Patterns are what a visit looks for to find a cookie banner. CMPs are
// tried in order; when none is displayed, a button or link anywhere on
// the page whose text is an Accept (or Reject) phrase counts, but only
// inside an element of at most 3,000 characters of text that mentions
// one of the Context words (so that "I agree" on a form is not taken
// for a banner's). Phrases are tried in order: put the longer first.
type Patterns struct {
	CMPs    []CMP
	Accept  []Phrase
	Reject  []Phrase
	Context []string
}

// Builtin returns the built-in patterns: OneTrust, Cookiebot, Didomi,
// Quantcast Choice, Usercentrics, CookieYes and Civic Cookie Control,
// then generic accept and reject texts in English, German, French,
// Spanish, Italian and Dutch. The selectors follow each platform's
// published markup and DuckDuckGo's autoconsent rules
// (github.com/duckduckgo/autoconsent); banners inside iframes
// (Sourcepoint, TrustArc) are not reached.
func Builtin() Patterns {
	return Patterns{
		CMPs: []CMP{
			{Name: "OneTrust",
				Banner: []string{"#onetrust-banner-sdk", ".optanon-alert-box-wrapper"},
				Accept: []string{"#onetrust-accept-btn-handler", ".optanon-allow-all"},
				Reject: []string{"#onetrust-reject-all-handler", ".ot-pc-refuse-all-handler"}},
			{Name: "Cookiebot",
				Banner: []string{"#CybotCookiebotDialog"},
				Accept: []string{"#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll", "#CybotCookiebotDialogBodyButtonAccept", "#CybotCookiebotDialogBodyLevelButtonAccept"},
				Reject: []string{"#CybotCookiebotDialogBodyButtonDecline"}},
			{Name: "Didomi",
				Banner: []string{"#didomi-notice", "#didomi-popup", ".didomi-popup-notice"},
				Accept: []string{"#didomi-notice-agree-button"},
				Reject: []string{"#didomi-notice-disagree-button", ".didomi-continue-without-agreeing"}},
			{Name: "Quantcast Choice",
				Banner: []string{"#qc-cmp2-ui", ".qc-cmp2-container"},
				Accept: []string{`.qc-cmp2-summary-buttons > button[mode="primary"]`},
				Reject: []string{"#disagree-btn"}},
			{Name: "Usercentrics",
				Banner: []string{"#usercentrics-root", "#usercentrics-cmp-ui"},
				Accept: []string{`[data-testid="uc-accept-all-button"]`, "#usercentrics-cmp-ui #accept"},
				Reject: []string{`[data-testid="uc-deny-all-button"]`, "#usercentrics-cmp-ui #deny"}},
			{Name: "CookieYes",
				Banner: []string{".cky-consent-container"},
				Accept: []string{`[data-cky-tag="accept-button"]`, ".cky-btn-accept"},
				Reject: []string{`[data-cky-tag="reject-button"]`, ".cky-btn-reject"}},
			{Name: "Civic Cookie Control",
				Banner: []string{"#ccc-notify", "#ccc-module"},
				Accept: []string{"#ccc-notify-accept", "#ccc-recommended-settings"},
				Reject: []string{"#ccc-notify-reject", "#ccc-reject-settings"}},
		},
		Accept: phrases(map[string][]string{
			"en": {"accept all cookies", "accept additional cookies", "accept analytics cookies", "accept recommended settings",
				"allow all cookies", "accept and continue", "accept and close", "agree and continue", "agree and close",
				"yes, i accept", "accept all", "allow all", "accept cookies", "allow cookies", "i accept", "i agree", "accept", "agree"},
			"de": {"alle cookies akzeptieren", "alle akzeptieren", "alles akzeptieren", "allen zustimmen", "alle zulassen",
				"alle annehmen", "ich stimme zu", "akzeptieren", "zustimmen", "einverstanden", "annehmen"},
			"fr": {"accepter tous les cookies", "accepter les cookies", "accepter et fermer", "accepter et continuer",
				"tout accepter", "accepter tout", "j'accepte", "accepter"},
			"es": {"aceptar todas las cookies", "aceptar cookies", "aceptar todas", "aceptar todo", "permitir todas", "acepto", "aceptar"},
			"it": {"accetta tutti i cookie", "accetta i cookie", "accetta tutti", "accetta tutto", "consenti tutti", "accetto", "accetta"},
			"nl": {"alle cookies accepteren", "cookies accepteren", "alles accepteren", "alles toestaan", "ik ga akkoord", "accepteren", "akkoord"},
		}),
		Reject: phrases(map[string][]string{
			"en": {"reject all cookies", "reject additional cookies", "reject analytics cookies", "use necessary cookies only",
				"necessary cookies only", "only necessary cookies", "essential cookies only", "only essential cookies",
				"continue without accepting", "reject all", "decline all", "deny all", "refuse all", "reject cookies",
				"necessary only", "i do not accept", "reject", "decline", "deny", "refuse", "disagree"},
			"de": {"alle cookies ablehnen", "nur notwendige cookies", "nur essenzielle cookies", "nur erforderliche cookies",
				"weiter ohne einwilligung", "alle ablehnen", "nur notwendige", "ablehnen"},
			"fr": {"continuer sans accepter", "refuser les cookies", "tout refuser", "refuser tout", "je refuse", "refuser"},
			"es": {"rechazar todas las cookies", "solo cookies necesarias", "rechazar cookies", "rechazar todas", "rechazar todo",
				"solo necesarias", "no acepto", "rechazar"},
			"it": {"rifiuta tutti i cookie", "continua senza accettare", "rifiuta tutti", "rifiuta tutto", "solo necessari", "rifiuto", "rifiuta"},
			"nl": {"alle cookies weigeren", "alleen noodzakelijke cookies", "alleen noodzakelijk", "alles weigeren", "niet akkoord", "weigeren"},
		}),
		Context: []string{"cookie", "consent", "gdpr", "privacy", "datenschutz", "einwilligung", "rgpd", "traceurs",
			"confidentialité", "privacidad", "consentimiento", "riservatezza", "consenso", "toestemming"},
	}
}

// phrases flattens a language → texts table into a list: longer texts
// first (so that "accept all cookies" wins over "accept"), then by
// language and table order.
func phrases(byLang map[string][]string) []Phrase {
	var out []Phrase
	for _, lang := range []string{"en", "de", "fr", "es", "it", "nl"} {
		for _, t := range byLang[lang] {
			out = append(out, Phrase{Lang: lang, Text: t})
		}
	}
	slices.SortStableFunc(out, func(a, b Phrase) int { return len(b.Text) - len(a.Text) })
	return out
}
