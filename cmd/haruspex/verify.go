package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

// exitMismatch is verify's exit code when a file does not match.
const exitMismatch = 4

func runVerify(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	signersFile := fs.String("signers", "", "OpenSSH allowed-signers file: require a good signature by a key it allows")
	redactionLog := fs.String("redaction", "", "check a redacted copy against this redaction log instead: verify --redaction LOG COPY [ORIGINAL]")
	var vals redactValues
	vals.register(fs, "give again with --redaction, as given to redact,")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex verify DIR [FILE...] [--signers ALLOWED]
       haruspex verify --redaction LOG COPY [ORIGINAL] [--known-email E]... [--known-phone P]... [--redact VALUE]...

Check an evidence folder written by "haruspex report": first its signatures
(manifest.json.sig, manifest.json.sig.2, ...), each an SSHSIG signature over
manifest.json in the namespace haruspex-evidence; then re-hash every file it
holds against the SHA-256 recorded in DIR/manifest.json and, for each input
FILE given, re-hash it (read-only) and find it among the manifest's inputs.
Print one line per signature (good, valid, BAD, NOT ALLOWED, MISSING) and
per file (ok, MISMATCH, MISSING, EXTRA, NOT AN INPUT, UNREADABLE), and the
manifest's own SHA-256, which a statement can cite.

ALLOWED is an OpenSSH allowed-signers file (see ssh-keygen(1)): one line per
examiner, "principal [options] keytype base64-key", e.g.
  jane@example.org namespaces="haruspex-evidence" ssh-ed25519 AAAAC3Nz...
With --signers, there must be a signature, and every signature must be by a
key ALLOWED lists for this namespace and time: each is shown with who the
file says its key is. Without it a signature is checked against the key it
carries ("valid": that key signed this manifest, not whose key it is), and
an unsigned folder passes. A signer the manifest records must have its
signature in the folder.

With --redaction, check a copy written by "haruspex redact" instead: that
COPY is the file LOG describes (its SHA-256) and, given ORIGINAL and the same
--known-email, --known-phone and --redact values as were given to redact
(the log holds only their SHA-256; login secrets are found again), that
ORIGINAL is the file it was made from and that redacting it again gives
COPY byte for byte. Exit 1 if a value the log names is not given again.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex verify --redaction shared.har.redaction.json shared.har capture.har --known-email jane.doe@example.com
  haruspex verify case
  haruspex verify case samples/police-visit.har
  haruspex verify case samples/police-visit.har --signers allowed_signers
  ssh-keygen -Y verify -f allowed_signers -I jane@example.org -n haruspex-evidence \
    -s case/manifest.json.sig < case/manifest.json

Exit codes:
  0  every signature and file checks out
  1  usage error (or ALLOWED cannot be read)
  2  DIR has no readable manifest.json (with --redaction: LOG, COPY or
     ORIGINAL cannot be read)
  4  some file does not match, is missing, or is not in the manifest, or a
     signature is bad, missing or by a key ALLOWED does not allow (with
     --redaction: the copy or original is not the log's, or redacting the
     original again does not give the copy)
`)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if *redactionLog != "" {
		return verifyRedaction(e, *redactionLog, fs.Args(), vals)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "haruspex verify: no folder given")
		fs.Usage()
		return exitUsage
	}
	opt := evidence.SignatureOptions{Time: time.Now()}
	if *signersFile != "" {
		allowed, err := readAllowedSigners(*signersFile)
		if err != nil {
			fmt.Fprintf(e.stderr, "haruspex verify: --signers: %v\n", err)
			return exitUsage
		}
		opt.Allowed = allowed
	}
	v, err := evidence.VerifySigned(fs.Arg(0), fs.Args()[1:], opt)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex verify: %v\n", err)
		return exitNoInput
	}
	fmt.Fprintf(e.stdout, "manifest.json sha256 %s (made by %s %s)\n", v.ManifestSHA256, render.Terminal(v.Manifest.Tool.Name), render.Terminal(v.Manifest.Tool.Version))
	badSigs, sigSummary := printSignatureChecks(e, v.Signatures, *signersFile)
	failed := 0
	for _, c := range v.Checks {
		what := "output"
		if c.Input {
			what = "input "
		}
		line := fmt.Sprintf("%-12s %s %s", c.Status, what, render.Terminal(c.Name))
		switch {
		case c.Got != "":
			line += "  sha256 " + c.Got
		case c.Want != "":
			line += "  manifest sha256 " + c.Want
		}
		if c.Status == evidence.StatusMismatch {
			line += "  (manifest: " + c.Want + ")"
		}
		if c.Note != "" {
			line += "  (" + render.Terminal(c.Note) + ")"
		}
		fmt.Fprintln(e.stdout, line)
		if c.Status.Failed() {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(e.stdout, "FAILED: %d of %d file(s) do not match\n", failed, len(v.Checks))
	} else {
		fmt.Fprintf(e.stdout, "OK: %d file(s) match\n", len(v.Checks))
	}
	if sigSummary != "" {
		fmt.Fprintln(e.stdout, sigSummary)
	}
	if failed > 0 || badSigs > 0 {
		return exitMismatch
	}
	return exitOK
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
