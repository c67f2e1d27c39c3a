package main

import (
	"context"
	"fmt"
	"time"

	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

func runSummary(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.StringP("format", "f", "table", "output format: table or json")
	closedSet(fs, "format", []string{"table", "json"})
	quiet := fs.BoolP("quiet", "q", false, "no progress display (it is shown only when stderr is a terminal)")
	tz := fs.String("tz", "UTC", "time zone for the time span in the table (e.g. Europe/London); JSON is always UTC")
	siteFlag := fs.String("site", "", "the first party, instead of the one found from the capture's evidence: a host, a registrable domain or a URL")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex summary [flags] FILE...

Summarise HAR captures: for each file its name, SHA-256, size, producer
(creator and browser), pages, entries, time span (UTC, or in the --tz
zone), the first-party site (from the capture's top-level document
navigations) and every third-party registrable domain with its request
count, then the warnings: values the reader kept but could not interpret,
and where a truncated file stopped. Files are listed by name.

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
	f, err := render.ParseFormat(*format)
	if err != nil || f != render.FormatTable && f != render.FormatJSON {
		fmt.Fprintf(e.stderr, "haruspex summary: --format must be table or json, not %q\n", *format)
		return exitUsage
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex summary: --tz: %v\n", err)
		return exitUsage
	}
	if *siteFlag != "" {
		if _, err := site.ParseSite(*siteFlag); err != nil {
			fmt.Fprintf(e.stderr, "haruspex summary: --site: %v\n", err)
			return exitUsage
		}
	}
	if !haveInputs(e, fs) {
		return exitUsage
	}
	an, code := analyse(ctx, e, "summary", fs.Args(), asGiven, *quiet, report.Options{FilesOnly: true, Site: *siteFlag})
	if an == nil {
		return code
	}
	defer an.Close()
	if err := render.Summaries(e.stdout, f, an.Files, render.Options{Location: loc}); err != nil {
		return writeFailed(e, "summary", err)
	}
	return code
}
