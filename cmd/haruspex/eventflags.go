package main

import (
	"io"

	flag "github.com/spf13/pflag"
)

// eventFlags are the flags of the commands that write an analysis's
// events, one row each, in any of the same formats (events, timeline):
// --format and its companions, --in-memory, -o/--output and what to look
// for. It also writes the output, so that both end the same way.
type eventFlags struct {
	outputFlags
	out   outputFile
	rules ruleFlags
	cmd   string
}

func (o *eventFlags) register(fs *flag.FlagSet) {
	o.cmd = fs.Name()
	o.outputFlags.register(fs, []string{"table", "csv", "json", "ndjson", "timesketch", "l2tcsv"})
	o.registerMemory(fs)
	o.out.register(fs)
	o.rules.register(fs)
}

// parse parses args and checks the flags. done is true when the command
// ends here, with code: --help, or a usage error, printed.
func (o *eventFlags) parse(e *env, fs *flag.FlagSet, args []string) (rs *rules, code int, done bool) {
	if code, done := parseFlags(e, fs, args); done {
		return nil, code, true
	}
	if !o.check(e, o.cmd) || !o.out.check(e, o.cmd, o.format) {
		return nil, exitUsage, true
	}
	rs, ok := o.rules.load(e, o.cmd)
	if !ok {
		return nil, exitUsage, true
	}
	return rs, 0, false
}

// write calls fn with the output (the -o file, created, or standard
// output) and returns code, or exitOutput, said on stderr, when the
// output could not be opened, written or closed.
func (o *eventFlags) write(e *env, code int, fn func(w io.Writer) error) int {
	w, err := o.out.open(e)
	if err != nil {
		return writeFailed(e, o.cmd, err)
	}
	defer o.out.close()
	err = fn(w)
	if err == nil {
		err = o.out.close()
	}
	if err != nil {
		return writeFailed(e, o.cmd, err)
	}
	return code
}
