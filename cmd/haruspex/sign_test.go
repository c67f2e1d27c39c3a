package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/haruspex/haruspex/internal/sshtest"
)

// runOK runs haruspex in-process and fails the test unless it exits
// with want; it returns stdout and stderr.
func runCode(t *testing.T, want int, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if got := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); got != want {
		t.Fatalf("haruspex %s exited %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), got, want, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// TestSignOpenSSH is the round trip between haruspex and stock OpenSSH
// for each key type, from the key file and through a real ssh-agent:
// haruspex signs (report --sign, sign --key) and ssh-keygen -Y verify
// accepts; ssh-keygen -Y signs and haruspex verify --signers accepts.
func TestSignOpenSSH(t *testing.T) {
	sample, err := filepath.Abs("../../samples/police-visit.har")
	if err != nil {
		t.Fatal(err)
	}
	sock := sshtest.Agent(t)
	t.Setenv("SSH_AUTH_SOCK", sock)
	for _, typ := range []string{"ed25519", "ecdsa", "rsa"} {
		t.Run(typ, func(t *testing.T) {
			tmp := t.TempDir()
			principal := "examiner-" + typ + "@example.org"
			key := sshtest.KeyGen(t, tmp, typ, typ+"@laptop", "")
			allowed := sshtest.AllowedSigners(t, tmp, principal, `namespaces="haruspex-evidence"`, key)
			sshtest.Add(t, sock, key)
			pubText, _ := os.ReadFile(key + ".pub")
			pub, _, _, _, err := ssh.ParseAuthorizedKey(pubText)
			if err != nil {
				t.Fatal(err)
			}
			fp := ssh.FingerprintSHA256(pub)

			for _, via := range []struct{ name, spec string }{
				{"file", key},
				{"agent by fingerprint", "agent:" + fp},
				{"agent by comment", "agent:" + typ + "@laptop"},
			} {
				t.Run("report --sign "+via.name, func(t *testing.T) {
					dir := filepath.Join(t.TempDir(), "case")
					_, stderr := runCode(t, exitOK, "report", "--sign", via.spec, "--out", dir, sample)
					if !strings.Contains(stderr, fp+` "`+typ+`@laptop"`) {
						t.Errorf("report does not say who signed: %s", stderr)
					}
					manifest := filepath.Join(dir, "manifest.json")
					if out, err := sshtest.Verify(t, allowed, principal, "haruspex-evidence", manifest+".sig", manifest); err != nil {
						t.Fatalf("ssh-keygen -Y verify refuses: %v\n%s", err, out)
					}
					stdout, _ := runCode(t, exitOK, "verify", dir, sample, "--signers", allowed)
					if !strings.Contains(stdout, "good         signature manifest.json.sig  by "+principal) {
						t.Errorf("verify --signers:\n%s", stdout)
					}
				})
			}

			t.Run("ssh-keygen signs, haruspex verifies", func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "case")
				runCode(t, exitOK, "report", "--out", dir, sample)
				manifest := filepath.Join(dir, "manifest.json")
				// From the file, then through the agent (-f KEY.pub).
				if err := os.WriteFile(manifest+".sig", sshtest.Sign(t, key, "", "haruspex-evidence", manifest), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(manifest+".sig.2", sshtest.Sign(t, key+".pub", sock, "haruspex-evidence", manifest), 0o644); err != nil {
					t.Fatal(err)
				}
				stdout, _ := runCode(t, exitOK, "verify", dir, sample, "--signers", allowed)
				for _, want := range []string{
					"good         signature manifest.json.sig  by " + principal,
					"good         signature manifest.json.sig.2  by " + principal,
					"OK: 2 signature(s) good",
				} {
					if !strings.Contains(stdout, want) {
						t.Errorf("verify --signers lacks %q:\n%s", want, stdout)
					}
				}
			})

			t.Run("sign --key agent", func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "case")
				runCode(t, exitOK, "report", "--out", dir, sample)
				runCode(t, exitOK, "sign", dir, "--key", "agent:"+fp)
				manifest := filepath.Join(dir, "manifest.json")
				if out, err := sshtest.Verify(t, allowed, principal, "haruspex-evidence", manifest+".sig", manifest); err != nil {
					t.Fatalf("ssh-keygen -Y verify refuses: %v\n%s", err, out)
				}
			})
		})
	}

	// A query that matches no key names what the agent holds.
	_, stderr := runCode(t, exitUsage, "report", "--sign", "agent:nobody", "--out", filepath.Join(t.TempDir(), "x"), sample)
	if !strings.Contains(stderr, "haruspex report: --sign: agent:nobody: no key in ssh-agent match; it holds: SHA256:") {
		t.Errorf("stderr: %s", stderr)
	}
}
