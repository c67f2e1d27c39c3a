package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	flag "github.com/spf13/pflag"
)

// TestCompletionCoversEverything: each shell's script names every
// command in the table and every flag of every command, long and short,
// and every value of a closed set. A command or flag added later is in
// the scripts with no further work; this fails if it is not.
func TestCompletionCoversEverything(t *testing.T) {
	ds, err := describeAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{"completion", shell}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			script := stdout.String()
			// The script's text for one command: from where its flags are
			// listed to where the next command's are.
			section := func(name string) string {
				var start string
				switch shell {
				case "bash":
					start = "\n    " + name + ")\n"
				case "zsh":
					start = "\n        " + name + ")\n"
				case "fish":
					start = "'__fish_seen_subcommand_from " + name + "'"
				}
				i := strings.Index(script, start)
				if i < 0 {
					t.Fatalf("no section for %s (%q)", name, start)
				}
				s := script[i+len(start):]
				end := map[string]string{"bash": "\n        ;;\n", "zsh": "\n            ;;\n", "fish": "\n\n"}[shell]
				if j := strings.Index(s, end); j >= 0 {
					s = s[:j]
				}
				return s
			}
			for _, d := range ds {
				s := section(d.name)
				d.flags.VisitAll(func(f *flag.Flag) {
					if f.Hidden {
						return
					}
					long := "--" + f.Name
					if shell == "fish" {
						long = "-l " + f.Name
					}
					if !strings.Contains(s, long) {
						t.Errorf("%s: no %s", d.name, long)
					}
					short := map[string]string{"zsh": "-" + f.Shorthand, "fish": "-s " + f.Shorthand}[shell]
					if f.Shorthand != "" && short != "" && !strings.Contains(s, short) {
						t.Errorf("%s: no %s", d.name, short)
					}
					for _, v := range f.Annotations[valuesAnnotation] {
						if !strings.Contains(s, v) {
							t.Errorf("%s --%s: no value %s", d.name, f.Name, v)
						}
					}
				})
			}
		})
	}
}

func TestShortDesc(t *testing.T) {
	for in, want := range map[string]string{
		"output format: table, csv, json, ndjson":                                       "output format: table, csv, json, ndjson",
		"only these vendors (comma-separated or repeated): meta":                        "only these vendors: meta",
		"only these pixel (account) IDs":                                                "only these pixel IDs",
		"directory of the CA (default: the per-user directory, e.g. ~/.config (XDG))":   "directory of the CA",
		"unbalanced) parenthesis (never closed":                                         "unbalanced) parenthesis",
		"proxy address; port 0 picks a free one":                                        "proxy address",
		"a `FILE` to read":                                                              "a FILE to read",
		strings.Repeat("word ", 20):                                                     strings.Repeat("word ", 14) + "w…",
		"keep decoded events in memory instead of moving them, past a few megabytes, x": "keep decoded events in memory instead of moving them, past a few megaby…",
	} {
		if got := shortDesc(in); got != want {
			t.Errorf("shortDesc(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShellQuoting(t *testing.T) {
	for _, tt := range []struct {
		f        func(string) string
		in, want string
	}{
		{shQuote, `it's`, `'it'\''s'`},
		{fishQuote, `it's a \ back`, `'it\'s a \\ back'`},
		{zshEscape, `a [b]: c\d`, `a \[b\]\: c\\d`},
	} {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("quote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
