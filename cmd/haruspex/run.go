package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	flag "github.com/spf13/pflag"
)

// Exit codes, documented in --help and the README.
const (
	exitOK      = 0 // success
	exitUsage   = 1 // bad command line
	exitNoInput = 2 // no usable input: nothing could be read
	exitPartial = 3 // some input truncated or corrupt; output still produced
	exitOutput  = 5 // the output could not be written
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) int
}

// env is what a command may touch: no globals, no os.Stdout.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	// describe, when set, asks the command only to describe itself:
	// parseFlags hands it the command's flag set, fully configured, and
	// the command returns at once (see describe.go).
	describe func(*flag.FlagSet)
}

func commands() []command {
	return []command{
		{"summary", "what a capture holds: files, hashes, pages, entries, first and third parties", runSummary},
		{"events", "every tracker event, decoded: who received what, from which page, identifying whom", runEvents},
		{"timeline", "per visitor, the pages opened and what each third party received, in time order", runTimeline},
		{"parties", "per third party: requests, visitors reached, and everything it received", runParties},
		{"matrix", "across many captures: site × third party × data type, as a table, CSV, Parquet or heat map", runMatrix},
		{"report", "an evidence folder: printable report, tables and a manifest of SHA-256s", runReport},
		{"verify", "check an evidence folder (and its inputs) against its manifest, and its signatures", runVerify},
		{"sign", "sign an evidence folder's manifest with an SSH key (OpenSSH's SSHSIG format)", runSign},
		{"redact", "a copy of a capture to share: login secrets and given values replaced, with a log", runRedact},
		{"capture", "record a browsing session to a HAR file through a recording proxy", runCapture},
		{"visit", "visit sites with headless Chromium through the recording proxy: one capture per consent variant", runVisit},
		{"version", "which haruspex this is: version, revision, Go; with --verbose its built-in data", runVersion},
		{"completion", "shell completion for bash, zsh or fish", runCompletion},
		{"help", "what haruspex does, or a command's help (the same as its --help)", runHelp},
	}
}

const exitCodesHelp = `Exit codes:
  0  success
  1  usage error (unknown command or flag, missing argument)
  2  no usable input (no file could be read as a HAR)
  3  partial: some input was truncated or corrupt; everything readable
     was used and the output says where reading stopped
  4  verify and sign only: a file does not match the evidence folder's
     manifest, or (verify) a signature is bad, missing or not allowed
  5  the output could not be written (disk full, closed pipe, …)
`

func usage(w io.Writer) {
	fmt.Fprint(w, `haruspex reads HAR files (HTTP Archive captures exported from browsers and
proxies) and shows, exactly and reproducibly, what a website sent to third
parties such as Meta (Facebook), Google and others.

Usage:
  haruspex <command> [flags] FILE...

Commands:
`)
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprint(w, `
FILE may be a .har or .har.gz file, or - for standard input.
Run "haruspex <command> --help" (or "haruspex help <command>") for a
command's flags and an example, "haruspex --version" for the version.

`+exitCodesHelp)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help":
		name = "help"
	case "--version":
		name = "version"
	}
	c, ok := lookup(name)
	if !ok {
		return unknownCommand(e, name)
	}
	return c.run(ctx, e, args[1:])
}

// lookup finds a command by name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// unknownCommand says that name is no command, and lists those there are.
func unknownCommand(e *env, name string) int {
	fmt.Fprintf(e.stderr, "haruspex: unknown command %q\n", name)
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	fmt.Fprintf(e.stderr, "Commands: %s. Run \"haruspex help\" for more.\n", strings.Join(names, ", "))
	return exitUsage
}

// parseFlags parses a subcommand's flags. It returns done=true with the
// exit code when the command must stop: --help (0, the help on stdout),
// a bad flag (1), or a command that is only being described (0).
func parseFlags(e *env, fs *flag.FlagSet, args []string) (code int, done bool) {
	plainBools(fs)
	if e.describe != nil {
		e.describe(fs)
		return exitOK, true
	}
	// --help prints on stdout, as GNU tools do: the help is what was
	// asked for, not an error.
	usage := fs.Usage
	fs.Usage = func() { writeHelp(e, fs, usage, e.stdout) }
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == nil:
		return 0, false
	case errors.Is(err, flag.ErrHelp):
		return exitOK, true
	}
	fmt.Fprintf(e.stderr, "haruspex %s: %v\nRun \"haruspex %s --help\" for usage.\n", fs.Name(), err, fs.Name())
	return exitUsage, true
}

// haveInputs reports whether the command line names input files; if not,
// it says so, with the usage.
func haveInputs(e *env, fs *flag.FlagSet) bool {
	if fs.NArg() > 0 {
		return true
	}
	fmt.Fprintf(e.stderr, "haruspex %s: no input files (use - for standard input)\n", fs.Name())
	fs.Usage()
	return false
}
