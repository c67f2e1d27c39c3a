package evidence

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/report/render"
)

// md escapes a captured string for Markdown ([render.Markdown]).
func md(s string) string { return render.Markdown(s) }

// mdCode shows a captured value in code style ([render.MarkdownCode]).
func mdCode(s string) string { return render.MarkdownCode(s) }

type mdWriter struct {
	w   *bufio.Writer
	err error
}

func (m *mdWriter) p(format string, args ...any) {
	fmt.Fprintf(m.w, format, args...)
}

// table writes a Markdown table; cells must already be escaped.
func (m *mdWriter) table(header []string, rows [][]string) {
	m.p("\n| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for _, r := range rows {
		m.p("| %s |\n", strings.Join(r, " | "))
	}
	m.p("\n")
}

func joinMD(ss []string, sep string, f func(string) string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return strings.Join(out, sep)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeMarkdown(w io.Writer, c *caseView) error {
	m := &mdWriter{w: bufio.NewWriter(w)}
	m.p("# %s\n\n", md(c.Title))
	if c.CaseID != "" {
		m.p("- **Case:** %s\n", md(c.CaseID))
	}
	if c.GeneratedAt != "" {
		m.p("- **Generated at:** %s\n", md(c.GeneratedAt))
	}
	made := c.Tool.Name + " " + c.Tool.Version
	if c.Tool.Revision != "" {
		made += ", revision `" + c.Tool.Revision + "`"
		if c.Tool.Modified {
			made += " (with local changes)"
		}
	}
	if c.Tool.Go != "" {
		made += ", built with " + c.Tool.Go
	}
	m.p("- **Made by:** %s\n", md(made))
	m.p("- **Times:** %s (each request's start, by the capturing machine's clock)\n\n", c.Zone)
	m.p("Every figure in this report names its source: the capture file (identified by its SHA-256 in the table of inputs) and the entry's index in it, counting from 0, written as `file#entry`. manifest.json in the same folder records how the report was made and the SHA-256 of every file; `haruspex verify` checks them.\n\n")

	m.p("## 1 Case summary\n\n")
	fp := joinMD(c.FirstParties, ", ", func(s string) string { return "**" + md(s) + "**" })
	if fp == "" {
		fp = "not found"
	}
	plural := "ies"
	if len(c.Parties) == 1 {
		plural = "y"
	}
	m.p("%d capture file(s); first party %s; %d visitor(s); %d third part%s receiving %d request(s); %d tracker event(s) and third-party request(s)",
		len(c.Inputs), fp, len(c.Visitors), len(c.Parties), plural, c.RequestCount, c.EventCount)
	if c.FirstPartyEvents > 0 {
		m.p(", %d of them sent to the first party's own hosts (a tracker's own site was captured), not to a third party", c.FirstPartyEvents)
	}
	if c.Sensitive != nil {
		m.p("; %d sensitive-content finding(s)", c.FindingCount)
	}
	m.p(".\n\n### Inputs\n")
	var rows [][]string
	for _, in := range c.Inputs {
		rows = append(rows, []string{md(in.Name), "`" + in.SHA256 + "`", strconv.FormatInt(in.Size, 10) + " bytes", strconv.Itoa(in.Entries), md(in.FirstParty), in.Cookies})
	}
	m.table([]string{"file", "SHA-256", "size", "entries", "first party", "cookies"}, rows)
	for _, in := range c.Inputs {
		if in.Error != "" {
			m.p("- **%s: reading stopped:** %s\n", md(in.Name), md(in.Error))
		}
		if in.Warnings > 0 {
			m.p("- %s: %d warning(s) while reading (kept in timeline.json under \"files\")\n", md(in.Name), in.Warnings)
		}
	}
	m.p("### Third parties\n")
	if len(c.Parties) == 0 {
		m.p("\nThe captures show no request to a third party.\n\n")
	} else {
		rows = nil
		for _, p := range c.Parties {
			company := "not known"
			if p.Company != "" {
				company = md(p.Company)
				if p.LegalEntity != "" {
					company += " (" + md(p.LegalEntity)
					if p.Country != "" {
						company += ", " + md(p.Country)
					}
					company += ")"
				}
			}
			rows = append(rows, []string{md(p.Domain), company, strconv.Itoa(p.Requests), orDash(strings.Join(p.Visitors, ", "))})
		}
		m.table([]string{"third party", "company", "requests", "visitors reached"}, rows)
	}
	m.p("### Visitors\n\n")
	if len(c.Visitors) == 0 {
		m.p("No visitor: the captures hold no tracker event and no page navigation.\n\n")
	}
	for _, v := range c.Visitors {
		m.p("- %s: %d row(s) in %s", v.Heading, v.RowCount, joinMD(v.Files, ", ", md))
		if len(v.Identifiers) > 0 {
			var names []string
			for _, id := range v.Identifiers {
				names = append(names, mdCode(id.Name))
			}
			m.p("; identified by %s", strings.Join(names, ", "))
		}
		if v.Flagged > 0 {
			m.p("; **%d sensitive row(s)**", v.Flagged)
		}
		m.p("\n")
	}
	if len(c.Groups) > 0 {
		m.p("\n### Visitors a party can tie together\n\nEach visitor is one browser. These account-level identifiers (an account ID, a hashed e-mail or phone) reached one party from several browsers: the party can tie those visitors to one account. The capture does not show whether they are one person or several.\n\n")
		for _, g := range c.Groups {
			m.p("- %s\n", md(g))
		}
	}

	m.p("\n## 2 Sensitive content sent to third parties\n\n")
	switch {
	case c.Sensitive == nil:
		m.p("No list of sensitive-content categories was applied to this report, so nothing is flagged here. This is not a finding that the captures hold nothing sensitive: read the timelines below.\n\n")
	case len(c.Findings) == 0:
		m.p("No third-party event matched a term of the sensitive-content list %s (SHA-256 `%s`).\n\n", md(c.Sensitive.Name), c.Sensitive.SHA256)
	default:
		m.p("%d third-party event(s) carried text that matches a term of the sensitive-content list %s (SHA-256 `%s`). Each match names the field, what was sent (long values are shortened here to the matching text; the timelines and events.csv give them in full), the category, the term and the rule's line in the list.\n", c.FindingCount, md(c.Sensitive.Name), c.Sensitive.SHA256)
		rows = nil
		for _, f := range c.Findings {
			rows = append(rows, []string{f.Time, f.Visitor, md(f.Party), md(f.Event), "**" + joinMD(f.Categories, "<br>", md) + "**", joinMD(f.Matches, "<br>", md), md(f.Source)})
		}
		m.table([]string{"time", "visitor", "third party", "event", "category", "what was sent", "source"}, rows)
		if c.FindingCount > len(c.Findings) {
			m.p("The first %d of the %d are listed here; events.csv, events.ndjson and timeline.csv flag every one (column or member \"sensitive\").\n\n", len(c.Findings), c.FindingCount)
		}
	}

	consentMarkdown(m, c)

	m.p("## 3 Visitors and timelines\n")
	for _, v := range c.Visitors {
		m.p("\n### %s\n\n%d row(s) in %s.", v.Heading, v.RowCount, joinMD(v.Files, ", ", md))
		if len(v.Accounts) > 0 {
			var accs []string
			for _, id := range v.Accounts {
				accs = append(accs, mdCode(id.Name+" "+id.Value))
			}
			m.p(" Accounts: %s.\n", strings.Join(accs, ", "))
		} else {
			m.p(" No account identifier was sent.\n")
		}
		for _, cf := range v.Conflicts {
			m.p("\n**CONFLICT:** %s.\n", md(cf))
		}
		for _, g := range v.Groups {
			m.p("\nGroup %s.\n", md(g))
		}
		if len(v.Identifiers) > 0 {
			rows = nil
			for _, id := range v.Identifiers {
				rows = append(rows, []string{mdCode(id.Name), mdCode(id.Value), mdCode(id.FirstSeen.File+"#"+strconv.Itoa(id.FirstSeen.Entry)) + " " + id.FirstTime})
			}
			m.table([]string{"identifier", "value", "first seen"}, rows)
		}
		if len(v.Links) > 0 {
			m.p("Why these stretches of captures are one browser:\n\n")
			for _, l := range v.Links {
				m.p("- %s and %s both sent %s (%s)\n", mdCode(l.A), mdCode(l.B), mdCode(l.Via), mdCode(l.Source.File+"#"+strconv.Itoa(l.Source.Entry)))
			}
			m.p("\n")
		}
		for _, b := range v.Basis {
			m.p("- %s\n", md(b))
		}
		m.p("\n")
		if f := v.Figure; f != nil {
			m.p("The figure in report.html draws this timeline from %s to %s (%s): one lane per third party, each mark a row of the table below.\n", f.From, f.To, f.Zone)
		}
		rows = nil
		for _, r := range v.Rows {
			what := md(r.Summary)
			for _, x := range r.Matches {
				what += "<br>**MATCH:** " + md(x)
			}
			for _, fl := range r.Flags {
				what += "<br>**SENSITIVE (" + md(fl.Category) + "):** “" + md(fl.Rule) + "” in " + md(fl.Field) + " (" + md(fl.Where) + ")"
			}
			if r.Consent != "" {
				what += "<br>**" + md(r.Consent) + "**"
			}
			rows = append(rows, []string{strconv.Itoa(r.N), r.Time, md(r.Page), orDash(md(r.Party)), md(r.Event), what, joinMD(r.Sources, "<br>", md)})
		}
		m.table([]string{"#", "time", "page", "third party", "event", "what was sent", "source"}, rows)
		if v.RowCount > len(v.Rows) {
			m.p("The first %d of the %d rows are listed here and drawn in the figure; timeline.csv and timeline.json hold them all.\n\n", len(v.Rows), v.RowCount)
		}
	}

	m.p("## 4 Third parties: what each received\n")
	for _, p := range c.Parties {
		m.p("\n### %s\n\n", md(p.Domain))
		company := "not known"
		if p.Company != "" {
			company = md(p.Company)
		}
		m.p("- **company:** %s\n", company)
		if p.LegalEntity != "" {
			le := md(p.LegalEntity)
			if p.Country != "" {
				le += " (" + md(p.Country) + ")"
			}
			if p.Parent != "" {
				le += "; parent " + md(p.Parent)
			}
			m.p("- **legal entity (UK users):** %s\n", le)
		}
		if p.CompanySource != "" {
			m.p("- **attribution from:** %s\n", md(p.CompanySource))
		}
		m.p("- **hosts:** %s\n", joinMD(p.Hosts, ", ", md))
		m.p("- **requests:** %d\n", p.Requests)
		m.p("- **visitors reached:** %s\n", orDash(strings.Join(p.Visitors, ", ")))
		if len(p.Received) > 0 {
			rows = nil
			for _, d := range p.Received {
				value := md(d.Value)
				if d.Note != "" {
					value += "<br>(" + md(d.Note) + ")"
				}
				rows = append(rows, []string{d.Kind, md(d.What), value, strconv.Itoa(d.Count), md(d.Sources)})
			}
			m.table([]string{"received", "as", "value", "requests", "entries"}, rows)
		}
	}

	m.p("\n## 5 All third-party events and requests\n\n")
	m.p("%d row(s), in time order (ties by file, then entry). events.csv and events.ndjson hold the same events with every parameter.\n", c.EventCount)
	if len(c.Events) > 0 {
		rows = nil
		for _, e := range c.Events {
			what := md(e.Summary)
			for _, x := range e.Matches {
				what += "<br>**MATCH:** " + md(x)
			}
			for _, fl := range e.Flags {
				what += "<br>**SENSITIVE (" + md(fl.Category) + "):** “" + md(fl.Rule) + "”"
			}
			for _, x := range e.Warnings {
				what += "<br>warning: " + md(x)
			}
			rows = append(rows, []string{strconv.Itoa(e.N), e.Time, md(e.Host), md(e.Event) + "<br>" + e.Vendor + ", " + e.Kind, what,
				joinMD(e.IDs, "<br>", md), joinMD(e.Sources, "<br>", md)})
		}
		m.table([]string{"#", "time", "host", "event", "what was sent", "identifiers", "source"}, rows)
		if c.EventCount > len(c.Events) {
			m.p("The first %d are listed here; events.csv and events.ndjson hold all %d.\n\n", len(c.Events), c.EventCount)
		}
	} else {
		m.p("\n")
	}

	m.p("## Appendix A Methodology\n")
	for _, s := range c.Methodology {
		m.p("\n### %s\n", s.Heading)
		for _, para := range s.Paragraphs {
			m.p("\n%s\n", md(para))
		}
	}

	m.p("\n## Appendix B Glossary\n\n")
	m.p("What each parameter and identifier in this report's events means, in the words of the decoder that read it. Where the decoder's label decodes the value (a time, a bitmask), it is the label of the first occurrence.\n")
	if len(c.Glossary) == 0 {
		m.p("\nNo labelled parameter.\n\n")
	} else {
		rows = nil
		for _, t := range c.Glossary {
			rows = append(rows, []string{t.Vendor.String(), mdCode(t.Name), t.In, md(t.Meaning), strconv.Itoa(t.Count)})
		}
		m.table([]string{"vendor", "name", "sent in", "meaning", "events"}, rows)
	}

	m.p("## Appendix C Files in this folder\n")
	rows = nil
	for _, o := range c.Outputs {
		rows = append(rows, []string{"`" + o.Name + "`", md(o.What)})
	}
	m.table([]string{"file", "what it holds"}, rows)
	m.p("CSV files are formula-neutralised: a cell that a spreadsheet would read as a formula starts with an apostrophe. In every file, control characters and bidirectional overrides in captured text are written as visible escapes such as %s and %s.\n", "`\\x1b`", "`\\u202e`")
	if err := m.w.Flush(); err != nil {
		return err
	}
	return m.err
}
