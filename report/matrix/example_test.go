package matrix_test

import (
	"context"
	"fmt"

	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/matrix"
	"github.com/haruspex/haruspex/report/sensitive"
)

// What Meta received of each data type the published table is about,
// from each capture of the synthetic study.
func Example() {
	m, err := matrix.Build(context.Background(), matrix.Files("testdata/synthetic/before"), matrix.Options{
		Analysis: report.Options{Sensitive: sensitive.Builtin()}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range m.Rows {
		if r.Company == "Meta" && r.Party == "facebook.com" && r.DataType == "button text" {
			fmt.Println(r.Site, r.Party, r.DataType, r.Events, r.Sensitive, r.Capture)
		}
	}
	// Output:
	// force-a.example facebook.com button text 2 [domestic-abuse] testdata/synthetic/before/force-a.example/visit-1.har
	// force-a.example facebook.com button text 1 [domestic-abuse] testdata/synthetic/before/force-a.example/visit-2.har
	// force-b.example facebook.com button text 1 [domestic-abuse] testdata/synthetic/before/force-b.example/visit-2.har
}

// A re-capture after force B removed its pixel: its Meta cells are
// removed; force A's, re-captured the same, are unchanged.
func ExampleDiff() {
	ctx := context.Background()
	before, _ := matrix.Build(ctx, matrix.Files("testdata/synthetic/before"), matrix.Options{})
	after, _ := matrix.Build(ctx, matrix.Files("testdata/synthetic/after"), matrix.Options{})
	d, _ := matrix.Diff(before, after).Select([]string{"facebook.com"}, []string{"page URL", "account identifier"})
	g := d.Grid()
	for i, s := range g.Sites {
		for _, t := range g.Cells[i][0].Types {
			fmt.Printf("%s × %s %s: %s (%d events before, %d after)\n", s.Site, g.Parties[0].Domain, t.Type, t.Change, t.BaselineEvents, t.Events)
		}
	}
	// Output:
	// force-a.example × facebook.com page URL: unchanged (10 events before, 7 after)
	// force-a.example × facebook.com account identifier: unchanged (10 events before, 7 after)
	// force-b.example × facebook.com page URL: removed (4 events before, 0 after)
	// force-b.example × facebook.com account identifier: removed (4 events before, 0 after)
}

// The grid of a study, streamed: sites down, third parties across.
func ExampleTally() {
	t := matrix.NewTally()
	err := matrix.Stream(context.Background(), matrix.Files("testdata/synthetic/before"), matrix.Options{},
		func(c *matrix.Capture, rows []matrix.Row) error {
			t.Add(c, rows)
			return nil
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	g := t.Grid()
	for i, s := range g.Sites {
		for j, p := range g.Parties {
			fmt.Printf("%s × %s: %d data types from %d captures\n", s.Site, p.Domain, len(g.Cells[i][j].Types), len(s.Captures))
		}
	}
	// Output:
	// force-a.example × facebook.com: 17 data types from 2 captures
	// force-a.example × facebook.net: 4 data types from 2 captures
	// force-a.example × google-analytics.com: 10 data types from 2 captures
	// force-a.example × googletagmanager.com: 1 data types from 2 captures
	// force-b.example × facebook.com: 13 data types from 2 captures
	// force-b.example × facebook.net: 4 data types from 2 captures
	// force-b.example × google-analytics.com: 9 data types from 2 captures
	// force-b.example × googletagmanager.com: 1 data types from 2 captures
}
