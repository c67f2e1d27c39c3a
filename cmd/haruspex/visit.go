package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/haruspex/haruspex/har/visit"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
	"golang.org/x/term"
)

const visitHelp = `Usage: haruspex visit --out DIR [flags] URL...
       haruspex visit --out DIR --urls FILE [flags]

Visit websites with a real browser, the same way every time, and keep
what each sent where as a capture: for each URL and each consent variant,
a headless Chromium with a fresh profile opens the page through haruspex's
recording proxy, waits for the network to settle, accepts or rejects the
cookie banner (or leaves it), then clicks, fills and submits as told,
waiting for the network after each step. Each visit writes

  DIR/<site>/<variant>/capture.har   every request and response (bodies
                                     and POSTs included), as "haruspex
                                     capture" records them
  DIR/<site>/<variant>/visit.json    the URL, the variant, each step with
                                     its time and outcome, the browser,
                                     the proxy CA's fingerprint, the tool
  DIR/<site>/<variant>/NN-STEP.png   a screenshot after each step

<site> is the URL's host (with its port and path when they are not the
default); <variant> is none, accept or reject. A directory that exists is
never written over. The captures are ordinary HAR files: "haruspex
summary", "events", "timeline" and "report" read them.

Steps, in this order: open URL; consent (--consent); the --click and
--fill flags in the order given; then the lines of --script FILE:

  # comment (at the start of a line only)
  open URL          load a URL (absolute, or relative to the page)
  click TEXT        the first visible button or link whose text is TEXT,
                    else contains it (case-insensitive)
  fill NAME=VALUE   the form field whose name, id or label is NAME
  submit [FORM]     the form (by name or id; default: that of the last
                    field filled), by its submit button
  wait [DURATION|idle]   e.g. 2s; default: until the network settles
  scroll [top|bottom|PIXELS]
  screenshot [NAME] the whole page, as NN-NAME.png
  An argument may be written as a Go string ("  two spaces\n") to keep
  spaces at its ends or special characters.

Cookie banners are found by the selectors of OneTrust, Cookiebot, Didomi,
Quantcast Choice, Usercentrics, CookieYes and Civic Cookie Control, then
by the texts of accept and reject buttons in English, German, French,
Spanish, Italian and Dutch; visit.json says which matched, or that none
did. Banners inside iframes are not reached.

Chromium: Debian's chromium (or chromium-browser, google-chrome) on PATH,
or --chromium PATH. It runs headless (its user agent says HeadlessChrome
and navigator.webdriver is true: a site can tell), as root without its
sandbox, with third-party cookies allowed unless --third-party-cookies
block; its own calls to Google's update and account services are not
sent. visit.json records its version and whole command line. Each
browser is a few hundred MB: --parallel bounds how many run at once.

Flags:
`

const visitExample = `
Example:
  # the three variants of every force's site, clicking what a victim would:
  haruspex visit --urls forces.txt --consent all --click "Report" --out study/
  haruspex summary study/*/*/capture.har

  # a report form, with a test persona:
  haruspex visit --consent accept --click "Report domestic abuse" \
    --fill email=jane.doe@example.com --fill "What happened?=Test, please ignore" \
    --click "Send report" --out study/ https://www.police.example/

  # mock sites, offline (the end-to-end test does this):
  haruspex visit --out out/ --offline --upstream-ca mock-ca.pem \
    --resolve www.police.example:443:127.0.0.1:8443 https://www.police.example/

Exit codes:
  0  every visit complete
  1  usage or setup error (bad flag or URL, a visit directory exists,
     no Chromium, CA unreadable); nothing visited
  3  some visit failed (site unreachable, TLS, timeout, browser crash),
     was incomplete (a step found nothing) or was interrupted: its
     visit.json says why; the other visits were made
  5  DIR could not be created
`

// stepFlag adds a step of one action per use, to a list shared by the
// step flags, so that --click and --fill keep the order they were given in.
type stepFlag struct {
	steps  *[]visit.Step
	action visit.Action
	typ    string
}

func (f stepFlag) String() string { return "" }
func (f stepFlag) Type() string   { return f.typ }
func (f stepFlag) Set(s string) error {
	st, err := visit.NewStep(f.action, s)
	if err != nil {
		return err
	}
	*f.steps = append(*f.steps, st)
	return nil
}

