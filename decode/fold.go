package decode

import (
	"fmt"
	"slices"
	"strings"
)

// FoldDuplicates returns the events of evs with each [KindDuplicate]
// event folded into its original: the duplicate's sources are appended to
// the original's [Event.Sources], so the event is counted once and both
// requests stay traceable. evs is not modified.
//
// A duplicate's original is the first [KindEvent] from the same file and
// vendor with the same pixel ID, event name, and ts, ec and eid
// parameters (PROTOCOLS.md §7: the identity Meta itself de-duplicates
// on). Without a ts there is no identity and nothing is folded. A
// duplicate whose original is not in evs is the only record of its event:
// it is kept, as a [KindEvent], with a warning saying so. Where the copy
// carries different parameters from its original (other than rqm, the
// transport), the original gets a warning naming them.
//
// Output order is input order, less the folded duplicates.
func FoldDuplicates(evs []Event) []Event {
	folded := FoldPlan(len(evs), func(i int) (Kind, string, bool) {
		k, ok := DuplicateKey(&evs[i])
		return evs[i].Kind, k, ok
	})
	isFolded := make([]bool, len(evs))
	for _, ds := range folded {
		for _, d := range ds {
			isFolded[d] = true
		}
	}
	out := make([]Event, 0, len(evs))
	for i := range evs {
		if isFolded[i] {
			continue
		}
		ev := evs[i]
		ev.Sources = slices.Clone(ev.Sources)
		ev.Warnings = slices.Clone(ev.Warnings)
		for _, d := range folded[i] {
			dup := &evs[d]
			ev.Sources = append(ev.Sources, dup.Sources...)
			if diff := paramDiff(ev.Params, dup.Params); len(diff) > 0 {
				ev.Warnings = append(ev.Warnings, fmt.Sprintf("privacy-sandbox copy (entry %d) differs in: %s", firstEntry(dup), strings.Join(diff, ", ")))
			}
		}
		if ev.Kind == KindDuplicate {
			ev.Kind = KindEvent
			ev.Warnings = append(ev.Warnings, "no matching original request in the input: this privacy-sandbox copy is the only record of the event")
		}
		out = append(out, ev)
	}
	return out
}

// FoldPlan decides which of n events fold into which, as
// [FoldDuplicates] folds them, for a caller that holds the events
// elsewhere (in a file) and knows of each only its kind and
// [DuplicateKey] (or any string that stands for it one to one): at(i)
// returns them for the i-th event in order, ok false for an event with
// no key. The result maps an original's index to its copies' indexes, in
// order: the first [KindEvent] with a key is the original of every
// [KindDuplicate] with the same key.
func FoldPlan(n int, at func(i int) (kind Kind, key string, ok bool)) map[int][]int {
	originals := map[string]int{}
	type dup struct {
		i   int
		key string
	}
	var dups []dup
	for i := range n {
		kind, k, ok := at(i)
		if !ok {
			continue
		}
		switch kind {
		case KindEvent:
			if _, seen := originals[k]; !seen {
				originals[k] = i
			}
		case KindDuplicate:
			dups = append(dups, dup{i, k})
		}
	}
	folded := map[int][]int{}
	for _, d := range dups {
		if o, ok := originals[d.key]; ok {
			folded[o] = append(folded[o], d.i)
		}
	}
	return folded
}

// DuplicateKey returns the identity [FoldDuplicates] matches a
// privacy-sandbox copy to its original by (file, SHA-256, vendor, pixel,
// event name and the ts, ec and eid parameters), as an opaque string; ok
// is false for an event that has none (no ts). It lets a caller that
// keeps events out of memory find which ones fold together.
func DuplicateKey(ev *Event) (key string, ok bool) {
	k, ok := makeFoldKey(ev)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%q %q %d %q %q %q %q %q %v %v", k.file, k.sha, k.vendor, k.pixel, k.name, k.ts, k.ec, k.eid, k.hasEC, k.hasEID), true
}

// foldKey is the identity of an event for de-duplication.
type foldKey struct {
	file, sha     string
	vendor        Vendor
	pixel, name   string
	ts, ec, eid   string
	hasEC, hasEID bool
}

func makeFoldKey(ev *Event) (foldKey, bool) {
	k := foldKey{vendor: ev.Vendor, pixel: ev.PixelID, name: ev.Name}
	if len(ev.Sources) > 0 {
		k.file, k.sha = ev.Sources[0].File, ev.Sources[0].SHA256
	}
	ts, ok := lookupParam(ev.Params, "ts")
	if !ok || ts.Value == "" {
		return foldKey{}, false
	}
	k.ts = ts.Value
	if p, ok := lookupParam(ev.Params, "ec"); ok {
		k.ec, k.hasEC = p.Value, true
	}
	if p, ok := lookupParam(ev.Params, "eid"); ok {
		k.eid, k.hasEID = p.Value, true
	}
	return k, true
}

func firstEntry(ev *Event) int {
	if len(ev.Sources) == 0 {
		return -1
	}
	return ev.Sources[0].Entry
}

// paramDiff returns the names of the query and body parameters whose
// values differ between a and b (or that only one has), ignoring rqm, in
// order of first appearance.
func paramDiff(a, b []Param) []string {
	values := func(ps []Param) map[string][]string {
		m := map[string][]string{}
		for _, p := range ps {
			if p.In != InCookie && p.Name != "rqm" {
				m[p.Name] = append(m[p.Name], p.Value)
			}
		}
		return m
	}
	va, vb := values(a), values(b)
	var diff []string
	seen := map[string]bool{}
	for _, ps := range [][]Param{a, b} {
		for _, p := range ps {
			if p.In == InCookie || p.Name == "rqm" || seen[p.Name] {
				continue
			}
			seen[p.Name] = true
			if !slices.Equal(va[p.Name], vb[p.Name]) {
				diff = append(diff, p.Name)
			}
		}
	}
	return diff
}
