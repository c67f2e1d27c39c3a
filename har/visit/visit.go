package visit

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/capture"
)

// ToolName is the tool named in visit.json and the HAR's log.creator.
const ToolName = "haruspex visit"

// Options configure [Run]. CA is required.
type Options struct {
	// Chromium is the browser binary; "" finds one on PATH ([FindChromium]).
	Chromium string
	// CA is the recording proxy's certificate authority
	// ([capture.LoadOrCreateCA]); each browser trusts it by its SPKI hash.
	CA *capture.CA
	// Version is haruspex's version, recorded in visit.json and the HAR.
	Version string
	// Steps run in every visit after it opens its URL and deals with the
	// cookie banner.
	Steps []Step
	// Patterns find cookie banners; nil uses [Builtin].
	Patterns *Patterns
	// Parallel is how many visits (browsers) run at once; default 1.
	Parallel int
	// Timeout bounds one visit, browser start to last step (default 5 min:
	// a page that never stops polling makes each step wait SettleMax).
	Timeout time.Duration
	// Settle is how long no request may be in flight before the network
	// counts as settled after a step (default 500 ms).
	Settle time.Duration
	// SettleMax is the longest a step waits for the network to settle, and
	// for a page's load event (default 15 s).
	SettleMax time.Duration
	// ConsentWait is how long the consent step looks for a banner
	// (default 5 s).
	ConsentWait time.Duration
	// BlockThirdPartyCookies blocks third-party cookies, as Safari and
	// Firefox do, and as Debian's Chromium does with a new profile. By
	// default the profile allows them, as Chrome does for its users, so
	// that a tracker's own cookies (Meta's fr on facebook.com) are stored
	// and sent.
	BlockThirdPartyCookies bool
	// Lang is the browser's language (--lang; Accept-Language), default
	// "en-GB": banners and pages depend on it.
	Lang string
	// Resolve, ResolvedOnly and UpstreamRoots are the recording proxy's
	// (see [capture.Options]): to visit mock sites offline, or behind a
	// TLS-inspecting gateway.
	Resolve       map[string]string
	ResolvedOnly  bool
	UpstreamRoots *x509.CertPool
	// Now is the clock of the times in visit.json (default time.Now).
	Now func() time.Time
	// OnStart and OnDone, when set, are called as each visit starts and
	// ends, from the visits' goroutines (possibly at the same time), with
	// the job's index.
	OnStart func(i int, j Job)
	OnDone  func(i int, r *Record)
}

