package main

import (
	"context"
	"fmt"
	"io"

	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

func runTimeline(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("timeline", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var o eventFlags
	o.register(fs)
	visitor := fs.String("visitor", "", "show only this visitor (e.g. V1)")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex timeline [flags] FILE...

Rebuild, for each visitor, the story of what was sent to whom: the pages the
visitor opened and every event a third party received, in time order, with
the page the visitor was on, the third party, the event, what was sent, and
the source (file and entry).

Visitors are linked by the identifiers sent together in one request (fbp,
fbc, the c_user cookie that names a Facebook account, external_id, hashed
e-mail and phone, the Google Analytics client ID, …), across requests and
across files: the same _fbp in two captures is the same browser. Each link
is explained. Events that carry no identifier go to the visitor identified
on the same page (or in the same file), else to the file's own
"no identifier" visitor. Visitors are labelled V1, V2, … by first
appearance in time.

Consent: every consent signal the requests carried (an IAB TCF TC string,
Google consent mode's gcs and gcd, a consent platform's cookie such as
OneTrust's OptanonConsent, US Privacy, GPP, Meta's Limited Data Use) is a
row of kind consent, at the first request that carried it and again when
its meaning changed; a page on which the Meta Pixel library loaded but the
pixel never ran gets one too, an inference worded as such. Each event says
the consent state in force when it was sent — before any choice, after
accept, after reject, after partial choice, or unknown — and the signal it
rests on; the events sent before any choice or after a refusal are listed
first, in each visitor's "sent without consent" section. A consent signal
shows what the page recorded, not what the visitor saw.

--format timesketch writes JSON Lines that Timesketch imports unchanged,
every visitor's rows in time order; --format l2tcsv writes Plaso's
17-column l2tcsv. With -o, a Timesketch file's name must end in .jsonl.

FILE may be .har or .har.gz, or - for standard input.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex timeline samples/police-visit.har
  haruspex timeline --visitor V1 --format json capture1.har capture2.har.gz
  haruspex timeline --format timesketch -o visit.jsonl capture.har

`+exitCodesHelp)
	}
	rs, code, done := o.parse(e, fs, args)
	if done {
		return code
	}
	if !haveInputs(e, fs) {
		return exitUsage
	}
	opt := report.Options{Navigations: true, Consent: true}
	rs.apply(&opt)
	an, code := analyse(ctx, e, "timeline", fs.Args(), asGiven, o.quiet, o.options(opt))
	if an == nil {
		return code
	}
	defer an.Close()
	vs := an.Visitors()
	if *visitor != "" {
		var sel []*report.Visitor
		for _, v := range vs {
			if v.ID == *visitor {
				sel = append(sel, v)
			}
		}
		if sel == nil {
			fmt.Fprintf(e.stderr, "haruspex timeline: no visitor %q (the captures have %d)\n", *visitor, len(vs))
			return exitUsage
		}
		vs = sel
	}
	return o.write(e, code, func(w io.Writer) error {
		return render.Timeline(w, o.parsed, an, vs, o.display())
	})
}
