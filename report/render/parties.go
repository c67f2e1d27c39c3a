package render

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
)

// partiesCSVHeader is the header row of the parties CSV: one row per
// thing a party received.
var partiesCSVHeader = []string{"domain", "company", "legal_entity", "country", "company_source", "requests", "visitors", "first_time", "last_time", "kind", "what", "value", "note", "sensitive", "count", "sources", "events", "answered", "unconfirmed", "failed"}

// Parties writes what each third party received (from
// [report.Analysis.Parties]). JSON is {"files":[…],"parties":[…]};
// NDJSON is one party object per line. Each thing received lists the IDs
// of the events that carried it ([decode.Event.ID]). d shows the parties'
// first and last times in the table and CSV.
func Parties(w io.Writer, f Format, files []*report.File, ps []*report.Party, d Options) error {
	ew := &errWriter{w: w}
	return cmp.Or(parties(ew, f, files, ps, d), ew.err)
}

func parties(w io.Writer, f Format, files []*report.File, ps []*report.Party, d Options) error {
	if ps == nil {
		ps = []*report.Party{}
	}
	switch f {
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(struct {
			Files   []fileJSON      `json:"files"`
			Parties []*report.Party `json:"parties"`
		}{filesJSON(files), ps})
	case FormatNDJSON:
		bw := bufio.NewWriter(w)
		for _, p := range ps {
			b, err := marshalNoEscape(p)
			if err != nil {
				return err
			}
			bw.Write(b)
			bw.WriteByte('\n')
		}
		return bw.Flush()
	case FormatCSV:
		cw := csv.NewWriter(w)
		cw.Write(partiesCSVHeader)
		for _, p := range ps {
			for _, r := range p.Received {
				row := []string{p.Domain, p.Company, p.LegalEntity, p.Country, p.CompanySource, strconv.Itoa(p.Requests), strings.Join(p.Visitors, " "),
					TimeIn(p.FirstTime, d.Location), TimeIn(p.LastTime, d.Location),
					r.Kind, r.What, r.Value, r.Note, strings.Join(r.Sensitive, "; "), strconv.Itoa(r.Count), sourcesText(r.Sources), EventIDs(r.Events),
					strconv.Itoa(r.Delivery.Answered), strconv.Itoa(r.Delivery.Unconfirmed), strconv.Itoa(r.Delivery.Failed)}
				for j := range row {
					row[j] = Spreadsheet(row[j])
				}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		return cw.Error()
	default:
		if len(ps) == 0 {
			fmt.Fprintln(w, "no third parties")
		}
		for i, p := range ps {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s", Terminal(p.Domain))
			if p.Company != "" {
				who := p.Company
				if p.LegalEntity != "" {
					who += ", " + p.LegalEntity
				}
				if p.Country != "" {
					who += ", " + p.Country
				}
				fmt.Fprintf(w, " (%s; source: %s)", Terminal(who), Terminal(p.CompanySource))
			}
			fmt.Fprintf(w, ": %d request(s) (%s), visitors %s\n", p.Requests, deliveryCountText(p.Delivery), dash(strings.Join(p.Visitors, ", ")))
			if p.FirstTime != "" {
				fmt.Fprintf(w, "  from %s to %s\n", TimeIn(p.FirstTime, d.Location), TimeIn(p.LastTime, d.Location))
			}
			fmt.Fprintf(w, "  hosts: %s\n", Terminal(strings.Join(p.Hosts, ", ")))
			var rows [][]string
			for _, r := range p.Received {
				value := cell(r.Value, 60)
				if r.Note != "" {
					value += "\n" + cell("("+r.Note+")", 60)
				}
				for _, f := range r.Sensitive {
					value += "\n" + cell("SENSITIVE "+f, 60)
				}
				if r.Delivery.Answered < r.Count {
					value += "\n" + cell("("+deliveryCountText(r.Delivery)+")", 60)
				}
				rows = append(rows, []string{r.Kind, cell(r.What, 24), value, strconv.Itoa(r.Count), cell(EventIDs(r.Events), 30)})
			}
			if len(rows) > 0 {
				if err := writeWrappedTable(w, []string{"received", "as", "value", "requests", "events"}, rows); err != nil {
					return err
				}
			}
		}
		for _, f := range files {
			fmt.Fprintf(w, "%s  sha256 %s  cookies %s\n", Terminal(f.Name), f.SHA256, f.Cookies)
		}
		return nil
	}
}

// sourcesText lists sources compactly, grouped by file:
// "a.har#5,10,11 b.har#2".
func sourcesText(ss []decode.Source) string {
	var b strings.Builder
	last := ""
	for _, s := range ss {
		if s.File != last || b.Len() == 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.File)
			b.WriteByte('#')
			last = s.File
		} else {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(s.Entry))
	}
	return b.String()
}
