package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	flag "github.com/spf13/pflag"
)

const completionHelp = `Usage: haruspex completion bash|zsh|fish

Print a script that completes haruspex's commands, their flags, the
values of flags that take one of a fixed set (--format, --vendor, …),
and file names for FILE arguments, in the shell named. The script is
generated from haruspex's own commands and flags: regenerate it after
an upgrade.

bash (needs bash 4.1 or later):
  mkdir -p ~/.local/share/bash-completion/completions
  haruspex completion bash > ~/.local/share/bash-completion/completions/haruspex
  # loaded by the bash-completion package at the next Tab; without that
  # package, or for this shell only:
  source <(haruspex completion bash)

zsh:
  mkdir -p ~/.zfunc
  haruspex completion zsh > ~/.zfunc/_haruspex
  # and in ~/.zshrc, before compinit runs (oh-my-zsh and others run it):
  fpath=(~/.zfunc $fpath)
  autoload -U compinit && compinit

fish:
  haruspex completion fish > ~/.config/fish/completions/haruspex.fish

Examples:
  haruspex completion bash > ~/.local/share/bash-completion/completions/haruspex
  source <(haruspex completion bash)
`

func runCompletion(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("completion", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, completionHelp) }
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "haruspex completion: name one shell: bash, zsh or fish")
		return exitUsage
	}
	var gen func(io.Writer, []compCmd) error
	switch fs.Arg(0) {
	case "bash":
		gen = bashCompletion
	case "zsh":
		gen = zshCompletion
	case "fish":
		gen = fishCompletion
	default:
		fmt.Fprintf(e.stderr, "haruspex completion: no completion for %q: bash, zsh or fish\n", fs.Arg(0))
		return exitUsage
	}
	cmds, err := completionModel()
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex completion: %v\n", err)
		return exitUsage
	}
	if err := gen(e.stdout, cmds); err != nil {
		return writeFailed(e, "completion", err)
	}
	return exitOK
}

// compCmd is a command as a completion script sees it.
type compCmd struct {
	name, summary string
	flags         []compFlag // by long name, --help last
	args          argKind
	words         []string // the closed set, for argsWords
}

// compFlag is a flag as a completion script sees it.
type compFlag struct {
	long, short string
	desc        string
	value       bool     // takes a value
	list        bool     // a comma-separated list (--vendor meta,ga4)
	repeat      bool     // may be given more than once
	values      []string // the closed set it takes
	path        string   // "file" or "dir" if it names one
}

// safeWord reports whether w may go into a script unquoted, as command,
// flag and value names do: a letter or digit, then letters, digits, '.',
// '_' and '-'.
func safeWord(w string) bool {
	for i, r := range w {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || i > 0 && strings.ContainsRune("._-", r)
		if !ok {
			return false
		}
	}
	return w != ""
}

// completionModel describes every command for completion.
func completionModel() ([]compCmd, error) {
	ds, err := describeAll()
	if err != nil {
		return nil, err
	}
	var out []compCmd
	for _, d := range ds {
		c := compCmd{name: d.name, summary: d.summary}
		c.args, c.words = positional(parseHelp(d.help).synopsis)
		for _, w := range c.words {
			if !safeWord(w) {
				return nil, fmt.Errorf("command %s: argument %q cannot be completed", d.name, w)
			}
		}
		if c.args == argsCommands {
			for _, o := range ds {
				c.words = append(c.words, o.name)
			}
		}
		var bad error
		d.flags.VisitAll(func(f *flag.Flag) {
			if f.Hidden {
				return
			}
			typ := f.Value.Type()
			cf := compFlag{long: f.Name, short: f.Shorthand, desc: shortDesc(f.Usage), value: f.NoOptDefVal == "",
				list: typ == "stringSlice", repeat: strings.HasSuffix(typ, "Slice") || strings.HasSuffix(typ, "Array"),
				values: f.Annotations[valuesAnnotation]}
			if p := f.Annotations[pathAnnotation]; len(p) == 1 {
				cf.path = p[0]
			}
			for _, w := range append([]string{cf.long}, cf.values...) {
				if !safeWord(w) && bad == nil {
					bad = fmt.Errorf("command %s: flag --%s: %q cannot be completed", d.name, f.Name, w)
				}
			}
			c.flags = append(c.flags, cf)
		})
		if bad != nil {
			return nil, bad
		}
		slices.SortFunc(c.flags, func(a, b compFlag) int { return strings.Compare(a.long, b.long) })
		c.flags = append(c.flags, compFlag{long: "help", desc: "show this command's help"})
		if !safeWord(c.name) {
			return nil, fmt.Errorf("command %q cannot be completed", c.name)
		}
		out = append(out, c)
	}
	return out, nil
}

