package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/render"
	"github.com/haruspex/haruspex/report/sensitive"
	flag "github.com/spf13/pflag"
)

// openInputs opens command-line inputs read-only: evidence is never
// modified. "-" is standard input. An input that cannot be opened is
// kept, with its error, so that the analysis lists it among the files in
// their sorted order. name gives each input's name in the output (as
// given, or its base name for report). Call close when done.
func openInputs(e *env, paths []string, name func(string) string) (inputs []report.Input, close func()) {
	var files []*os.File
	for _, p := range paths {
		if p == "-" {
			inputs = append(inputs, report.Input{Name: "-", R: e.stdin})
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			inputs = append(inputs, report.Input{Name: name(p), Err: err})
			continue
		}
		files = append(files, f)
		inputs = append(inputs, report.Input{Name: name(p), R: f})
	}
	return inputs, func() {
		for _, f := range files {
			f.Close()
		}
	}
}

func asGiven(p string) string { return p }

// ruleFlags are the flags that say what to look for, shared by every
// analysing command: the first party, known personal data, the
// sensitive-content rules, and whether login secrets are shown.
type ruleFlags struct {
	site           string
	knownEmails    []string
	knownPhones    []string
	knownNames     []string
	knownPostcodes []string
	knownCities    []string
	sensitive      string
	revealSecrets  bool
}

func (r *ruleFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.site, "site", "", "the first party, instead of the one found from each capture's evidence: a host, a registrable domain or a URL (www.police.example, police.example, https://www.police.example/)")
	fs.StringArrayVar(&r.knownEmails, "known-email", nil, "an e-mail address to look for, hashed as Meta hashes it (repeatable)")
	fs.StringArrayVar(&r.knownPhones, "known-phone", nil, "a phone number with country code to look for, in every form Meta and Google hash it (E.164 with and without +, national) (repeatable)")
	fs.StringArrayVar(&r.knownNames, "known-name", nil, "a first, last or whole name to look for, hashed as Meta and Google normalise it (repeatable)")
	fs.StringArrayVar(&r.knownPostcodes, "known-postcode", nil, "a postcode to look for, hashed as Meta normalises it or sent unhashed (repeatable)")
	fs.StringArrayVar(&r.knownCities, "known-city", nil, "a city to look for, hashed as Meta normalises it or sent unhashed (repeatable)")
	fs.StringVar(&r.sensitive, "sensitive", "", "sensitive-content rules file replacing the built-in ones (format: see the sensitive package); \"none\" turns flagging off")
	fileFlag(fs, "sensitive")
	fs.BoolVar(&r.revealSecrets, "reveal-secrets", false, "show login secrets (session cookies such as Facebook's xs, Authorization headers, access tokens) as sent, instead of masked as «secret: NAME, N chars, sha256 …»")
}

// rules is what ruleFlags load: once, for any command.
type rules struct {
	site      string
	known     *decode.KnownPII
	sensitive *sensitive.Set
	terms     *evidence.SensitiveTerms // the set's provenance, for a manifest
	emails    []string                 // sorted, for a manifest's arguments
	phones    []string
	names     []string
	postcodes []string
	cities    []string
	// registry is the decoders, set only with --reveal-secrets (nil
	// is the built-in ones, which mask secrets).
	registry *decode.Registry
}

// knownCount is how many known values were given.
func (r *rules) knownCount() int {
	return len(r.emails) + len(r.phones) + len(r.names) + len(r.postcodes) + len(r.cities)
}

