package main

import (
	"context"
	"fmt"

	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

func runTimeline(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("timeline", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var o outputFlags
	var r ruleFlags
	o.register(fs, []string{"table", "csv", "json", "ndjson"})
	o.registerMemory(fs)
	r.register(fs)
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

FILE may be .har or .har.gz, or - for standard input.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex timeline samples/police-visit.har
  haruspex timeline --visitor V1 --format json capture1.har capture2.har.gz

`+exitCodesHelp)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if !o.check(e, "timeline") {
		return exitUsage
	}
	rs, ok := r.load(e, "timeline")
	if !ok {
		return exitUsage
	}
	if !haveInputs(e, fs) {
		return exitUsage
	}
	opt := report.Options{Navigations: true}
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
	if err := render.Timeline(e.stdout, o.parsed, an, vs, o.display()); err != nil {
		return writeFailed(e, "timeline", err)
	}
	return code
}
