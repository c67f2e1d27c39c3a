package decode

import (
	"slices"
	"strings"
)

// Filter selects events, as `haruspex events --vendor --event --pixel`
// does. Empty fields select everything.
type Filter struct {
	Vendors []Vendor
	Events  []string // event names, compared case-insensitively
	Pixels  []string // pixel (account) IDs
}

// Match reports whether the filter selects ev.
func (f Filter) Match(ev *Event) bool {
	if len(f.Vendors) > 0 && !slices.Contains(f.Vendors, ev.Vendor) {
		return false
	}
	if len(f.Events) > 0 && !slices.ContainsFunc(f.Events, func(n string) bool { return strings.EqualFold(n, ev.Name) }) {
		return false
	}
	if len(f.Pixels) > 0 && !slices.Contains(f.Pixels, ev.PixelID) {
		return false
	}
	return true
}