// withDefaults checks o and fills in its defaults.
func (o Options) withDefaults() (Options, error) {
	if o.CA == nil {
		return o, errors.New("visit: no CA (use capture.LoadOrCreateCA)")
	}
	if o.Chromium == "" {
		p, err := FindChromium()
		if err != nil {
			return o, err
		}
		o.Chromium = p
	}
	if st, err := os.Stat(o.Chromium); err != nil {
		return o, fmt.Errorf("visit: browser %s: %w", o.Chromium, err)
	} else if st.IsDir() || st.Mode()&0o111 == 0 {
		return o, fmt.Errorf("visit: browser %s is not an executable file", o.Chromium)
	}
	if o.Patterns == nil {
		p := Builtin()
		o.Patterns = &p
	}
	if o.Parallel < 1 {
		o.Parallel = 1
	}
	o.Timeout = cmpDefault(o.Timeout, 5*time.Minute)
	o.Settle = cmpDefault(o.Settle, 500*time.Millisecond)
	o.SettleMax = cmpDefault(o.SettleMax, 15*time.Second)
	o.ConsentWait = cmpDefault(o.ConsentWait, 5*time.Second)
	if o.Lang == "" {
		o.Lang = "en-GB"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

func cmpDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// visitor runs one visit.
//
// Who owns what: the visit's goroutine (visitOne) owns every field above
// mu, rec included, and calls Options.Annotate through the proxy's Close.
// Three others write to it: the proxy's goroutines (onEntry → upstream),
// the dialog goroutine (answerDialogs → dialogs), both under mu, and the
// tab's reader goroutine, which writes only to traffic (its own lock).
type visitor struct {
	o       *Options
	job     Job
	rec     *Record
	traffic *traffic
	// browserName and browserVersion are set once the browser runs, for
	// the HAR's log.browser.
	browserName, browserVersion string
	lastField                   string     // the field the last fill step filled
	pending                     func() int // the proxy's Session.Pending

	mu       sync.Mutex
	upstream map[string]string // URL → why the proxy could not reach it
	dialogs  []Dialog          // answered by answerDialogs' goroutine
}

// visitOne makes one visit and writes its directory: capture.har, the
// screenshots and visit.json. The record says how it went; Dir is ""
// when nothing could be written.
func visitOne(ctx context.Context, job Job, o *Options) *Record {
	rec := &Record{
		URL: job.URL, Site: job.Site, Variant: job.Variant, Started: stamp(o.Now()), Dir: job.Dir,
		Tool:    Tool{Name: ToolName, Version: o.Version},
		Browser: Browser{Path: o.Chromium, Flags: []string{}},
		Proxy:   Proxy{CAFingerprint: o.CA.Fingerprint(), CASPKI: o.CA.SPKI(), Offline: o.ResolvedOnly, Resolve: resolveList(o.Resolve)},
		Capture: Capture{File: CaptureFile},
		Consent: ConsentResult{Variant: job.Variant},
		Steps:   []StepRecord{},
	}
	if err := os.MkdirAll(filepath.Dir(job.Dir), 0o755); err != nil {
		return unwritten(rec, o, fmt.Errorf("visit: %w", err))
	}
	if err := os.Mkdir(job.Dir, 0o755); err != nil {
		if errors.Is(err, os.ErrExist) {
			return unwritten(rec, o, fmt.Errorf("%w: %s (a visit never writes over another)", ErrExists, job.Dir))
		}
		return unwritten(rec, o, fmt.Errorf("visit: %w", err))
	}
	v := &visitor{o: o, job: job, rec: rec, traffic: newTraffic(), upstream: map[string]string{}}
	v.run(ctx)
	rec.Ended = stamp(o.Now())
	if err := rec.write(job.Dir); err != nil {
		rec.State = Failed
		rec.Error = joinErr(rec.Error, err.Error())
	}
	return rec
}

// ErrExists reports a visit's directory that exists already (made since
// [Plan] checked): a visit never writes over another.
var ErrExists = errors.New("visit: directory exists")

// unwritten ends a visit that could not create its directory.
func unwritten(rec *Record, o *Options, err error) *Record {
	rec.State, rec.Error, rec.Dir, rec.Ended = Failed, err.Error(), "", stamp(o.Now())
	return rec
}

func joinErr(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func resolveList(m map[string]string) []string {
	var out []string
	for from, to := range m {
		out = append(out, from+"="+to)
	}
	slices.Sort(out)
	return out
}

// run starts the proxy and the browser, runs the steps, and stops both.
func (v *visitor) run(ctx context.Context) {
	o, rec := v.o, v.rec
	sess, err := capture.Start(capture.Options{
		Out:             filepath.Join(v.job.Dir, CaptureFile),
		Listen:          "127.0.0.1:0",
		CA:              o.CA,
		Version:         o.Version,
		UpstreamRoots:   o.UpstreamRoots,
		Resolve:         o.Resolve,
		ResolvedOnly:    o.ResolvedOnly,
		ShutdownTimeout: 3 * time.Second,
		OnEntry:         v.onEntry,
		Annotate:        v.annotate,
	})
	if err != nil {
		rec.State, rec.Error = Failed, "starting the recording proxy: "+err.Error()
		return
	}
	v.pending = sess.Pending
	state, why := v.browse(ctx, sess.Addr().String())
	stats, cerr := sess.Close()
	rec.State, rec.Error = state, why
	v.mu.Lock()
	rec.Dialogs = slices.Clone(v.dialogs)
	v.mu.Unlock()
	rec.Capture.Entries, rec.Capture.Incomplete = stats.Entries, stats.Incomplete
	if cerr != nil {
		rec.Capture.Error = cerr.Error()
		if rec.State == Complete {
			rec.State, rec.Error = Incomplete, "the capture could not be finalised: "+cerr.Error()
		}
	}
	if sum, size, err := fileSHA256(filepath.Join(v.job.Dir, CaptureFile)); err == nil {
		rec.Capture.SHA256, rec.Capture.Size = sum, size
	} else {
		rec.Capture.Error = joinErr(rec.Capture.Error, err.Error())
	}
}

// browse runs the browser through the proxy at addr and makes the steps;
// it returns the visit's state and, unless complete, why.
func (v *visitor) browse(ctx context.Context, proxy string) (State, string) {
	o, rec := v.o, v.rec
	vctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	profile, err := newProfile(!o.BlockThirdPartyCookies)
	if err != nil {
		return Failed, err.Error()
	}
	defer removeProfile(profile)
	rec.Browser.ThirdPartyCookies = "allowed"
	if o.BlockThirdPartyCookies {
		rec.Browser.ThirdPartyCookies = "blocked"
	}
	fs := append(browserFlags(proxy, o.CA.SPKI(), o.Lang, o.ResolvedOnly), switchArg{Name: "user-data-dir", Value: profile})
	rec.Browser.Flags = flagStrings(fs, profile)
	out := &tailBuffer{max: 4096}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(vctx, append(allocatorOptions(o.Chromium, fs), chromedp.CombinedOutput(out))...)
	defer cancelAlloc()
	discard := func(string, ...any) {}
	tab, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(v.traffic.event),
		chromedp.WithLogf(discard), chromedp.WithErrorf(discard))
	defer cancelTab()

	if err := chromedp.Do(tab); err != nil {
		return v.stopped(ctx, vctx, nil, fmt.Errorf("starting %s: %w%s", o.Chromium, err, out.suffix()))
	}
	go v.answerDialogs(tab, chromedp.Events(tab, page.JavascriptDialogOpening))
	if c := chromedp.FromContext(tab); c != nil && c.Browser != nil && c.Browser.Process() != nil {
		rec.Browser.CommandLine = commandLine(c.Browser.Process().Pid, profile)
	}
	if ver, err := chromedp.CallBrowser(tab, browser.GetVersion, cdp.Empty{}); err == nil {
		rec.Browser.Product, rec.Browser.Revision, rec.Browser.UserAgent, rec.Browser.Protocol =
			ver.Product, ver.Revision, ver.UserAgent, ver.ProtocolVersion
		v.browserName, v.browserVersion = product(ver.Product)
	}

	if _, err := chromedp.Call(tab, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: strings.ReplaceAll(o.Lang, "-", "_")}); err != nil {
		return v.stopped(ctx, vctx, nil, fmt.Errorf("setting the locale %s: %w", o.Lang, err))
	}
	steps := append([]Step{{Action: Open, Arg: v.job.URL}, {Action: Consent, Arg: v.job.Variant.String()}}, o.Steps...)
	state, why := Complete, ""
	for i, s := range steps {
		sr, err := v.step(tab, i+1, s)
		rec.Steps = append(rec.Steps, sr)
		if err != nil {
			if vctx.Err() != nil || tab.Err() != nil || i == 0 {
				return v.stopped(ctx, vctx, &sr, err)
			}
		}
		if sr.Outcome != OK && !(s.Action == Consent && sr.Outcome == NotFound && rec.Consent.Banner == "") {
			if state == Complete {
				state, why = Incomplete, fmt.Sprintf("step %d (%s): %s", sr.N, s, sr.Detail)
			}
		}
	}
	cancelTab()
	return state, why
}

// stopped says why a visit ended early: interrupted, timed out, the
// browser gone, or its first page not loaded.
func (v *visitor) stopped(ctx, vctx context.Context, sr *StepRecord, err error) (State, string) {
	where := ""
	if sr != nil {
		where = fmt.Sprintf(" during step %d (%s)", sr.N, stepText(sr))
	}
	switch {
	case ctx.Err() != nil:
		return Interrupted, "interrupted" + where
	case errors.Is(vctx.Err(), context.DeadlineExceeded):
		return Failed, fmt.Sprintf("timed out after %s%s", v.o.Timeout, where)
	case sr != nil && sr.N == 1:
		return Failed, err.Error()
	}
	return Failed, fmt.Sprintf("the browser stopped%s: %v", where, err)
}

func stepText(sr *StepRecord) string {
	return Step{Action: sr.Action, Arg: sr.Arg, Value: sr.Value}.String()
}

// answerDialogs presses OK on every JavaScript dialog (alert, confirm,
// prompt, beforeunload), which would otherwise stop the page, and notes
// it. It runs on its own goroutine until the tab ends; the caller
// subscribes (chromedp.Events) before the first navigation.
func (v *visitor) answerDialogs(tab context.Context, dialogs iter.Seq2[page.EventJavascriptDialogOpening, error]) {
	for ev, err := range dialogs {
		if err != nil {
			return
		}
		_, err := chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true, PromptText: ev.DefaultPrompt})
		d := Dialog{Time: stamp(v.o.Now()), Type: string(ev.Type), Message: ev.Message, URL: ev.URL, Answer: "ok"}
		if err != nil {
			d.Answer = "not answered: " + err.Error()
		}
		v.mu.Lock()
		v.dialogs = append(v.dialogs, d)
		v.mu.Unlock()
	}
}

