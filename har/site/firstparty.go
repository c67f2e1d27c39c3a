package site

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/har"
)

// FirstParty finds the site a capture is of, from all the evidence the
// capture holds, strongest first:
//
//  1. its earliest top-level document navigation that is not a redirect
//     (a request marked Sec-Fetch-Dest: document, or that the producer
//     marks as a document load outside an iframe — Chrome's
//     _resourceType, Safari's _fetchType); a redirect only when the
//     capture holds nothing else;
//  2. the earliest page of log.pages whose title or id is a URL (Chrome
//     writes the page's URL there);
//  3. the site most requests name as where they came from (Referer,
//     else Origin) — named by the earliest HTML response when that is
//     of the same site;
//  4. the earliest HTML response;
//  5. the earliest request.
//
// The first party is the registrable domain of what wins. When the
// winner is not a navigation (or an HTML response of the site the
// requests name), or other evidence points at another site,
// the result is marked uncertain and names the alternatives: a capture
// that starts mid-page (a crawler's, or a DevTools export opened after
// the page loaded) could otherwise name an ad server or a CDN.
//
// Feed it every entry with [FirstParty.Observe], in any order, and the
// log's pages with [FirstParty.ObservePage].
type FirstParty struct {
	nav, redirect *candidate // the best navigations: not a redirect, and a redirect
	html          *candidate // the earliest HTML response
	fallback      *candidate // the earliest request
	page          *candidate // the earliest page of log.pages named by a URL
	navDomains    []string   // every domain a top-level navigation went to, in order met
	redirects     []string   // every domain a top-level navigation was redirected from
	votes         map[string]int
	voters        int
}

type candidate struct {
	rank  int
	url   string
	entry int
	t     har.Time
}

// Navigation describes what the first party was taken from.
type Navigation struct {
	Domain string `json:"domain"` // registrable domain, e.g. "police.example"
	URL    string `json:"url"`    // the document URL ("" when no single request)
	Entry  int    `json:"entry"`  // its index in log.entries, -1 when none
	How    string `json:"how"`    // which evidence decided, in words
	// Uncertain says the winner is not a top-level navigation, or other
	// evidence names another site: the first party should be confirmed
	// (--site).
	Uncertain bool `json:"uncertain,omitempty"`
	// Alternatives are the other sites the evidence names, each with why.
	Alternatives []string `json:"alternatives,omitempty"`
}

// Warning is the warning an uncertain first party deserves, "" for a
// certain one.
func (n *Navigation) Warning() string {
	if !n.Uncertain {
		return ""
	}
	w := "first party uncertain: " + n.Domain + " (" + n.How + ")"
	if len(n.Alternatives) > 0 {
		w += "; the capture also points at " + strings.Join(n.Alternatives, "; ")
	}
	return w + "; give --site to settle it"
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
	host := Host(e.Request.URL)
	if host == "" {
		return
	}
	// Candidates are kept (copied to the heap) only when they win: most
	// entries do not.
	c := candidate{url: e.Request.URL, entry: e.Index, t: e.StartedDateTime}
	keep := func(slot **candidate, c candidate) {
		if better(&c, *slot) {
			kept := c
			kept.url = strings.Clone(c.url)
			*slot = &kept
		}
	}
	switch rank := navigationRank(e); {
	case rank >= rankResourceType:
		c.rank = rank
		if s := e.Response.Status; s >= 300 && s < 400 {
			keep(&f.redirect, c) // on the way to a page, not a page
			if d := Domain(host); !slices.Contains(f.redirects, d) {
				f.redirects = append(f.redirects, strings.Clone(d))
			}
		} else {
			keep(&f.nav, c)
			if d := Domain(host); !slices.Contains(f.navDomains, d) {
				f.navDomains = append(f.navDomains, strings.Clone(d))
			}
		}
	case rank == rankHTML:
		c.rank = rank
		keep(&f.html, c)
	}
	c.rank = 0
	keep(&f.fallback, c)
	ref, ok := e.Request.Header("Referer")
	if !ok || ref == "" {
		ref, _ = e.Request.Header("Origin")
	}
	if rh := Host(ref); rh != "" {
		if f.votes == nil {
			f.votes = map[string]int{}
		}
		if n, ok := f.votes[rh]; ok {
			f.votes[rh] = n + 1
		} else {
			f.votes[strings.Clone(rh)] = 1
		}
		f.voters++
	}
}

