package render

import (
	"io"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report"
)

// fileJSON is the documented JSON shape of an input in the "files" of
// events, timeline and parties.
type fileJSON struct {
	Name       string   `json:"name"`
	SHA256     string   `json:"sha256"`
	Size       int64    `json:"size"`
	Entries    int      `json:"entries"`
	FirstParty string   `json:"first_party"`
	Cookies    string   `json:"cookies"` // "captured" or "not captured"
	Warnings   []string `json:"warnings"`
	Error      string   `json:"error,omitempty"`
}

func filesJSON(files []*report.File) []fileJSON {
	out := make([]fileJSON, 0, len(files))
	for _, f := range files {
		out = append(out, fileJSON{Name: f.Name, SHA256: f.SHA256, Size: f.Size, Entries: f.Entries, FirstParty: f.FirstParty,
			Cookies: f.Cookies, Warnings: orEmpty(f.Warnings), Error: f.Error})
	}
	return out
}

// summaryJSON is the documented JSON shape of a file in `haruspex summary
// --format json` (README, "Output formats").
type summaryJSON struct {
	Name         string               `json:"name"`
	SHA256       string               `json:"sha256"`
	Size         int64                `json:"size"`
	Version      string               `json:"har_version,omitempty"`
	Creator      string               `json:"creator"`
	Browser      string               `json:"browser"`
	Pages        int                  `json:"pages"`
	Entries      int                  `json:"entries"`
	FirstRequest string               `json:"first_request,omitempty"` // UTC, RFC 3339 with milliseconds
	LastRequest  string               `json:"last_request,omitempty"`
	FirstParty   string               `json:"first_party"`
	FirstPartyAt *site.Navigation     `json:"first_party_from,omitempty"`
	ThirdParties []report.DomainCount `json:"third_parties"`
	Warnings     []string             `json:"warnings"`
	Error        string               `json:"error,omitempty"`
}

func toSummaryJSON(f *report.File) summaryJSON {
	return summaryJSON{Name: f.Name, SHA256: f.SHA256, Size: f.Size, Version: f.Version, Creator: f.Creator, Browser: f.Browser,
		Pages: f.Pages, Entries: f.Entries, FirstRequest: f.FirstRequest, LastRequest: f.LastRequest, FirstParty: f.FirstParty,
		FirstPartyAt: f.FirstPartyAt, ThirdParties: orEmpty(f.ThirdParties), Warnings: orEmpty(f.Warnings), Error: f.Error}
}

// orEmpty returns s, or an empty slice for nil, so that JSON shows [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func firstSource(e *decode.Event) decode.Source {
	if len(e.Sources) == 0 {
		return decode.Source{}
	}
	return e.Sources[0]
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// errWriter remembers the first error a write returned, for writers that
// do not report it (fmt.Fprintf's callers, the table library): a full
// disk or a closed pipe must not pass for success.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	if err != nil {
		e.err = err
	}
	return n, err
}
