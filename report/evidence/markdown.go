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
	m.p("Every row of this report has an ID that a statement can cite, such as `f9c7f2e4#17.2`: the first eight hexadecimal digits of the capture file's SHA-256 (listed with the inputs), the entry's index in the file counting from 0, and the event's place among those of that request (none for a page the visitor opened). The same ID names the row in report.html (as the anchor `#ev-f9c7f2e4-17-2`), events.csv, timeline.csv, parties.csv and the JSON files. manifest.json in the same folder records how the report was made and the SHA-256 of every file; `haruspex verify` checks them.\n\n")

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
		if len(c.SiteWide) > 0 {
			m.p(" and %d site-wide match(es)", len(c.SiteWide))
		}
	}
	m.p(".\n\n### Inputs\n")
	var rows [][]string
	for _, in := range c.Inputs {
		rows = append(rows, []string{md(in.Name), "`" + in.SHA256 + "`", "`" + in.IDPrefix + "`", strconv.FormatInt(in.Size, 10) + " bytes", strconv.Itoa(in.Entries), md(in.FirstParty), in.Cookies})
	}
	m.table([]string{"file", "SHA-256", "event IDs", "size", "entries", "first party", "cookies"}, rows)
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
			when := "-"
			if p.FirstTime != "" {
				when = p.FirstTime + " to " + p.LastTime
			}
			rows = append(rows, []string{md(p.Domain), company, strconv.Itoa(p.Requests), when, orDash(strings.Join(p.Visitors, ", "))})
		}
		m.table([]string{"third party", "company", "requests", "first and last request", "visitors reached"}, rows)
	}
	m.p("### Visitors\n\n")
	if len(c.Visitors) == 0 {
		m.p("No visitor: the captures hold no tracker event and no page navigation.\n\n")
	}
	for _, v := range c.Visitors {
		m.p("- **%s**: %s\n", v.Heading, visitorHeadlineMD(v))
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
	case len(c.Findings) == 0 && len(c.SiteWide) == 0:
		m.p("No third-party event matched a term of the sensitive-content list %s (SHA-256 `%s`).\n\n", md(c.Sensitive.Name), c.Sensitive.SHA256)
	default:
		m.p("%d third-party event(s) carried text that matches a term of the sensitive-content list %s (SHA-256 `%s`). Each match names the field, what was sent (long values are shortened here to the matching text; the timelines and events.csv give them in full), the category, the term and the rule's line in the list.", c.FindingCount, md(c.Sensitive.Name), c.Sensitive.SHA256)
		if len(c.SiteWide) > 0 {
			m.p(" Text the site sends from every page (a page description, say) is listed once, as site-wide, below the table, not on each event.")
		}
		m.p("\n")
		if len(c.Findings) > 0 {
			rows = nil
			for _, f := range c.Findings {
				rows = append(rows, []string{mdCode(f.ID), f.Time, f.Visitor, md(f.Party) + "<br>" + md(f.Event), "**" + joinMD(f.Categories, "<br>", md) + "**", joinMD(f.Matches, "<br>", md)})
			}
			m.table([]string{"event", "time", "visitor", "sent to, event", "category", "what was sent"}, rows)
			if c.FindingCount > len(c.Findings) {
				m.p("The first %d of the %d are listed here; events.csv, events.ndjson and timeline.csv flag every one (column or member \"sensitive\").\n\n", len(c.Findings), c.FindingCount)
			}
		} else {
			m.p("\n")
		}
		if len(c.SiteWide) > 0 {
			m.p("### Site-wide matches\n\n")
			for _, s := range c.SiteWide {
				var ids []string
				for _, e := range s.Events {
					ids = append(ids, e.ID)
				}
				m.p("- **%s** — %s: %s “%s” matches **%s**, “%s” (%s); sent in %d event(s) of %s: %s\n", s.Ref, md(s.OnPages()), mdCode(s.Field), md(s.Value),
					md(s.Category), md(s.Rule), md(s.Where), s.EventCount, strings.Join(s.Visitors, ", "), render.EventIDs(ids))
				if s.EventCount > len(s.Events) {
					m.p("  … and %d more (events.csv flags every one)\n", s.EventCount-len(s.Events))
				}
			}
			m.p("\n")
		}
	}

	consentMarkdown(m, c)

	m.p("## 3 Visitors and timelines\n")
	for _, v := range c.Visitors {
		m.p("\n### %s\n\n", v.Heading)
		accounts := "none: no account identifier was sent."
		if len(v.Accounts) > 0 {
			accounts = joinMD(v.Accounts, ", ", mdCode)
		}
		m.p("- **Accounts:** %s\n", accounts)
		for _, cf := range v.Conflicts {
			m.p("- **CONFLICT:** %s.\n", md(cf))
		}
		for _, g := range v.Groups {
			m.p("- **Group** %s.\n", md(g))
		}
		when := "no readable time"
		if v.First != "" {
			when = fmt.Sprintf("%s to %s (%s), %d session(s)", v.First, v.Last, c.Zone, v.Sessions)
		}
		m.p("- **When:** %s; %d row(s) in %s.\n", when, v.RowCount, joinMD(v.Files, ", ", md))
		sens := "no event with sensitive content of its own"
		if v.Findings > 0 {
			sens = fmt.Sprintf("**%d event(s) with sensitive content of their own**", v.Findings)
		}
		if len(v.SiteWide) > 0 {
			sens += "; site-wide match " + strings.Join(v.SiteWide, ", ")
		}
		m.p("- **Sensitive content:** %s.\n", sens)
		for _, n := range v.CookieNotes {
			m.p("- %s\n", md(n))
		}
		if len(v.Identifiers) > 0 {
			rows = nil
			for _, id := range v.Identifiers {
				name := mdCode(id.Name)
				if id.Account {
					name = "**" + name + "**"
				}
				rows = append(rows, []string{name, mdCode(id.Value), mdCode(id.Source) + " " + id.Time})
			}
			m.table([]string{"identifier", "value", "first seen"}, rows)
		}
		if len(v.Links) > 0 {
			m.p("Why these stretches of captures are one browser:\n\n")
			for _, l := range v.Links {
				at := ""
				if l.Time != "" {
					at = ", " + l.Time
				}
				m.p("- %s and %s both sent %s (%s%s)\n", mdCode(l.A), mdCode(l.B), mdCode(l.Via), mdCode(l.Source), at)
			}
			m.p("\n")
		}
		for _, b := range v.Basis {
			m.p("- %s\n", md(b))
		}
		m.p("\n")
		if f := v.Figure; f != nil {
			m.p("The figure in report.html draws this timeline from %s to %s (%s): one lane per third party, each mark a row of the table below", f.From, f.To, f.Zone)
			if len(f.Cuts) > 0 {
				m.p("; %d pause(s) longer than 30 minutes are cut out of its time axis", len(f.Cuts))
			}
			m.p(".\n")
		}
		rows = nil
		for _, r := range v.Rows {
			what := md(r.Summary)
			if r.Page != "" {
				what += "<br>page: " + md(r.Page)
			}
			for _, x := range r.Matches {
				what += "<br>**MATCH:** " + md(x)
			}
			for _, fl := range r.Flags {
				what += "<br>**SENSITIVE** " + md(fl)
			}
			for _, s := range r.SiteWide {
				what += "<br>site-wide match " + s + " (see section 2)"
			}
			if r.Consent != "" {
				what += "<br>**" + md(r.Consent) + "**"
			}
			for _, n := range r.Notes {
				what += "<br>_" + md(n) + "_"
			}
			id := mdCode(r.ID)
			for _, s := range r.Sources[min(1, len(r.Sources)):] {
				id += "<br>also " + md(s)
			}
			to := "_" + md(r.Event) + "_"
			if !r.Navigation {
				to = md(r.Party)
				if r.Company != "" {
					to += " (" + md(r.Company) + ")"
				}
				to += "<br>**" + md(r.Event) + "**"
			}
			rows = append(rows, []string{id, r.Time, to, what})
		}
		m.table([]string{"ID", "time", "sent to, event", "what was sent"}, rows)
		if v.RowCount > len(v.Rows) {
			m.p("The first %d of the %d rows are listed here and drawn in the figure; timeline.csv and timeline.json hold them all.\n\n", len(v.Rows), v.RowCount)
		}
	}
	m.p("Every third-party event of the captures is a row of a visitor's timeline above. events.csv and events.ndjson list the same events, by the same IDs, with every parameter.\n\n")

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
		m.p("- **requests:** %d", p.Requests)
		if p.FirstTime != "" {
			m.p(", from %s to %s", p.FirstTime, p.LastTime)
		}
		m.p("\n- **visitors reached:** %s\n", orDash(strings.Join(p.Visitors, ", ")))
		if len(p.Received) > 0 {
			rows = nil
			for _, d := range p.Received {
				value := md(d.Value)
				if d.Note != "" {
					value += "<br>(" + md(d.Note) + ")"
				}
				var ids []string
				for _, e := range d.Events {
					ids = append(ids, e.ID)
				}
				evs := md(render.EventIDs(ids))
				if d.MoreEvents > 0 {
					evs += " … and " + strconv.Itoa(d.MoreEvents) + " more (parties.csv lists them all)"
				}
				rows = append(rows, []string{d.Kind, md(d.What), value, strconv.Itoa(d.Count), evs})
			}
			m.table([]string{"received", "as", "value", "requests", "events"}, rows)
		}
	}

	m.p("\n## Appendix A Methodology\n")
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

// visitorHeadlineMD is a visitor's line in the case summary.
func visitorHeadlineMD(v *visitorView) string {
	var b strings.Builder
	if len(v.Accounts) > 0 {
		b.WriteString("tied to " + joinMD(v.Accounts, ", ", mdCode))
	} else {
		b.WriteString("no account identifier sent")
	}
	if len(v.GroupIDs) > 0 {
		b.WriteString("; in group " + strings.Join(v.GroupIDs, ", "))
	}
	if len(v.Conflicts) > 0 {
		fmt.Fprintf(&b, "; **%d conflict(s)**", len(v.Conflicts))
	}
	if v.First != "" {
		fmt.Fprintf(&b, "; %s to %s, %d session(s)", v.First, v.Last, v.Sessions)
	} else {
		b.WriteString("; no readable time")
	}
	fmt.Fprintf(&b, "; %d row(s) in %s", v.RowCount, joinMD(v.Files, ", ", md))
	if v.Findings > 0 {
		fmt.Fprintf(&b, "; **%d sensitive finding(s)**", v.Findings)
	}
	if len(v.SiteWide) > 0 {
		b.WriteString("; site-wide match " + strings.Join(v.SiteWide, ", "))
	}
	b.WriteString(".")
	return b.String()
}