func runVisit(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("visit", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var steps []visit.Step
	out := fs.StringP("out", "o", "", "directory to write the visits into (DIR/<site>/<variant>/)")
	urls := fs.String("urls", "", "file of URLs, one a line (# starts a comment line)")
	consent := fs.String("consent", "none", "what to do with the cookie banner: none, accept, reject, or all (three visits)")
	closedSet(fs, "consent", []string{"none", "accept", "reject", "all"})
	fs.Var(stepFlag{&steps, visit.Click, "text"}, "click", "click the button or link whose text contains TEXT (repeatable)")
	fs.Var(stepFlag{&steps, visit.Fill, "name=value"}, "fill", "fill the form field whose name, id or label is NAME (repeatable)")
	script := fs.String("script", "", "file of further steps (open, click, fill, submit, wait, scroll, screenshot)")
	parallel := fs.Int("parallel", runtime.NumCPU(), "browsers at once")
	timeout := fs.Duration("timeout", 5*time.Minute, "longest time one visit may take")
	settle := fs.Duration("settle", 500*time.Millisecond, "the network counts as settled after this long with no request in flight")
	lang := fs.String("lang", "en-GB", "the browser's language (Accept-Language, navigator.language)")
	cookies3p := fs.String("third-party-cookies", "allow", "allow (as Chrome does for its users) or block (as Safari and Firefox do) third-party cookies")
	chromium := fs.String("chromium", "", "the browser binary (default: chromium, chromium-browser or google-chrome on PATH)")
	var nf netFlags
	nf.register(fs)
	quiet := fs.BoolP("quiet", "q", false, "no progress on stderr")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, visitHelp)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, visitExample)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	usageErr := func(format string, args ...any) int {
		msg := strings.TrimPrefix(fmt.Sprintf(format, args...), "visit: ")
		fmt.Fprintf(e.stderr, "haruspex visit: %s\n", msg)
		return exitUsage
	}
	if *out == "" {
		return usageErr("--out DIR is required")
	}
	list := fs.Args()
	if *urls != "" {
		more, err := readURLList(*urls)
		if err != nil {
			return usageErr("%v", err)
		}
		list = append(list, more...)
	}
	if len(list) == 0 {
		return usageErr("no URL to visit (give URLs or --urls FILE)")
	}
	variants, err := visit.ParseVariants(*consent)
	if err != nil {
		return usageErr("--%v", strings.TrimPrefix(err.Error(), "visit: "))
	}
	if *script != "" {
		f, err := os.Open(*script)
		if err != nil {
			return usageErr("--script: %v", err)
		}
		more, err := visit.ParseScript(*script, f)
		f.Close()
		if err != nil {
			return usageErr("%v", render.Terminal(err.Error()))
		}
		steps = append(steps, more...)
	}
	if *parallel < 1 {
		return usageErr("--parallel %d: want at least 1", *parallel)
	}
	if *cookies3p != "allow" && *cookies3p != "block" {
		return usageErr("--third-party-cookies %q: want allow or block", *cookies3p)
	}
	if *timeout <= 0 || *settle <= 0 {
		return usageErr("--timeout and --settle must be more than 0")
	}
	opts := visit.Options{
		Chromium: *chromium, Version: haruspexVersion(), Steps: steps,
		Parallel: *parallel, Timeout: *timeout, Settle: *settle, Lang: *lang,
		ResolvedOnly: nf.offline, BlockThirdPartyCookies: *cookies3p == "block",
	}
	if opts.Resolve, opts.UpstreamRoots, err = nf.load(); err != nil {
		return usageErr("%v", err)
	}
	jobs, err := visit.Plan(*out, list, variants)
	if err != nil {
		return usageErr("%v", render.Terminal(err.Error()))
	}
	if opts.Chromium, err = visit.LookChromium(opts.Chromium); err != nil {
		if errors.Is(err, visit.ErrNoChromium) {
			return usageErr("%v; or give --chromium PATH", err)
		}
		return usageErr("--chromium: %v", strings.TrimPrefix(err.Error(), "visit: "))
	}
	ca, err := nf.loadCA()
	if err != nil {
		return usageErr("%v", err)
	}
	opts.CA = ca
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "haruspex visit: %v\n", err)
		return exitOutput
	}

	prog := newVisitProgress(e, *quiet, len(jobs))
	opts.OnStart, opts.OnDone = prog.start, prog.done
	recs, err := visit.Run(ctx, jobs, opts)
	prog.finish()
	if err != nil {
		return usageErr("%v", err)
	}
	return reportVisits(e, recs)
}

