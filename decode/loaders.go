package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// pathLoader returns a decoder for the load of a tracker's code whose
// path names the site's account (cdn.segment.com/analytics.js/v1/<write
// key>/…, static.hotjar.com/c/hotjar-<site ID>.js): an [KindInstallation]
// event with the account as its PixelID. account returns the account
// named by the path, "" when it names none.
func pathLoader(v Vendor, what string, account func(path string) string, cookies []cookieSpec) Decoder {
	return DecoderFunc(func(e *har.Entry) ([]Event, error) {
		ev := newVendorEvent(e, v, KindInstallation)
		var w warnings
		ev.Params = requestParams(e, &w)
		ev.PixelID = account(ev.Path)
		addVendorCookies(&ev, e, cookies, &w)
		ev.Summary = what + " loaded"
		if ev.PixelID != "" {
			ev.Summary += " for " + ev.PixelID
		}
		ev.Summary += " (" + lastSegment(ev.Path) + ")"
		ev.Warnings = w.list
		return []Event{ev}, nil
	})
}

// pathSegment returns a function that returns the n-th segment (from 0)
// of a path after prefix, or "" when the path does not start with prefix
// or is shorter.
func pathSegment(prefix string, n int) func(path string) string {
	return func(path string) string {
		rest, ok := strings.CutPrefix(path, prefix)
		if !ok {
			return ""
		}
		parts := strings.Split(strings.TrimPrefix(rest, "/"), "/")
		if n < len(parts) {
			if u, ok := form.Unescape(parts[n], false); ok {
				return u
			}
			return parts[n]
		}
		return ""
	}
}