// shortDesc shortens a flag's usage to what fits beside it in a menu:
// without parenthesised asides, up to the first semicolon, at most 72
// characters.
func shortDesc(usage string) string {
	var b strings.Builder
	depth := 0
	for _, r := range strings.ReplaceAll(usage, "`", "") {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	usage = strings.Join(strings.Fields(b.String()), " ")
	usage = strings.ReplaceAll(usage, " :", ":")
	if i := strings.Index(usage, "; "); i > 0 {
		usage = usage[:i]
	}
	if utf8.RuneCountInString(usage) > 72 {
		r := []rune(usage)
		usage = strings.TrimRight(string(r[:71]), " ,") + "…"
	}
	return usage
}

// topFlags are the flags haruspex takes before a command.
func topFlags() []compFlag {
	return []compFlag{
		{long: "help", short: "h", desc: "what haruspex does, and its commands"},
		{long: "version", desc: "which haruspex this is"},
	}
}

func commandNames(cmds []compCmd) string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
	}
	return strings.Join(names, " ")
}

// bashCompletion writes the bash script: one function, _haruspex, that
// finds the command (the first word not starting with "-") and completes,
// for the word before the cursor, a flag's value (its closed set, else a
// file), a flag name, or a positional argument.
func bashCompletion(w io.Writer, cmds []compCmd) error {
	var b strings.Builder
	b.WriteString(`# bash completion for haruspex. Generated by "haruspex completion bash";
# see "haruspex completion --help" to install it.

_haruspex_reply() { # WORDS CUR [PREFIX]: complete CUR from WORDS
    local IFS=$' \t\n'
    mapfile -t COMPREPLY < <(compgen -P "${3-}" -W "$1" -- "$2")
}

_haruspex_list() { # WORDS CUR: complete the last item of a comma-separated list
    local pre=
    [[ $2 == *,* ]] && pre=${2%,*},
    _haruspex_reply "$1" "${2##*,}" "$pre"
    compopt -o nospace 2>/dev/null
}

_haruspex_files() { # CUR [-d]: complete a file name (-d: a folder)
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen "${2:--f}" -- "$1")
}

_haruspex() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i dashdash=
    (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}
    # bash splits --format=json at "=" (COMP_WORDBREAKS): complete the value.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && (( COMP_CWORD > 1 )); then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    for (( i = 1; i < COMP_CWORD; i++ )); do
        if [[ -z $cmd ]]; then
            [[ ${COMP_WORDS[i]} != -* ]] && cmd=${COMP_WORDS[i]}
        elif [[ ${COMP_WORDS[i]} == -- ]]; then
            dashdash=1
        fi
    done
    if [[ -z $cmd ]]; then
`)
	fmt.Fprintf(&b, "        _haruspex_reply '%s %s' \"$cur\"\n", commandNames(cmds), bashFlagNames(topFlags()))
	b.WriteString(`        return
    fi
    case $cmd in
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "    %s)\n", c.name)
		b.WriteString("        if [[ -z $dashdash ]]; then\n")
		var valued []compFlag
		for _, f := range c.flags {
			if f.value {
				valued = append(valued, f)
			}
		}
		if len(valued) > 0 {
			b.WriteString("            case $prev in\n")
			for _, f := range valued {
				pat := "--" + f.long
				if f.short != "" {
					pat += "|-" + f.short
				}
				switch {
				case len(f.values) > 0 && f.list:
					fmt.Fprintf(&b, "            %s) _haruspex_list '%s' \"$cur\"; return ;;\n", pat, strings.Join(f.values, " "))
				case len(f.values) > 0:
					fmt.Fprintf(&b, "            %s) _haruspex_reply '%s' \"$cur\"; return ;;\n", pat, strings.Join(f.values, " "))
				case f.path == "dir":
					fmt.Fprintf(&b, "            %s) _haruspex_files \"$cur\" -d; return ;;\n", pat)
				case f.path != "":
					fmt.Fprintf(&b, "            %s) _haruspex_files \"$cur\"; return ;;\n", pat)
				default:
					fmt.Fprintf(&b, "            %s) COMPREPLY=(); return ;;\n", pat)
				}
			}
			b.WriteString("            esac\n")
		}
		fmt.Fprintf(&b, "            if [[ $cur == -* ]]; then\n                _haruspex_reply '%s' \"$cur\"\n                return\n            fi\n", bashFlagNames(c.flags))
		b.WriteString("        fi\n")
		switch c.args {
		case argsFiles:
			b.WriteString("        _haruspex_files \"$cur\"\n")
		case argsCommands, argsWords:
			fmt.Fprintf(&b, "        _haruspex_reply '%s' \"$cur\"\n", strings.Join(c.words, " "))
		default:
			b.WriteString("        COMPREPLY=()\n")
		}
		b.WriteString("        ;;\n")
	}
	b.WriteString(`    *)
        _haruspex_files "$cur"
        ;;
    esac
}

