package report

import (
	"cmp"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/haruspex/haruspex/har"
)

// Summary is what [Summarize] finds in one HAR file. Its JSON form is a
// documented contract (README, "Output formats").
type Summary struct {
	Name         string        `json:"name"`
	SHA256       string        `json:"sha256"`
	Size         int64         `json:"size"`
	Version      string        `json:"har_version,omitempty"`
	Creator      string        `json:"creator"`
	Browser      string        `json:"browser"`
	Pages        int           `json:"pages"`
	Entries      int           `json:"entries"`
	FirstRequest string        `json:"first_request,omitempty"` // UTC, RFC 3339 with milliseconds
	LastRequest  string        `json:"last_request,omitempty"`
	FirstParty   string        `json:"first_party"`
	FirstPartyAt *Navigation   `json:"first_party_from,omitempty"`
	ThirdParties []DomainCount `json:"third_parties"`
	Warnings     []string      `json:"warnings"`
	// Error says where reading stopped, for a truncated or corrupt file
	// (every entry before it was read), or why the file is not a HAR.
	Error string `json:"error,omitempty"`

	err error
}

// DomainCount is a registrable domain and how many requests went to it.
type DomainCount struct {
	Domain   string `json:"domain"`
	Requests int    `json:"requests"`
}

// Err returns the error reading stopped at, or nil.
func (s *Summary) Err() error { return s.err }

// Usable reports whether anything could be read from the file: it is a
// HAR, possibly truncated.
func (s *Summary) Usable() bool { return usable(s.err) }

// usable reports whether an input that stopped with err gave anything:
// it was opened and is a HAR, possibly truncated.
func usable(err error) bool {
	return err == nil || !errors.Is(err, har.ErrNotHAR) && !errors.Is(err, errOpen)
}

var errOpen = errors.New("cannot read input")

// Unreadable returns the summary of an input that could not be opened.
func Unreadable(name string, err error) *Summary {
	return &Summary{Name: name, Error: err.Error(), err: errors.Join(errOpen, err),
		ThirdParties: []DomainCount{}, Warnings: []string{}}
}

// SummaryOptions adjust [Summarize].
type SummaryOptions struct {
	// Site, when set, is the first party's registrable domain, instead of
	// the one found from the capture's navigations.
	Site string
}

// TimeFormat is how every time haruspex prints is written: UTC, RFC 3339,
// milliseconds.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// Summarize reads a HAR from r and summarises it. name is how the file is
// named in the output. A truncated or corrupt file still gives a summary
// of what could be read, with Error set; only a failure to read r at all
// is returned as an error.
func Summarize(name string, r io.Reader, opt SummaryOptions) *Summary {
	hr := har.NewReader(r)
	hr.Name = name
	s := &Summary{Name: name}
	var (
		fp          FirstParty
		first, last time.Time
		byDomain    = map[string]int{}
		warnings    []har.Warning
	)
	for {
		e, err := hr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.err = err
			s.Error = err.Error()
			break
		}
		s.Entries++
		warnings = append(warnings, e.Warnings...)
		fp.Observe(e)
		if t := e.StartedDateTime.T; !t.IsZero() {
			if first.IsZero() || t.Before(first) {
				first = t
			}
			if last.IsZero() || t.After(last) {
				last = t
			}
		}
		if h := Host(e.Request.URL); h != "" {
			byDomain[Domain(h)]++
		}
	}
	lg := hr.Log()
	s.SHA256 = hr.SHA256()
	s.Size = hr.Size()
	s.Version = lg.Version
	s.Creator = lg.Creator.String()
	s.Browser = lg.Browser.String()
	s.Pages = len(lg.Pages)
	if !first.IsZero() {
		s.FirstRequest = first.Format(TimeFormat)
		s.LastRequest = last.Format(TimeFormat)
	}
	if opt.Site != "" {
		s.FirstParty = Domain(opt.Site)
	} else if nav, ok := fp.Result(); ok {
		s.FirstParty = nav.Domain
		s.FirstPartyAt = &nav
	}
	for d, n := range byDomain {
		if d != s.FirstParty {
			s.ThirdParties = append(s.ThirdParties, DomainCount{d, n})
		}
	}
	slices.SortFunc(s.ThirdParties, func(a, b DomainCount) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Domain, b.Domain))
	})
	warnings = append(warnings, hr.Warnings()...)
	slices.SortStableFunc(warnings, func(a, b har.Warning) int { return cmp.Compare(a.Entry, b.Entry) })
	s.Warnings = make([]string, 0, len(warnings))
	for _, w := range warnings {
		s.Warnings = append(s.Warnings, w.String())
	}
	if s.ThirdParties == nil {
		s.ThirdParties = []DomainCount{}
	}
	return s
}
