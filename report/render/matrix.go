package render

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report/matrix"
)

// MatrixFormat is an output format of a [matrix.Matrix].
type MatrixFormat int

// The matrix's formats: two tables of sites × third parties with a code
// per data type (the published-table shape), the long form (one row per
// site, party, data type and capture: [matrix.Row]) in three encodings,
// and a heat map.
const (
	MatrixTable    MatrixFormat = iota // a terminal table
	MatrixMarkdown                     // a Markdown table, for a paper or an issue
	MatrixCSV                          // the long form, RFC 4180 CSV, formula-neutralised
	MatrixNDJSON                       // the long form, one JSON object per line
	MatrixParquet                      // the long form, one Parquet file ([matrix.WriteParquet])
	MatrixHTML                         // a self-contained HTML heat map, no script
)

var matrixFormatNames = []string{"table", "markdown", "csv", "ndjson", "parquet", "html"}

// MatrixFormats lists the formats' names, as --format takes them.
func MatrixFormats() []string { return append([]string(nil), matrixFormatNames...) }

// String returns the format's name.
func (f MatrixFormat) String() string {
	if f >= 0 && int(f) < len(matrixFormatNames) {
		return matrixFormatNames[f]
	}
	return "MatrixFormat(" + strconv.Itoa(int(f)) + ")"
}

