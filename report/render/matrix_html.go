package render

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/report/matrix"
)

// matrixStyle is the heat map's whole stylesheet: five shades, from one
// data type to the most any cell holds.
const matrixStyle = `body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}
thead th{background:#f3f3f3}
td.m{font-family:ui-monospace,monospace;white-space:nowrap}
td.h1{background:#fde0dd}td.h2{background:#fcc5c0}td.h3{background:#fa9fb5}
td.h4{background:#f768a1;color:#fff}td.h5{background:#c51b8a;color:#fff}
td.s{outline:3px solid #b00;outline-offset:-3px}
ins{text-decoration:underline;font-weight:bold}
del{text-decoration:line-through;opacity:.8}
td.nc{font-style:italic;opacity:.7}
code{font-size:.9em;word-break:break-all}
`

func esc(s string) string { return html.EscapeString(Terminal(s)) }

func matrixHTML(w io.Writer, g *matrix.Grid) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>What third parties received, by site</title>
<style>
%s</style>
</head>
<body>
<h1>What third parties received, by site</h1>
`, matrixStyle)
	captures := 0
	for _, s := range g.Sites {
		captures += len(s.Captures)
	}
	p("<p>%d site(s), %d third part(ies), %d capture(s). Each cell lists the data types the third party received from the site, by code (below); the darker the cell, the more types. A cell's title gives the events, captures and visitors of each type. Made by haruspex matrix.</p>\n",
		len(g.Sites), len(g.Parties), captures)
	most := 0
	for _, row := range g.Cells {
		for _, c := range row {
			most = max(most, len(c.Types))
		}
	}
	p("<table>\n<thead><tr><th>site</th><th>captures</th>")
	for _, pt := range g.Parties {
		p("<th>%s", esc(pt.Domain))
		if pt.Company != "" {
			p("<br><small>%s</small>", esc(pt.Company))
		}
		p("</th>")
	}
	p("</tr></thead>\n<tbody>\n")
	for i, s := range g.Sites {
		p("<tr><th>%s</th><td>%s</td>", esc(siteLabel(s)), esc(capturesText(s, g.Compared)))
		for j := range g.Parties {
			c := g.Cells[i][j]
			if len(c.Types) == 0 {
				p("<td></td>")
				continue
			}
			class := "m h" + strconv.Itoa(shade(len(c.Types), most))
			var title []string
			sensitive := false
			for _, t := range c.Types {
				title = append(title, esc(typeTitle(t, g.Compared)))
				sensitive = sensitive || len(t.Sensitive) > 0
			}
			if sensitive {
				class += " s"
			}
			if s.Change != "" {
				class += " nc"
			}
			p(`<td class="%s" title="%s">`, class, strings.Join(title, "&#10;"))
			for k, cm := range cellCodes(c) {
				if k > 0 {
					p(" ")
				}
				code := esc(cm.code)
				if cm.sensitive {
					code += "*"
				}
				switch {
				case cm.added:
					p("<ins>%s</ins>", code)
				case cm.removed:
					p("<del>%s</del>", code)
				default:
					p("%s", code)
				}
			}
			p("</td>")
		}
		p("</tr>\n")
	}
	p("</tbody>\n</table>\n")
	if len(g.Types) > 0 {
		p("<h2>Data types</h2>\n<dl>\n")
		for _, t := range g.Types {
			p("<dt><code>%s</code> %s</dt><dd>%s</dd>\n", esc(DataTypeCode(t)), esc(t), esc(typeDefinition(t)))
		}
		p("</dl>\n")
	}
	if notes := legendNotes(g); len(notes) > 0 {
		p("<ul>\n")
		for _, n := range notes {
			p("<li><code>%s</code> %s</li>\n", esc(n.mark), esc(n.text))
		}
		p("</ul>\n")
	}
	p("<h2>Captures</h2>\n<table>\n<thead><tr><th>site</th><th>capture</th><th>SHA-256</th><th>entries</th><th>note</th>")
	if g.Compared {
		p("<th>side</th>")
	}
	p("</tr></thead>\n<tbody>\n")
	for _, s := range g.Sites {
		for _, c := range s.Captures {
			p("<tr><td>%s</td><td><code>%s</code></td><td><code>%s</code></td><td>%d</td><td>%s</td>",
				esc(siteLabel(matrix.GridSite{Site: s.Site})), esc(c.Name), esc(c.SHA256), c.Entries, esc(captureNote(c)))
			if g.Compared {
				p("<td>%s</td>", esc(c.Side))
			}
			p("</tr>\n")
		}
	}
	p("</tbody>\n</table>\n</body>\n</html>\n")
	return nil
}

// shade is a cell's darkness, 1 to 5, by its number of data types of
// the most any cell holds.
func shade(n, most int) int {
	if most <= 0 {
		return 1
	}
	return max(1, min(5, (n*5+most-1)/most))
}

// typeTitle describes one data type of a cell, for its title.
func typeTitle(t matrix.TypeCell, compared bool) string {
	s := fmt.Sprintf("%s: %d event(s) in %d capture(s), %d visitor(s); %d answered, %d unconfirmed, %d failed",
		t.Type, t.Events, t.Captures, t.Visitors, t.Answered, t.Unconfirmed, t.Failed)
	if len(t.Sensitive) > 0 {
		s += "; sensitive: " + strings.Join(t.Sensitive, ", ")
	}
	if compared {
		s += fmt.Sprintf("; baseline: %d event(s) in %d capture(s); %s", t.BaselineEvents, t.BaselineCaptures, t.Change)
	}
	return s
}
