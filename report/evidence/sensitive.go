package evidence

import (
	"github.com/haruspex/haruspex/report/sensitive"
)

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

// SetTerms records a [sensitive.Set]'s provenance for the manifest.
func SetTerms(s *sensitive.Set, builtin bool) *SensitiveTerms {
	name := s.Name()
	if builtin {
		name = "built-in " + name
	}
	return &SensitiveTerms{Name: name, SHA256: s.SHA256(), Categories: s.Categories()}
}
