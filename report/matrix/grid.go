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

// Grid arranges the matrix's rows as a table ([Tally]).
func (m *Matrix) Grid() *Grid {
	t := NewTally()
	for _, c := range m.Captures {
		t.addCapture(c)
	}
	for _, r := range m.Rows {
		t.addRow(r)
	}
	return t.Grid()
}

// Tally sums captures and their rows, given one capture at a time as
// [Stream] emits them, into a [Grid]. It holds only the grid: its memory
// grows with the sites, parties and data types, and the captures it
// lists, not with what the captures hold.
type Tally struct {
	sites    map[string]*GridSite
	parties  map[string]*tallyParty
	cells    map[tallyKey]*TypeCell
	compared bool
}

type tallyKey struct{ site, party, typ string }

type tallyParty struct {
	company string
	sites   map[string]bool
}

// NewTally returns an empty tally.
func NewTally() *Tally {
	return &Tally{sites: map[string]*GridSite{}, parties: map[string]*tallyParty{}, cells: map[tallyKey]*TypeCell{}}
}

// Add counts one capture and its rows.
func (t *Tally) Add(c *Capture, rows []Row) {
	t.addCapture(c)
	for _, r := range rows {
		t.addRow(r)
	}
}

func (t *Tally) site(name string) *GridSite {
	s := t.sites[name]
	if s == nil {
		s = &GridSite{Site: name}
		t.sites[name] = s
	}
	return s
}

func (t *Tally) addCapture(c *Capture) {
	s := t.site(c.Site)
	s.Captures = append(s.Captures, c)
	t.compared = t.compared || c.Side != ""
}

func (t *Tally) addRow(r Row) {
	t.site(r.Site)
	t.compared = t.compared || r.Side != ""
	if r.Party == "" {
		return
	}
	p := t.parties[r.Party]
	if p == nil {
		p = &tallyParty{sites: map[string]bool{}}
		t.parties[r.Party] = p
	}
	p.sites[r.Site] = true
	p.company = cmp.Or(p.company, r.Company)
	k := tallyKey{r.Site, r.Party, r.DataType}
	tc := t.cells[k]
	if tc == nil {
		tc = &TypeCell{Type: r.DataType, Change: r.Change}
		t.cells[k] = tc
	}
	if r.Side == SideBaseline {
		tc.BaselineEvents += r.Events
		tc.BaselineCaptures++
		if r.Change != ChangeNotRecaptured {
			// Only a site not recaptured shows its baseline's figures as
			// its own.
			return
		}
	}
	tc.Events += r.Events
	tc.Answered += r.Answered
	tc.Unconfirmed += r.Unconfirmed
	tc.Failed += r.Failed
	tc.Visitors += r.Visitors
	tc.Captures++
	for _, s := range r.Sensitive {
		if !slices.Contains(tc.Sensitive, s) {
			tc.Sensitive = append(tc.Sensitive, s)
		}
	}
}

