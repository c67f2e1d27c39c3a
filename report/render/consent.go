package render

import (
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report"
)

// ConsentCaveat is said wherever events are listed as sent without
// consent.
const ConsentCaveat = "a consent signal shows what the page recorded or passed on, not what the visitor saw or clicked"

// consentName names a consent marker as every output does: "consent:
// gcd", "consent: OptanonConsent", "consent: pixel held back".
func consentName(c *decode.ConsentSignal) string {
	if c.Inference == decode.InferenceMetaHeldBack {
		return "consent: pixel held back"
	}
	if c.Inference != "" {
		return "consent: " + c.Inference
	}
	return "consent: " + c.Where.Name
}

// consentState is the CSV "consent" column: the state in force, "" when
// not assessed (navigations, consent markers).
func consentState(ev *decode.Event) string {
	if ev.ConsentInForce.State == decode.ConsentNotAssessed {
		return ""
	}
	return ev.ConsentInForce.State.String()
}

// RestsOnText says which marker an event's consent state rests on:
// "capture.har#8 cookie OptanonConsent (OneTrust): accept, at
// 2024-03-06T10:00:05.050Z"; "" when it rests on none.
func RestsOnText(ev *decode.Event, loc *time.Location) string { return restsOnText(ev, loc) }

func restsOnText(ev *decode.Event, loc *time.Location) string {
	f := &ev.ConsentInForce
	if f.RestsOn == (decode.Source{}) {
		return ""
	}
	s := f.RestsOn.File + "#" + strconv.Itoa(f.RestsOn.Entry) + " " + f.Signal
	if !f.At.IsZero() {
		s += ", at " + timeAt(f.At, loc)
	}
	return s
}

// consentWarning is the line the tables add to an event sent without
// consent, "" for any other; the section above the table says more.
func consentWarning(ev *decode.Event) string {
	if !report.SentWithoutConsent(ev) {
		return ""
	}
	f := &ev.ConsentInForce
	s := "SENT WITHOUT CONSENT: " + f.State.String()
	if f.RestsOn != (decode.Source{}) {
		s += " (rests on " + f.RestsOn.File + "#" + strconv.Itoa(f.RestsOn.Entry) + ")"
	}
	return s
}

// withoutConsentLine is one line of a visitor's "sent without consent"
// section.
func withoutConsentLine(r report.TimelineRow, d Options) string {
	ev := r.Event
	party := r.Party
	if r.Company != "" {
		party += " (" + r.Company + ")"
	}
	s := fmt.Sprintf("%s  %s  %s  %s", d.time(ev), party, EventName(ev), ev.ConsentInForce.State)
	if on := restsOnText(ev, d.Location); on != "" {
		s += ": rests on " + on
	}
	src := firstSource(ev)
	return Terminal(s + "  [" + src.File + "#" + strconv.Itoa(src.Entry) + "]")
}

// writeWithoutConsentHeader begins a visitor's "sent without consent"
// section of n lines (writeWithoutConsentLine).
func writeWithoutConsentHeader(w io.Writer, n int) {
	fmt.Fprintf(w, "  SENT WITHOUT CONSENT: %d request(s) sent before any choice or after a refusal (%s):\n", n, ConsentCaveat)
}

// writeWithoutConsentLine writes a line of the section.
func writeWithoutConsentLine(w io.Writer, line string) {
	fmt.Fprintf(w, "    %s\n", line)
}

// eventRows makes timeline rows of bare events, for the formats that
// write rows: no visitor, the party the receiving host's domain.
func eventRows(seq iter.Seq2[*decode.Event, error]) iter.Seq2[report.TimelineRow, error] {
	return func(yield func(report.TimelineRow, error) bool) {
		for ev, err := range seq {
			if err != nil {
				yield(report.TimelineRow{}, err)
				return
			}
			r := report.TimelineRow{Event: ev, Page: ev.Page}
			if ev.Kind != decode.KindNavigation {
				r.Party = site.Domain(ev.Host)
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// visitorRows returns the rows of the visitors vs, in the analysis's
// order (time first) rather than visitor by visitor: a super-timeline.
func visitorRows(a *report.Analysis, vs []*report.Visitor) iter.Seq2[report.TimelineRow, error] {
	ids := make([]string, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	return func(yield func(report.TimelineRow, error) bool) {
		for r, err := range a.Rows() {
			if err != nil || slices.Contains(ids, r.Visitor) {
				if !yield(r, err) {
					return
				}
			}
		}
	}
}

// timeAt writes a time as [Time] does.
func timeAt(t time.Time, loc *time.Location) string {
	if loc == nil || loc == time.UTC {
		return t.UTC().Format(report.TimeFormat)
	}
	return t.In(loc).Format("2006-01-02T15:04:05.000Z07:00")
}
