package evidence

import (
	"cmp"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
)

// consentView is one row of the report's "sent without consent"
// section: a third-party request sent before any choice or after a
// refusal, and the consent signal that says so.
type consentView struct {
	Time, Visitor, Party, Event, Kind, State, RestsOn, Source string
	tracking                                                  bool // a tracking event (kind event), listed first
}

// consentSummary is what the report says of consent.
type consentSummary struct {
	// Signals counts the consent markers of the timelines (signals
	// found, and inferences).
	Signals int
	// Assessed counts the events whose state is known: not unknown.
	Assessed int
	// Rows are the first of the requests sent without consent (the
	// report's table limit): tracking events first, then other requests
	// (code and configuration loads), each in the order of the timelines.
	// Count counts them all.
	Rows  []consentView
	Count int
	// tracking and other are the rows of each rank seen so far, up to
	// the limit (finish).
	tracking, other []consentView
	max             int // the table's limit, 0 for the default
	// Caveat is said with them.
	Caveat string
}

// add notes one timeline row of visitor in the summary; times are
// shown in loc.
func (s *consentSummary) add(r report.TimelineRow, visitor string, loc *time.Location) {
	ev := r.Event
	if ev.Kind == decode.KindConsent {
		s.Signals++
		return
	}
	if st := ev.ConsentInForce.State; st != decode.ConsentUnknown && st != decode.ConsentNotAssessed {
		s.Assessed++
	}
	if !report.SentWithoutConsent(ev) {
		return
	}
	s.Count++
	tracking := ev.Kind == decode.KindEvent
	list := &s.other
	if tracking {
		list = &s.tracking
	}
	if len(*list) >= s.limit() {
		return // counted; events.csv and the timelines' CSV hold it
	}
	party := r.Party
	if r.Company != "" {
		party += " (" + r.Company + ")"
	}
	// Copied out of the event (figureEvent says why).
	*list = append(*list, consentView{Time: render.Time(ev, loc), Visitor: visitor, Party: strings.Clone(party), Event: strings.Clone(render.EventName(ev)), Kind: ev.Kind.String(),
		State: ev.ConsentInForce.State.String(), RestsOn: strings.Clone(render.RestsOnText(ev, loc)), Source: strings.Join(sourcesOf(ev), " "),
		tracking: tracking})
}

// limit is how many rows of each rank add keeps: the table's limit.
func (s *consentSummary) limit() int { return cmp.Or(s.max, defaultMaxRows) }

// finish lists the rows, at most maxRows: tracking events first; the
// order of the timelines (visitor, then time) within each.
func (s *consentSummary) finish(maxRows int) {
	s.Rows = append(s.tracking, s.other...)
	s.Rows = s.Rows[:min(len(s.Rows), maxRows)]
	s.tracking, s.other = nil, nil
	s.Caveat = render.ConsentCaveat
}

// consentWarning is the line a timeline row of the report adds for a
// request sent without consent, "" for any other.
func consentWarning(ev *decode.Event) string {
	if !report.SentWithoutConsent(ev) {
		return ""
	}
	s := "SENT WITHOUT CONSENT: " + ev.ConsentInForce.State.String()
	if on := ev.ConsentInForce.RestsOn; on != (decode.Source{}) {
		s += " (rests on " + sourceText(on) + ")"
	}
	return s
}

// consentMarkdown writes the section "Sent without consent".
func consentMarkdown(m *mdWriter, c *caseView) {
	s := &c.Consent
	m.p("## 2b Sent without consent\n\n")
	switch {
	case s.Signals == 0 && s.Count == 0:
		m.p("The captures carry no consent signal this version reads (IAB TCF, Google consent mode, US Privacy, GPP, the cookies of common consent platforms, Meta's Limited Data Use): the consent state of every event is unknown. A capture without cookies (Chrome's default export) holds no consent platform cookie.\n\n")
	case s.Assessed == 0:
		m.p("The timelines hold %d consent signal(s), none of which records a choice or that none was made: the consent state of every event is unknown.\n\n", s.Signals)
	case s.Count == 0:
		m.p("As the %d consent signal(s) in the timelines show, no third-party request was sent before any choice or after a refusal. Note: %s.\n\n", s.Signals, s.Caveat)
	default:
		m.p("%d third-party request(s) were sent before any choice or after a refusal, as the consent signals each visitor's requests carried before them show; each names the signal its state rests on (a row of kind consent in the timelines below, or the page opened without a consent cookie). Tracking events come first, then loads of code and configuration. Note: %s.\n", s.Count, s.Caveat)
		if s.Count > len(s.Rows) {
			m.p("The first %d are listed; events.csv and the timelines' CSV hold them all.\n", len(s.Rows))
		}
		var rows [][]string
		for _, r := range s.Rows {
			rows = append(rows, []string{r.Time, r.Visitor, md(r.Party), md(r.Event) + " (" + r.Kind + ")", "**" + r.State + "**", md(r.RestsOn), md(r.Source)})
		}
		m.table([]string{"time", "visitor", "third party", "event", "consent state", "rests on", "source"}, rows)
	}
}