// readURLList reads a file of URLs, one a line; blank lines and lines
// starting with # are skipped.
func readURLList(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("--urls: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--urls %s: %w", name, err)
	}
	return out, nil
}

// reportVisits writes one line per visit, in the order of the jobs, and
// the totals; it returns the exit code.
func reportVisits(e *env, recs []*visit.Record) int {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "site\tvariant\tstate\tentries\tbanner\tsteps\tcapture sha256")
	counts := map[visit.State]int{}
	for _, r := range recs {
		counts[r.State]++
		banner := r.Consent.Banner
		if banner == "" {
			banner = "-"
		}
		ok := 0
		for _, s := range r.Steps {
			if s.Outcome == visit.OK {
				ok++
			}
		}
		sum := r.Capture.SHA256
		if sum == "" {
			sum = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d/%d\t%s\n", render.Terminal(r.Site), r.Variant, r.State,
			r.Capture.Entries, render.Terminal(banner), ok, len(r.Steps), sum)
	}
	tw.Flush()
	var parts []string
	for _, s := range []visit.State{visit.Complete, visit.Incomplete, visit.Failed, visit.Interrupted, visit.Skipped} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	fmt.Fprintf(e.stdout, "\n%d visits: %s\n", len(recs), strings.Join(parts, ", "))
	code := exitOK
	for _, r := range recs {
		if r.State == visit.Complete {
			continue
		}
		code = exitPartial
		where := r.Dir
		if where == "" {
			where = r.Site + "/" + r.Variant.String()
		}
		fmt.Fprintf(e.stderr, "haruspex visit: %s: %s: %s\n", render.Terminal(where), r.State, render.Terminal(r.Error))
	}
	return code
}

// visitProgress shows on a terminal how many visits are done and which
// are running; elsewhere (unless --quiet) it writes a line per visit done.
type visitProgress struct {
	w     io.Writer
	tty   bool
	width int // of the terminal, less one; 0 when unknown
	total int

	mu      sync.Mutex
	running map[int]string
	n, bad  int
}

func newVisitProgress(e *env, quiet bool, total int) *visitProgress {
	if quiet {
		return nil
	}
	p := &visitProgress{w: e.stderr, total: total, running: map[int]string{}}
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			p.width = w - 1
		}
	}
	return p
}

func (p *visitProgress) start(i int, j visit.Job) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running[i] = j.Site + "/" + j.Variant.String()
	p.draw()
}

func (p *visitProgress) done(i int, r *visit.Record) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.running, i)
	p.n++
	if r.State != visit.Complete {
		p.bad++
	}
	if !p.tty {
		fmt.Fprintf(p.w, "haruspex visit: [%d/%d] %s/%s: %s (%d entries)\n", p.n, p.total,
			render.Terminal(r.Site), r.Variant, r.State, r.Capture.Entries)
		return
	}
	p.draw()
}

// draw redraws the progress line; p.mu is held.
func (p *visitProgress) draw() {
	if !p.tty {
		return
	}
	var names []string
	for i := 0; i < p.total && len(names) < 3; i++ {
		if n, ok := p.running[i]; ok {
			names = append(names, n)
		}
	}
	line := fmt.Sprintf("visited %d/%d", p.n, p.total)
	if p.bad > 0 {
		line += fmt.Sprintf(" (%d not complete)", p.bad)
	}
	if len(names) > 0 {
		line += ", visiting " + strings.Join(names, ", ")
		if len(p.running) > len(names) {
			line += fmt.Sprintf(" and %d more", len(p.running)-len(names))
		}
	}
	line = render.Terminal(line)
	if r := []rune(line); p.width > 0 && len(r) > p.width {
		line = string(r[:p.width-1]) + "…" // a wrapped line could not be redrawn
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

func (p *visitProgress) finish() {
	if p == nil || !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\x1b[K")
}