// onEntry notes each request the proxy could not get answered, for the
// open step to tell a site that cannot be reached from one that answers
// with an error. It runs on the proxy's goroutines.
func (v *visitor) onEntry(e *har.Entry) {
	if e.Response.Status != 0 {
		return
	}
	for _, f := range e.Custom {
		if f.Name != "_error" {
			continue
		}
		var msg string
		if json.Unmarshal(f.Raw, &msg) == nil {
			v.mu.Lock()
			v.upstream[e.Request.URL] = msg
			v.mu.Unlock()
		}
	}
}

func (v *visitor) upstreamError(u string) string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.upstream[u]
}

// harVisit is the HAR's log._visit: the visit file and the steps, so that
// the capture alone says how it was made.
type harVisit struct {
	File    string    `json:"file"`
	URL     string    `json:"url"`
	Variant Variant   `json:"variant"`
	Steps   []harStep `json:"steps"`
}

type harStep struct {
	N       int     `json:"n"`
	Action  Action  `json:"action"`
	Arg     string  `json:"arg,omitempty"`
	Time    string  `json:"time"`
	End     string  `json:"end"`
	Outcome Outcome `json:"outcome"`
	Detail  string  `json:"detail"`
}

// annotate shapes the HAR's log header (capture.Options.Annotate): it
// runs on the visit's goroutine, when the file is created and when the
// proxy is closed after the last step.
func (v *visitor) annotate(l *har.Log) {
	l.Creator.Name = ToolName
	if v.browserName != "" {
		l.Browser = &har.Creator{Name: v.browserName, Version: v.browserVersion}
	}
	l.Comment += " Made by " + ToolName + ": a headless Chromium with a fresh profile, driven over the DevTools protocol, " +
		"sent all its traffic through this proxy; " + RecordFile + " beside this file describes the visit " +
		"(URL, consent variant, steps and their times, browser, proxy CA), and log._visit lists the steps."
	hv := harVisit{File: RecordFile, URL: v.job.URL, Variant: v.job.Variant, Steps: []harStep{}}
	for _, s := range v.rec.Steps {
		hv.Steps = append(hv.Steps, harStep{N: s.N, Action: s.Action, Arg: s.Arg, Time: s.Time, End: s.End, Outcome: s.Outcome, Detail: s.Detail})
	}
	if raw, err := json.Marshal(hv); err == nil {
		l.Custom = append(l.Custom, har.Field{Name: "_visit", Raw: raw})
	}
}

