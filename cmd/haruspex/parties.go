package main

import (
	"context"
	"fmt"

	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

func runParties(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("parties", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var o outputFlags
	var r ruleFlags
	o.register(fs, []string{"table", "csv", "json", "ndjson"})
	o.registerMemory(fs)
	r.register(fs)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex parties [flags] FILE...

For each third party (a registrable domain, e.g. facebook.com, and the
company behind it): how many requests it received, which visitors it
reached, and everything it received, each with the entries that carried it:
page URLs (the event's own page and referrer parameters, the Referer header,
URL-valued parameters), identifiers and cookies (c_user, fbp, _ga, …),
personal data (hashed or not, and whether it matches a --known-email,
--known-phone, --known-name, --known-postcode or --known-city), names of
form fields, custom data (button texts, page
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
	if !o.check(e, "parties") {
		return exitUsage
	}
	rs, ok := r.load(e, "parties")
	if !ok {
		return exitUsage
	}
	if !haveInputs(e, fs) {
		return exitUsage
	}
	opt := report.Options{Generic: true, Navigations: true}
	rs.apply(&opt)
	an, code := analyse(ctx, e, "parties", fs.Args(), asGiven, o.quiet, o.options(opt))
	if an == nil {
		return code
	}
	defer an.Close()
	ps, err := an.Parties()
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex parties: %v\n", err)
		return exitNoInput
	}
	if err := render.Parties(e.stdout, o.parsed, an.Files, ps, o.display()); err != nil {
		return writeFailed(e, "parties", err)
	}
	return code
}
