package matrix

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report"
)

// readCapture opens one input, analyses it alone and reduces its events
// to rows: one per third party and data type. It runs on a worker
// goroutine; what it returns is the caller's.
func readCapture(ctx context.Context, in Input, opt *report.Options) result {
	c := &Capture{Name: in.Name, Size: max(in.Size, 0)}
	r := result{capture: c, hosts: map[string][]string{}}
	fail := func(err error) result {
		c.err, c.Error = err, err.Error()
		return r
	}
	if ctx.Err() != nil {
		return fail(fmt.Errorf("%s: %w", in.Name, ErrInterrupted))
	}
	rc, err := in.Open()
	if err != nil {
		return fail(err)
	}
	defer rc.Close()
	an, err := report.Analyze([]report.Input{{Name: in.Name, R: &ctxReader{ctx: ctx, r: rc}}}, *opt)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", in.Name, err))
	}
	defer an.Close()
	f := an.Files[0]
	c.SHA256, c.Size, c.Site, c.Entries, c.Error, c.err = f.SHA256, f.Size, f.FirstParty, f.Entries, f.Error, f.Err()
	c.usable = f.Usable()

	type key struct {
		party string
		typ   string
	}
	type acc struct {
		row      Row
		visitors []string
		cats     []string
	}
	cells := map[key]*acc{}
	var order []key // first-seen order; the rows are sorted at the end anyway
	seen := 0
	for _, v := range an.Visitors() {
		for ev, err := range an.VisitorEvents(v) {
			if err != nil {
				return fail(fmt.Errorf("%s: reading back its events: %w", in.Name, err))
			}
			seen++
			party := partyOf(ev, c.Site)
			if party == "" {
				continue
			}
			c.Events++
			host := ev.Host
			if party == ev.Gateway {
				// The gateway forwards to the vendor whose format it
				// speaks: that vendor's company receives it.
				host = ev.Vendor.Host()
			}
			if !slices.Contains(r.hosts[party], host) {
				r.hosts[party] = append(r.hosts[party], strings.Clone(host))
			}
			for _, t := range typesOf(ev) {
				k := key{party, t.name}
				a := cells[k]
				if a == nil {
					a = &acc{row: Row{Site: c.Site, Party: party, DataType: t.name, Capture: c.Name, SHA256: c.SHA256, Error: c.Error}}
					cells[k] = a
					order = append(order, k)
				}
				a.row.Events++
				switch ev.Delivery.State {
				case decode.DeliveryAnswered:
					a.row.Answered++
				case decode.DeliveryFailed:
					a.row.Failed++
				default:
					a.row.Unconfirmed++
				}
				if !slices.Contains(a.visitors, v.ID) {
					a.visitors = append(a.visitors, v.ID)
				}
				for _, cat := range t.sensitive {
					if !slices.Contains(a.cats, cat) {
						a.cats = append(a.cats, cat)
					}
				}
			}
		}
	}
	if seen != an.Len() {
		// Every event belongs to a visitor (report.Visitor): a count that
		// differs means events would be missing from the matrix.
		return fail(fmt.Errorf("%s: matrix: visitors hold %d of the %d events", in.Name, seen, an.Len()))
	}
	for _, k := range order {
		a := cells[k]
		a.row.Visitors = int64(len(a.visitors))
		slices.Sort(a.cats)
		a.row.Sensitive = a.cats
		r.rows = append(r.rows, a.row)
	}
	return r
}

// partyOf returns the third party an event went to: the registrable
// domain of its host, as [report.Analysis.Parties] counts parties; ""
// when the host is the capture's own site (a first-party request) or has
// no domain.
func partyOf(ev *decode.Event, firstParty string) string {
	if ev.Kind == decode.KindNavigation {
		return ""
	}
	if ev.Gateway != "" && ev.Host == ev.Gateway {
		return ev.Gateway // sent to a first-party gateway: a party of its own
	}
	d := site.Domain(ev.Host)
	if d == "" || d == firstParty {
		return ""
	}
	return d
}

// eventType is one data type an event carried, and the sensitive
// categories its values matched.
type eventType struct {
	name      string
	sensitive []string
}

// typesOf lists the data types of an event: [decode.Event.DataTypes],
// with the type of every field a sensitive rule matched (a page URL, a
// button text …) and that match's category; [NoParameters] when it
// carried none.
func typesOf(ev *decode.Event) []eventType {
	types := ev.DataTypes()
	var out []eventType
	for _, t := range types {
		out = append(out, eventType{name: t.String()})
	}
	for _, h := range ev.Sensitive {
		t := hitType(ev, h)
		i := slices.IndexFunc(out, func(e eventType) bool { return e.name == t.String() })
		if i < 0 {
			out = append(out, eventType{name: t.String()})
			i = len(out) - 1
		}
		if !slices.Contains(out[i].sensitive, h.Category) {
			out[i].sensitive = append(out[i].sensitive, h.Category)
		}
	}
	if len(out) == 0 {
		out = append(out, eventType{name: NoParameters})
	}
	return out
}

// hitType is the data type of the field a sensitive hit was found in
// (report's sensitiveHits names it): the page, the referrer, the event
// name, a parameter ("param dt"), or a custom-data key ("cd[buttonText]"
// for Meta, the key alone for others).
func hitType(ev *decode.Event, h decode.SensitiveHit) decode.DataType {
	switch h.Field {
	case "page", "page opened":
		return decode.DataPageURL
	case "referrer":
		return decode.DataReferrer
	case "event":
		return decode.DataEventName
	}
	name := strings.TrimPrefix(h.Field, "param ")
	for _, p := range ev.Params {
		if p.Name == name {
			return p.Type
		}
	}
	return decode.DataCustomEvent
}

// ctxReader stops reading, as a truncated file stops, once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(b []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, ErrInterrupted
	}
	return c.r.Read(b)
}
