package evidence

import (
	"html"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/haruspex/haruspex/report/render"
)

// This file decides where report.html may break a line. A time, a
// number, an event ID, an event name or an identifier is never broken: it
// is written whole in a span that does not wrap ([unbroken]), and a table
// column is at least as wide as the widest such span in it (the tables
// are laid out by their content). A captured value or URL wraps only
// after a separator — "/", "?", "&" in a URL; also ",", ";", "|" and,
// in a long run, ".", ":", "=", "_", "-", "~", "+" (never "#", which
// joins a file to its entry) — where it gets an explicit
// break opportunity (<wbr>); only a run of more than [longRun]
// characters without any separator (an opaque token longer than a
// SHA-256 in hex) is cut, every [longRun] characters, so that it cannot
// push a table off the page. Every string is escaped for HTML and shown
// with control characters as visible escapes ([render.Terminal]).

// longRun is the longest run of characters without a separator that is
// kept whole: 64, a SHA-256 in hexadecimal.
const longRun = 64

// shortRun is how long a run must be before ".", ":", "=", "_" and "-"
// become break opportunities: shorter words (a domain, an fbp value's
// parts) stay whole.
const shortRun = 16

// unbroken writes s escaped in a span that never wraps.
func unbroken(s string) template.HTML {
	if s == "" {
		return ""
	}
	return template.HTML(`<span class="u">` + html.EscapeString(render.Terminal(s)) + `</span>`)
}

// breakAfter reports whether a line may break after r in a captured
// value, given the length of the run it ends.
func breakAfter(r rune, run int) bool {
	switch r {
	case '/', '?', '&', ',', ';', '|':
		return true
	case '.', ':', '=', '_', '-', '~', '+':
		return run >= shortRun
	}
	return false
}

// wrapped writes a captured value, URL or sentence escaped, with a
// break opportunity after each separator and within any run longer than
// [longRun]; each word between them is kept whole.
func wrapped(s string) template.HTML {
	s = render.Terminal(s)
	if s == "" {
		return ""
	}
	var b strings.Builder
	word := func(w string) {
		if w != "" {
			b.WriteString(`<span class="u">`)
			b.WriteString(html.EscapeString(w))
			b.WriteString(`</span>`)
		}
	}
	start, run := 0, 0
	for i, r := range s {
		n := utf8.RuneLen(r)
		if r == ' ' {
			word(s[start:i])
			b.WriteByte(' ')
			start, run = i+n, 0
			continue
		}
		if run == longRun {
			// A 65th character without a separator: cut before it.
			word(s[start:i])
			b.WriteString(`<wbr class="cut">`)
			start, run = i, 0
		}
		run++
		if breakAfter(r, run) {
			word(s[start : i+n])
			b.WriteString("<wbr>")
			start, run = i+n, 0
		}
	}
	word(s[start:])
	return template.HTML(b.String())
}

// timeHTML writes a time as two unbroken halves with a break
// opportunity before the "T": the date, and the time of day with its
// zone. Text that is not a time (an unreadable one) is wrapped.
func timeHTML(s string) template.HTML {
	date, clock, ok := strings.Cut(s, "T")
	if !ok || len(date) != len("2006-01-02") || strings.Contains(clock, " ") {
		return wrapped(s)
	}
	return unbroken(date) + "<wbr>" + unbroken("T"+clock)
}

// anchor is the HTML id of the row of an event: "ev-f9c7f2e4-17-2" for
// the event f9c7f2e4#17.2.
func anchor(id string) string {
	if id == "" {
		return ""
	}
	return "ev-" + strings.NewReplacer("#", "-", ".", "-").Replace(id)
}
