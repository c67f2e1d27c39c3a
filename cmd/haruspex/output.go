package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	flag "github.com/spf13/pflag"
)

// outputFile is -o/--output: where a command writes, instead of
// standard output.
type outputFile struct {
	path string
	f    *os.File
}

func (o *outputFile) register(fs *flag.FlagSet) {
	fs.StringVarP(&o.path, "output", "o", "", "write to this file instead of standard output; with --format timesketch its name must end in .jsonl (Timesketch's importer goes by the extension)")
	fileFlag(fs, "output")
}

// check refuses, as a usage error, a Timesketch output whose name does
// not end in .jsonl: Timesketch's importer and web upload read a file's
// format from its extension, and refuse any other.
func (o *outputFile) check(e *env, cmd, format string) bool {
	if format == "timesketch" && o.path != "" && !strings.HasSuffix(strings.ToLower(o.path), ".jsonl") {
		fmt.Fprintf(e.stderr, "haruspex %s: --output %q: a Timesketch file's name must end in .jsonl (Timesketch reads the format from the extension)\n", cmd, o.path)
		return false
	}
	return true
}

// open returns the writer to write to: the file, created (or truncated),
// or standard output.
func (o *outputFile) open(e *env) (io.Writer, error) {
	if o.path == "" {
		return e.stdout, nil
	}
	f, err := os.Create(o.path)
	if err != nil {
		return nil, err
	}
	o.f = f
	return f, nil
}

// close closes the file, if one was opened; its error is a write error.
func (o *outputFile) close() error {
	if o.f == nil {
		return nil
	}
	err := o.f.Close()
	o.f = nil
	return err
}
