package main

import (
	"context"
	"fmt"

	"github.com/haruspex/haruspex/report"
	flag "github.com/spf13/pflag"
)

func runSummary(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.StringP("format", "f", "table", "output format: table or json")
	quiet := fs.BoolP("quiet", "q", false, "no progress display (it is shown only when stderr is a terminal)")
	site := fs.String("site", "", "first party's domain, instead of the one found from the capture's navigations")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex summary [flags] FILE...

Summarise HAR captures: for each file its name, SHA-256, size, producer
(creator and browser), pages, entries, time span (UTC), the first-party site
(from the capture's top-level document navigations) and every third-party
registrable domain with its request count, then the warnings: values the
reader kept but could not interpret, and where a truncated file stopped.

FILE may be .har or .har.gz (detected by content), or - for standard input.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Example:
  haruspex summary samples/police-visit.har
  haruspex summary --format json capture.har.gz | jq '.files[0].third_parties'

`+exitCodesHelp)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if *format != "table" && *format != "json" {
		fmt.Fprintf(e.stderr, "haruspex summary: --format must be table or json, not %q\n", *format)
		return exitUsage
	}
	if !haveInputs(e, fs) {
		return exitUsage
	}
	var sums []*report.Summary
	usable, partial := 0, false
	for _, name := range fs.Args() {
		if ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "haruspex summary: interrupted")
			return exitPartial
		}
		rc, display, err := openInput(e, name)
		var s *report.Summary
		if err != nil {
			s = report.Unreadable(display, err)
		} else {
			p := newProgress(e, *quiet, display, inputSize(rc))
			s = report.Summarize(display, p.reader(rc), report.SummaryOptions{Site: *site})
			p.finish()
			rc.Close()
		}
		sums = append(sums, s)
		if s.Usable() {
			usable++
		}
		if s.Err() != nil {
			partial = true
			fmt.Fprintf(e.stderr, "haruspex summary: %s\n", report.Terminal(s.Error))
		}
	}
	var err error
	if *format == "json" {
		err = report.WriteSummariesJSON(e.stdout, sums)
	} else {
		err = report.WriteSummariesTable(e.stdout, sums)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex summary: writing output: %v\n", err)
		return exitNoInput
	}
	switch {
	case usable == 0:
		return exitNoInput
	case partial:
		return exitPartial
	}
	return exitOK
}
