package render

import (
	"slices"
	"strings"

	"github.com/haruspex/haruspex/decode"
)

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
