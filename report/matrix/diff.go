package matrix

import "slices"

// Diff compares two matrices of the same sites, before (baseline) and
// after (current): a site re-captured after it removed its pixel, for
// one. The result holds the rows and captures of both, each marked with
// its side ([SideBaseline], [SideCurrent]), and every row with the
// change of its site, party and data type ([ChangeAdded],
// [ChangeRemoved], [ChangeUnchanged]). A site captured on one side only
// is not compared: its rows are [ChangeNewSite] or
// [ChangeNotRecaptured]. Neither input is modified.
func Diff(baseline, current *Matrix) *Matrix {
	type cell struct{ site, party, typ string }
	sides := [2]*Matrix{baseline, current}
	names := [2]string{SideBaseline, SideCurrent}
	var cells [2]map[cell]bool
	var sites [2]map[string]bool
	for i, m := range sides {
		cells[i], sites[i] = map[cell]bool{}, map[string]bool{}
		for _, c := range m.Captures {
			if c.Usable() && c.DuplicateOf == "" {
				sites[i][c.Site] = true
			}
		}
		for _, r := range m.Rows {
			if r.Party != "" {
				cells[i][cell{r.Site, r.Party, r.DataType}] = true
			}
		}
	}
	out := &Matrix{}
	for i, m := range sides {
		other := 1 - i
		for _, c := range m.Captures {
			cc := *c
			cc.Side = names[i]
			out.Captures = append(out.Captures, &cc)
		}
		for _, r := range m.Rows {
			r.Side = names[i]
			r.Sensitive = append([]string(nil), r.Sensitive...)
			if r.Party != "" {
				switch {
				case !sites[other][r.Site] && i == 0:
					r.Change = ChangeNotRecaptured
				case !sites[other][r.Site]:
					r.Change = ChangeNewSite
				case cells[other][cell{r.Site, r.Party, r.DataType}]:
					r.Change = ChangeUnchanged
				case i == 0:
					r.Change = ChangeRemoved
				default:
					r.Change = ChangeAdded
				}
			}
			out.Rows = append(out.Rows, r)
		}
	}
	slices.SortFunc(out.Captures, compareCaptures)
	out.sortRows()
	return out
}
