package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/sensitive"
	flag "github.com/spf13/pflag"
)

func runVersion(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	verbose := fs.BoolP("verbose", "v", false, "also the built-in data a report's manifest records (decoder table, company data, sensitive terms)")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex version [flags]

Say which haruspex this is, on one line: its version (the module version;
for a build from a clone, a pseudo-version naming the commit; "(devel)"
when the build recorded none), the VCS revision it was built from
(", modified" if the tree had uncommitted changes; "revision unknown" for
go run and go test), the Go version, and the operating system and
architecture. "haruspex --version" is the same.

With --verbose, also the data built into the binary that decides what a
report says: the decoder table's SHA-256 and number of routes, each
company data set's version and licence, and the built-in sensitive
terms' name, SHA-256 and categories. These are the values a report's
manifest.json records, computed by the same code.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex --version
  haruspex version --verbose
`)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "haruspex version: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	t := evidence.BuildTool()
	err := writeVersion(e.stdout, t, runtime.GOOS+"/"+runtime.GOARCH)
	if err == nil && *verbose {
		err = writeProvenance(e.stdout, t, evidence.NewDecoderTable(decode.Builtin()), evidence.SetTerms(sensitive.Builtin(), true))
	}
	if err != nil {
		return writeFailed(e, "version", err)
	}
	return exitOK
}

// writeVersion writes the one version line:
// haruspex VERSION (REVISION[, modified], GO, OS/ARCH).
func writeVersion(w io.Writer, t evidence.Tool, platform string) error {
	rev := t.Revision
	if rev == "" {
		rev = "revision unknown"
	}
	if t.Modified {
		rev += ", modified"
	}
	goVersion := t.Go
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	_, err := fmt.Fprintf(w, "%s %s (%s, %s, %s)\n", t.Name, t.Version, rev, goVersion, platform)
	return err
}

// writeProvenance writes what --verbose adds: the values a manifest
// records besides the tool.
func writeProvenance(w io.Writer, t evidence.Tool, decoders evidence.DecoderTable, terms *evidence.SensitiveTerms) error {
	var b strings.Builder
	line := func(key, format string, a ...any) {
		fmt.Fprintf(&b, "%-16s %s\n", key, fmt.Sprintf(format, a...))
	}
	if t.Module != "" {
		line("module", "%s", t.Module)
	}
	if t.Time != "" {
		line("revision time", "%s", t.Time)
	}
	line("decoder table", "sha256 %s, %d routes", decoders.SHA256, len(decoders.Routes))
	for _, d := range evidence.EntitySources(t) {
		s := fmt.Sprintf("%s: version %s; licence %s", d.Name, d.Version, d.Licence)
		if d.SHA256 != "" {
			s += "; sha256 " + d.SHA256
		}
		line("entity data", "%s", s)
	}
	s := fmt.Sprintf("%s: sha256 %s", terms.Name, terms.SHA256)
	if terms.Version != "" {
		s += "; version " + terms.Version
	}
	line("sensitive terms", "%s; categories %s", s, strings.Join(terms.Categories, ", "))
	_, err := io.WriteString(w, b.String())
	return err
}