// ObservePage considers one page of log.pages: its title or id, when it
// is an http(s) URL, names the page's site.
func (f *FirstParty) ObservePage(p har.Page) {
	for _, u := range []string{p.Title, p.ID} {
		// browsertime writes "https://www.example.org run 1".
		if fs := strings.Fields(u); len(fs) > 0 {
			u = fs[0]
		}
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") || Host(u) == "" {
			continue
		}
		c := candidate{url: u, entry: -1, t: p.StartedDateTime}
		if better(&c, f.page) {
			kept := c
			f.page = &kept
		}
		return
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
	raw := e.CustomField("_initiator")
	return bytes.Contains(raw, []byte(`"type":"parser"`)) || bytes.Contains(raw, []byte(`"type":"script"`)) ||
		bytes.Contains(raw, []byte(`"type": "parser"`)) || bytes.Contains(raw, []byte(`"type": "script"`))
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

// referers returns the registrable domains requests named as where they
// came from, most named first, with their counts.
func (f *FirstParty) referers() (domains []string, counts map[string]int) {
	counts = map[string]int{}
	for h, n := range f.votes {
		counts[Domain(h)] += n
	}
	for d := range counts {
		domains = append(domains, d)
	}
	slices.SortFunc(domains, func(a, b string) int { return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b)) })
	return domains, counts
}

// Result returns the first party, or ok=false when no entry had a host.
func (f *FirstParty) Result() (nav Navigation, ok bool) {
	refs, votes := f.referers()
	switch {
	case f.nav != nil || f.redirect != nil:
		c := f.nav
		if c == nil {
			c = f.redirect
		}
		nav = Navigation{Domain: Domain(Host(c.url)), URL: c.url, Entry: c.entry, How: rankWhy[c.rank]}
		if c == f.redirect {
			// Only a redirect: where it led was not recorded as a page. The
			// requests' Referers may still confirm the site.
			nav.How += ", a redirect: the capture holds no other navigation"
			if len(refs) == 0 || refs[0] != nav.Domain {
				nav.Uncertain = true
			} else {
				nav.How += fmt.Sprintf("; the site %d of %d requests name as where they came from", votes[refs[0]], f.voters)
			}
		}
	case f.page != nil:
		nav = Navigation{Domain: Domain(Host(f.page.url)), URL: f.page.url, Entry: -1, Uncertain: true,
			How: "the earliest page of log.pages, named " + f.page.url + "; the capture holds no top-level navigation"}
	case len(refs) > 0 && f.html != nil && Domain(Host(f.html.url)) == refs[0]:
		// Two independent kinds of evidence agree: the page's HTML, and
		// where the requests say they came from.
		nav = Navigation{Domain: refs[0], URL: f.html.url, Entry: f.html.entry,
			How: fmt.Sprintf("%s, the site %d of %d requests name as where they came from (Referer, Origin)", rankWhy[rankHTML], votes[refs[0]], f.voters)}
	case len(refs) > 0:
		nav = Navigation{Domain: refs[0], Entry: -1, Uncertain: true,
			How: fmt.Sprintf("the site %d of %d requests name as where they came from (Referer, Origin); the capture holds no top-level navigation", votes[refs[0]], f.voters)}
	case f.html != nil:
		nav = Navigation{Domain: Domain(Host(f.html.url)), URL: f.html.url, Entry: f.html.entry, How: rankWhy[rankHTML], Uncertain: true}
	case f.fallback != nil:
		nav = Navigation{Domain: Domain(Host(f.fallback.url)), URL: f.fallback.url, Entry: f.fallback.entry, How: rankWhy[0], Uncertain: true}
	default:
		return Navigation{}, false
	}
	// Other evidence that names another site.
	var alt []string
	add := func(d, why string) {
		// A site the visitor was only redirected through is on the way
		// to the page, not another page.
		if slices.Contains(f.redirects, d) && !slices.Contains(f.navDomains, d) {
			return
		}
		if d != "" && d != nav.Domain && !slices.ContainsFunc(alt, func(a string) bool { return strings.HasPrefix(a, d+" ") }) {
			alt = append(alt, d+" ("+why+")")
		}
	}
	for _, d := range f.navDomains {
		add(d, "a top-level navigation")
	}
	if f.page != nil {
		add(Domain(Host(f.page.url)), "log.pages names "+f.page.url)
	}
	// The Referer majority speaks against the winner only when it is clear:
	// most requests name another site, and few name the winner (a page's
	// ad frames make the rest noisy).
	if len(refs) > 0 && refs[0] != nav.Domain && votes[refs[0]]*2 > f.voters && votes[nav.Domain]*5 < f.voters {
		add(refs[0], strconv.Itoa(votes[refs[0]])+" of "+strconv.Itoa(f.voters)+" requests name it as where they came from")
	}
	if len(alt) > 0 {
		nav.Uncertain, nav.Alternatives = true, alt
	}
	return nav, true
}
