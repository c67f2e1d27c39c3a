package render

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

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
		// As an Encoder with SetIndent("", "  ") would encode
		// {"files":[…],"parties":[…]}, written a piece at a time: the
		// sources of a disclosure can be millions.
		bw := newBuffered(w)
		in := &indenter{w: bw}
		fb, err := marshalNoEscape(filesJSON(files))
		if err != nil {
			return err
		}
		io.WriteString(in, `{"files":`)
		in.Write(fb)
		io.WriteString(in, `,"parties":[`)
		for i, p := range ps {
			if i > 0 {
				io.WriteString(in, ",")
			}
			if err := writePartyJSON(in, p); err != nil {
				return err
			}
		}
		io.WriteString(in, "]}")
		bw.WriteByte('\n')
		return bw.Flush()
	case FormatNDJSON:
		bw := newBuffered(w)
		for _, p := range ps {
			if err := writePartyJSON(bw, p); err != nil {
				return err
			}
			bw.WriteByte('\n')
		}
		return bw.Flush()
	case FormatCSV:
		cw := csv.NewWriter(newBuffered(w))
		cw.Write(partiesCSVHeader)
		for _, p := range ps {
			for i := range p.Received {
				r := &p.Received[i]
				srcs, err := sourcesOf(r.SourceSeq())
				if err != nil {
					return err
				}
				evs, err := eventsOf(r)
				if err != nil {
					return err
				}
				row := []string{p.Domain, p.Company, p.LegalEntity, p.Country, p.CompanySource, strconv.Itoa(p.Requests), strings.Join(p.Visitors, " "),
					TimeIn(p.FirstTime, d.Location), TimeIn(p.LastTime, d.Location),
					r.Kind, r.What, r.Value, r.Note, strings.Join(r.Sensitive, "; "), strconv.Itoa(r.Count), srcs, evs,
					strconv.Itoa(r.Delivery.Answered), strconv.Itoa(r.Delivery.Unconfirmed), strconv.Itoa(r.Delivery.Failed)}
				if err := writeCSVRow(cw, row); err != nil {
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
			if n := p.WithoutConsentCount(); n > 0 {
				list, err := sourcesOf(p.WithoutConsentSeq())
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "  SENT WITHOUT CONSENT: %d request(s) before any choice or after a refusal (%s): %s\n", n, ConsentCaveat, Terminal(list))
			}
			t := newTable(w, []string{"received", "as", "value", "requests", "events"})
			for i := range p.Received {
				r := &p.Received[i]
				evs, err := eventsOf(r)
				if err != nil {
					return err
				}
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
				if err := t.add([]string{r.Kind, cell(r.What, 24), value, strconv.Itoa(r.Count), cell(evs, 30)}); err != nil {
					return err
				}
			}
			if err := t.close(); err != nil {
				return err
			}
		}
		for _, f := range files {
			fmt.Fprintf(w, "%s  sha256 %s  cookies %s\n", Terminal(f.Name), f.SHA256, f.Cookies)
		}
		return nil
	}
}

// appendSource adds one source to a compact list of sources, grouped by
// file: "a.har#5,10,11 b.har#2"; last is the file of the one before.
func appendSource(b *strings.Builder, last *string, file string, entry int) {
	if file != *last || b.Len() == 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(file)
		b.WriteByte('#')
		*last = file
	} else {
		b.WriteByte(',')
	}
	b.WriteString(strconv.Itoa(entry))
}
