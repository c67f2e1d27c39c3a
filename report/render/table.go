package render

import (
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// writeTable renders rows as a plain ASCII terminal table. Every cell is
// passed through [Terminal]: captured strings never reach the terminal
// with control characters in them. Headers are printed as given.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	if header != nil {
		t.Header(cleanRow(header))
	}
	for _, r := range rows {
		if err := t.Append(cleanRow(r)); err != nil {
			return err
		}
	}
	return t.Render()
}

func cleanRow(r []string) []string {
	out := make([]string, len(r))
	for i, c := range r {
		out[i] = Terminal(c)
	}
	return out
}

// writeWrappedTable renders rows whose cells are already made safe with
// [cell] and may hold line breaks that wrapping added.
func writeWrappedTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	t.Header(cleanRow(header))
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	return t.Render()
}
