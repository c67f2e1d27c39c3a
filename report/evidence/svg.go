package evidence

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
)

// figure is the geometry of a visitor's timeline figure, drawn as inline
// SVG: time runs left to right, each third party has a lane (the pages
// the visitor opened are the first), each event is a mark in its lane,
// and sensitive events are marked in red. A pause longer than
// [sessionGap] is not drawn to scale: the time axis is cut there, the
// cut is shaded and labelled with the pause's length, and each stretch
// between cuts (a session) gets its share of the width by its length,
// with a minimum, so that several visits days apart do not shrink into
// clumps at the ends of one axis. Coordinates are in the SVG's own units
// (its viewBox), formatted once here so that the output does not depend
// on float printing in a template.
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
	Cuts          []cut
	Segments      []segment
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

// cut is a pause left out of the time axis.
type cut struct {
	X, Width, LabelX string
	Label            string // the pause's length, "2 h 14 min"
}

// segment is a stretch of the timeline without a pause longer than
// [sessionGap], and where it is drawn.
type segment struct {
	from, to    time.Time
	left, width float64
}

// sessionGap is the longest pause drawn to scale: a longer one cuts the
// axis. Thirty minutes is the pause after which Google Analytics starts
// a new session.
const sessionGap = 30 * time.Minute

const (
	figWidth     = 1000.0
	figLeft      = 180.0
	figRight     = 980.0
	figTop       = 34.0
	figLaneH     = 26.0
	figAxisSpace = 30.0
	figCutW      = 44.0 // the width of a cut
	figMinSeg    = 70.0 // the least width of a session
	figTickGap   = 64.0 // the least distance between two tick labels
)

