package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	flag "github.com/spf13/pflag"
)

// TestDescribe: every command in the table describes itself without
// running (its flag set and its --help), and its help has the shape the
// manual page and the completion scripts are generated from. A new
// command that does not call parseFlags first, or whose help lacks a
// synopsis, an example or its flags, fails here.
func TestDescribe(t *testing.T) {
	ds, err := describeAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != len(commands()) {
		t.Fatalf("described %d commands, the table has %d", len(ds), len(commands()))
	}
	for _, d := range ds {
		t.Run(d.name, func(t *testing.T) {
			h := parseHelp(d.help)
			if !strings.HasPrefix(h.synopsis, "haruspex "+d.name) {
				t.Errorf("help does not start with \"Usage: haruspex %s\": %q", d.name, firstLine(d.help))
			}
			if len(h.description) == 0 {
				t.Error("help says nothing about what the command does")
			}
			if _, ok := h.section("Examples"); !ok {
				if _, ok := h.section("Example"); !ok {
					t.Error("help has no Examples: section")
				}
			}
			if strings.Contains(d.help, "[=true|false]") {
				t.Error("help shows a boolean flag as --flag[=true|false]")
			}
			var visible int
			d.flags.VisitAll(func(f *flag.Flag) {
				if !f.Hidden {
					visible++
				}
			})
			lines, ok := h.section("Flags")
			if visible > 0 && !ok {
				t.Fatalf("the command has %d flags but its help no Flags: section", visible)
			}
			// The manual lists each flag as pflag's help does: the same
			// names, value name, usage and default, from flagParts.
			var want []string
			d.flags.VisitAll(func(f *flag.Flag) {
				if f.Hidden {
					return
				}
				name, usage := flagParts(f)
				l := "--" + f.Name
				if f.Shorthand != "" {
					l = "-" + f.Shorthand + ", " + l
				}
				if name != "" {
					l += " " + name
				}
				want = append(want, l+" "+usage)
			})
			var got []string
			for _, l := range lines {
				got = append(got, strings.Join(strings.Fields(l), " "))
			}
			if diff := cmp.Diff(collapse(want), got); diff != "" {
				t.Errorf("Flags: section differs from the flags the manual lists (-manual +help):\n%s", diff)
			}
		})
	}
}

func collapse(ls []string) []string {
	var out []string
	for _, l := range ls {
		out = append(out, strings.Join(strings.Fields(l), " "))
	}
	return out
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// TestHelpCommand: "haruspex help COMMAND" prints exactly what
// "haruspex COMMAND --help" (and -h) prints, on stdout, with exit 0 and
// nothing on stderr, for every command; and that is the text the manual
// is made from.
func TestHelpCommand(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			runOut := func(args ...string) string {
				t.Helper()
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
					t.Fatalf("haruspex %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr.String())
				}
				return stdout.String()
			}
			help := runOut("help", c.name)
			if diff := cmp.Diff(help, runOut(c.name, "--help")); diff != "" {
				t.Errorf("help %s differs from %s --help (-help +--help):\n%s", c.name, c.name, diff)
			}
			if diff := cmp.Diff(help, runOut(c.name, "-h")); diff != "" {
				t.Errorf("help %s differs from %s -h (-help +-h):\n%s", c.name, c.name, diff)
			}
			d, err := describe(c)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(help, d.help); diff != "" {
				t.Errorf("the described help differs from --help (-help +described):\n%s", diff)
			}
		})
	}
}

