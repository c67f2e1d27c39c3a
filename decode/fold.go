package decode

import (
	"fmt"
	"slices"
	"strings"
)

// FoldDuplicates returns the events of evs with each [KindDuplicate]
// event folded into its original: the copy's sources are appended to the
// original's [Event.Sources], so the event is counted once and every
// request stays traceable. evs is not modified. There are two kinds of
// copy: Chrome's privacy-sandbox copy of a Meta Pixel event, and the
// pixel's call to the site's Conversions API Gateway ([Event.Gateway]).
//
// A copy's original is the first [KindEvent] from the same file and
// vendor with the same identity ([DuplicateKey]): pixel ID, event name
// and event ID (Meta's eid on /tr, event_id in a gateway body; the
// identity Meta itself de-duplicates browser and server events on), or,
// for an event without an event ID, pixel ID, event name and the ts and
// ec parameters. Without either there is no identity and nothing is
// folded. Copies of an event whose direct request is not in evs fold
// into the first of them, which is kept, as a [KindEvent], with a
// warning saying it is the only record of the event. The original gets
// a note for each copy: the gateway a gateway copy went through, or the
// parameters a privacy-sandbox copy carries with other values than the
// original (other than rqm, the transport); it gains the copies'
// known-PII matches and sensitive hits it lacks, and a gateway copy's
// warnings.
//
// Output order is input order, less the folded copies.
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
		ev.Matches = slices.Clone(ev.Matches)
		ev.Sensitive = slices.Clone(ev.Sensitive)
		for _, d := range folded[i] {
			dup := &evs[d]
			ev.Sources = append(ev.Sources, dup.Sources...)
			if note := foldNote(&evs[i], dup); note != "" {
				ev.Warnings = append(ev.Warnings, note)
			}
			mergeCopy(&ev, &evs[i], dup)
			if ev.Gateway == "" && dup.Gateway != "" {
				// The event went to the vendor directly and through the
				// gateway too: both recipients received it.
				ev.Gateway = dup.Gateway
			}
		}
		if ev.Kind == KindDuplicate {
			ev.Kind = KindEvent
			if ev.Gateway != "" {
				ev.Warnings = append(ev.Warnings, "no direct request of this event (same pixel, event name and event ID) in the input: this request through the first-party gateway "+ev.Gateway+" is the only record of the event")
			} else {
				ev.Warnings = append(ev.Warnings, "no matching original request in the input: this "+copyName(&evs[i])+" is the only record of the event")
			}
		}
		out = append(out, ev)
	}
	return out
}

// mergeCopy adds to ev (built from orig) the evidence a folded copy
// carries that orig may not: its known-PII matches and sensitive hits
// (each names the parameter it was found in), and, for a copy that is
// another request than orig's (a gateway call beside a /tr request),
// its warnings, prefixed with where they were found. A privacy-sandbox
// copy repeats its original's parameters, and so adds nothing.
func mergeCopy(ev, orig, dup *Event) {
	for _, m := range dup.Matches {
		if !slices.Contains(ev.Matches, m) {
			ev.Matches = append(ev.Matches, m)
		}
	}
	for _, h := range dup.Sensitive {
		if !slices.Contains(ev.Sensitive, h) {
			ev.Sensitive = append(ev.Sensitive, h)
		}
	}
	if dup.Gateway == orig.Gateway {
		return
	}
	for _, w := range dup.Warnings {
		ev.Warnings = appendOnce(ev.Warnings, fmt.Sprintf("in the %s (entry %d): %s", copyName(dup), firstEntry(dup), w))
	}
}

// copyName says what kind of copy ev is, for notes.
func copyName(ev *Event) string {
	switch {
	case ev.Gateway != "":
		return "request through the first-party gateway " + ev.Gateway
	case strings.HasPrefix(ev.Path, "/privacy_sandbox/"):
		return "privacy-sandbox copy"
	}
	return "copy"
}

// foldNote is the note an original gets for a copy folded into it.
func foldNote(orig, dup *Event) string {
	switch {
	case dup.Gateway != "" && dup.Gateway != orig.Gateway:
		return fmt.Sprintf("also sent through the first-party gateway %s (entry %d)", dup.Gateway, firstEntry(dup))
	case dup.Gateway != orig.Gateway:
		// A gateway request standing for an event whose direct request
		// is missing, and a privacy-sandbox copy of that request: their
		// parameters are not comparable.
		return fmt.Sprintf("also sent as a %s (entry %d)", copyName(dup), firstEntry(dup))
	}
	if diff := paramDiff(orig.Params, dup.Params); len(diff) > 0 {
		return fmt.Sprintf("%s (entry %d) differs in: %s", copyName(dup), firstEntry(dup), strings.Join(diff, ", "))
	}
	return ""
}

// FoldPlan decides which of n events fold into which, as
// [FoldDuplicates] folds them, for a caller that holds the events
// elsewhere (in a file) and knows of each only its kind and
// [DuplicateKey] (or any string that stands for it one to one): at(i)
// returns them for the i-th event in order, ok false for an event with
// no key. The result maps an original's index to its copies' indexes, in
// order: the first [KindEvent] with a key is the original of every
// [KindDuplicate] with the same key; where there is no such event, the
// first of the copies is the original of the others.
func FoldPlan(n int, at func(i int) (kind Kind, key string, ok bool)) map[int][]int {
	originals := map[string]int{}
	firstCopy := map[string]int{}
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
			if _, seen := firstCopy[k]; !seen {
				firstCopy[k] = i
			}
		}
	}
	folded := map[int][]int{}
	for _, d := range dups {
		if o, ok := originals[d.key]; ok {
			folded[o] = append(folded[o], d.i)
		} else if o := firstCopy[d.key]; o != d.i {
			folded[o] = append(folded[o], d.i)
		}
	}
	return folded
}

// DuplicateKey returns the identity [FoldDuplicates] matches a copy to
// its original by (file, SHA-256, vendor, pixel, event name, and the
// event ID or else the ts and ec parameters), as an opaque string; ok is
// false for an event that has none. A gateway request's event name
// InputData counts as SubscribedButtonClick, the name the pixel gives
// the same event on /tr (its openbridge3 plugin renames it, keeping the
// event ID). It lets a caller that keeps events out of memory find which
// ones fold together.
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
	if ev.Gateway != "" && ev.Vendor == VendorMeta && k.name == "InputData" {
		k.name = "SubscribedButtonClick"
	}
	if eid, ok := metaEventID(ev); ok {
		k.eid, k.hasEID = eid, true
		return k, true
	}
	if ev.Gateway != "" {
		return foldKey{}, false // no event ID: no direct request to match
	}
	ts, ok := lookupParam(ev.Params, "ts")
	if !ok || ts.Value == "" {
		return foldKey{}, false
	}
	k.ts = ts.Value
	if p, ok := lookupParam(ev.Params, "ec"); ok {
		k.ec, k.hasEC = p.Value, true
	}
	return k, true
}

// metaEventID returns the event ID of a Meta event: eid on /tr and its
// privacy-sandbox copy, event_id in a gateway body. Empty values and
// JavaScript's "undefined" and "null" are none.
func metaEventID(ev *Event) (string, bool) {
	if ev.Vendor != VendorMeta {
		return "", false
	}
	name := "eid"
	if ev.Gateway != "" {
		name = "event_id"
	}
	p, ok := lookupParam(ev.Params, name)
	if !ok || p.Value == "" || p.Value == "undefined" || p.Value == "null" {
		return "", false
	}
	return p.Value, true
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
