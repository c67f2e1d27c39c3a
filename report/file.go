package report

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
)

// File describes one input as an analysis read it: its provenance, what
// its log says of itself, its first party, and how reading went.
type File struct {
	Name   string // as given in [Input]
	SHA256 string // of the bytes read, as given (a .har.gz's compressed bytes)
	Size   int64  // bytes read

	Version string // log.version
	Creator string // log.creator, "name version"
	Browser string // log.browser, "name version"
	Pages   int    // len(log.pages)
	Entries int    // entries read

	// FirstRequest and LastRequest are the earliest and latest request
	// times (UTC, [TimeFormat]), "" when no time could be read.
	FirstRequest, LastRequest string

	// FirstParty is the registrable domain of the site the capture is of:
	// Options.Site, else what [site.FirstParty] found (FirstPartyAt says
	// where), else "".
	FirstParty   string
	FirstPartyAt *site.Navigation

	// ThirdParties counts the requests to each other registrable domain,
	// most first, then by domain.
	ThirdParties []DomainCount
	// Delivery counts the file's requests by what the capture shows of
	// their delivery.
	Delivery DeliveryCount

	// Cookies is "captured" when any request recorded a cookie, else
	// "not captured" (Chrome's sanitized export drops them all).
	Cookies string

	// Warnings are what the reader kept but could not interpret, in entry
	// order, each naming its entry and byte.
	Warnings []string
	// Error says where reading stopped, for a truncated or corrupt file
	// (every entry before it was read), why the file is not a HAR, or why
	// it could not be opened.
	Error string

	err error
}

// DomainCount is a registrable domain and how many requests went to it.
type DomainCount struct {
	Domain   string `json:"domain"`
	Requests int    `json:"requests"`
}

// Err returns the error reading stopped at, or nil.
func (f *File) Err() error { return f.err }

// Usable reports whether anything could be read from the file: it was
// opened and is a HAR, possibly truncated.
func (f *File) Usable() bool {
	return f.err == nil || !errors.Is(f.err, har.ErrNotHAR) && !errors.Is(f.err, errOpen)
}

var errOpen = errors.New("cannot read input")

func unreadable(name string, err error) *File {
	return &File{Name: name, Error: err.Error(), err: errors.Join(errOpen, err), Warnings: []string{}, ThirdParties: []DomainCount{}}
}

// compareFiles orders inputs by name, then SHA-256: the order they were
// given in changes nothing.
func compareFiles(x, y *File) int {
	return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.SHA256, y.SHA256))
}

// hostCounts counts requests by host while a file is read; thirdParties
// turns them into counts by registrable domain at the end.
type hostCounts map[string]int

func (m hostCounts) add(host string) {
	if n, ok := m[host]; ok {
		m[host] = n + 1
		return
	}
	m[strings.Clone(host)] = 1 // the entry's strings are the reader's, reused
}

func (m hostCounts) thirdParties(firstParty string) []DomainCount {
	byDomain := map[string]int{}
	for h, n := range m {
		byDomain[site.Domain(h)] += n
	}
	out := []DomainCount{}
	for d, n := range byDomain {
		if d != firstParty {
			out = append(out, DomainCount{d, n})
		}
	}
	slices.SortFunc(out, func(a, b DomainCount) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Domain, b.Domain))
	})
	return out
}
