package evidence

import (
	"strconv"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
)

// figure is the geometry of a visitor's timeline figure, drawn as inline
// SVG: time runs left to right, each third party has a lane (the pages
// the visitor opened are the first), each event is a mark in its lane,
// and sensitive events are marked in red. Coordinates are in the SVG's
// own units (its viewBox), formatted once here so that the output does
// not depend on float printing in a template.
type figure struct {
	Width, Height string
	PlotLeft      string
	PlotRight     string
	AxisY         string
	From, To      string // first and last time shown, in the display zone
	Zone          string
	Lanes         []lane
	Ticks         []tick
	Marks         []mark
	Undrawn       int // events without a readable time
}

type lane struct {
	Label       string
	Y, TextY    string
	Top, Height string // the shaded band
	Shade       bool
}

type tick struct {
	X, Label string
}

type mark struct {
	X, Y       string
	Navigation bool
	Sensitive  bool
	Points     string // the diamond of a sensitive mark
	Title      string
	N          string // the row number in the timeline table
}

const (
	figWidth     = 1000.0
	figLeft      = 180.0
	figRight     = 980.0
	figTop       = 34.0
	figLaneH     = 26.0
	figAxisSpace = 30.0
)

// tickSteps are the tick spacings tried, smallest first.
var tickSteps = []time.Duration{
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
	2 * 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour, 365 * 24 * time.Hour,
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func newFigure(v *report.Visitor, rows []report.TimelineRow, loc *time.Location) *figure {
	if loc == nil {
		loc = time.UTC
	}
	f := &figure{PlotLeft: num(figLeft), PlotRight: num(figRight), Zone: loc.String()}
	laneOf := map[string]int{"": 0}
	labels := []string{"pages opened"}
	var t0, t1 time.Time
	for _, r := range rows {
		if !r.Event.Time.Valid() {
			f.Undrawn++
			continue
		}
		t := r.Event.Time.T
		if t0.IsZero() || t.Before(t0) {
			t0 = t
		}
		if t1.IsZero() || t.After(t1) {
			t1 = t
		}
		if _, ok := laneOf[r.Party]; !ok {
			laneOf[r.Party] = len(labels)
			labels = append(labels, r.Party)
		}
	}
	if t0.IsZero() {
		return nil
	}
	for i, l := range labels {
		y := figTop + float64(i)*figLaneH
		f.Lanes = append(f.Lanes, lane{Label: l, Y: num(y), TextY: num(y + 4), Top: num(y - figLaneH/2), Height: num(figLaneH), Shade: i%2 == 0})
	}
	height := figTop + float64(len(labels))*figLaneH + figAxisSpace - figLaneH/2
	f.Width, f.Height = num(figWidth), num(height)
	f.AxisY = num(figTop + float64(len(labels))*figLaneH - figLaneH/2)
	span := t1.Sub(t0)
	if span < time.Second {
		span = time.Second
	}
	x := func(t time.Time) float64 {
		return figLeft + float64(t.Sub(t0))/float64(span)*(figRight-figLeft)
	}
	f.From, f.To = t0.In(loc).Format("2006-01-02T15:04:05.000Z07:00"), t1.In(loc).Format("2006-01-02T15:04:05.000Z07:00")
	if loc == time.UTC {
		f.From, f.To = t0.UTC().Format(report.TimeFormat), t1.UTC().Format(report.TimeFormat)
	}
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if span/s <= 8 {
			step = s
			break
		}
	}
	layout := "15:04:05"
	if step >= 24*time.Hour {
		layout = "2006-01-02"
	} else if span >= 24*time.Hour {
		layout = "01-02 15:04"
	}
	// Ticks at multiples of step in the display zone.
	_, off := t0.In(loc).Zone()
	shift := time.Duration(off) * time.Second
	first := t0.Add(shift).Truncate(step).Add(-shift)
	for t := first; !t.After(t1); t = t.Add(step) {
		if t.Before(t0) {
			continue
		}
		f.Ticks = append(f.Ticks, tick{X: num(x(t)), Label: t.In(loc).Format(layout)})
	}
	for i, r := range rows {
		ev := r.Event
		if !ev.Time.Valid() {
			continue
		}
		mx, my := x(ev.Time.T), figTop+float64(laneOf[r.Party])*figLaneH
		m := mark{X: num(mx), Y: num(my), Navigation: ev.Kind == decode.KindNavigation, N: strconv.Itoa(i + 1)}
		title := "#" + m.N + " " + render.Time(ev, loc) + " " + render.EventName(ev)
		if r.Party != "" {
			title += " → " + r.Party
		}
		title += " (" + sourceText(firstSource(ev)) + ")"
		if fl := ev.Sensitive; len(fl) > 0 {
			m.Sensitive = true
			m.Points = num(mx) + "," + num(my-8) + " " + num(mx+8) + "," + num(my) + " " + num(mx) + "," + num(my+8) + " " + num(mx-8) + "," + num(my)
			title += " — sensitive: " + fl[0].Category
		}
		m.Title = title
		f.Marks = append(f.Marks, m)
	}
	return f
}