complete -F _haruspex haruspex
`)
	_, err := io.WriteString(w, b.String())
	return err
}

func bashFlagNames(fs []compFlag) string {
	var names []string
	for _, f := range fs {
		names = append(names, "--"+f.long)
	}
	return strings.Join(names, " ")
}

// zshCompletion writes the zsh script: _arguments for the command, then
// _arguments for the command's flags, with their descriptions.
func zshCompletion(w io.Writer, cmds []compCmd) error {
	var b strings.Builder
	b.WriteString(`#compdef haruspex
# zsh completion for haruspex. Generated by "haruspex completion zsh";
# see "haruspex completion --help" to install it.

_haruspex() {
    local curcontext=$curcontext state state_descr line ret=1
    typeset -A opt_args
    _arguments -C \
`)
	for _, f := range topFlags() {
		fmt.Fprintf(&b, "        %s \\\n", zshFlagSpec(f, "(- *)"))
	}
	b.WriteString(`        '1: :->command' \
        '*:: :->argument' && ret=0
    case $state in
    command)
        local -a commands
        commands=(
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "            %s\n", shQuote(c.name+":"+c.summary))
	}
	b.WriteString(`        )
        _describe -t commands 'haruspex command' commands && ret=0
        ;;
    argument)
        curcontext=${curcontext%:*:*}:haruspex-$words[1]:
        case $words[1] in
`)
	for _, c := range cmds {
		var specs []string
		for _, f := range c.flags {
			specs = append(specs, zshFlagSpec(f, ""))
		}
		switch c.args {
		case argsFiles:
			specs = append(specs, "'*:file:_files'")
		case argsCommands:
			specs = append(specs, shQuote("1:command:("+strings.Join(c.words, " ")+")"))
		case argsWords:
			specs = append(specs, shQuote("1:argument:("+strings.Join(c.words, " ")+")"))
		}
		fmt.Fprintf(&b, "        %s)\n            _arguments -s -S \\\n                %s && ret=0\n            ;;\n",
			c.name, strings.Join(specs, " \\\n                "))
	}
	b.WriteString(`        esac
        ;;
    esac
    return ret
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _haruspex "$@"
else
    compdef _haruspex haruspex
fi
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// zshFlagSpec is one _arguments spec, quoted for the shell: exclusions,
// the flag's names, its description and its value.
func zshFlagSpec(f compFlag, exclude string) string {
	names := "--" + f.long
	if f.short != "" {
		names = "-" + f.short + " --" + f.long
	}
	if exclude == "" && !f.repeat {
		exclude = "(" + names + ")"
	}
	if f.repeat {
		exclude = "*"
	}
	desc := "[" + zshEscape(f.desc) + "]"
	arg := ""
	if f.value {
		switch {
		case len(f.values) > 0 && f.list:
			arg = ":" + f.long + ":_values -s , " + f.long + " " + strings.Join(f.values, " ")
		case len(f.values) > 0:
			arg = ":" + f.long + ":(" + strings.Join(f.values, " ") + ")"
		case f.path == "dir":
			arg = ":" + f.long + ":_files -/"
		case f.path != "":
			arg = ":" + f.long + ":_files"
		default:
			arg = ":" + f.long + ": "
		}
	}
	long, short := "--"+f.long, "-"+f.short
	if f.value {
		long, short = long+"=", short+"+"
	}
	if f.short == "" {
		return shQuote(exclude + long + desc + arg)
	}
	// The brace expansion gives one spec per name.
	return shQuote(exclude) + "{" + short + "," + long + "}" + shQuote(desc+arg)
}

// zshEscape escapes what _arguments reads in a description.
func zshEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}

// shQuote quotes s for sh, bash, zsh: single quotes, and '\” for a
// single quote.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishCompletion writes the fish script: one complete line per command,
// flag and argument.
func fishCompletion(w io.Writer, cmds []compCmd) error {
	var b strings.Builder
	b.WriteString(`# fish completion for haruspex. Generated by "haruspex completion fish";
# see "haruspex completion --help" to install it.

complete -c haruspex -f
`)
	for _, f := range topFlags() {
		fmt.Fprintf(&b, "complete -c haruspex -n __fish_use_subcommand%s\n", fishFlag(f))
	}
	for _, c := range cmds {
		fmt.Fprintf(&b, "complete -c haruspex -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	for _, c := range cmds {
		b.WriteString("\n")
		cond := "-n " + fishQuote("__fish_seen_subcommand_from "+c.name)
		for _, f := range c.flags {
			if f.list && len(f.values) > 0 {
				fn := "__haruspex_" + strings.ReplaceAll(c.name+"_"+f.long, "-", "_")
				fmt.Fprintf(&b, "function %s\n    printf '%%s\\n' %s\nend\n", fn, strings.Join(f.values, " "))
				f.values = []string{"(__fish_complete_list , " + fn + ")"}
			}
			fmt.Fprintf(&b, "complete -c haruspex %s%s\n", cond, fishFlag(f))
		}
		switch c.args {
		case argsFiles:
			fmt.Fprintf(&b, "complete -c haruspex %s -F\n", cond)
		case argsCommands, argsWords:
			fmt.Fprintf(&b, "complete -c haruspex %s -a %s\n", cond, fishQuote(strings.Join(c.words, " ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fishFlag is the part of a complete line that describes flag f.
func fishFlag(f compFlag) string {
	s := ""
	if f.short != "" {
		s += " -s " + f.short
	}
	s += " -l " + f.long
	switch {
	case f.value && len(f.values) > 0:
		s += " -x -a " + fishQuote(strings.Join(f.values, " "))
	case f.value && f.path == "dir":
		s += " -x -a '(__fish_complete_directories)'"
	case f.value && f.path != "":
		s += " -r -F"
	case f.value:
		s += " -x"
	}
	return s + " -d " + fishQuote(f.desc)
}

// fishQuote quotes s for fish: in single quotes, only \ and ' are
// escaped.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
