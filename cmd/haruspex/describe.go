package main

// What a command says about itself, learnt without running it: its flag
// set and its --help text. The completion scripts and the manual page are
// generated from these and from the command table, so that a command or a
// flag added anywhere appears in them with no further work. A command
// takes part by doing what every command does: build its flag set, set
// its Usage, then call parseFlags before anything else (TestDescribe fails
// for a command that does not).

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	flag "github.com/spf13/pflag"
)

// cmdDoc is a command described: its table row, its flag set as its run
// function configures it, and what "haruspex NAME --help" prints.
type cmdDoc struct {
	command
	flags *flag.FlagSet
	help  string
}

// describe has c configure its flag set and print its help, without
// running it.
func describe(c command) (*cmdDoc, error) {
	d := &cmdDoc{command: c}
	var help, stdout bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &help, describe: func(fs *flag.FlagSet) { d.flags = fs }}
	c.run(context.Background(), e, nil)
	switch {
	case d.flags == nil:
		return nil, fmt.Errorf("haruspex: command %s cannot be described: its run function must call parseFlags before doing anything", c.name)
	case stdout.Len() > 0 || help.Len() > 0:
		return nil, fmt.Errorf("haruspex: command %s wrote output before parsing its flags", c.name)
	case d.flags.Name() != c.name:
		return nil, fmt.Errorf("haruspex: command %s names its flag set %q", c.name, d.flags.Name())
	}
	writeHelp(e, d.flags, d.flags.Usage, &help)
	d.help = help.String()
	return d, nil
}

// describeAll describes every command, in table order.
func describeAll() ([]*cmdDoc, error) {
	var ds []*cmdDoc
	for _, c := range commands() {
		d, err := describe(c)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, nil
}

// writeHelp runs usage, which writes to e.stderr and fs's output, with
// both pointing at w.
func writeHelp(e *env, fs *flag.FlagSet, usage func(), w io.Writer) {
	stderr := e.stderr
	e.stderr = w
	fs.SetOutput(w)
	defer func() {
		e.stderr = stderr
		fs.SetOutput(stderr)
	}()
	if usage == nil {
		fmt.Fprintf(w, "Usage: haruspex %s [flags]\n\nFlags:\n", fs.Name())
		fs.PrintDefaults()
		return
	}
	usage()
}

// plainBools makes pflag show a boolean flag as "--quiet" rather than
// "--quiet[=true|false]", which pflag v1.1 prints for every flag whose
// value has an IsBoolFlag method. The flag still needs no value, because
// pflag set its NoOptDefVal to "true" when it was defined, and it still
// takes --quiet=false; plainBool only hides the method.
func plainBools(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := f.Value.(plainBool); !ok && f.Value.Type() == "bool" && f.NoOptDefVal == "true" {
			f.Value = plainBool{f.Value}
		}
	})
}

// plainBool is a boolean flag's value without its IsBoolFlag method.
type plainBool struct{ flag.Value }

// Flag annotations that tell completion what a flag's value is. A flag
// with neither takes free text (a domain, a time zone, an e-mail
// address), for which completion offers nothing.
const (
	// valuesAnnotation lists the values of a flag whose values are a
	// closed set (--format, --vendor).
	valuesAnnotation = "haruspex_values"
	// pathAnnotation says that a flag names a "file" or a "dir".
	pathAnnotation = "haruspex_path"
)

// closedSet records that flag name of fs takes one of values (or, for a
// list flag, several). Like fileFlag and dirFlag, it does nothing for a
// flag fs does not have; TestFlagAnnotations catches that.
func closedSet(fs *flag.FlagSet, name string, values []string) {
	_ = fs.SetAnnotation(name, valuesAnnotation, values)
}

// fileFlag records that the flags names of fs name files.
func fileFlag(fs *flag.FlagSet, names ...string) {
	for _, n := range names {
		_ = fs.SetAnnotation(n, pathAnnotation, []string{"file"})
	}
}

// dirFlag records that the flags names of fs name folders.
func dirFlag(fs *flag.FlagSet, names ...string) {
	for _, n := range names {
		_ = fs.SetAnnotation(n, pathAnnotation, []string{"dir"})
	}
}

// helpDoc is a --help text in parts: the synopsis, the paragraphs that
// describe, and the titled sections ("Flags:", "Examples:", …), each as
// its lines. The texts follow one shape: "Usage: SYNOPSIS", a blank line,
// the description, then sections whose title is a line of its own ending
// in a colon.
type helpDoc struct {
	synopsis    string
	description []string // lines; blank lines separate paragraphs
	sections    []helpSection
}

type helpSection struct {
	title string // without the colon
	lines []string
}

// parseHelp splits a help text into its parts.
func parseHelp(text string) helpDoc {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	var h helpDoc
	if len(lines) > 0 {
		if s, ok := strings.CutPrefix(lines[0], "Usage: "); ok {
			h.synopsis, lines = s, lines[1:]
		}
	}
	cur := &h.description
	for _, l := range lines {
		if isSectionTitle(l) {
			h.sections = append(h.sections, helpSection{title: strings.TrimSuffix(l, ":")})
			cur = &h.sections[len(h.sections)-1].lines
			continue
		}
		*cur = append(*cur, l)
	}
	h.description = trimBlank(h.description)
	for i := range h.sections {
		h.sections[i].lines = trimBlank(h.sections[i].lines)
	}
	return h
}

// isSectionTitle reports whether l titles a section: "Flags:",
// "Exit codes:" — a capital, then letters and spaces, then a colon.
func isSectionTitle(l string) bool {
	t, ok := strings.CutSuffix(l, ":")
	if !ok || t == "" || t[0] < 'A' || t[0] > 'Z' || len(t) > 30 {
		return false
	}
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ' ') {
			return false
		}
	}
	return true
}

// section returns the lines of the section titled title.
func (h helpDoc) section(title string) ([]string, bool) {
	for _, s := range h.sections {
		if s.title == title {
			return s.lines, true
		}
	}
	return nil, false
}

func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// argKind is what a command's positional arguments are, for completion.
type argKind int

const (
	argsNone     argKind = iota
	argsFiles            // FILE, DIR
	argsCommands         // COMMAND: a command name
	argsWords            // one of a closed set: bash|zsh|fish
)

// positional reads what a command's positional arguments are from its
// synopsis ("events [flags] FILE...", "help [COMMAND]",
// "completion bash|zsh|fish"), skipping flags and their values
// ("--out FILE").
func positional(synopsis string) (argKind, []string) {
	f := strings.Fields(synopsis)
	if len(f) >= 2 && f[0] == "haruspex" {
		f = f[2:]
	}
	kind := argsNone
	for i := 0; i < len(f); i++ {
		t := strings.Trim(f[i], "[]")
		switch {
		case t == "flags":
		case strings.HasPrefix(t, "-"):
			if i+1 < len(f) && strings.ToUpper(f[i+1]) == f[i+1] {
				i++ // the flag's value
			}
		case strings.Contains(t, "COMMAND"):
			return argsCommands, nil
		case strings.Contains(t, "|"):
			return argsWords, strings.Split(t, "|")
		case strings.Contains(t, "FILE") || strings.Contains(t, "DIR"):
			kind = argsFiles
		}
	}
	return kind, nil
}