// step makes one step and records it: its time, outcome and detail, the
// network after it, the page, and a screenshot. The error is the step's
// failure (also in the record); the caller decides whether it ends the
// visit.
func (v *visitor) step(tab context.Context, n int, s Step) (StepRecord, error) {
	sr := StepRecord{N: n, Action: s.Action, Arg: s.Arg, Value: s.Value, Line: s.Line, Outcome: OK}
	before, _ := v.traffic.counts()
	at := time.Now()
	sr.Time = stamp(v.o.Now())
	act := func() { at, sr.Time = time.Now(), stamp(v.o.Now()) }
	var err error
	switch s.Action {
	case Open:
		err = v.open(tab, &sr, s, act)
	case Consent:
		err = v.consent(tab, &sr, act)
	case Click:
		err = v.click(tab, &sr, s, act)
	case Fill:
		err = v.fill(tab, &sr, s, act)
	case Submit:
		err = v.submit(tab, &sr, s, act)
	case Wait:
		err = v.wait(tab, &sr, s, act)
	case Scroll:
		act()
		var r pageResult
		if r, err = evalPage(tab, "scroll", map[string]string{"to": s.Arg}); err == nil {
			sr.Detail = fmt.Sprintf("scrolled %s (now %.0f px from the top)", scrollWords(s.Arg), r.Y)
		}
	case Screenshot:
		act()
		err = v.fullScreenshot(tab, &sr, s)
	default:
		err = fmt.Errorf("unknown action %v", s.Action)
	}
	if err != nil {
		sr.Outcome = StepFailed
		sr.Detail = joinErr(sr.Detail, err.Error())
	}
	if tab.Err() == nil {
		if s.Action != Wait {
			settled, inflight, _ := v.traffic.settle(tab, at, v.o.Settle, v.o.SettleMax, v.pending)
			sr.Network = v.networkWords(settled, inflight)
		}
		if r, werr := evalPage(tab, "where", struct{}{}); werr == nil {
			sr.Page = r.URL
		}
		if s.Action != Screenshot {
			sr.Screenshot = v.screenshot(tab, n, s.Action.String(), false)
		}
	}
	after, _ := v.traffic.counts()
	sr.Requests = after - before
	sr.End = stamp(v.o.Now())
	return sr, err
}

