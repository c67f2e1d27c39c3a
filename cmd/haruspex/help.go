package main

import (
	"context"
	"fmt"

	flag "github.com/spf13/pflag"
)

func runHelp(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("help", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex help [COMMAND]

Without COMMAND, say what haruspex does and list its commands. With
COMMAND, print that command's help: what it does, its flags, examples and
exit codes, exactly as "haruspex COMMAND --help" prints it.

The manual page, haruspex.1, holds every command's help in one place:
man ./haruspex.1 in a copy of the source.

Examples:
  haruspex help
  haruspex help report
`)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	switch fs.NArg() {
	case 0:
		usage(e.stdout)
		return exitOK
	case 1:
		c, ok := lookup(fs.Arg(0))
		if !ok {
			return unknownCommand(e, fs.Arg(0))
		}
		return c.run(ctx, e, []string{"--help"})
	}
	fmt.Fprintf(e.stderr, "haruspex help: one command at a time, not %d\n", fs.NArg())
	return exitUsage
}
