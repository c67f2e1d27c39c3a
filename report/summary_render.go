package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// WriteSummariesJSON writes summaries as {"files":[…]}, indented, the
// documented JSON contract of `haruspex summary --format json`.
func WriteSummariesJSON(w io.Writer, ss []*Summary) error {
	if ss == nil {
		ss = []*Summary{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Files []*Summary `json:"files"`
	}{ss})
}

// WriteSummariesTable writes summaries for a terminal: per file a table of
// facts, its third parties, then its warnings.
func WriteSummariesTable(w io.Writer, ss []*Summary) error {
	for i, s := range ss {
		if i > 0 {
			fmt.Fprintln(w)
		}
		span := "-"
		if s.FirstRequest != "" {
			span = s.FirstRequest + " to " + s.LastRequest
		}
		rows := [][]string{
			{"file", s.Name},
			{"sha256", s.SHA256},
			{"size", strconv.FormatInt(s.Size, 10) + " bytes"},
			{"creator", dash(s.Creator)},
			{"browser", dash(s.Browser)},
			{"pages", strconv.Itoa(s.Pages)},
			{"entries", strconv.Itoa(s.Entries)},
			{"time span (UTC)", span},
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

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
