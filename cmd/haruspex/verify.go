package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

// exitMismatch is verify's exit code when a file does not match.
const exitMismatch = 4

func runVerify(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex verify DIR [FILE...]

Check an evidence folder written by "haruspex report": re-hash every file it
holds against the SHA-256 recorded in DIR/manifest.json and, for each input
FILE given, re-hash it (read-only) and find it among the manifest's inputs.
Print one line per file (ok, MISMATCH, MISSING, EXTRA, NOT AN INPUT,
UNREADABLE) and the manifest's own SHA-256, which a statement can cite.

Examples:
  haruspex verify case
  haruspex verify case samples/police-visit.har

Exit codes:
  0  every file matches
  1  usage error
  2  DIR has no readable manifest.json
  4  some file does not match, is missing, or is not in the manifest
`)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "haruspex verify: no folder given")
		fs.Usage()
		return exitUsage
	}
	v, err := evidence.Verify(fs.Arg(0), fs.Args()[1:])
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex verify: %v\n", err)
		return exitNoInput
	}
	fmt.Fprintf(e.stdout, "manifest.json sha256 %s (made by %s %s)\n", v.ManifestSHA256, render.Terminal(v.Manifest.Tool.Name), render.Terminal(v.Manifest.Tool.Version))
	failed := 0
	for _, c := range v.Checks {
		what := "output"
		if c.Input {
			what = "input "
		}
		line := fmt.Sprintf("%-12s %s %s", c.Status, what, render.Terminal(c.Name))
		switch {
		case c.Got != "":
			line += "  sha256 " + c.Got
		case c.Want != "":
			line += "  manifest sha256 " + c.Want
		}
		if c.Status == evidence.StatusMismatch {
			line += "  (manifest: " + c.Want + ")"
		}
		if c.Note != "" {
			line += "  (" + render.Terminal(c.Note) + ")"
		}
		fmt.Fprintln(e.stdout, line)
		if c.Status.Failed() {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(e.stdout, "FAILED: %d of %d file(s) do not match\n", failed, len(v.Checks))
		return exitMismatch
	}
	fmt.Fprintf(e.stdout, "OK: %d file(s) match\n", len(v.Checks))
	return exitOK
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