// TestHelpErrors: help takes one command, and says when it does not
// know it; the top-level help names every command.
func TestHelpErrors(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		wantStdout string // a regexp
		wantStderr string
	}{
		{[]string{"help"}, exitOK, `(?m)^  completion  shell completion`, `^$`},
		{[]string{"--help"}, exitOK, `(?m)^  version     which haruspex`, `^$`},
		{[]string{"-h"}, exitOK, `Exit codes:`, `^$`},
		// an unknown command, as for "haruspex frobnicate"
		{[]string{"help", "frobnicate"}, exitUsage, `^$`, `unknown command "frobnicate"`},
		// two commands at once
		{[]string{"help", "events", "report"}, exitUsage, `^$`, `one command at a time, not 2`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if !regexp.MustCompile(tt.wantStdout).MatchString(stdout.String()) {
				t.Errorf("stdout %q does not match %q", stdout.String(), tt.wantStdout)
			}
			if !regexp.MustCompile(tt.wantStderr).MatchString(stderr.String()) {
				t.Errorf("stderr %q does not match %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

// TestPlainBools: a boolean flag prints as --quiet and still parses as
// pflag parses it: alone, short, =true, =false.
func TestPlainBools(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--quiet"}, true},
		{[]string{"-q"}, true},
		{[]string{"--quiet=true"}, true},
		{[]string{"--quiet=false"}, false},
		{[]string{"-q=false"}, false},
		// a word after the flag is an argument, not its value
		{[]string{"--quiet", "false"}, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			q := fs.BoolP("quiet", "q", false, "say less")
			plainBools(fs)
			plainBools(fs) // twice wraps once
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if *q != tt.want {
				t.Errorf("quiet = %v, want %v", *q, tt.want)
			}
			if got, _ := fs.GetBool("quiet"); got != tt.want {
				t.Errorf("GetBool = %v, want %v", got, tt.want)
			}
			if _, ok := fs.Lookup("quiet").Value.(plainBool); !ok {
				t.Error("not wrapped")
			}
			if got, want := strings.Join(strings.Fields(fs.FlagUsages()), " "), "-q, --quiet say less"; got != want {
				t.Errorf("usage %q, want %q", got, want)
			}
		})
	}
}

// TestFlagAnnotations: the flags whose values are a closed set list it,
// and the flags that name files or folders say so, for completion. A
// flag named format, vendor or consent in any command, now or added
// later, must list its values.
func TestFlagAnnotations(t *testing.T) {
	ds, err := describeAll()
	if err != nil {
		t.Fatal(err)
	}
	vendors := strings.Split(vendorList(), ", ")
	formats := []string{"table", "csv", "json", "ndjson"}
	timelineFormats := append(formats, "timesketch", "l2tcsv")
	want := map[string]map[string]string{ // command, flag: annotation
		"summary": {"format": "values table json"},
		"events": {"format": "values " + strings.Join(timelineFormats, " "), "vendor": "values " + strings.Join(vendors, " "), "sensitive": "path file",
			"output": "path file"},
		"timeline": {"format": "values " + strings.Join(timelineFormats, " "), "sensitive": "path file", "output": "path file"},
		"parties":  {"format": "values " + strings.Join(formats, " "), "sensitive": "path file"},
		"report":   {"out": "path dir", "sensitive": "path file"},
		"capture":  {"out": "path file", "ca-dir": "path dir", "upstream-ca": "path file"},
		"visit":    {"ca-dir": "path dir", "upstream-ca": "path file"},
	}
	for _, d := range ds {
		d.flags.VisitAll(func(f *flag.Flag) {
			var got string
			if v := f.Annotations[valuesAnnotation]; v != nil {
				got = "values " + strings.Join(v, " ")
			}
			if p := f.Annotations[pathAnnotation]; p != nil {
				got = strings.TrimSpace(got + " path " + strings.Join(p, " "))
			}
			if w, ok := want[d.name][f.Name]; ok && got != w {
				t.Errorf("%s --%s: annotation %q, want %q", d.name, f.Name, got, w)
			}
			switch f.Name {
			case "format", "vendor", "consent":
				if f.Annotations[valuesAnnotation] == nil {
					t.Errorf("%s --%s takes one of a closed set: list it with closedSet", d.name, f.Name)
				}
			}
			if got != "" && f.NoOptDefVal != "" {
				t.Errorf("%s --%s takes no value but has a completion annotation", d.name, f.Name)
			}
		})
	}
}

func TestParseHelp(t *testing.T) {
	got := parseHelp(`Usage: haruspex x [flags] FILE...

What x does,
in two lines.

Second paragraph.

Flags:
  -q, --quiet   say less

Examples:
  haruspex x a.har

Exit codes:
  0  success
`)
	want := helpDoc{
		synopsis:    "haruspex x [flags] FILE...",
		description: []string{"What x does,", "in two lines.", "", "Second paragraph."},
		sections: []helpSection{
			{"Flags", []string{"  -q, --quiet   say less"}},
			{"Examples", []string{"  haruspex x a.har"}},
			{"Exit codes", []string{"  0  success"}},
		},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(helpDoc{}, helpSection{})); diff != "" {
		t.Errorf("parseHelp mismatch (-want +got):\n%s", diff)
	}
}

func TestIsSectionTitle(t *testing.T) {
	for l, want := range map[string]bool{
		"Flags:":                          true,
		"Exit codes:":                     true,
		"Example:":                        true,
		"zsh:":                            false, // lower case: a line of text
		"bash (needs bash 4.1 or later):": false, // not only letters
		"Firefox: Settings > Privacy":     false, // does not end the line
		":":                               false,
		"  Flags:":                        false, // indented
	} {
		if got := isSectionTitle(l); got != want {
			t.Errorf("isSectionTitle(%q) = %v, want %v", l, got, want)
		}
	}
}

func TestPositional(t *testing.T) {
	tests := []struct {
		synopsis string
		kind     argKind
		words    []string
	}{
		{"haruspex events [flags] FILE...", argsFiles, nil},
		{"haruspex verify DIR [FILE...]", argsFiles, nil},
		{"haruspex report [flags] --out DIR FILE...", argsFiles, nil},
		// FILE is --out's value: no argument
		{"haruspex capture --out FILE [flags]", argsNone, nil},
		{"haruspex version [flags]", argsNone, nil},
		{"haruspex help [COMMAND]", argsCommands, nil},
		{"haruspex completion bash|zsh|fish", argsWords, []string{"bash", "zsh", "fish"}},
		{"", argsNone, nil},
	}
	for _, tt := range tests {
		kind, words := positional(tt.synopsis)
		if kind != tt.kind || !cmp.Equal(words, tt.words) {
			t.Errorf("positional(%q) = %v %q, want %v %q", tt.synopsis, kind, words, tt.kind, tt.words)
		}
	}
}

// TestDescribeRefuses: a command that runs before parsing its flags
// cannot be described, and describe says which and why.
func TestDescribeRefuses(t *testing.T) {
	tests := []struct {
		name string
		run  func(context.Context, *env, []string) int
		want string
	}{
		{"noflags", func(context.Context, *env, []string) int { return exitOK }, "must call parseFlags"},
		{"chatty", func(_ context.Context, e *env, args []string) int {
			fmt.Fprintln(e.stdout, "hello")
			fs := flag.NewFlagSet("chatty", flag.ContinueOnError)
			parseFlags(e, fs, args)
			return exitOK
		}, "wrote output before parsing"},
		{"misnamed", func(_ context.Context, e *env, args []string) int {
			parseFlags(e, flag.NewFlagSet("other", flag.ContinueOnError), args)
			return exitOK
		}, `names its flag set "other"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := describe(command{tt.name, "", tt.run})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("describe: %v, want an error saying %q", err, tt.want)
			}
		})
	}
}
