package evidence

import (
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/sensitive"
)

// Flag is one sensitive-content finding on an event: which category of
// sensitive content, which term or URL pattern of that category matched,
// and in what (the field and the value as captured).
type Flag struct {
	Category string // e.g. "domestic-abuse"
	Term     string // the term or pattern that matched, e.g. "domestic abuse"
	Rule     string // where the rule is written, e.g. "terms.txt:90"
	Field    string // where it was found: "page opened", "param dl", "param cd[buttonText]" …
	Value    string // the captured value that matched
	Text     string // the part of Value that matched, as written there
}

// Flagger finds sensitive content in an event (page URLs and titles,
// button texts, custom data, form fields). It is the seam through which a
// set of sensitive-content categories, built in or loaded from a file,
// reaches the report; [FlaggerFunc] adapts a function.
type Flagger interface {
	Flag(ev *decode.Event) []Flag
}

// FlaggerFunc adapts a function to the [Flagger] interface.
type FlaggerFunc func(ev *decode.Event) []Flag

// Flag calls f(ev).
func (f FlaggerFunc) Flag(ev *decode.Event) []Flag { return f(ev) }

var _ Flagger = FlaggerFunc(nil)

// SensitiveTerms is the provenance of the sensitive-content categories a
// report applied, recorded in the manifest and the methodology.
type SensitiveTerms struct {
	// Name is "built-in" for haruspex's own list, else the base name of
	// the file given with --sensitive.
	Name string `json:"name"`
	// Version is the list's own version, when it has one.
	Version string `json:"version,omitempty"`
	// SHA256 is the SHA-256 of the list's bytes (the file, or the
	// embedded data of the built-in list).
	SHA256 string `json:"sha256"`
	// Categories are the list's categories, in its order.
	Categories []string `json:"categories,omitempty"`
}

// SetFlagger flags an event's text with a [sensitive.Set], exactly as
// [report.FlagSensitive] does for the events, timeline and parties
// commands: the page, referrer and event name, custom data, and every
// parameter a third party received in the query or body. Cookies are not
// searched: they hold identifiers, not words.
func SetFlagger(s *sensitive.Set) Flagger {
	return FlaggerFunc(func(ev *decode.Event) []Flag {
		var out []Flag
		for _, h := range report.SensitiveHits(ev, s) {
			out = append(out, Flag{Category: h.Category, Term: h.Rule, Rule: h.Where, Field: h.Field, Value: h.Value, Text: h.Text})
		}
		return out
	})
}

// SetTerms records a [sensitive.Set]'s provenance for the manifest.
func SetTerms(s *sensitive.Set, builtin bool) *SensitiveTerms {
	name := s.Name()
	if builtin {
		name = "built-in " + name
	}
	return &SensitiveTerms{Name: name, SHA256: s.SHA256(), Categories: s.Categories()}
}
