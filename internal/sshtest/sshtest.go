// Package sshtest runs the real OpenSSH tools (Debian's openssh-client:
// ssh-keygen, ssh-agent, ssh-add) for tests of SSH signatures: it makes
// keys, starts an agent, and signs and verifies with ssh-keygen -Y, so
// that a test checks haruspex against OpenSSH itself rather than against
// its own reading of the format.
//
// A test that needs a tool calls [Tool] (or a function that does), which
// skips the test, saying so, when the tool is missing, and fails it when
// the CI variable is "true": CI installs the tools (.ci/deps), so a skip
// there would hide a test that never ran.
//
//	dir := t.TempDir()
//	key := sshtest.KeyGen(t, dir, "ed25519", "jane@example.org", "")
//	sock := sshtest.Agent(t)
//	sshtest.Add(t, sock, key)
//	out, err := sshtest.Verify(t, allowed, "jane@example.org", "file", "msg.sig", msg)
package sshtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tool returns the path of an OpenSSH program. When it is missing the
// test is skipped, or failed under CI=true.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing under CI (.ci/deps installs openssh-client): %v", name, err)
	}
	t.Skipf("%s is missing (install openssh-client): %v", name, err)
	return ""
}

// KeyGen makes a key with ssh-keygen in dir: typ is "ed25519",
// "ecdsa" (P-256) or "rsa" (3072 bits), comment is the key's comment,
// passphrase may be empty. It returns the private key's path; the public
// key is beside it with .pub appended.
func KeyGen(t testing.TB, dir, typ, comment, passphrase string) string {
	t.Helper()
	keygen := Tool(t, "ssh-keygen")
	path := filepath.Join(dir, "id_"+typ)
	args := []string{"-q", "-t", typ, "-C", comment, "-N", passphrase, "-f", path}
	if typ == "ecdsa" {
		args = append(args, "-b", "256")
	}
	if out, err := exec.Command(keygen, args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return path
}

// Agent starts an ssh-agent of its own, stopped when the test ends, and
// returns its socket's path (for SSH_AUTH_SOCK).
func Agent(t testing.TB) string {
	t.Helper()
	agentPath := Tool(t, "ssh-agent")
	// A socket's path is limited to about 100 bytes: t.TempDir's may be
	// longer.
	dir, err := os.MkdirTemp("", "sshtest")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "agent.sock")
	cmd := exec.Command(agentPath, "-D", "-a", sock)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting ssh-agent: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// Wait for the socket: the agent makes it before it serves.
	for i := 0; ; i++ {
		if _, err := os.Stat(sock); err == nil {
			return sock
		}
		if i == 500 {
			t.Fatalf("ssh-agent made no socket %s in 10 s: %s", sock, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Add loads a private key into the agent at sock with ssh-add.
func Add(t testing.TB, sock, key string) {
	t.Helper()
	cmd := exec.Command(Tool(t, "ssh-add"), "-q", key)
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add %s: %v\n%s", key, err, out)
	}
}

// AllowedSigners writes an allowed-signers file of one line, principal
// [options] and the public key beside key (key + ".pub"), and returns its
// path.
func AllowedSigners(t testing.TB, dir, principal, options, key string) string {
	t.Helper()
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	line := principal + " "
	if options != "" {
		line += options + " "
	}
	line += string(pub)
	path := filepath.Join(dir, "allowed_signers")
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Sign signs the file msg with ssh-keygen -Y sign in namespace ns, as
// ssh-keygen -Y sign -f key -n ns < msg > sig, and returns the
// signature. key is a private key file, or a public key file whose
// private key is in the agent at sock (sock may be empty otherwise).
func Sign(t testing.TB, key, sock, ns, msg string) []byte {
	t.Helper()
	f, err := os.Open(msg)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(Tool(t, "ssh-keygen"), "-Y", "sign", "-f", key, "-n", ns)
	cmd.Env = os.Environ()
	if sock != "" {
		cmd.Env = append(cmd.Env, "SSH_AUTH_SOCK="+sock)
	}
	cmd.Stdin = f
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ssh-keygen -Y sign -f %s -n %s < %s: %v\n%s", key, ns, msg, err, stderr.String())
	}
	return out
}

// Verify runs ssh-keygen -Y verify -f allowed -I identity -n ns -s sig
// with msg on its standard input and returns what it printed and how it
// exited: nil when OpenSSH accepts the signature.
func Verify(t testing.TB, allowed, identity, ns, sig, msg string) (string, error) {
	t.Helper()
	f, err := os.Open(msg)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(Tool(t, "ssh-keygen"), "-Y", "verify", "-f", allowed, "-I", identity, "-n", ns, "-s", sig)
	cmd.Stdin = f
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("ssh-keygen -Y verify: %w", err)
	}
	return string(out), nil
}