// tickSteps are the tick spacings tried, smallest first.
var tickSteps = []time.Duration{
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
	2 * 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour, 365 * 24 * time.Hour,
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// pauseText writes a pause's length in words: "3 days 2 h", "2 h 14
// min", "45 min".
func pauseText(d time.Duration) string {
	days, h, m := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0 && h > 0:
		return fmt.Sprintf("%d day%s %d h", days, plural(days), h)
	case days > 0:
		return fmt.Sprintf("%d day%s", days, plural(days))
	case h > 0 && m > 0:
		return fmt.Sprintf("%d h %d min", h, m)
	case h > 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d min", m)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// segments splits sorted times at pauses longer than sessionGap and
// gives each stretch its share of the plot's width.
func segments(times []time.Time) []segment {
	var segs []segment
	for _, t := range times {
		if n := len(segs); n > 0 && t.Sub(segs[n-1].to) <= sessionGap {
			segs[n-1].to = t
			continue
		}
		segs = append(segs, segment{from: t, to: t})
	}
	n := float64(len(segs))
	cutW := figCutW
	if (n-1)*cutW > (figRight-figLeft)/3 {
		cutW = (figRight - figLeft) / 3 / (n - 1)
	}
	room := figRight - figLeft - (n-1)*cutW
	minW := min(figMinSeg, room/n)
	var total time.Duration
	for _, s := range segs {
		total += s.to.Sub(s.from)
	}
	left := figLeft
	for i := range segs {
		w := room / n
		if total > 0 {
			w = minW + (room-n*minW)*float64(segs[i].to.Sub(segs[i].from))/float64(total)
		}
		segs[i].left, segs[i].width = left, w
		left += w + cutW
	}
	return segs
}

// x places t, one of the times segs were made from, on the plot.
func x(segs []segment, t time.Time) float64 {
	for _, s := range segs {
		if t.After(s.to) {
			continue
		}
		span := s.to.Sub(s.from)
		if span <= 0 {
			return s.left + s.width/2
		}
		return s.left + float64(t.Sub(s.from))/float64(span)*s.width
	}
	s := segs[len(segs)-1]
	return s.left + s.width
}

// newFigure draws a visitor's timeline; views are its rows as the table
// shows them (for their IDs).
func newFigure(rows []report.TimelineRow, views []rowView, loc *time.Location) *figure {
	if loc == nil {
		loc = time.UTC
	}
	f := &figure{PlotLeft: num(figLeft), PlotRight: num(figRight), Zone: loc.String()}
	laneOf := map[string]int{"": 0}
	labels := []string{"pages opened"}
	var times []time.Time
	for _, r := range rows {
		if !r.Event.Time.Valid() {
			f.Undrawn++
			continue
		}
		times = append(times, r.Event.Time.T)
		if _, ok := laneOf[r.Party]; !ok {
			laneOf[r.Party] = len(labels)
			labels = append(labels, r.Party)
		}
	}
	if len(times) == 0 {
		return nil
	}
	slices.SortFunc(times, time.Time.Compare)
	segs := segments(times)
	f.Segments = segs
	for i, l := range labels {
		y := figTop + float64(i)*figLaneH
		f.Lanes = append(f.Lanes, lane{Label: l, Y: num(y), TextY: num(y + 4), Top: num(y - figLaneH/2), Height: num(figLaneH), Shade: i%2 == 0})
	}
	height := figTop + float64(len(labels))*figLaneH + figAxisSpace - figLaneH/2
	f.Width, f.Height = num(figWidth), num(height)
	f.AxisY = num(figTop + float64(len(labels))*figLaneH - figLaneH/2)
	t0, t1 := times[0], times[len(times)-1]
	f.From, f.To = render.Time(&decode.Event{Time: har.Time{T: t0}}, loc), render.Time(&decode.Event{Time: har.Time{T: t1}}, loc)

	multiDay := t0.In(loc).YearDay() != t1.In(loc).YearDay() || t0.In(loc).Year() != t1.In(loc).Year()
	lastX := -figTickGap
	for i, s := range segs {
		if i > 0 {
			prev := segs[i-1]
			cx := prev.left + prev.width
			f.Cuts = append(f.Cuts, cut{X: num(cx), Width: num(s.left - cx), LabelX: num((cx + s.left) / 2), Label: pauseText(s.from.Sub(prev.to))})
		}
		span := s.to.Sub(s.from)
		// As many ticks as the segment's width holds, at round times
		// in the display zone; the segment's start when none falls in it.
		most := max(1, int(s.width/figTickGap))
		step := tickSteps[len(tickSteps)-1]
		for _, st := range tickSteps {
			if int(span/st) < most {
				step = st
				break
			}
		}
		layout := "15:04:05"
		if step >= time.Minute && step < 24*time.Hour {
			layout = "15:04"
		}
		if step >= 24*time.Hour {
			layout = "2006-01-02"
		}
		_, off := s.from.In(loc).Zone()
		shift := time.Duration(off) * time.Second
		var ts []time.Time
		for t := s.from.Add(shift).Truncate(step).Add(-shift); !t.After(s.to); t = t.Add(step) {
			if !t.Before(s.from) {
				ts = append(ts, t)
			}
		}
		if len(ts) == 0 {
			ts = []time.Time{s.from}
			layout = "15:04:05"
		}
		for j, t := range ts {
			tx := x(segs, t)
			if tx-lastX < figTickGap {
				continue
			}
			l := layout
			if j == 0 && multiDay && step < 24*time.Hour {
				l = "01-02 " + layout
			}
			f.Ticks = append(f.Ticks, tick{X: num(tx), Label: t.In(loc).Format(l)})
			lastX = tx
		}
	}
	for i, r := range rows {
		ev := r.Event
		if !ev.Time.Valid() {
			continue
		}
		mx, my := x(segs, ev.Time.T), figTop+float64(laneOf[r.Party])*figLaneH
		m := mark{X: num(mx), Y: num(my), Navigation: ev.Kind == decode.KindNavigation, N: strconv.Itoa(i + 1)}
		title := views[i].ID + " " + render.Time(ev, loc) + " " + render.EventName(ev)
		if r.Party != "" {
			title += " → " + r.Party
		}
		if views[i].Sensitive {
			m.Sensitive = true
			m.Points = num(mx) + "," + num(my-8) + " " + num(mx+8) + "," + num(my) + " " + num(mx) + "," + num(my+8) + " " + num(mx-8) + "," + num(my)
			title += " — sensitive: " + views[i].Flags[0]
		}
		m.Title = title
		f.Marks = append(f.Marks, m)
	}
	return f
}