// networkWords says how a wait for the network ended.
func (v *visitor) networkWords(settled bool, inflight []string) string {
	if settled {
		return "settled"
	}
	s := fmt.Sprintf("%d requests still in flight after %s", len(inflight), v.o.SettleMax)
	if len(inflight) > 0 {
		s += ", the first " + inflight[0]
	}
	return s
}

func scrollWords(arg string) string {
	switch arg {
	case "", "bottom":
		return "to the bottom"
	case "top":
		return "to the top"
	}
	return "by " + arg + " px"
}

// open loads a URL (relative ones against the page) and waits for its
// load event. The first open fails the visit when the document did not
// come from the site: the proxy could not reach it.
func (v *visitor) open(tab context.Context, sr *StepRecord, s Step, act func()) error {
	target := s.Arg
	if sr.N > 1 {
		if r, err := evalPage(tab, "where", struct{}{}); err == nil {
			if base, err := url.Parse(r.URL); err == nil {
				if ref, err := base.Parse(s.Arg); err == nil {
					target = ref.String()
				}
			}
		}
	}
	_, loads := v.traffic.counts()
	act()
	res, err := chromedp.Call(tab, page.Navigate, page.NavigateParams{URL: target})
	if err != nil {
		return fmt.Errorf("opening %s: %w", target, err)
	}
	if res.ErrorText != "" {
		if why := v.upstreamError(target); why != "" {
			return fmt.Errorf("opening %s: the site could not be reached: %s", target, why)
		}
		return fmt.Errorf("opening %s: %s", target, res.ErrorText)
	}
	loaded, err := v.traffic.loaded(tab, loads, v.o.SettleMax)
	if err != nil {
		return err
	}
	doc, ok := v.traffic.doc(res.LoaderID)
	if !ok {
		sr.Detail = "opened " + target
	} else {
		if doc.status == 502 || doc.status == 504 {
			if why := v.upstreamError(doc.url); why != "" {
				return fmt.Errorf("opening %s: the site could not be reached: %s", doc.url, why)
			}
		}
		sr.Detail = fmt.Sprintf("opened %s (HTTP %d)", doc.url, doc.status)
	}
	if !loaded {
		sr.Detail += fmt.Sprintf("; the page had not finished loading after %s", v.o.SettleMax)
	}
	return nil
}

