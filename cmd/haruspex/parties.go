package main

import (
	"context"
	"fmt"

	"github.com/haruspex/haruspex/report"
	flag "github.com/spf13/pflag"
)

func runParties(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("parties", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var a analysisFlags
	a.register(fs, []string{"table", "csv", "json", "ndjson"})
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex parties [flags] FILE...

For each third party (a registrable domain, e.g. facebook.com, and the
company behind it): how many requests it received, which visitors it
reached, and everything it received, each with the entries that carried it:
page URLs (the event's own page and referrer parameters, the Referer header,
URL-valued parameters), identifiers and cookies (c_user, fbp, _ga, …),
personal data (hashed or not, and whether it matches --known-email or
--known-phone), names of form fields, custom data (button texts, page
titles, …) and event names. Every third-party request counts, including
those no decoder understands.

The first party is taken from each capture's top-level document
navigations, or --site.

FILE may be .har or .har.gz, or - for standard input.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex parties samples/police-visit.har
  haruspex parties --known-email jane.doe@example.com --format csv capture.har > parties.csv

`+exitCodesHelp)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if !a.check(e, "parties") {
		return exitUsage
	}
	if !haveInputs(e, fs) {
		return exitUsage
	}
	an, code := a.analyse(ctx, e, "parties", fs.Args(), report.Options{Generic: true, Navigations: true})
	if an == nil {
		return code
	}
	ps := report.Parties(an, report.LinkVisitors(an))
	if err := report.WriteParties(e.stdout, a.parsedFormat, an.Files, ps); err != nil {
		fmt.Fprintf(e.stderr, "haruspex parties: writing output: %v\n", err)
		return exitNoInput
	}
	return code
}
