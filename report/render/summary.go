package render

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/haruspex/haruspex/report"
)

// Summaries describes files (from an analysis with Options.FilesOnly):
// for the table, per file a table of facts (its time span in
// opt.Location, UTC by default), its third parties, then its warnings;
// for JSON, {"files":[…]}, indented, always UTC, the documented contract
// of `haruspex summary --format json`. Other formats are refused.
func Summaries(w io.Writer, f Format, files []*report.File, opt Options) error {
	ew := &errWriter{w: w}
	return cmp.Or(summaries(ew, f, files, opt), ew.err)
}

func summaries(w io.Writer, f Format, files []*report.File, opt Options) error {
	switch f {
	case FormatTable:
		return summariesTable(w, files, opt.Location)
	case FormatJSON:
		ss := make([]summaryJSON, 0, len(files))
		for _, fi := range files {
			ss = append(ss, toSummaryJSON(fi))
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(struct {
			Files []summaryJSON `json:"files"`
		}{ss})
	}
	return fmt.Errorf("render: summaries in %s: only table and json", f)
}

func summariesTable(w io.Writer, ss []*report.File, loc *time.Location) error {
	zone := "UTC"
	if loc != nil {
		zone = loc.String()
	}
	for i, s := range ss {
		if i > 0 {
			fmt.Fprintln(w)
		}
		span := "-"
		if s.FirstRequest != "" {
			span = TimeIn(s.FirstRequest, loc) + " to " + TimeIn(s.LastRequest, loc)
		}
		rows := [][]string{
			{"file", s.Name},
			{"sha256", s.SHA256},
			{"size", strconv.FormatInt(s.Size, 10) + " bytes"},
			{"creator", dash(s.Creator)},
			{"browser", dash(s.Browser)},
			{"pages", strconv.Itoa(s.Pages)},
			{"entries", strconv.Itoa(s.Entries)},
			{"time span (" + zone + ")", span},
			{"requests", deliveryCountText(s.Delivery)},
			{"first party", dash(s.FirstParty)},
		}
		if a := s.FirstPartyAt; a != nil {
			rows = append(rows, []string{"  found from", "entry " + strconv.Itoa(a.Entry) + ": " + a.URL},
				[]string{"  because", a.How})
		}
		if s.Error != "" {
			rows = append(rows, []string{"stopped", s.Error})
		}
		if err := writeTable(w, nil, rows); err != nil {
			return err
		}
		if len(s.ThirdParties) > 0 {
			tp := make([][]string, len(s.ThirdParties))
			for j, d := range s.ThirdParties {
				tp[j] = []string{d.Domain, strconv.Itoa(d.Requests)}
			}
			if err := writeTable(w, []string{"third party", "requests"}, tp); err != nil {
				return err
			}
		}
		if len(s.Warnings) > 0 {
			fmt.Fprintf(w, "%d warning(s):\n", len(s.Warnings))
			for _, x := range s.Warnings {
				fmt.Fprintf(w, "  %s\n", Terminal(x))
			}
		}
	}
	return nil
}
