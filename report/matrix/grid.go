package matrix

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/haruspex/haruspex/decode"
)

// Grid is a matrix as the published table shows it: sites down, third
// parties across, and in each cell the data types the party received
// from the site, summed over the site's captures.
type Grid struct {
	Sites   []GridSite
	Parties []GridParty
	// Cells[i][j] is what Parties[j] received from Sites[i].
	Cells [][]Cell
	// Types are the data types in any cell, in listing order.
	Types []string
	// Compared says the matrix is a comparison ([Diff]).
	Compared bool
}

// GridSite is one row of a [Grid].
type GridSite struct {
	Site string // "" when the captures' first party could not be found
	// Captures are the site's captures (both sides of a comparison), as
	// in [Matrix.Captures].
	Captures []*Capture
	// Change is [ChangeNewSite] or [ChangeNotRecaptured] when, in a
	// comparison, the site has usable captures on one side only; else "".
	Change string
}

// GridParty is one column of a [Grid].
type GridParty struct {
	Domain  string
	Company string
	// Sites counts the sites it received anything from (in a
	// comparison, on either side).
	Sites int
}

// Cell is what one party received from one site: one [TypeCell] per data
// type, in listing order; none when it received nothing.
type Cell struct {
	Types []TypeCell
}

// TypeCell is one data type one party received from one site, summed
// over the site's captures (in a comparison, those of the current side,
// and apart those of the baseline).
type TypeCell struct {
	Type                                            string
	Events, Answered, Unconfirmed, Failed, Visitors int64
	// Captures counts the site's captures that show it.
	Captures int
	// BaselineEvents and BaselineCaptures are the baseline's, in a
	// comparison.
	BaselineEvents   int64
	BaselineCaptures int
	Sensitive        []string // categories, sorted
	Change           string   // in a comparison, as [Row.Change]
}

// Grid arranges the matrix's rows as a table. Sites are ordered by
// domain (the unknown site last); parties by the number of sites they
// received something from, most first, then by domain.
func (m *Matrix) Grid() *Grid {
	g := &Grid{}
	siteIdx := map[string]int{}
	addSite := func(s string) {
		if _, ok := siteIdx[s]; !ok {
			siteIdx[s] = -1
			g.Sites = append(g.Sites, GridSite{Site: s})
		}
	}
	for _, c := range m.Captures {
		addSite(c.Site)
	}
	type pk struct{ site, party string }
	partySites := map[string]map[string]bool{}
	company := map[string]string{}
	for _, r := range m.Rows {
		addSite(r.Site)
		if r.Side != "" {
			g.Compared = true
		}
		if r.Party == "" {
			continue
		}
		if partySites[r.Party] == nil {
			partySites[r.Party] = map[string]bool{}
			g.Parties = append(g.Parties, GridParty{Domain: r.Party})
		}
		partySites[r.Party][r.Site] = true
		company[r.Party] = cmp.Or(company[r.Party], r.Company)
	}
	slices.SortFunc(g.Sites, func(a, b GridSite) int { return compareSites(a.Site, b.Site) })
	for i := range g.Sites {
		siteIdx[g.Sites[i].Site] = i
	}
	for i := range g.Parties {
		p := &g.Parties[i]
		p.Sites, p.Company = len(partySites[p.Domain]), company[p.Domain]
	}
	slices.SortFunc(g.Parties, func(a, b GridParty) int {
		return cmp.Or(cmp.Compare(b.Sites, a.Sites), strings.Compare(a.Domain, b.Domain))
	})
	partyIdx := map[string]int{}
	for j, p := range g.Parties {
		partyIdx[p.Domain] = j
	}

	// The sides each site has usable captures on.
	sides := map[string]map[string]bool{}
	for _, c := range m.Captures {
		i := siteIdx[c.Site]
		g.Sites[i].Captures = append(g.Sites[i].Captures, c)
		if c.Usable() && c.DuplicateOf == "" {
			if sides[c.Site] == nil {
				sides[c.Site] = map[string]bool{}
			}
			sides[c.Site][c.Side] = true
		}
	}
	if g.Compared {
		for i := range g.Sites {
			s := sides[g.Sites[i].Site]
			switch {
			case s[SideBaseline] && !s[SideCurrent]:
				g.Sites[i].Change = ChangeNotRecaptured
			case s[SideCurrent] && !s[SideBaseline]:
				g.Sites[i].Change = ChangeNewSite
			}
		}
	}

	rank := typeRanks()
	present := map[string]bool{}
	g.Cells = make([][]Cell, len(g.Sites))
	for i := range g.Cells {
		g.Cells[i] = make([]Cell, len(g.Parties))
	}
	for _, r := range m.Rows { // sorted: a cell's rows are together, by type
		if r.Party == "" {
			continue
		}
		present[r.DataType] = true
		c := &g.Cells[siteIdx[r.Site]][partyIdx[r.Party]]
		n := len(c.Types)
		if n == 0 || c.Types[n-1].Type != r.DataType {
			c.Types = append(c.Types, TypeCell{Type: r.DataType, Change: r.Change})
			n++
		}
		t := &c.Types[n-1]
		if r.Side == SideBaseline {
			t.BaselineEvents += r.Events
			t.BaselineCaptures++
			if r.Change != ChangeNotRecaptured {
				// Only a site not recaptured shows its baseline's figures
				// as its own.
				continue
			}
		}
		t.Events += r.Events
		t.Answered += r.Answered
		t.Unconfirmed += r.Unconfirmed
		t.Failed += r.Failed
		t.Visitors += r.Visitors
		t.Captures++
		for _, s := range r.Sensitive {
			if !slices.Contains(t.Sensitive, s) {
				t.Sensitive = append(t.Sensitive, s)
			}
		}
		slices.Sort(t.Sensitive)
	}
	for t := range present {
		g.Types = append(g.Types, t)
	}
	slices.SortFunc(g.Types, func(a, b string) int { return cmp.Compare(rank[a], rank[b]) })
	return g
}

// Select keeps the rows of the given parties (a domain or a company,
// compared case-insensitively) and data types (names as in [Row.DataType],
// compared case-insensitively); an empty list keeps all. A capture left
// without rows gets its empty row. The error names a data type that does
// not exist.
func (m *Matrix) Select(parties, types []string) (*Matrix, error) {
	var want []string
	for _, t := range types {
		name := strings.TrimSpace(t)
		if strings.EqualFold(name, NoParameters) {
			want = append(want, NoParameters)
			continue
		}
		dt, err := decode.ParseDataType(name)
		if err != nil {
			return nil, fmt.Errorf("matrix: %w (or %q)", err, NoParameters)
		}
		want = append(want, dt.String())
	}
	keep := func(r Row) bool {
		if r.Party == "" {
			return true
		}
		if len(parties) > 0 && !slices.ContainsFunc(parties, func(p string) bool {
			p = strings.TrimSpace(p)
			return strings.EqualFold(p, r.Party) || r.Company != "" && strings.EqualFold(p, r.Company)
		}) {
			return false
		}
		return len(want) == 0 || slices.Contains(want, r.DataType)
	}
	out := &Matrix{Captures: m.Captures}
	for _, r := range m.Rows {
		if keep(r) {
			out.Rows = append(out.Rows, r)
		}
	}
	out.fillEmpty()
	out.sortRows()
	return out, nil
}
