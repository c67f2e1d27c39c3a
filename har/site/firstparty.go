package site

import (
	"strings"

	"github.com/haruspex/haruspex/har"
)

// FirstParty finds the site a capture is of: the registrable domain of its
// earliest top-level document navigation. Feed it every entry with
// [FirstParty.Observe], in any order.
//
// An entry counts as a top-level navigation, strongest evidence first,
// when its request says so (Sec-Fetch-Dest: document), when the producer
// marks it as a document (Chrome's _resourceType, Safari's _fetchType)
// and it is not an iframe load, or when its response is HTML. Among the
// entries with the strongest evidence the earliest wins (time, then entry
// index); with no such entry at all, the earliest request decides.
type FirstParty struct {
	best     *candidate
	fallback *candidate
}

type candidate struct {
	rank  int
	url   string
	entry int
	t     har.Time
}

// Navigation describes the entry the first party was taken from.
type Navigation struct {
	Domain string `json:"domain"` // registrable domain, e.g. "police.example"
	URL    string `json:"url"`    // the document URL
	Entry  int    `json:"entry"`  // its index in log.entries
	How    string `json:"how"`    // why it was taken as a navigation
}

const (
	rankHTML = 1 + iota
	rankResourceType
	rankFetchDest
)

var rankWhy = map[int]string{
	0:                "earliest request; no document navigation found",
	rankHTML:         "earliest HTML response",
	rankResourceType: "earliest document load (_resourceType)",
	rankFetchDest:    "earliest top-level navigation (Sec-Fetch-Dest: document)",
}

// Observe considers one entry.
func (f *FirstParty) Observe(e *har.Entry) {
	if Host(e.Request.URL) == "" {
		return
	}
	// Candidates are kept (copied to the heap) only when they win: most
	// entries do not.
	c := candidate{rank: navigationRank(e), url: e.Request.URL, entry: e.Index, t: e.StartedDateTime}
	if c.rank > 0 && better(&c, f.best) {
		best := c
		f.best = &best
	}
	if fb := (candidate{url: c.url, entry: c.entry, t: c.t}); better(&fb, f.fallback) {
		kept := fb
		f.fallback = &kept
	}
}

// IsNavigation reports whether an entry is a top-level document
// navigation by the same evidence [FirstParty] uses.
func IsNavigation(e *har.Entry) bool { return navigationRank(e) > 0 }

func navigationRank(e *har.Entry) int {
	if dest, ok := e.Request.Header("Sec-Fetch-Dest"); ok {
		if strings.EqualFold(dest, "document") {
			return rankFetchDest
		}
		return 0 // iframe, image, script …: the browser told us
	}
	if rt := e.ResourceType(); rt != "" {
		if rt == "document" && !isFrameInitiated(e) {
			return rankResourceType
		}
		return 0
	}
	if strings.EqualFold(e.Request.Method, "GET") && e.Response.Status >= 200 && e.Response.Status < 300 &&
		strings.HasPrefix(strings.ToLower(e.Response.Content.MimeType), "text/html") {
		return rankHTML
	}
	return 0
}

// isFrameInitiated reports a Chrome document load started by a parser or
// script (an iframe), as opposed to a navigation ("other").
func isFrameInitiated(e *har.Entry) bool {
	raw := string(e.CustomField("_initiator"))
	return strings.Contains(raw, `"type":"parser"`) || strings.Contains(raw, `"type":"script"`) ||
		strings.Contains(raw, `"type": "parser"`) || strings.Contains(raw, `"type": "script"`)
}

// better orders candidates: higher rank, then earlier valid time, then
// lower entry index.
func better(c, old *candidate) bool {
	if old == nil {
		return true
	}
	if c.rank != old.rank {
		return c.rank > old.rank
	}
	switch {
	case c.t.Valid() && !old.t.Valid():
		return true
	case !c.t.Valid() && old.t.Valid():
		return false
	case c.t.Valid() && !c.t.T.Equal(old.t.T):
		return c.t.T.Before(old.t.T)
	}
	return c.entry < old.entry
}

// Result returns the first party, or ok=false when no entry had a host.
func (f *FirstParty) Result() (nav Navigation, ok bool) {
	c := f.best
	if c == nil {
		c = f.fallback
	}
	if c == nil {
		return Navigation{}, false
	}
	return Navigation{Domain: Domain(Host(c.url)), URL: c.url, Entry: c.entry, How: rankWhy[c.rank]}, true
}