// ParseMatrixFormat reads a format name.
func ParseMatrixFormat(s string) (MatrixFormat, error) {
	for i, n := range matrixFormatNames {
		if n == s {
			return MatrixFormat(i), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q (want %s)", s, strings.Join(matrixFormatNames, ", "))
}

// MatrixHeader is the long form's header row (CSV), and the names of the
// NDJSON members and the Parquet columns, in order.
var MatrixHeader = []string{"site", "party", "company", "data_type", "events", "answered", "unconfirmed", "failed", "visitors", "sensitive", "capture", "sha256", "error", "side", "change"}

// LongForm reports whether the format is a long form (one record per
// [matrix.Row]: CSV, NDJSON, Parquet), which [MatrixRowWriter] streams;
// the others show a [matrix.Grid] ([MatrixGrid]).
func (f MatrixFormat) LongForm() bool {
	return f == MatrixCSV || f == MatrixNDJSON || f == MatrixParquet
}

// Matrix writes m in format f. The tables and the heat map show
// [matrix.Matrix.Grid] ([MatrixGrid]); the long forms write m.Rows as
// they are ([MatrixRowWriter]).
func Matrix(w io.Writer, f MatrixFormat, m *matrix.Matrix) error {
	if !f.LongForm() {
		return MatrixGrid(w, f, m.Grid())
	}
	rw, err := NewMatrixRowWriter(w, f)
	if err != nil {
		return err
	}
	return cmp.Or(rw.Write(m.Rows...), rw.Close())
}

// MatrixGrid writes a grid in format f (table, markdown or html): sites
// down, third parties across, and in each cell a code per data type
// received ([DataTypeCode]), explained below the table with the captures
// and their SHA-256s.
func MatrixGrid(w io.Writer, f MatrixFormat, g *matrix.Grid) error {
	ew := &errWriter{w: w}
	var err error
	switch f {
	case MatrixMarkdown:
		err = matrixMarkdown(ew, g)
	case MatrixHTML:
		err = matrixHTML(ew, g)
	case MatrixTable:
		err = matrixTable(ew, g)
	default:
		err = fmt.Errorf("render: %s is a long form, not a grid", f)
	}
	return cmp.Or(err, ew.err)
}

// MatrixRowWriter writes the long form row by row as CSV (a header
// first, every cell formula-neutralised), NDJSON (one object per row,
// members named and ordered as [MatrixHeader]) or Parquet
// ([matrix.ParquetWriter]), holding only its buffer. Call Close at the
// end.
type MatrixRowWriter struct {
	f   MatrixFormat
	ew  *errWriter
	bw  *bufio.Writer
	cw  *csv.Writer
	pw  *matrix.ParquetWriter
	err error
}

// NewMatrixRowWriter starts the long form in format f on w; the error
// says f is not a long form.
func NewMatrixRowWriter(w io.Writer, f MatrixFormat) (*MatrixRowWriter, error) {
	if !f.LongForm() {
		return nil, fmt.Errorf("render: %s is not a long form", f)
	}
	ew := &errWriter{w: w}
	rw := &MatrixRowWriter{f: f, ew: ew}
	switch f {
	case MatrixParquet:
		rw.pw = matrix.NewParquetWriter(ew)
	case MatrixCSV:
		rw.cw = csv.NewWriter(newBuffered(ew))
		rw.err = rw.cw.Write(MatrixHeader)
	default:
		rw.bw = newBuffered(ew)
	}
	return rw, nil
}

// Write writes rows; the error is the first write that failed.
func (rw *MatrixRowWriter) Write(rows ...matrix.Row) error {
	for _, r := range rows {
		if rw.err != nil {
			break
		}
		switch rw.f {
		case MatrixParquet:
			rw.err = rw.pw.Write(r)
		case MatrixCSV:
			rw.err = writeCSVRow(rw.cw, matrixRecord(r))
		default:
			if r.Sensitive == nil {
				r.Sensitive = []string{}
			}
			var b []byte
			if b, rw.err = marshalNoEscape(r); rw.err == nil {
				rw.bw.Write(b)
				rw.bw.WriteByte('\n')
			}
		}
	}
	return cmp.Or(rw.err, rw.ew.err)
}

// Close finishes the output (flushes it; writes Parquet's footer). It
// does not close w.
func (rw *MatrixRowWriter) Close() error {
	if rw.err == nil {
		switch rw.f {
		case MatrixParquet:
			rw.err = rw.pw.Close()
		case MatrixCSV:
			rw.cw.Flush()
			rw.err = rw.cw.Error()
		default:
			rw.err = rw.bw.Flush()
		}
	}
	return cmp.Or(rw.err, rw.ew.err)
}

// matrixRecord is a row's CSV record, before escaping.
func matrixRecord(r matrix.Row) []string {
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	return []string{r.Site, r.Party, r.Company, r.DataType, n(r.Events), n(r.Answered), n(r.Unconfirmed), n(r.Failed), n(r.Visitors),
		strings.Join(r.Sensitive, "; "), r.Capture, r.SHA256, r.Error, r.Side, r.Change}
}

// DataTypeCode is the short code a table shows for a data type (its
// name, or [matrix.NoParameters]): two letters, or "?" for a name it
// does not know.
func DataTypeCode(name string) string {
	if name == matrix.NoParameters {
		return "Np"
	}
	t, err := decode.ParseDataType(name)
	if err != nil {
		return "?"
	}
	switch t {
	case decode.DataPageURL:
		return "Pg"
	case decode.DataPageContent:
		return "Ti"
	case decode.DataReferrer:
		return "Rf"
	case decode.DataEventName:
		return "Ev"
	case decode.DataButtonText:
		return "Bt"
	case decode.DataFormFieldNames:
		return "Ff"
	case decode.DataFormFieldValues:
		return "Fv"
	case decode.DataSearchTerms:
		return "Se"
	case decode.DataCustomEvent:
		return "Cd"
	case decode.DataPurchase:
		return "Pu"
	case decode.DataAdCampaign:
		return "Ad"
	case decode.DataHashedEmail:
		return "Em"
	case decode.DataHashedPhone:
		return "Ph"
	case decode.DataHashedPersonal:
		return "Nm"
	case decode.DataPlainPersonal:
		return "Pl"
	case decode.DataAccountID:
		return "Ac"
	case decode.DataBrowserID:
		return "Br"
	case decode.DataClickID:
		return "Cl"
	case decode.DataLoginSession:
		return "Lg"
	case decode.DataConsent:
		return "Cs"
	case decode.DataDevice:
		return "Dv"
	case decode.DataTrackerConfig:
		return "Cf"
	case decode.DataTechnical:
		return "Tc"
	case decode.DataCookie:
		return "Ck"
	case decode.DataUndecodedBody:
		return "Ub"
	case decode.DataUnclassified:
		return "Un"
	}
	return "?"
}

// typeDefinition defines a data type's name for a legend.
func typeDefinition(name string) string {
	if name == matrix.NoParameters {
		return "a request that carried no parameter, cookie or identifier (the tracker's code loading, for one)"
	}
	if t, err := decode.ParseDataType(name); err == nil {
		return t.Definition()
	}
	return ""
}

// codeMark is one code in a cell, with its marks: "+" added, "-"
// removed, "*" sensitive.
type codeMark struct {
	code                      string
	added, removed, sensitive bool
}

// cellCodes lists the codes of a cell, in the grid's type order.
func cellCodes(c matrix.Cell) []codeMark {
	var out []codeMark
	for _, t := range c.Types {
		out = append(out, codeMark{code: DataTypeCode(t.Type), added: t.Change == matrix.ChangeAdded,
			removed: t.Change == matrix.ChangeRemoved, sensitive: len(t.Sensitive) > 0})
	}
	return out
}

// cellText writes a cell's codes as the terminal and Markdown tables
// show them: "+Pg" added, "-Pg" removed, "Bt*" sensitive, in parentheses
// for a site not compared.
func cellText(c matrix.Cell, site matrix.GridSite) string {
	var parts []string
	for _, cm := range cellCodes(c) {
		s := cm.code
		switch {
		case cm.added:
			s = "+" + s
		case cm.removed:
			s = "-" + s
		}
		if cm.sensitive {
			s += "*"
		}
		parts = append(parts, s)
	}
	s := strings.Join(parts, " ")
	if s != "" && site.Change != "" {
		s = "(" + s + ")"
	}
	return s
}

// siteLabel names a grid row: the site, or "(no first party)", with the
// reason a comparison leaves it out.
func siteLabel(s matrix.GridSite) string {
	l := s.Site
	if l == "" {
		l = "(no first party)"
	}
	switch s.Change {
	case matrix.ChangeNotRecaptured:
		l += " (not recaptured)"
	case matrix.ChangeNewSite:
		l += " (new site)"
	}
	return l
}

// partyLabel names a grid column: "facebook.com (Meta)".
func partyLabel(p matrix.GridParty) string {
	if p.Company == "" {
		return p.Domain
	}
	return p.Domain + " (" + p.Company + ")"
}

// capturesText counts a site's captures read: "2", or "2 → 1" (baseline
// → current) in a comparison. Duplicates and unusable captures do not
// count.
func capturesText(s matrix.GridSite, compared bool) string {
	var before, after int
	for _, c := range s.Captures {
		if !c.Usable() || c.DuplicateOf != "" {
			continue
		}
		if c.Side == matrix.SideBaseline {
			before++
		} else {
			after++
		}
	}
	if compared {
		return strconv.Itoa(before) + " → " + strconv.Itoa(after)
	}
	return strconv.Itoa(after)
}

// captureNote says what is special about a capture: where reading
// stopped, or whose bytes it repeats.
func captureNote(c *matrix.Capture) string {
	if c.DuplicateOf != "" {
		return "same SHA-256 as " + c.DuplicateOf + ", counted there"
	}
	return c.Error
}

// legendNote explains one mark a grid uses.
type legendNote struct{ mark, text string }

// legendNotes are the marks a grid uses, explained.
func legendNotes(g *matrix.Grid) []legendNote {
	var sensitive bool
	for _, row := range g.Cells {
		for _, c := range row {
			for _, t := range c.Types {
				sensitive = sensitive || len(t.Sensitive) > 0
			}
		}
	}
	var out []legendNote
	if sensitive {
		out = append(out, legendNote{"*", "a value of this type matched a sensitive-content rule (the long form's sensitive column names the categories)"})
	}
	if g.Compared {
		out = append(out, legendNote{"+", "added: sent in the current captures, not in the baseline"},
			legendNote{"-", "removed: sent in the baseline, not in the current captures"})
		for _, s := range g.Sites {
			if s.Change != "" {
				out = append(out, legendNote{"(…)", "the site was captured on one side only: not compared"})
				break
			}
		}
	}
	return out
}

func matrixTable(w io.Writer, g *matrix.Grid) error {
	if len(g.Sites) == 0 {
		fmt.Fprintln(w, "no captures")
		return nil
	}
	header := []string{"site", "captures"}
	for _, p := range g.Parties {
		header = append(header, partyLabel(p))
	}
	var rows [][]string
	for i, s := range g.Sites {
		row := []string{cell(siteLabel(s), 0), capturesText(s, g.Compared)}
		for j := range g.Parties {
			row = append(row, wrapText(cellText(g.Cells[i][j], s), 30))
		}
		rows = append(rows, row)
	}
	if err := writeWrappedTable(w, header, rows); err != nil {
		return err
	}
	if len(g.Parties) == 0 {
		fmt.Fprintln(w, "No third party received anything.")
	}
	if len(g.Types) > 0 {
		fmt.Fprintln(w, "\nData types:")
		for _, t := range g.Types {
			fmt.Fprintf(w, "  %-3s %s\n", DataTypeCode(t), t)
		}
	}
	for _, n := range legendNotes(g) {
		fmt.Fprintf(w, "  %-3s %s\n", n.mark, n.text)
	}
	fmt.Fprintln(w, "\nCaptures:")
	var crow [][]string
	for _, s := range g.Sites {
		for _, c := range s.Captures {
			r := []string{cell(siteLabel(matrix.GridSite{Site: s.Site}), 0), cell(c.Name, 0), dash(c.SHA256), strconv.Itoa(c.Entries), wrapText(cell(captureNote(c), 0), 50)}
			if g.Compared {
				r = append(r, c.Side)
			}
			crow = append(crow, r)
		}
	}
	ch := []string{"site", "capture", "sha256", "entries", "note"}
	if g.Compared {
		ch = append(ch, "side")
	}
	return writeWrappedTable(w, ch, crow)
}

func matrixMarkdown(w io.Writer, g *matrix.Grid) error {
	row := func(cells []string) {
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
	if len(g.Sites) == 0 {
		fmt.Fprintln(w, "No captures.")
		return nil
	}
	header := []string{"site", "captures"}
	for _, p := range g.Parties {
		header = append(header, Markdown(partyLabel(p)))
	}
	row(header)
	row(strings.Split(strings.Repeat("---,", len(header)-1)+"---", ","))
	for i, s := range g.Sites {
		cells := []string{Markdown(siteLabel(s)), capturesText(s, g.Compared)}
		for j := range g.Parties {
			cells = append(cells, Markdown(cellText(g.Cells[i][j], s)))
		}
		row(cells)
	}
	if len(g.Types) > 0 {
		fmt.Fprintln(w, "\nData types:")
		fmt.Fprintln(w)
		for _, t := range g.Types {
			fmt.Fprintf(w, "- **%s** %s: %s\n", DataTypeCode(t), Markdown(t), Markdown(typeDefinition(t)))
		}
	}
	if notes := legendNotes(g); len(notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range notes {
			fmt.Fprintf(w, "- `%s` %s\n", n.mark, Markdown(n.text))
		}
	}
	fmt.Fprintln(w, "\nCaptures:")
	fmt.Fprintln(w)
	ch := []string{"site", "capture", "SHA-256", "entries", "note"}
	if g.Compared {
		ch = append(ch, "side")
	}
	row(ch)
	row(strings.Split(strings.Repeat("---,", len(ch)-1)+"---", ","))
	for _, s := range g.Sites {
		for _, c := range s.Captures {
			r := []string{Markdown(siteLabel(matrix.GridSite{Site: s.Site})), MarkdownCode(c.Name), MarkdownCode(c.SHA256), strconv.Itoa(c.Entries), Markdown(captureNote(c))}
			if g.Compared {
				r = append(r, c.Side)
			}
			row(r)
		}
	}
	return nil
}
