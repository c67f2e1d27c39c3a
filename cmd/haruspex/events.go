package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/sensitive"
	flag "github.com/spf13/pflag"
)

// analysisFlags are the flags every analysing command shares.
type analysisFlags struct {
	format       string
	tz           string
	site         string
	knownEmails  []string
	knownPhones  []string
	quiet        bool
	inMemory     bool
	sensitive    string
	formats      []string
	defaultFmt   string
	location     *time.Location
	parsedFormat report.Format
}

// registerSpill adds --in-memory, for the commands that keep decoded
// events in a temporary file.
func (a *analysisFlags) registerSpill(fs *flag.FlagSet) {
	fs.BoolVar(&a.inMemory, "in-memory", false, "keep decoded events in memory instead of a temporary file in $TMPDIR (removed from the directory at once; memory then grows with the captures)")
}

func (a *analysisFlags) register(fs *flag.FlagSet, formats []string) {
	a.formats = formats
	fs.StringVarP(&a.format, "format", "f", formats[0], "output format: "+strings.Join(formats, ", "))
	fs.StringVar(&a.tz, "tz", "UTC", "time zone for times in table and CSV output (e.g. Europe/London); JSON is always UTC")
	fs.StringVar(&a.site, "site", "", "first party's domain, instead of the one found from each capture's navigations")
	fs.StringArrayVar(&a.knownEmails, "known-email", nil, "an e-mail address to look for, hashed as Meta hashes it (repeatable)")
	fs.StringArrayVar(&a.knownPhones, "known-phone", nil, "a phone number with country code to look for, hashed as Meta hashes it (repeatable)")
	fs.BoolVarP(&a.quiet, "quiet", "q", false, "no progress display (it is shown only when stderr is a terminal)")
	fs.StringVar(&a.sensitive, "sensitive", "", "sensitive-content rules file replacing the built-in ones (format: see the sensitive package); \"none\" turns flagging off")
}

// check validates the flags after parsing; it prints and returns false on
// a usage error.
func (a *analysisFlags) check(e *env, cmd string) bool {
	ok := false
	for _, f := range a.formats {
		ok = ok || f == a.format
	}
	if !ok {
		fmt.Fprintf(e.stderr, "haruspex %s: --format must be one of %s, not %q\n", cmd, strings.Join(a.formats, ", "), a.format)
		return false
	}
	a.parsedFormat, _ = report.ParseFormat(a.format)
	loc, err := time.LoadLocation(a.tz)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex %s: --tz: %v\n", cmd, err)
		return false
	}
	a.location = loc
	return true
}

// analyse opens and analyses the inputs. It returns the exit code the
// command should end with if all else goes well (0, 2 or 3).
func (a *analysisFlags) analyse(ctx context.Context, e *env, cmd string, names []string, opt report.Options) (*report.Analysis, int) {
	known, err := decode.NewKnownPII(a.knownEmails, a.knownPhones)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex %s: %v\n", cmd, err)
		return nil, exitUsage
	}
	var inputs []report.Input
	var closers []io.Closer
	var failed []*report.FileInfo
	for _, name := range names {
		rc, display, err := openInput(e, name)
		if err != nil {
			failed = append(failed, report.UnreadableFile(display, err))
			continue
		}
		closers = append(closers, rc)
		inputs = append(inputs, report.Input{Name: display, R: rc})
	}
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	opt.Known, opt.Site = known, a.site
	if a.inMemory {
		opt.Spill = false
	}
	if opt.Spill {
		tuneGC()
	}
	switch a.sensitive {
	case "":
		opt.Sensitive = sensitive.Builtin()
	case "none":
	default:
		f, err := os.Open(a.sensitive)
		if err != nil {
			fmt.Fprintf(e.stderr, "haruspex %s: --sensitive: %v\n", cmd, err)
			return nil, exitUsage
		}
		opt.Sensitive, err = sensitive.Load(f, filepath.Base(a.sensitive))
		f.Close()
		if err != nil {
			fmt.Fprintf(e.stderr, "haruspex %s: --sensitive: %v\n", cmd, err)
			return nil, exitUsage
		}
	}
	opt.Progress = func(name string, r io.Reader) io.Reader {
		p := newProgress(e, a.quiet, name, inputSize(r))
		if p == nil {
			return r
		}
		return p.reader(&finishOnEOF{r: r, p: p})
	}
	an, err := report.Analyze(inputs, opt)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex %s: %v\n", cmd, err)
		return nil, exitNoInput
	}
	an.Files = append(an.Files, failed...)
	usable, partial := 0, false
	for _, f := range an.Files {
		if f.Usable() {
			usable++
		}
		if f.Err() != nil {
			partial = true
			fmt.Fprintf(e.stderr, "haruspex %s: %s\n", cmd, report.Terminal(f.Error))
		}
	}
	switch {
	case usable == 0:
		return an, exitNoInput
	case partial:
		return an, exitPartial
	}
	return an, exitOK
}

