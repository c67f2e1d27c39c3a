package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/evidence/sshsig"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

func runSign(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	key := fs.String("key", "", "the SSH key to sign with: a private key file, or agent:FINGERPRINT or agent:COMMENT")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex sign DIR --key KEY

Sign the manifest.json of an evidence folder written by "haruspex report"
(made unsigned, or signed by another examiner) with an SSH key: an SSHSIG
signature in the namespace haruspex-evidence, as "ssh-keygen -Y sign"
writes it. The first signature is DIR/manifest.json.sig; a second
examiner's is added beside it as manifest.json.sig.2, and so on: nothing in
the folder is changed or replaced. The folder is checked against its
manifest first, and not signed if any file differs.

`+keyHelp+`

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex sign case --key ~/.ssh/id_ed25519
  haruspex sign case --key agent:SHA256:lfIKoNbEg3qNdNCwz+6E6UPIj7n1jvJ0AhIzxYuOtwI
  haruspex verify case --signers allowed_signers

Exit codes:
  0  signed
  1  usage error, or the key cannot be used (or has signed DIR already)
  2  DIR has no readable manifest.json
  4  a file of DIR does not match its manifest: nothing is signed
`)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "haruspex sign: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case fs.NArg() != 1:
		return usageErr("want one folder, got %d argument(s)", fs.NArg())
	case *key == "":
		return usageErr("--key KEY is required")
	}
	dir := fs.Arg(0)
	// Vouch only for a folder that is what its manifest says.
	v, err := evidence.Verify(dir, nil)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex sign: %v\n", err)
		return exitNoInput
	}
	if !v.OK() {
		for _, c := range v.Checks {
			if c.Status.Failed() {
				fmt.Fprintf(e.stderr, "haruspex sign: %s: %s\n", render.Terminal(filepath.Join(dir, c.Name)), c.Status)
			}
		}
		fmt.Fprintf(e.stderr, "haruspex sign: %s does not match its manifest (see haruspex verify): not signed\n", render.Terminal(dir))
		return exitMismatch
	}
	s, closer, err := loadSigner(*key)
	if err != nil {
		return usageErr("--key: %v", err)
	}
	defer closer.Close()
	name, err := evidence.SignDir(dir, rand.Reader, s)
	if err != nil {
		if errors.Is(err, evidence.ErrAlreadySigned) || errors.Is(err, sshsig.ErrUnsupported) {
			return usageErr("%v", err)
		}
		fmt.Fprintf(e.stderr, "haruspex sign: %v\n", err)
		return exitNoInput
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex sign: %v\n", err)
		return exitNoInput
	}
	fmt.Fprintf(e.stdout, "%s  %s\n", sha256Hex(data), filepath.Join(dir, name))
	pub := s.PublicKey()
	fmt.Fprintf(e.stderr, "haruspex sign: signed %s with %s\n", render.Terminal(filepath.Join(dir, evidence.ManifestName)),
		render.Terminal(describeKey(pub.Type(), ssh.FingerprintSHA256(pub), s.Comment)))
	return exitOK
}

// printSignatures lists the signature files of a bundle, as report lists
// its other files, and says who signed on stderr.
func printSignatures(e *env, b *evidence.Bundle, dir string) {
	for _, f := range b.Files {
		if strings.HasPrefix(f.Name, evidence.SignatureName) {
			fmt.Fprintf(e.stdout, "%s  %s\n", sha256Hex(f.Data), filepath.Join(dir, f.Name))
		}
	}
	for _, s := range b.Manifest.Signers {
		fmt.Fprintf(e.stderr, "haruspex report: signed %s with %s\n", filepath.Join(dir, evidence.ManifestName),
			render.Terminal(describeKey(s.KeyType, s.Fingerprint, s.Comment)))
	}
}

// readAllowedSigners reads an allowed-signers file; times without a zone
// are local, as ssh-keygen reads them.
func readAllowedSigners(path string) (*sshsig.AllowedSigners, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return sshsig.ParseAllowedSigners(f, path, time.Local)
}

// printSignatureChecks writes one line per signature check, and returns
// how many failed and the summary line to end the output with ("" for
// none).
func printSignatureChecks(e *env, checks []evidence.SignatureCheck, signersFile string) (int, string) {
	failed, valid := 0, 0
	for _, c := range checks {
		line := fmt.Sprintf("%-12s signature %s", c.Status, render.Terminal(c.Name))
		if len(c.Principals) > 0 {
			line += fmt.Sprintf("  by %s (%s:%d)", render.Terminal(strings.Join(c.Principals, ",")), render.Terminal(signersFile), c.Line)
		}
		if c.Fingerprint != "" {
			line += "  " + render.Terminal(describeKey(c.KeyType, c.Fingerprint, c.Comment))
		}
		if c.Err != nil {
			line += "  (" + render.Terminal(c.Err.Error()) + ")"
		}
		fmt.Fprintln(e.stdout, line)
		switch {
		case c.Status.Failed():
			failed++
		case c.Status == evidence.SignatureValid:
			valid++
		}
	}
	switch {
	case failed > 0:
		return failed, fmt.Sprintf("FAILED: %d of %d signature(s) do not check out", failed, len(checks))
	case valid > 0:
		return 0, fmt.Sprintf("OK: %d signature(s) valid, by the keys they carry (--signers says whose keys they are)", valid)
	case len(checks) > 0:
		return 0, fmt.Sprintf("OK: %d signature(s) good", len(checks))
	}
	return 0, ""
}