// consent looks for the cookie banner for up to ConsentWait and, for
// accept and reject, presses its button.
func (v *visitor) consent(tab context.Context, sr *StepRecord, act func()) error {
	variant := v.job.Variant
	arg := map[string]any{"variant": variant.String(), "patterns": v.o.Patterns}
	deadline := time.Now().Add(v.o.ConsentWait)
	var r pageResult
	for {
		var err error
		if r, err = evalPage(tab, "consent", arg); err != nil {
			return err
		}
		if r.Error != "" {
			return errors.New(r.Error)
		}
		if r.Banner != "" && (variant == None || r.Found) || time.Now().After(deadline) {
			break
		}
		if err := sleep(tab, 250*time.Millisecond); err != nil {
			return err
		}
	}
	c := &v.rec.Consent
	c.Banner, c.Via, c.Selector, c.Phrase, c.Lang = r.Banner, r.Via, r.Selector, r.Phrase, r.Lang
	name := r.Banner
	if name == "generic" {
		name = fmt.Sprintf("a cookie banner (found by the %s text %q)", langName(r.Lang), r.Phrase)
	} else if name != "" {
		name = "the " + name + " banner"
	}
	switch {
	case variant == None && r.Banner == "":
		sr.Detail = fmt.Sprintf("no cookie banner seen within %s", v.o.ConsentWait)
	case variant == None:
		sr.Detail = "left " + name + " alone"
	case r.Banner == "":
		sr.Outcome = NotFound
		sr.Detail = fmt.Sprintf("no cookie banner seen within %s: nothing to %s", v.o.ConsentWait, variant)
	case !r.Found:
		sr.Outcome = NotFound
		sr.Detail = fmt.Sprintf("%s was displayed, but no %s button was found", upperFirst(name), variant)
	default:
		how, err := v.press(tab, "consent", arg, r, act)
		if err != nil {
			return err
		}
		c.Button, c.Pressed = r.Text, true
		verb := map[Variant]string{Accept: "accepted", Reject: "rejected"}[variant]
		sr.Detail = fmt.Sprintf("%s cookies: pressed %s on %s%s", verb, r.element(), name, how)
	}
	return nil
}

