package sshsig

import (
	"bytes"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haruspex/haruspex/internal/sshtest"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// TestOpenSSH is the round trip with the real tools, for each key type
// ssh-keygen makes: Sign with the key file, then with the key in a real
// ssh-agent, and ssh-keygen -Y verify accepts; ssh-keygen -Y sign
// (from the file and through the agent) and Verify and Find accept; and
// ssh-keygen rejects a changed message, so that the test can fail.
func TestOpenSSH(t *testing.T) {
	sock := sshtest.Agent(t)
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ag := agent.NewClient(conn)
	for _, typ := range []string{"ed25519", "ecdsa", "rsa"} {
		t.Run(typ, func(t *testing.T) {
			dir := t.TempDir()
			principal := "examiner-" + typ + "@example.org"
			key := sshtest.KeyGen(t, dir, typ, principal, "")
			allowedPath := sshtest.AllowedSigners(t, dir, principal, `namespaces="`+ns+`"`, key)
			f, err := os.Open(allowedPath)
			if err != nil {
				t.Fatal(err)
			}
			allowed, err := ParseAllowedSigners(f, allowedPath, time.Local)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			msg := filepath.Join(dir, "manifest.json")
			if err := os.WriteFile(msg, []byte(`{"format":"haruspex-evidence/1"}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			pem, err := os.ReadFile(key)
			if err != nil {
				t.Fatal(err)
			}
			fromFile, err := ssh.ParsePrivateKey(pem)
			if err != nil {
				t.Fatal(err)
			}
			sshtest.Add(t, sock, key)
			var fromAgent ssh.Signer
			signers, err := ag.Signers()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range signers {
				if bytes.Equal(s.PublicKey().Marshal(), fromFile.PublicKey().Marshal()) {
					fromAgent = s
				}
			}
			if fromAgent == nil {
				t.Fatal("the agent does not list the key just added")
			}

			for _, via := range []struct {
				name   string
				signer ssh.Signer
			}{{"file", fromFile}, {"agent", fromAgent}} {
				signer := via.signer
				t.Run("haruspex signs from "+via.name, func(t *testing.T) {
					m, _ := os.ReadFile(msg)
					sig, err := Sign(rand.Reader, signer, ns, bytes.NewReader(m))
					if err != nil {
						t.Fatal(err)
					}
					sigPath := filepath.Join(dir, "ours.sig")
					if err := os.WriteFile(sigPath, sig.MarshalArmored(), 0o644); err != nil {
						t.Fatal(err)
					}
					out, err := sshtest.Verify(t, allowedPath, principal, ns, sigPath, msg)
					if err != nil {
						t.Fatalf("ssh-keygen -Y verify refuses haruspex's signature: %v\n%s", err, out)
					}
					if !strings.HasPrefix(out, `Good "`+ns+`" signature for `+principal) {
						t.Errorf("ssh-keygen -Y verify printed %q", out)
					}
					// The test can fail: OpenSSH refuses the wrong namespace.
					if out, err := sshtest.Verify(t, allowedPath, principal, "file", sigPath, msg); err == nil {
						t.Errorf("ssh-keygen -Y verify -n file accepts a %s signature: %s", ns, out)
					}
				})
			}
			for _, via := range []struct{ name, key, sock string }{{"file", key, ""}, {"agent", key + ".pub", sock}} {
				signWith, agentSock := via.key, via.sock
				t.Run("ssh-keygen signs from "+via.name, func(t *testing.T) {
					sig, err := ParseArmored(sshtest.Sign(t, signWith, agentSock, ns, msg))
					if err != nil {
						t.Fatal(err)
					}
					m, _ := os.ReadFile(msg)
					if err := Verify(sig, ns, bytes.NewReader(m)); err != nil {
						t.Fatalf("Verify refuses ssh-keygen's signature: %v", err)
					}
					who, err := allowed.Find(sig.PublicKey, ns, time.Now())
					if err != nil {
						t.Fatal(err)
					}
					if who.Principals[0] != principal {
						t.Errorf("Find() = %v, want %s", who.Principals, principal)
					}
					m[0] = ' '
					if err := Verify(sig, ns, bytes.NewReader(m)); err == nil {
						t.Error("Verify accepts a changed message")
					}
				})
			}
		})
	}
}
