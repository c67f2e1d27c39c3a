package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report/sensitive"
)

// FlagSensitive sets each event's Sensitive hits: what the event sent
// that matched a rule of set — the page URL and referrer, the event name
// (custom events are named by the site), custom data (button texts, page
// titles, form fields) and every other parameter it sent, cookies aside.
// Each hit names its category, the rule, the rule's file and line, the
// field it was found in and the text as sent.
func FlagSensitive(evs []decode.Event, set *sensitive.Set) {
	if set == nil {
		return
	}
	for i := range evs {
		evs[i].Sensitive = SensitiveHits(&evs[i], set)
	}
}

// SensitiveHits returns what in one event matched a rule of set, as
// [FlagSensitive] records it.
func SensitiveHits(ev *decode.Event, set *sensitive.Set) []decode.SensitiveHit {
	var hits []decode.SensitiveHit
	seen := map[string]bool{} // texts already matched, so each is flagged once
	match := func(field, text string) {
		if text == "" || seen[text] {
			return
		}
		seen[text] = true
		for _, h := range set.Match(text) {
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
	match(page, ev.Page)
	match("referrer", ev.Referrer)
	match("event", ev.Name)
	for _, c := range ev.Custom {
		match(customField(ev, c.Key), c.Raw)
	}
	for _, p := range ev.Params {
		if p.In != decode.InCookie {
			match("param "+p.Name, p.Value)
		}
	}
	// One hit per category, rule and field: a term repeated in one value
	// is one disclosure.
	slices.SortStableFunc(hits, func(a, b decode.SensitiveHit) int {
		return cmp.Or(strings.Compare(a.Category, b.Category), strings.Compare(a.Field, b.Field), strings.Compare(a.Rule, b.Rule))
	})
	return slices.CompactFunc(hits, func(a, b decode.SensitiveHit) bool {
		return a.Category == b.Category && a.Field == b.Field && a.Rule == b.Rule
	})
}

func customField(ev *decode.Event, key string) string {
	if ev.Vendor == decode.VendorMeta {
		return "cd[" + key + "]"
	}
	return key
}

// sensitiveText is a short human form of an event's hits, e.g.
// "SENSITIVE domestic-abuse: \"domestic abuse\" in page, cd[buttonText]".
func sensitiveText(ev *decode.Event) string {
	if len(ev.Sensitive) == 0 {
		return ""
	}
	type key struct{ cat, rule string }
	var order []key
	fields := map[key][]string{}
	for _, h := range ev.Sensitive {
		k := key{h.Category, h.Rule}
		if _, ok := fields[k]; !ok {
			order = append(order, k)
		}
		if !slices.Contains(fields[k], h.Field) {
			fields[k] = append(fields[k], h.Field)
		}
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, k.cat+": \""+k.rule+"\" in "+strings.Join(fields[k], ", "))
	}
	return "SENSITIVE " + strings.Join(parts, "; ")
}
