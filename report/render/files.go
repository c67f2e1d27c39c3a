package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

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
	Delivery     report.DeliveryCount `json:"delivery"`
	Warnings     []string             `json:"warnings"`
	Error        string               `json:"error,omitempty"`
}

func toSummaryJSON(f *report.File) summaryJSON {
	return summaryJSON{Name: f.Name, SHA256: f.SHA256, Size: f.Size, Version: f.Version, Creator: f.Creator, Browser: f.Browser,
		Pages: f.Pages, Entries: f.Entries, FirstRequest: f.FirstRequest, LastRequest: f.LastRequest, FirstParty: f.FirstParty,
		FirstPartyAt: f.FirstPartyAt, ThirdParties: orEmpty(f.ThirdParties), Delivery: f.Delivery, Warnings: orEmpty(f.Warnings), Error: f.Error}
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

// deliveryText says what the capture shows of a request's delivery, for
// the CSV "delivery" column: "answered 200", "unconfirmed (status -1,
// net::ERR_ABORTED)", "failed (net::ERR_BLOCKED_BY_CLIENT)".
func deliveryText(d decode.Delivery) string {
	if d.State == decode.DeliveryAnswered {
		return "answered " + strconv.Itoa(d.Status)
	}
	var why []string
	if d.State == decode.DeliveryUnconfirmed || d.Status != 0 {
		why = append(why, "status "+strconv.Itoa(d.Status))
	}
	if d.Error != "" {
		why = append(why, d.Error)
	}
	if len(why) == 0 {
		return d.State.String()
	}
	return d.State.String() + " (" + strings.Join(why, ", ") + ")"
}

// deliveryWarning is the line the tables add to an event whose request
// the capture does not show answered, "" for an answered one.
func deliveryWarning(d decode.Delivery) string {
	switch d.State {
	case decode.DeliveryAnswered:
		return ""
	case decode.DeliveryFailed:
		return "NOT SENT: " + deliveryText(d) + ": the request failed before it reached the server"
	}
	return "NOT CONFIRMED: " + deliveryText(d) + ": no answer recorded; the request may not have reached the server"
}

func deliveryCountText(c report.DeliveryCount) string {
	return fmt.Sprintf("%d answered, %d unconfirmed, %d failed", c.Answered, c.Unconfirmed, c.Failed)
}