// Grid lays the tally out. Sites are ordered by domain (the unknown site
// last), each with its captures by side, name and SHA-256; parties by
// the number of sites they received something from, most first, then by
// domain; a cell's data types in listing order.
func (t *Tally) Grid() *Grid {
	g := &Grid{Compared: t.compared}
	for _, s := range t.sites {
		gs := *s
		gs.Captures = slices.Clone(s.Captures)
		slices.SortFunc(gs.Captures, compareCaptures)
		g.Sites = append(g.Sites, gs)
	}
	slices.SortFunc(g.Sites, func(a, b GridSite) int { return compareSites(a.Site, b.Site) })
	siteIdx := map[string]int{}
	for i := range g.Sites {
		siteIdx[g.Sites[i].Site] = i
		if !g.Compared {
			continue
		}
		var before, after bool
		for _, c := range g.Sites[i].Captures {
			if c.Usable() && c.DuplicateOf == "" {
				before = before || c.Side == SideBaseline
				after = after || c.Side == SideCurrent
			}
		}
		switch {
		case before && !after:
			g.Sites[i].Change = ChangeNotRecaptured
		case after && !before:
			g.Sites[i].Change = ChangeNewSite
		}
	}
	for d, p := range t.parties {
		g.Parties = append(g.Parties, GridParty{Domain: d, Company: p.company, Sites: len(p.sites)})
	}
	slices.SortFunc(g.Parties, func(a, b GridParty) int {
		return cmp.Or(cmp.Compare(b.Sites, a.Sites), strings.Compare(a.Domain, b.Domain))
	})
	partyIdx := map[string]int{}
	for j, p := range g.Parties {
		partyIdx[p.Domain] = j
	}
	g.Cells = make([][]Cell, len(g.Sites))
	for i := range g.Cells {
		g.Cells[i] = make([]Cell, len(g.Parties))
	}
	rank := typeRanks()
	present := map[string]bool{}
	for k, tc := range t.cells {
		present[k.typ] = true
		c := &g.Cells[siteIdx[k.site]][partyIdx[k.party]]
		cell := *tc
		cell.Sensitive = slices.Sorted(slices.Values(tc.Sensitive))
		c.Types = append(c.Types, cell)
	}
	for i := range g.Cells {
		for j := range g.Cells[i] {
			slices.SortFunc(g.Cells[i][j].Types, func(a, b TypeCell) int {
				return cmp.Or(cmp.Compare(rank[a.Type], rank[b.Type]), strings.Compare(a.Type, b.Type))
			})
		}
	}
	for typ := range present {
		g.Types = append(g.Types, typ)
	}
	slices.SortFunc(g.Types, func(a, b string) int { return cmp.Or(cmp.Compare(rank[a], rank[b]), strings.Compare(a, b)) })
	return g
}

// Selection keeps the rows of chosen parties and data types
// ([NewSelection]).
type Selection struct {
	parties []string
	types   []string
}

// NewSelection selects parties (a domain or a company, compared
// case-insensitively) and data types (names as in [Row.DataType],
// compared case-insensitively); an empty list selects all. The error
// names a data type that does not exist. In a type's name, "_" may stand
// for a space ("page_URL"), for command lines.
func NewSelection(parties, types []string) (*Selection, error) {
	s := &Selection{}
	for _, p := range parties {
		if p = strings.TrimSpace(p); p != "" {
			s.parties = append(s.parties, p)
		}
	}
	for _, t := range types {
		name := strings.ReplaceAll(strings.TrimSpace(t), "_", " ")
		if strings.EqualFold(name, NoParameters) {
			s.types = append(s.types, NoParameters)
			continue
		}
		dt, err := decode.ParseDataType(name)
		if err != nil {
			return nil, fmt.Errorf("matrix: %w (or %q)", err, NoParameters)
		}
		s.types = append(s.types, dt.String())
	}
	return s, nil
}

// Keep reports whether a row is selected. A capture's empty row always
// is.
func (s *Selection) Keep(r Row) bool {
	if r.Party == "" {
		return true
	}
	if len(s.parties) > 0 && !slices.ContainsFunc(s.parties, func(p string) bool {
		return strings.EqualFold(p, r.Party) || r.Company != "" && strings.EqualFold(p, r.Company)
	}) {
		return false
	}
	return len(s.types) == 0 || slices.Contains(s.types, r.DataType)
}

// Rows returns the selected rows of one capture, as [Stream] emits them;
// a capture left without any gets its empty row.
func (s *Selection) Rows(c *Capture, rows []Row) []Row {
	var out []Row
	for _, r := range rows {
		if s.Keep(r) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		r := emptyRow(c)
		r.Side = c.Side
		out = append(out, r)
	}
	return out
}

// Select keeps the rows of the given parties and data types, as
// [NewSelection] chooses them. A capture left without rows gets its
// empty row.
func (m *Matrix) Select(parties, types []string) (*Matrix, error) {
	s, err := NewSelection(parties, types)
	if err != nil {
		return nil, err
	}
	out := &Matrix{Captures: m.Captures}
	for _, r := range m.Rows {
		if s.Keep(r) {
			out.Rows = append(out.Rows, r)
		}
	}
	out.fillEmpty()
	out.sortRows()
	return out, nil
}
