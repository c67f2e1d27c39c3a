package render

import (
	"bufio"
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
var partiesCSVHeader = []string{"domain", "company", "legal_entity", "country", "company_source", "requests", "visitors", "kind", "what", "value", "note", "sensitive", "count", "sources", "answered", "unconfirmed", "failed"}

// Parties writes what each third party received (from
// [report.Analysis.Parties]). JSON is {"files":[…],"parties":[…]};
// NDJSON is one party object per line.
func Parties(w io.Writer, f Format, files []*report.File, ps []*report.Party) error {
	ew := &errWriter{w: w}
	return cmp.Or(parties(ew, f, files, ps), ew.err)
}

func parties(w io.Writer, f Format, files []*report.File, ps []*report.Party) error {
	if ps == nil {
		ps = []*report.Party{}
	}
	switch f {
	case FormatJSON:
		// As an Encoder with SetIndent("", "  ") would encode
		// {"files":[…],"parties":[…]}, written a piece at a time: the
		// sources of a disclosure can be millions.
		bw := bufio.NewWriter(w)
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
		bw := bufio.NewWriter(w)
		for _, p := range ps {
			if err := writePartyJSON(bw, p); err != nil {
				return err
			}
			bw.WriteByte('\n')
		}
		return bw.Flush()
	case FormatCSV:
		cw := csv.NewWriter(w)
		cw.Write(partiesCSVHeader)
		for _, p := range ps {
			for i := range p.Received {
				d := &p.Received[i]
				srcs, err := sourcesOf(d)
				if err != nil {
					return err
				}
				row := []string{p.Domain, p.Company, p.LegalEntity, p.Country, p.CompanySource, strconv.Itoa(p.Requests), strings.Join(p.Visitors, " "),
					d.Kind, d.What, d.Value, d.Note, strings.Join(d.Sensitive, "; "), strconv.Itoa(d.Count), srcs,
					strconv.Itoa(d.Delivery.Answered), strconv.Itoa(d.Delivery.Unconfirmed), strconv.Itoa(d.Delivery.Failed)}
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
			fmt.Fprintf(w, "  hosts: %s\n", Terminal(strings.Join(p.Hosts, ", ")))
			if n := len(p.WithoutConsent); n > 0 {
				fmt.Fprintf(w, "  SENT WITHOUT CONSENT: %d request(s) before any choice or after a refusal (%s): %s\n", n, ConsentCaveat, Terminal(sourcesText(p.WithoutConsent)))
			}
			t := newTable(w, []string{"received", "as", "value", "requests", "entries"})
			for i := range p.Received {
				d := &p.Received[i]
				srcs, err := sourcesOf(d)
				if err != nil {
					return err
				}
				value := cell(d.Value, 60)
				if d.Note != "" {
					value += "\n" + cell("("+d.Note+")", 60)
				}
				for _, f := range d.Sensitive {
					value += "\n" + cell("SENSITIVE "+f, 60)
				}
				if d.Delivery.Answered < d.Count {
					value += "\n" + cell("("+deliveryCountText(d.Delivery)+")", 60)
				}
				if err := t.add([]string{d.Kind, cell(d.What, 24), value, strconv.Itoa(d.Count), cell(srcs, 30)}); err != nil {
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