// load reads the rules; it prints and returns false on a usage error.
func (r *ruleFlags) load(e *env, cmd string) (*rules, bool) {
	if r.site != "" {
		if _, err := site.ParseSite(r.site); err != nil {
			fmt.Fprintf(e.stderr, "haruspex %s: --site: %v\n", cmd, err)
			return nil, false
		}
	}
	sorted := func(s []string) []string { return slices.Sorted(slices.Values(s)) }
	out := &rules{site: r.site, emails: sorted(r.knownEmails), phones: sorted(r.knownPhones),
		names: sorted(r.knownNames), postcodes: sorted(r.knownPostcodes), cities: sorted(r.knownCities)}
	var err error
	if out.known, err = decode.NewKnownPIIFrom(decode.KnownValues{
		Emails: out.emails, Phones: out.phones, Names: out.names, Postcodes: out.postcodes, Cities: out.cities,
	}); err != nil {
		fmt.Fprintf(e.stderr, "haruspex %s: %v\n", cmd, err)
		return nil, false
	}
	if r.revealSecrets {
		if out.registry, err = decode.NewRegistry(decode.Builtin()); err != nil {
			fmt.Fprintf(e.stderr, "haruspex %s: %v\n", cmd, err)
			return nil, false
		}
		out.registry.RevealSecrets = true
	}
	switch r.sensitive {
	case "":
		out.sensitive = sensitive.Builtin()
		out.terms = evidence.SetTerms(out.sensitive, true)
	case "none":
	default:
		f, err := os.Open(r.sensitive)
		if err != nil {
			fmt.Fprintf(e.stderr, "haruspex %s: --sensitive: %v\n", cmd, err)
			return nil, false
		}
		out.sensitive, err = sensitive.Load(f, filepath.Base(r.sensitive))
		f.Close()
		if err != nil {
			fmt.Fprintf(e.stderr, "haruspex %s: --sensitive: %v\n", cmd, err)
			return nil, false
		}
		out.terms = evidence.SetTerms(out.sensitive, false)
	}
	return out, true
}

// apply sets the rules in analysis options.
func (r *rules) apply(opt *report.Options) {
	opt.Site, opt.Known, opt.Sensitive = r.site, r.known, r.sensitive
	if r.registry != nil {
		opt.Registry = r.registry
	}
}

// analyse analyses the inputs, showing progress unless quiet, and prints
// where reading stopped for each input that stopped. It returns the exit
// code the command should end with if all else goes well (0, 2 or 3);
// the analysis is nil when nothing could be analysed.
//
// When ctx is cancelled (Ctrl-C), reading stops where it is, as for a
// truncated file: what was read is analysed, and the exit code is 3.
func analyse(ctx context.Context, e *env, cmd string, paths []string, name func(string) string, quiet bool, opt report.Options) (*report.Analysis, int) {
	inputs, closeInputs := openInputs(e, paths, name)
	defer closeInputs()
	opt.Progress = func(name string, r io.Reader) io.Reader {
		r = &ctxReader{ctx: ctx, r: r}
		p := newProgress(e, quiet, name, inputSize(r))
		if p == nil {
			return r
		}
		return p.reader(&finishOnEOF{r: r, p: p})
	}
	an, err := report.Analyze(inputs, opt)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex %s: %v\n", cmd, err)
		return nil, exitNoInput
	}
	usable, partial := 0, false
	for _, f := range an.Files {
		if f.Usable() {
			usable++
		}
		if f.Err() != nil {
			partial = true
			fmt.Fprintf(e.stderr, "haruspex %s: %s\n", cmd, render.Terminal(f.Error))
		}
	}
	switch {
	case usable == 0:
		return an, exitNoInput
	case partial:
		return an, exitPartial
	}
	return an, exitOK
}

// ctxReader stops reading, with an error saying why, once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

var errInterrupted = errors.New("interrupted")

func (c *ctxReader) Read(b []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, errInterrupted
	}
	return c.r.Read(b)
}

// inputSize returns the size of a regular file, or -1.
func inputSize(r io.Reader) int64 {
	if c, ok := r.(*ctxReader); ok {
		r = c.r
	}
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	}
	return -1
}

// finishOnEOF clears the progress line when its input ends.
type finishOnEOF struct {
	r io.Reader
	p *progress
}

func (f *finishOnEOF) Read(b []byte) (int, error) {
	n, err := f.r.Read(b)
	if err != nil {
		f.p.finish()
	}
	return n, err
}

// writeFailed reports a failure to write the output, and gives its exit
// code.
func writeFailed(e *env, cmd string, err error) int {
	fmt.Fprintf(e.stderr, "haruspex %s: writing output: %v\n", cmd, err)
	return exitOutput
}
