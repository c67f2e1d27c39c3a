package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/haruspex/haruspex/internal/chromium"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/evidence/pdf"
	flag "github.com/spf13/pflag"
)

func runReport(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.StringP("out", "o", "", "folder to write the report into (created; must be empty unless --force)")
	dirFlag(fs, "out")
	force := fs.Bool("force", false, "write into a folder that is not empty, replacing files of the same name")
	tz := fs.String("tz", "UTC", "time zone for times in report.html, report.md and the CSV files (e.g. Europe/London); JSON is always UTC")
	var r ruleFlags
	r.register(fs)
	quiet := fs.BoolP("quiet", "q", false, "no progress display (it is shown only when stderr is a terminal)")
	title := fs.String("title", "", "the report's title (default: what the first party sent to third parties)")
	caseID := fs.String("case-id", "", "case reference shown at the top of the report")
	signKey := fs.String("sign", "", "sign manifest.json with this SSH key (a private key file, or agent:FINGERPRINT or agent:COMMENT), writing manifest.json.sig")
	printPDF := fs.Bool("pdf", false, "also print report.html to report.pdf with headless Chromium (Debian's package chromium), covered by the manifest")
	chromiumPath := fs.String("chromium", "", "the browser that prints --pdf (default: chromium, chromium-browser or google-chrome on PATH)")
	fileFlag(fs, "chromium")
	generatedAt := fs.String("generated-at", "", "a date or time to show as when the report was made (RFC 3339, e.g. 2025-11-20 or 2025-11-20T10:00:00Z); none by default, so that runs are reproducible")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex report [flags] --out DIR FILE...

Write an evidence folder for an expert witness: report.html (one
self-contained page to read or print on A4: case summary, sensitive-content
findings first, per-visitor timelines with a figure, what each third party
received, and a methodology appendix with a glossary; every row cited by its
event ID, every printed page headed by the case and the report hash and
numbered "page N of M"), report.md (the same as Markdown), events.csv,
events.ndjson, timeline.csv, timeline.json, parties.csv, and manifest.json
(tool version and revision, arguments, each input's name, size and SHA-256,
the decoder table, the company data's versions and licences, the
sensitive-content list's SHA-256, and the SHA-256 of every other file).
Check a folder with "haruspex verify".

With --pdf, headless Chromium (Debian's package chromium, found on PATH or
given with --chromium) prints report.html to report.pdf, which the manifest
covers with the browser's version. The same report.html printed by the same
Chromium version with the same fonts gives the same bytes: the PDF carries
the --generated-at date, or none. Should two prints differ, the manifest
says the PDF is excluded from byte comparison.

The output is byte-for-byte reproducible: the same inputs and flags give the
same folder on any machine, in any time zone and locale, in any order of the
inputs. Inputs are named by their base name (the folder they are in is not
recorded), so two inputs may not share one. Nothing comes from the clock or
the host: --generated-at, if given, is shown as given. Inputs are opened
read-only. Each file is written under a temporary name and renamed.

The built-in sensitive-content list is applied unless --sensitive names
another.

With --sign KEY the examiner's SSH key signs manifest.json (which holds the
SHA-256 of every other file and input): manifest.json records the key's type,
fingerprint and comment, and manifest.json.sig is an SSHSIG signature over it
in the namespace haruspex-evidence, as "ssh-keygen -Y sign" writes it. Every
other file is the same as without --sign. Anyone can check it with
"haruspex verify --signers" or with OpenSSH alone:
  ssh-keygen -Y verify -f allowed_signers -I jane@example.org \
    -n haruspex-evidence -s case/manifest.json.sig < case/manifest.json

`+keyHelp+`

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex report --out case samples/police-visit.har
  haruspex report --case-id EX-2025-001 --known-email jane.doe@example.com --tz Europe/London --out case capture1.har capture2.har.gz
  haruspex report --pdf --case-id EX-2025-001 --out case samples/police-visit.har
  haruspex report --sign ~/.ssh/id_ed25519 --out case samples/police-visit.har
  haruspex report --sign agent:jane@example.org --out case samples/police-visit.har
  haruspex verify case samples/police-visit.har

`+exitCodesHelp)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "haruspex report: "+format+"\n", a...)
		return exitUsage
	}
	if *out == "" {
		return usageErr("--out DIR is required")
	}
	if fs.NArg() == 0 {
		return usageErr("no input files")
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return usageErr("--tz: %v", err)
	}
	if *generatedAt != "" {
		if _, err1 := time.Parse(time.RFC3339, *generatedAt); err1 != nil {
			if _, err2 := time.Parse(time.DateOnly, *generatedAt); err2 != nil {
				return usageErr("--generated-at %q: want RFC 3339 (2025-11-20T10:00:00Z) or a date (2025-11-20)", *generatedAt)
			}
		}
	}
	// The browser, then the key, first: a missing browser or a
	// passphrase is dealt with before the long work, and a bad key stops
	// the run before anything is written.
	var browser string
	if *printPDF {
		if browser, err = chromium.Look(*chromiumPath); err != nil {
			if errors.Is(err, chromium.ErrNotFound) {
				return usageErr("--pdf: %v, or give --chromium PATH", strings.TrimPrefix(err.Error(), "chromium: "))
			}
			return usageErr("--chromium: %v", strings.TrimPrefix(err.Error(), "chromium: "))
		}
	} else if *chromiumPath != "" {
		return usageErr("--chromium is the browser that prints --pdf: give --pdf too")
	}
	// The key first: a passphrase is asked for before the long work, and
	// a bad key stops the run before anything is written.
	var signers []evidence.Signer
	if *signKey != "" {
		s, closer, err := loadSigner(*signKey)
		if err != nil {
			return usageErr("--sign: %v", err)
		}
		defer closer.Close()
		signers = append(signers, s)
	}
	rs, ok := r.load(e, "report")
	if !ok {
		return exitUsage
	}

	// Inputs are named by base name, in sorted order: where they are kept
	// and the order given change nothing.
	names := map[string]string{}
	var bases []string
	for _, p := range fs.Args() {
		if p == "-" {
			return usageErr("reads files, not standard input: the manifest names and sizes each input")
		}
		b := filepath.Base(p)
		if prev, dup := names[b]; dup {
			return usageErr("inputs %s and %s share the name %s: the report names inputs by base name; copy one under another name", prev, p, b)
		}
		names[b] = p
		bases = append(bases, b)
	}
	slices.Sort(bases)

	opt := report.Options{Generic: true, Navigations: true, Consent: true}
	rs.apply(&opt)
	an, code := analyse(ctx, e, "report", fs.Args(), filepath.Base, *quiet, opt)
	if an == nil {
		return code
	}
	defer an.Close()
	for _, f := range an.Files {
		if !f.Usable() {
			// The evidence folder would name an input it could not read.
			return exitNoInput
		}
	}

	// The arguments in canonical form: flags that change the content, in
	// a fixed order, then the inputs by base name, sorted. --out and
	// --force change where, not what.
	canon := []string{"report"}
	addFlag := func(name string, values ...string) {
		for _, v := range values {
			if v != "" {
				canon = append(canon, "--"+name, v)
			}
		}
	}
	addFlag("case-id", *caseID)
	addFlag("generated-at", *generatedAt)
	addFlag("known-city", rs.cities...)
	addFlag("known-email", rs.emails...)
	addFlag("known-name", rs.names...)
	addFlag("known-phone", rs.phones...)
	addFlag("known-postcode", rs.postcodes...)
	if *printPDF {
		canon = append(canon, "--pdf")
	}
	if r.revealSecrets {
		canon = append(canon, "--reveal-secrets")
	}
	if r.sensitive != "" && r.sensitive != "none" {
		addFlag("sensitive", filepath.Base(r.sensitive))
	} else {
		addFlag("sensitive", r.sensitive)
	}
	addFlag("site", rs.site)
	addFlag("title", *title)
	if *tz != "UTC" {
		addFlag("tz", *tz)
	}
	canon = append(canon, bases...)

	var printer func([]byte) ([]byte, evidence.Print, error)
	if *printPDF {
		var date time.Time
		if *generatedAt != "" {
			if date, err = time.Parse(time.RFC3339, *generatedAt); err != nil {
				date, _ = time.Parse(time.DateOnly, *generatedAt)
			}
		}
		printer = func(html []byte) ([]byte, evidence.Print, error) {
			pctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
			defer cancel()
			return pdf.Print(pctx, html, pdf.Options{Chromium: browser, Date: date})
		}
	}
	// Each file goes straight to the folder as it is rendered: the folder
	// of a large capture is never held in memory. --sign, like --out, is
	// not in the arguments: a signed folder is the unsigned one plus the
	// signers and the signature.
	b, err := evidence.WriteFolder(*out, *force, an, evidence.Options{
		Title: *title, CaseID: *caseID, GeneratedAt: *generatedAt, Location: loc, Arguments: canon,
		Tool: evidence.BuildTool(), KnownGiven: rs.knownCount() > 0, SensitiveTerms: rs.terms,
		RevealSecrets: r.revealSecrets, PDF: *printPDF, PrintPDF: printer,
	}, rand.Reader, signers...)
	switch {
	case errors.Is(err, evidence.ErrNotEmpty):
		return usageErr("%v (use --force to write into it)", err)
	case errors.Is(err, evidence.ErrPrint):
		fmt.Fprintf(e.stderr, "haruspex report: --pdf: %v\n", err)
		return exitOutput
	case errors.Is(err, evidence.ErrSign):
		return usageErr("--sign: %v", err)
	case err != nil:
		fmt.Fprintf(e.stderr, "haruspex report: %v\n", err)
		return exitNoInput
	}
	for _, f := range b.Manifest.Outputs {
		fmt.Fprintf(e.stdout, "%s  %s\n", f.SHA256, filepath.Join(*out, f.Name))
	}
	fmt.Fprintf(e.stdout, "%s  %s\n", evidenceManifestSHA(b), filepath.Join(*out, evidence.ManifestName))
	printSignatures(e, b, *out)
	return code
}

func evidenceManifestSHA(b *evidence.Bundle) string {
	for _, f := range b.Files {
		if f.Name == evidence.ManifestName {
			return sha256Hex(f.Data)
		}
	}
	return ""
}