func langName(code string) string {
	if n, ok := map[string]string{"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch"}[code]; ok {
		return n
	}
	return code
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// press clicks what an op found: with the mouse at its centre when a click
// there reaches it, else (covered, or off screen) from script by calling
// the op again with act set. It returns how, for the detail.
func (v *visitor) press(tab context.Context, op string, arg map[string]any, r pageResult, act func()) (string, error) {
	if r.Hit {
		act()
		err := chromedp.Do(tab, chromedp.MouseEvent(chromedp.MouseMoved, r.X, r.Y), chromedp.MouseClickXY(r.X, r.Y))
		return "", err
	}
	arg["act"] = true
	act()
	r2, err := evalPage(tab, op, arg)
	if err != nil {
		return "", err
	}
	if !r2.Found {
		return "", errors.New("the element went away before it could be clicked")
	}
	return " (from script: a mouse click there would not reach it)", nil
}

// click clicks the first visible button or link whose text is, or else
// contains, the step's text.
func (v *visitor) click(tab context.Context, sr *StepRecord, s Step, act func()) error {
	arg := map[string]any{"text": s.Arg}
	r, err := evalPage(tab, "click", arg)
	if err != nil {
		return err
	}
	if !r.Found {
		sr.Outcome = NotFound
		sr.Detail = fmt.Sprintf("no visible button or link with the text %q", s.Arg)
		return nil
	}
	how, err := v.press(tab, "click", arg, r, act)
	if err != nil {
		return err
	}
	sr.Detail = "clicked " + r.element() + how
	return nil
}

// fill types a value into a text field (as keyboard input: input events,
// then change on leaving the field), or sets a select, checkbox or radio.
func (v *visitor) fill(tab context.Context, sr *StepRecord, s Step, act func()) error {
	arg := map[string]any{"name": s.Arg, "value": s.Value}
	act()
	r, err := evalPage(tab, "fill", arg)
	if err != nil {
		return err
	}
	if !r.Found {
		sr.Outcome = NotFound
		sr.Detail = fmt.Sprintf("no visible form field with the name, id or label %q", s.Arg)
		return nil
	}
	if r.Error != "" {
		sr.Outcome = NotFound
		sr.Detail = fmt.Sprintf("field %s: %s", r.element(), r.Error)
		return nil
	}
	v.lastField = s.Arg
	if r.Kind != "text" {
		sr.Detail = fmt.Sprintf("set %s to %q", r.element(), r.Value)
		return nil
	}
	if _, err := chromedp.Call(tab, input.InsertText, input.InsertTextParams{Text: s.Value}); err != nil {
		return err
	}
	done, err := evalPage(tab, "fill-done", map[string]any{"name": s.Arg})
	if err != nil {
		return err
	}
	sr.Detail = fmt.Sprintf("filled %s with %q", r.element(), s.Value)
	if done.Found && done.Value != s.Value {
		sr.Detail += fmt.Sprintf("; the field now holds %q", done.Value)
	}
	return nil
}

// submit submits a form: by pressing its submit button, or from script
// when it has none.
func (v *visitor) submit(tab context.Context, sr *StepRecord, s Step, act func()) error {
	arg := map[string]any{"form": s.Arg, "field": v.lastField}
	r, err := evalPage(tab, "submit", arg)
	if err != nil {
		return err
	}
	if !r.Found {
		sr.Outcome = NotFound
		if s.Arg != "" {
			sr.Detail = fmt.Sprintf("no form named %q", s.Arg)
		} else {
			sr.Detail = "no form to submit (fill a field of it first, or name the form)"
		}
		return nil
	}
	how, err := v.press(tab, "submit", arg, r, act)
	if err != nil {
		return err
	}
	form := "the form"
	if r.Form != "" {
		form = fmt.Sprintf("form %q", r.Form)
	}
	if r.Tag == "form" {
		sr.Detail = "submitted " + form + " from script (it has no submit button)"
	} else {
		sr.Detail = "submitted " + form + " by pressing " + r.element() + how
	}
	return nil
}

// wait waits for the network to settle, or for a time.
func (v *visitor) wait(tab context.Context, sr *StepRecord, s Step, act func()) error {
	act()
	if s.Arg == "" || s.Arg == "idle" {
		settled, inflight, err := v.traffic.settle(tab, time.Now(), v.o.Settle, v.o.SettleMax, v.pending)
		if err != nil {
			return err
		}
		sr.Detail = "waited for the network to settle"
		sr.Network = v.networkWords(settled, inflight)
		return nil
	}
	d, err := time.ParseDuration(s.Arg)
	if err != nil {
		return err
	}
	sr.Detail = "waited " + d.String()
	return sleep(tab, d)
}

// screenshot saves the viewport (or the whole page) as NN-name.png and
// returns its file name, or "" when it could not be taken.
func (v *visitor) screenshot(tab context.Context, n int, name string, full bool) string {
	var png []byte
	var err error
	if full {
		png, err = chromedp.Run(tab, chromedp.FullScreenshot(100))
	} else {
		png, err = chromedp.Run(tab, chromedp.CaptureScreenshot())
	}
	if err != nil {
		return ""
	}
	file := fmt.Sprintf("%02d-%s.png", n, name)
	if writeFile(filepath.Join(v.job.Dir, file), png) != nil {
		return ""
	}
	return file
}

// fullScreenshot is the screenshot step: the whole page.
func (v *visitor) fullScreenshot(tab context.Context, sr *StepRecord, s Step) error {
	name := s.Arg
	if name == "" {
		name = "screenshot"
	}
	file := v.screenshot(tab, sr.N, name, true)
	if file == "" {
		return errors.New("the screenshot could not be taken or saved")
	}
	sr.Screenshot = file
	sr.Detail = "saved " + file + " (the whole page)"
	return nil
}

// tailBuffer keeps the last max bytes written to it: the browser's
// output, for an error when it does not start.
type tailBuffer struct {
	mu  sync.Mutex
	b   []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

// suffix is ": <last lines of output>", or "" when there was none.
func (t *tailBuffer) suffix() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.b) == 0 {
		return ""
	}
	return "; the browser said: " + string(t.b)
}

var _ io.Writer = (*tailBuffer)(nil)

// fileSHA256 returns the hex SHA-256 and size of a file.
func fileSHA256(name string) (string, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, fmt.Errorf("visit: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("visit: hashing %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
