package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

// outputFlags are the flags that say how to write an analysis: the
// format, the time zone, progress and where the events are kept.
type outputFlags struct {
	format     string
	tz         string
	quiet      bool
	inMemory   bool
	formats    []string
	parsed     render.Format
	location   *time.Location
	registered bool // --in-memory
}

func (o *outputFlags) register(fs *flag.FlagSet, formats []string) {
	o.formats = formats
	fs.StringVarP(&o.format, "format", "f", formats[0], "output format: "+strings.Join(formats, ", "))
	closedSet(fs, "format", formats)
	fs.StringVar(&o.tz, "tz", "UTC", "time zone for times in table and CSV output (e.g. Europe/London); JSON is always UTC")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress display (it is shown only when stderr is a terminal)")
}

// registerMemory adds --in-memory.
func (o *outputFlags) registerMemory(fs *flag.FlagSet) {
	fs.BoolVar(&o.inMemory, "in-memory", false, "keep decoded events in memory instead of moving them, past a few megabytes, to a temporary file in $TMPDIR (removed from the directory at once; memory then grows with the captures)")
}

// check validates the flags after parsing; it prints and returns false on
// a usage error.
func (o *outputFlags) check(e *env, cmd string) bool {
	if !slices.Contains(o.formats, o.format) {
		fmt.Fprintf(e.stderr, "haruspex %s: --format must be one of %s, not %q\n", cmd, strings.Join(o.formats, ", "), o.format)
		return false
	}
	o.parsed, _ = render.ParseFormat(o.format)
	loc, err := time.LoadLocation(o.tz)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex %s: --tz: %v\n", cmd, err)
		return false
	}
	o.location = loc
	return true
}

// options returns the analysis options the flags imply.
func (o *outputFlags) options(opt report.Options) report.Options {
	if o.inMemory {
		opt.MemoryLimit = -1
	}
	return opt
}

// display returns the rendering options.
func (o *outputFlags) display() render.Options { return render.Options{Location: o.location} }

func runEvents(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("events", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var o eventFlags
	o.register(fs)
	vendors := fs.StringSlice("vendor", nil, "only these vendors (comma-separated or repeated): "+vendorList())
	closedSet(fs, "vendor", strings.Split(vendorList(), ", "))
	evNames := fs.StringSlice("event", nil, "only these event names, e.g. PageView,SubscribedButtonClick")
	pixels := fs.StringSlice("pixel", nil, "only these pixel (account) IDs")
	all := fs.Bool("all", false, "also list third-party requests that no decoder claims (vendor \"other\")")
	consentSignals := fs.Bool("consent-signals", false, "also list the consent signals the requests carried (kind consent: TC strings, Google consent mode, consent platforms' cookies), whatever --vendor, --event and --pixel say")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex events [flags] FILE...

List every tracker event the captures hold, one row per event, ordered by
time, then file, then entry: who received it (vendor, host, pixel ID), the
event, the page it was sent from, the visitor identifiers it carried (fbp,
fbc, the c_user cookie that names a Facebook account, …), custom data (the
button text of a click), personal data (hashed or not), and a plain-English
summary. Each row names its source: file, SHA-256 and entry index.

Chrome's privacy-sandbox copy of a Meta event, and its twin sent through
the site's Conversions API Gateway, are folded into the original (listed
as further sources), never counted twice.

--known-email, --known-phone, --known-name, --known-postcode and
--known-city prove that a value sent is a person's: each is normalised in
every way Meta and Google (and sites) do it, hashed, and every matching
value is marked with the form that matched.

Each event says the consent state in force when it was sent — before any
choice, after accept, after reject, after partial choice, or unknown — and
the consent signal it rests on (CSV columns consent and consent_rests_on,
JSON "consent"), from the consent signals the same visitor's requests
carried before it. A consent signal shows what the page recorded, not what
the visitor saw. --consent-signals lists the signals themselves.

--format timesketch writes JSON Lines that Timesketch imports unchanged
(message, datetime, timestamp, timestamp_desc, data_type, and the event's
fields; tags no-consent and sensitive:<category>); --format l2tcsv writes
Plaso's 17-column l2tcsv, for tools that read only that. With -o, a
Timesketch file's name must end in .jsonl.

FILE may be .har or .har.gz, or - for standard input.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex events samples/police-visit.har
  haruspex events --vendor meta --event SubscribedButtonClick,Lead samples/police-visit.har
  haruspex events --known-email jane.doe@example.com --format ndjson samples/police-visit.har | jq .matches
  haruspex events --format csv --tz Europe/London capture.har > events.csv
  haruspex events --format timesketch -o capture.jsonl capture.har

`+exitCodesHelp)
	}
	rs, code, done := o.parse(e, fs, args)
	if done {
		return code
	}
	var filter decode.Filter
	for _, v := range *vendors {
		pv, err := decode.ParseVendor(strings.TrimSpace(v))
		if err != nil {
			fmt.Fprintf(e.stderr, "haruspex events: --vendor: %v\n", err)
			return exitUsage
		}
		filter.Vendors = append(filter.Vendors, pv)
	}
	filter.Events, filter.Pixels = *evNames, *pixels
	if !haveInputs(e, fs) {
		return exitUsage
	}
	opt := report.Options{Generic: *all || slices.Contains(filter.Vendors, decode.VendorOther), Consent: *consentSignals}
	rs.apply(&opt)
	an, code := analyse(ctx, e, "events", fs.Args(), asGiven, o.quiet, o.options(opt))
	if an == nil {
		return code
	}
	defer an.Close()
	keep := func(ev *decode.Event) bool { return ev.Kind == decode.KindConsent || filter.Match(ev) }
	matching := func(yield func(*decode.Event, error) bool) {
		for ev, err := range an.Events() {
			if err != nil || keep(ev) {
				if !yield(ev, err) {
					return
				}
			}
		}
	}
	return o.write(e, code, func(w io.Writer) error {
		switch o.parsed {
		case render.FormatTimesketch, render.FormatL2TCSV:
			// Rows, so that each line names its visitor and page.
			rows := func(yield func(report.TimelineRow, error) bool) {
				for r, err := range an.Rows() {
					if err != nil || keep(r.Event) {
						if !yield(r, err) {
							return
						}
					}
				}
			}
			return render.TimelineRows(w, o.parsed, rows, o.display())
		}
		return render.Events(w, o.parsed, an.Files, matching, o.display())
	})
}

func vendorList() string {
	var names []string
	for _, v := range decode.Vendors() {
		names = append(names, v.String())
	}
	return strings.Join(names, ", ")
}
