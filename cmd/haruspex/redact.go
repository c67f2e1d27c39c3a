package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/redact"
	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

// redactValues are the values redact replaces besides the login
// secrets; verify --redaction takes them again to redo a redaction.
type redactValues struct {
	emails, phones, values []string
}

func (v *redactValues) register(fs *flag.FlagSet, verb string) {
	fs.StringArrayVar(&v.emails, "known-email", nil, "an e-mail address to "+verb+" wherever it occurs, in any case (repeatable)")
	fs.StringArrayVar(&v.phones, "known-phone", nil, "a phone number to "+verb+" as given, as its digits and as + and its digits (repeatable)")
	fs.StringArrayVar(&v.values, "redact", nil, "any other value to "+verb+" (at least 4 characters; repeatable)")
}

func (v *redactValues) options() redact.Options {
	return redact.Options{Emails: v.emails, Phones: v.phones, Values: v.values}
}

func redactTool() redact.Tool {
	t := evidence.BuildTool()
	return redact.Tool{Name: t.Name, Version: t.Version, Revision: t.Revision, Modified: t.Modified}
}

func runRedact(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("redact", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.StringP("out", "o", "", "the redacted copy to write (its log is written beside it as OUT"+redact.LogSuffix+")")
	force := fs.Bool("force", false, "replace OUT and its log if they exist")
	var vals redactValues
	vals.register(fs, "replace")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex redact IN.har --out OUT.har [--known-email E]... [--known-phone P]... [--redact VALUE]...

Write a copy of a capture for disclosure or publication, in which the login
secrets it carries (session cookies such as Facebook's xs, X's auth_token,
Google's SID family, LinkedIn's li_at; Authorization headers; access tokens:
the table is in the README) and the e-mail addresses, phone numbers and
values given are replaced by labelled placeholders, such as
REDACTED-SECRET-xs-1, REDACTED-EMAIL-1, REDACTED-PHONE-1, REDACTED-VALUE-1.
The same value always gets the same placeholder, so requests still link by
it in the copy.

Each value is replaced wherever it occurs (URL, query, headers, cookies,
posted and response bodies, page titles, custom fields), as sent and
percent-encoded, JSON-escaped or base64-encoded, and inside base64 (a value
in a base64 body or token is replaced and the body encoded again). Account
IDs such as c_user stay, and so do the hashes of an e-mail address or phone
number (what the tracker received); give a hash with --redact to replace it
too.

Everything else is copied byte for byte: only the JSON strings that held a
value are written again, so "haruspex events" on the copy finds the same
events, with the placeholders for the values. A gzip-compressed capture
gives an uncompressed copy. IN is opened read-only and read twice; OUT may
not be IN, and is not replaced unless --force.

Beside the copy, OUT`+redact.LogSuffix+` records the original's name, size
and SHA-256, the copy's, the tool's version, each value replaced (its
placeholder, kind, length and SHA-256, never the value) and each field
replaced (entry, JSON Pointer, placeholder, form). The SHA-256 of an e-mail
address or phone number is the hash Meta's Advanced Matching sends: it
confirms a guess of the value. Check a copy with
  haruspex verify --redaction OUT`+redact.LogSuffix+` OUT IN
given the same --known-email, --known-phone and --redact.

A capture cut short gives a copy of its whole entries before the cut
(exit 3).

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex redact samples/police-visit.har --out police-visit.redacted.har
  haruspex redact capture.har --known-email jane.doe@example.com --known-phone "+44 7700 900123" --out shared.har
  haruspex redact capture.har.gz --redact 100012345678901 --out shared.har
  haruspex verify --redaction shared.har.redaction.json shared.har capture.har --known-email jane.doe@example.com --known-phone "+44 7700 900123"

Exit codes:
  0  the copy and its log were written
  1  usage error (no --out, OUT is IN or exists, a value too short, …)
  2  IN cannot be read or is not a HAR: nothing written
  3  IN stops being readable: the copy holds the entries before that point
  5  the copy or its log could not be written
`)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "haruspex redact: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case *out == "":
		return usageErr("--out OUT.har is required")
	case fs.NArg() == 0:
		return usageErr("no input file")
	case fs.NArg() > 1:
		return usageErr("one input file at a time, not %d", fs.NArg())
	case fs.Arg(0) == "-":
		return usageErr("reads a file, not standard input: it is read twice")
	}
	in := fs.Arg(0)
	opt := vals.options()
	opt.Tool = redactTool()
	l, err := redact.WriteFile(in, *out, *force, opt)
	var trunc *redact.TruncatedError
	var oe *redact.OptionError
	switch {
	case err == nil:
	case errors.Is(err, redact.ErrSameFile), errors.As(err, &oe):
		return usageErr("%s", render.Terminal(err.Error()))
	case errors.Is(err, redact.ErrExists):
		return usageErr("%s (use --force to replace it)", render.Terminal(err.Error()))
	case errors.As(err, &trunc) && l != nil:
		fmt.Fprintf(e.stderr, "haruspex redact: %s\n", render.Terminal(err.Error()))
	case errors.Is(err, har.ErrNotHAR) || isInputErr(err, in):
		fmt.Fprintf(e.stderr, "haruspex redact: %s\n", render.Terminal(err.Error()))
		return exitNoInput
	default:
		fmt.Fprintf(e.stderr, "haruspex redact: %s\n", render.Terminal(err.Error()))
		return exitOutput
	}
	places := 0
	for _, v := range l.Values {
		places += v.Occurrences
	}
	fmt.Fprintf(e.stdout, "replaced %d value(s) in %d place(s)\n", len(l.Values), places)
	for _, v := range l.Values {
		what := v.Kind.String()
		if v.Name != "" {
			what += " " + v.Name
		}
		fmt.Fprintf(e.stdout, "  %-32s %-28s %5d chars %5d place(s)\n", v.Placeholder, render.Terminal(what), v.Length, v.Occurrences)
	}
	for _, v := range l.Values {
		if v.Occurrences == 0 {
			fmt.Fprintf(e.stderr, "haruspex redact: %s (%s) does not occur in %s\n", v.Placeholder, v.Kind, render.Terminal(in))
		}
	}
	fmt.Fprintf(e.stdout, "%s  %s\n", l.Copy.SHA256, render.Terminal(*out))
	logData, _ := os.ReadFile(*out + redact.LogSuffix)
	fmt.Fprintf(e.stdout, "%s  %s\n", sha256Hex(logData), render.Terminal(*out+redact.LogSuffix))
	if trunc != nil {
		return exitPartial
	}
	return exitOK
}

// isInputErr reports whether err is about the input file in.
func isInputErr(err error, in string) bool {
	var pe *os.PathError
	return errors.As(err, &pe) && filepath.Clean(pe.Path) == filepath.Clean(in)
}

// verifyRedaction is verify --redaction LOG COPY [ORIGINAL]: it checks a
// redacted copy against its log and, given the original and the same
// values, redoes the redaction.
func verifyRedaction(e *env, logPath string, args []string, vals redactValues) int {
	if len(args) == 0 || len(args) > 2 {
		fmt.Fprintln(e.stderr, "haruspex verify: --redaction LOG takes the copy and, optionally, the original: COPY [ORIGINAL]")
		return exitUsage
	}
	logData, err := os.ReadFile(logPath)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex verify: %v\n", err)
		return exitNoInput
	}
	l, err := redact.ReadLog(bytes.NewReader(logData))
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex verify: %s: %v\n", logPath, err)
		return exitNoInput
	}
	cp, err := os.Open(args[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex verify: %v\n", err)
		return exitNoInput
	}
	defer cp.Close()
	var orig *os.File
	if len(args) == 2 {
		if orig, err = os.Open(args[1]); err != nil {
			fmt.Fprintf(e.stderr, "haruspex verify: %v\n", err)
			return exitNoInput
		}
		defer orig.Close()
	}
	var o io.ReadSeeker
	if orig != nil {
		o = orig
	}
	c, err := redact.Verify(l, cp, o, vals.options())
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex verify: %s\n", render.Terminal(err.Error()))
		var oe *redact.OptionError
		if errors.As(err, &oe) {
			return exitUsage
		}
		return exitNoInput
	}
	fmt.Fprintf(e.stdout, "redaction log %s sha256 %s (made by %s %s)\n", render.Terminal(logPath), sha256Hex(logData), render.Terminal(l.Tool.Name), render.Terminal(l.Tool.Version))
	line := func(ok bool, what, name, got, want string) {
		status := "ok"
		if !ok {
			status = "MISMATCH"
		}
		s := fmt.Sprintf("%-12s %-8s %s  sha256 %s", status, what, render.Terminal(name), got)
		if !ok {
			s += "  (log: " + want + ")"
		}
		fmt.Fprintln(e.stdout, s)
	}
	line(c.CopyOK, "copy", args[0], c.CopySHA256, l.Copy.SHA256)
	if orig == nil {
		fmt.Fprintf(e.stdout, "%-12s %-8s %s  log sha256 %s\n", "not given", "original", render.Terminal(l.Original.Name), l.Original.SHA256)
	} else {
		line(c.OriginalOK, "original", args[1], c.OriginalSHA256, l.Original.SHA256)
	}
	for _, v := range c.Missing {
		fmt.Fprintf(e.stdout, "%-12s %-8s %s (%s, sha256 %s)\n", "NOT GIVEN", "value", v.Placeholder, v.Kind, v.SHA256)
	}
	for _, u := range c.Unknown {
		fmt.Fprintf(e.stdout, "%-12s %-8s %s\n", "NOT IN LOG", "value", render.Terminal(u))
	}
	if c.Redone {
		if c.RedoneOK {
			fmt.Fprintf(e.stdout, "%-12s %-8s redacting %s again gives the copy, byte for byte\n", "ok", "redone", render.Terminal(args[1]))
		} else {
			note := ""
			if v := redactTool().Version; v != l.Tool.Version {
				note = fmt.Sprintf(" (the copy was made by %s %s, this is %s: another version may redact differently)", render.Terminal(l.Tool.Name), render.Terminal(l.Tool.Version), render.Terminal(v))
			}
			fmt.Fprintf(e.stdout, "%-12s %-8s redacting %s again gives sha256 %s, not the copy%s\n", "MISMATCH", "redone", render.Terminal(args[1]), c.RedoneSHA256, note)
		}
	}
	places := 0
	for _, v := range l.Values {
		places += v.Occurrences
	}
	switch {
	case len(c.Missing) > 0 || len(c.Unknown) > 0:
		fmt.Fprintln(e.stdout, "NOT CHECKED: give the same --known-email, --known-phone and --redact values as were given to redact")
		return exitUsage
	case !c.OK():
		fmt.Fprintln(e.stdout, "FAILED: the copy is not what the log describes")
		return exitMismatch
	case orig == nil:
		fmt.Fprintln(e.stdout, "OK: the copy is the one the log describes (give the original to check the redaction itself)")
	default:
		fmt.Fprintf(e.stdout, "OK: the copy is the original with %d value(s) replaced in %d place(s)\n", len(l.Values), places)
	}
	return exitOK
}
