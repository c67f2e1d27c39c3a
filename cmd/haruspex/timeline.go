package main

import (
	"context"
	"fmt"

	"github.com/haruspex/haruspex/report"
	flag "github.com/spf13/pflag"
)

func runTimeline(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("timeline", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var a analysisFlags
	a.register(fs, []string{"table", "csv", "json", "ndjson"})
	a.registerSpill(fs)
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
	if !a.check(e, "timeline") {
		return exitUsage
	}
	if !haveInputs(e, fs) {
		return exitUsage
	}
	an, code := a.analyse(ctx, e, "timeline", fs.Args(), report.Options{Navigations: true, Spill: true})
	if an == nil {
		return code
	}
	defer an.Close()
	vs := report.LinkVisitors(an)
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
	if err := report.WriteTimeline(e.stdout, a.parsedFormat, an, vs, report.Display{Location: a.location}); err != nil {
		fmt.Fprintf(e.stderr, "haruspex timeline: writing output: %v\n", err)
		return exitNoInput
	}
	return code
}