// finishOnEOF clears the progress line when its input ends.
type finishOnEOF struct {
	r io.Reader
	p *progress
}

func (f *finishOnEOF) Read(b []byte) (int, error) {
	n, err := f.r.Read(b)
	if err != nil {
		f.p.finish()
	}
	return n, err
}

func runEvents(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("events", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var a analysisFlags
	a.register(fs, []string{"table", "csv", "json", "ndjson"})
	a.registerSpill(fs)
	vendors := fs.StringSlice("vendor", nil, "only these vendors (comma-separated or repeated): "+vendorList())
	evNames := fs.StringSlice("event", nil, "only these event names, e.g. PageView,SubscribedButtonClick")
	pixels := fs.StringSlice("pixel", nil, "only these pixel (account) IDs")
	all := fs.Bool("all", false, "also list third-party requests that no decoder claims (vendor \"other\")")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex events [flags] FILE...

List every tracker event the captures hold, one row per event, ordered by
time, then file, then entry: who received it (vendor, host, pixel ID), the
event, the page it was sent from, the visitor identifiers it carried (fbp,
fbc, the c_user cookie that names a Facebook account, …), custom data (the
button text of a click), personal data (hashed or not), and a plain-English
summary. Each row names its source: file, SHA-256 and entry index.

Chrome's privacy-sandbox copy of a Meta event is folded into the original
(listed as a second source), never counted twice.

--known-email and --known-phone prove that a hashed value is a person's
e-mail or phone: the value is normalised and hashed as Meta does it, and
every matching ud[...] value is marked.

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

`+exitCodesHelp)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if !a.check(e, "events") {
		return exitUsage
	}
	var filter report.EventFilter
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
	an, code := a.analyse(ctx, e, "events", fs.Args(), report.Options{Generic: *all || slices.Contains(filter.Vendors, decode.VendorOther), Spill: true})
	if an == nil {
		return code
	}
	defer an.Close()
	matching := func(yield func(*decode.Event, error) bool) {
		for ev, err := range an.All() {
			if err != nil || filter.Match(ev) {
				if !yield(ev, err) {
					return
				}
			}
		}
	}
	if err := report.WriteEventsSeq(e.stdout, a.parsedFormat, an.Files, matching, report.Display{Location: a.location}); err != nil {
		fmt.Fprintf(e.stderr, "haruspex events: writing output: %v\n", err)
		return exitNoInput
	}
	return code
}

func vendorList() string {
	var names []string
	for _, v := range decode.Vendors() {
		names = append(names, v.String())
	}
	return strings.Join(names, ", ")
}

// tuneGC sets the garbage collector for an analysis whose events are
// spilled: what stays live is then a few megabytes (the reader's buffers
// and the events' index) while gigabytes pass through, and the default
// (collect whenever the heap doubles) would collect some 90 times per GB
// for nothing. Collecting when the heap has grown fivefold, but never
// letting it pass 48 MiB, does the same work with a fifth of the
// collections: 8–10 % less time on the benchmark, peak RSS still under
// 64 MB. GOGC or GOMEMLIMIT in the environment, if set, win.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(48 << 20)
}
