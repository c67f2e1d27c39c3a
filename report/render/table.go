package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// The terminal tables: plain ASCII boxes, as the tablewriter library
// draws them with its ASCII style (header left-aligned and not
// reformatted, no wrapping, cells trimmed), drawn here row by row so that
// a table of any length streams: tablewriter holds every row and takes
// time that grows faster than the rows (issue 15: 139 s for 200,000).
// TestTableMatchesTablewriter and FuzzTable hold the two to the same
// bytes; column widths are measured with tablewriter's own function.
//
// A table holds at most tableChunk rows, and tableBytes of text, at a
// time. A longer one is drawn in parts, each a table of its own (header
// repeated, widths its own), and says after the first part that CSV and
// NDJSON suit that many rows better.

// tableChunk is how many rows a table draws at a time; tableBytes how
// much text its cells may hold, so that rows of long values (a capture
// of 200,000 identical hits: 15 MB for 2,000 rows of `parties`) do not
// make the memory they take grow with them.
const (
	tableChunk = 2000
	tableBytes = 4 << 20
)

// table draws rows as a terminal table, a part at a time.
type table struct {
	w      io.Writer
	header []string // nil: no header
	rows   [][]string
	held   int // bytes of the cells of rows
	drawn  int // rows drawn so far
	parts  int // parts drawn so far
	err    error
}

// newTable starts a table with header (nil for none), printed as given
// but made safe for the terminal.
func newTable(w io.Writer, header []string) *table {
	t := &table{w: w}
	if header != nil {
		t.header = cleanRow(header)
	}
	return t
}

// add adds a row whose cells are already safe for the terminal ([cell]):
// line breaks in them are the wrapping's.
func (t *table) add(cells []string) error {
	if t.err != nil {
		return t.err
	}
	t.rows = append(t.rows, cells)
	for _, c := range cells {
		t.held += len(c)
	}
	if len(t.rows) == tableChunk || t.held >= tableBytes {
		t.flush()
	}
	return t.err
}

// flush draws the rows held as one table.
func (t *table) flush() {
	if t.err != nil || len(t.rows) == 0 {
		return
	}
	if t.parts == 1 {
		_, t.err = fmt.Fprintf(t.w, "(%d rows above; the table goes on in parts of at most %d rows or %d MiB of text, each with its own column widths: for this many rows, --format csv or --format ndjson suit better)\n", t.drawn, tableChunk, tableBytes>>20)
		if t.err != nil {
			return
		}
	}
	t.err = drawTable(t.w, t.header, t.rows)
	t.drawn += len(t.rows)
	t.parts++
	clear(t.rows)
	t.rows, t.held = t.rows[:0], 0
}

// close draws the rows still held.
func (t *table) close() error {
	t.flush()
	return t.err
}

// writeTable renders rows as a plain ASCII terminal table. Every cell is
// passed through [Terminal]: captured strings never reach the terminal
// with control characters in them. Headers are printed as given.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	t := newTable(w, header)
	for _, r := range rows {
		t.add(cleanRow(r))
	}
	return t.close()
}

func cleanRow(r []string) []string {
	out := make([]string, len(r))
	for i, c := range r {
		out[i] = Terminal(c)
	}
	return out
}

// drawTable writes one table: a border, the header and a border under it
// (if there is a header), the rows, a border. A cell is trimmed of
// surrounding white space, and each of its lines padded with a space on
// either side to its column's width: the widest line of the column, in
// terminal columns.
func drawTable(w io.Writer, header []string, rows [][]string) error {
	ncols := len(header)
	for _, r := range rows {
		ncols = max(ncols, len(r))
	}
	if ncols == 0 {
		return nil
	}
	split := func(r []string) [][]string {
		cells := make([][]string, ncols)
		for i := range cells {
			c := ""
			if i < len(r) {
				c = strings.TrimSpace(r[i])
			}
			if strings.Contains(c, "\t") {
				c = strings.ReplaceAll(c, "\t", strings.Repeat(" ", twwidth.TabWidth()))
			}
			cells[i] = strings.Split(c, "\n")
		}
		return cells
	}
	widths := make([]int, ncols)
	measure := func(cells [][]string) {
		for i, lines := range cells {
			for _, l := range lines {
				widths[i] = max(widths[i], textWidth(l)+2)
			}
		}
	}
	var head [][]string
	if header != nil {
		head = split(header)
		measure(head)
	}
	body := make([][][]string, len(rows))
	for i, r := range rows {
		body[i] = split(r)
		measure(body[i])
	}
	var b strings.Builder
	border := func() {
		b.WriteByte('+')
		for _, wd := range widths {
			for range wd {
				b.WriteByte('-')
			}
			b.WriteByte('+')
		}
		b.WriteByte('\n')
	}
	lines := func(cells [][]string, row bool) {
		n := 1
		for _, c := range cells {
			n = max(n, len(c))
		}
		for j := range n {
			if row && j > 0 && blankLine(cells, j) {
				continue // tablewriter's TrimLine: a blank line after a row's first is left out
			}
			b.WriteByte('|')
			for i, c := range cells {
				l := ""
				if j < len(c) {
					l = c[j]
				}
				b.WriteByte(' ')
				b.WriteString(l)
				for range widths[i] - textWidth(l) - 1 {
					b.WriteByte(' ')
				}
				b.WriteByte('|')
			}
			b.WriteByte('\n')
		}
	}
	border()
	if head != nil {
		lines(head, false)
		border()
	}
	for i, cells := range body {
		lines(cells, true)
		if b.Len() >= 64<<10 && i < len(body)-1 {
			if _, err := io.WriteString(w, b.String()); err != nil {
				return err
			}
			b.Reset()
		}
	}
	border()
	_, err := io.WriteString(w, b.String())
	return err
}

// blankLine reports whether line j of a row is blank in every cell.
func blankLine(cells [][]string, j int) bool {
	for _, c := range cells {
		if j < len(c) && strings.TrimSpace(c[j]) != "" {
			return false
		}
	}
	return true
}

// textWidth is the width of s on a terminal, as tablewriter measures it:
// the length of printable ASCII, else tablewriter's own measure (wide
// East Asian characters count two, combining marks none).
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return twwidth.Width(s)
		}
	}
	return len(s)
}

// writeWrappedTable renders rows whose cells are already made safe with
// [cell] and may hold line breaks that wrapping added.
func writeWrappedTable(w io.Writer, header []string, rows [][]string) error {
	t := newTable(w, header)
	for _, r := range rows {
		if err := t.add(r); err != nil {
			return err
		}
	}
	return t.close()
}
