package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report/sensitive"
)

// This file is the one place where an analysis looks for sensitive
// content: in each event as it is stored (sensitiveHits), and in the
// values a party received (sensitiveLabels), through the same matching.

// sensitiveHits returns what in one event matched a rule of set: the page
// URL and referrer, the event name (custom events are named by the
// site), custom data (button texts, page titles, form fields) and every
// other parameter it sent, cookies aside. Each hit names its category,
// the rule, the rule's file and line, the field it was found in and the
// text as sent.
func sensitiveHits(ev *decode.Event, set *sensitive.Set, mc *matchCache) []decode.SensitiveHit {
	var hits []decode.SensitiveHit
	mc.seen.reset() // texts already matched, so each is flagged once
	// match matches text, found in the field named prefix+name+suffix
	// (built only for a hit: most texts match nothing).
	match := func(prefix, name, suffix, text string) {
		if text == "" || !mc.seen.add(text) {
			return
		}
		hs := mc.match(set, text)
		if len(hs) == 0 {
			return
		}
		field := prefix + name + suffix
		for _, h := range hs {
			hits = append(hits, decode.SensitiveHit{
				Category: h.Category, Rule: h.Value, Where: h.File + ":" + strconv.Itoa(h.Line),
				Field: field, Value: text, Text: h.Text,
			})
		}
	}
	page := "page"
	if ev.Kind == decode.KindNavigation {
		page = "page opened"
	}
	match(page, "", "", ev.Page)
	match("referrer", "", "", ev.Referrer)
	match("event", "", "", ev.Name)
	for _, c := range ev.Custom {
		if ev.Vendor == decode.VendorMeta {
			match("cd[", c.Key, "]", c.Raw)
		} else {
			match("", c.Key, "", c.Raw)
		}
	}
	for _, p := range ev.Params {
		if p.In != decode.InCookie {
			match("param ", p.Name, "", p.Value)
		}
	}
	mc.seen.reset() // the texts are the event's: not kept past it
	// One hit per category, rule and field: a term repeated in one value
	// is one disclosure.
	slices.SortStableFunc(hits, func(a, b decode.SensitiveHit) int {
		return cmp.Or(strings.Compare(a.Category, b.Category), strings.Compare(a.Field, b.Field), strings.Compare(a.Rule, b.Rule))
	})
	return slices.CompactFunc(hits, func(a, b decode.SensitiveHit) bool {
		return a.Category == b.Category && a.Field == b.Field && a.Rule == b.Rule
	})
}

// sensitiveLabels names the rules of set that value matches, as
// "domestic-abuse: domestic abuse (terms.txt:90)", once each.
func sensitiveLabels(set *sensitive.Set, value string) []string {
	var out []string
	for _, h := range set.Match(value) {
		f := h.Category + ": " + h.Value + " (" + h.File + ":" + strconv.Itoa(h.Line) + ")"
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// matchCache remembers what short texts matched: the same pages, event
// names and parameter values come back in event after event. It forgets
// all past matchCacheMax texts, so that it stays small.
type matchCache struct {
	m    map[string][]sensitive.Hit
	seen textSet // sensitiveHits' scratch: the texts of one event matched so far
}

const (
	matchCacheMax  = 1 << 14
	matchCacheText = 256 // longer texts are matched each time
)

func (mc *matchCache) match(set *sensitive.Set, text string) []sensitive.Hit {
	if mc == nil || len(text) > matchCacheText || set.CannotMatch(text) {
		return set.Match(text)
	}
	if h, ok := mc.m[text]; ok {
		return h
	}
	if mc.m == nil || len(mc.m) >= matchCacheMax {
		mc.m = map[string][]sensitive.Hit{}
	}
	// A copy: the text may be cut from a longer string, which the hits
	// (their Text) would keep.
	text = strings.Clone(text)
	h := set.Match(text)
	mc.m[text] = h
	return h
}

// textSet is a set of texts that is looked along while small (most
// events send a few dozen) and kept in a map past textSetMap, so that an
// event of thousands of parameters costs no more than one look each.
type textSet struct {
	list []string
	m    map[string]bool
}

const textSetMap = 32

// add adds text and reports whether it was not in the set.
func (ts *textSet) add(text string) bool {
	if ts.m != nil {
		if ts.m[text] {
			return false
		}
		ts.m[text] = true
		return true
	}
	if slices.Contains(ts.list, text) {
		return false
	}
	ts.list = append(ts.list, text)
	if len(ts.list) > textSetMap {
		ts.m = make(map[string]bool, 2*len(ts.list))
		for _, t := range ts.list {
			ts.m[t] = true
		}
	}
	return true
}

// reset empties the set, keeping none of its texts.
func (ts *textSet) reset() {
	clear(ts.list)
	ts.list, ts.m = ts.list[:0], nil
}
