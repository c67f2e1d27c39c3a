package main

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/term"

	"github.com/haruspex/haruspex/report/evidence"
)

// keyHelp explains KEY for report --sign and sign --key.
const keyHelp = `KEY is an SSH private key file (ed25519, ECDSA or RSA, as ssh-keygen makes
them; a passphrase is asked for on the terminal, never on the command line),
or agent:FINGERPRINT or agent:COMMENT for a key held by ssh-agent (through
SSH_AUTH_SOCK; "ssh-add -l" lists them). The key's comment is taken from
KEY.pub beside a key file, or from the agent.`

// loadSigner opens the key named by spec (see keyHelp). The closer ends
// the agent connection, if any, once signing is done.
func loadSigner(spec string) (evidence.Signer, io.Closer, error) {
	var s evidence.Signer
	var c io.Closer = io.NopCloser(nil)
	var err error
	if q, ok := strings.CutPrefix(spec, "agent:"); ok {
		s, c, err = agentSigner(q)
	} else {
		s, err = fileSigner(spec)
	}
	if err != nil {
		return s, nil, err
	}
	if t := s.PublicKey().Type(); t == ssh.KeyAlgoDSA || strings.Contains(t, "-cert-") {
		c.Close()
		return s, nil, fmt.Errorf("%s: a %s key: sign with an ed25519, ECDSA or RSA key", spec, t)
	}
	return s, c, nil
}

// fileSigner reads a private key file, asking for its passphrase on the
// terminal if it has one.
func fileSigner(path string) (evidence.Signer, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return evidence.Signer{}, err
	}
	raw, err := ssh.ParseRawPrivateKey(pem)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		raw, err = askPassphrase(path, pem)
	}
	if err != nil {
		return evidence.Signer{}, fmt.Errorf("%s: %w", path, err)
	}
	s, err := ssh.NewSignerFromKey(raw)
	if err != nil {
		return evidence.Signer{}, fmt.Errorf("%s: %w", path, err)
	}
	es := evidence.Signer{Signer: s}
	// The comment is in the .pub file (inside the private key file it is
	// encrypted with the key, and x/crypto/ssh does not return it).
	if pub, err := os.ReadFile(path + ".pub"); err == nil {
		if k, comment, _, _, err := ssh.ParseAuthorizedKey(pub); err == nil && bytes.Equal(k.Marshal(), s.PublicKey().Marshal()) {
			es.Comment = comment
		}
	}
	return es, nil
}

// askPassphrase asks for a key's passphrase on the terminal (/dev/tty,
// as ssh-keygen does: standard input may be a file), three times at
// most.
func askPassphrase(path string, pem []byte) (any, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("the key has a passphrase and there is no terminal to ask for it (%v); load the key into ssh-agent (ssh-add) and sign with agent:FINGERPRINT", err)
	}
	defer tty.Close()
	for try := 0; ; try++ {
		fmt.Fprintf(tty, "Enter passphrase for %s: ", path)
		pass, err := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(tty)
		if err != nil {
			return nil, fmt.Errorf("reading the passphrase: %w", err)
		}
		raw, err := ssh.ParseRawPrivateKeyWithPassphrase(pem, pass)
		if !errors.Is(err, x509.IncorrectPasswordError) || try == 2 {
			return raw, err
		}
		fmt.Fprintln(tty, "Wrong passphrase.")
	}
}

// agentSigner finds the key in ssh-agent whose SHA-256 fingerprint (with
// or without "SHA256:") or comment is q.
func agentSigner(q string) (evidence.Signer, io.Closer, error) {
	sock := os.Getenv("SSH_AUTH_SOCK")
	if sock == "" {
		return evidence.Signer{}, nil, errors.New("agent:" + q + ": SSH_AUTH_SOCK is not set: is ssh-agent running?")
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return evidence.Signer{}, nil, fmt.Errorf("agent:%s: connecting to ssh-agent: %w", q, err)
	}
	ag := agent.NewClient(conn)
	keys, err := ag.List()
	if err != nil {
		conn.Close()
		return evidence.Signer{}, nil, fmt.Errorf("agent:%s: listing ssh-agent's keys: %w", q, err)
	}
	var found []*agent.Key
	var held []string
	for _, k := range keys {
		fp := ssh.FingerprintSHA256(k)
		held = append(held, fp+" "+k.Comment)
		if q != "" && (q == fp || "SHA256:"+q == fp || q == k.Comment) {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		conn.Close()
		what := "no key"
		if len(found) > 1 {
			what = fmt.Sprintf("%d keys", len(found))
		}
		if len(held) == 0 {
			return evidence.Signer{}, nil, fmt.Errorf("agent:%s: ssh-agent holds no key (add one with ssh-add)", q)
		}
		return evidence.Signer{}, nil, fmt.Errorf("agent:%s: %s in ssh-agent match; it holds: %s", q, what, strings.Join(held, "; "))
	}
	signers, err := ag.Signers()
	if err != nil {
		conn.Close()
		return evidence.Signer{}, nil, fmt.Errorf("agent:%s: %w", q, err)
	}
	for _, s := range signers {
		if bytes.Equal(s.PublicKey().Marshal(), found[0].Marshal()) {
			return evidence.Signer{Signer: s, Comment: found[0].Comment}, conn, nil
		}
	}
	conn.Close()
	return evidence.Signer{}, nil, fmt.Errorf("agent:%s: ssh-agent listed the key but offers no signer for it", q)
}

// describeKey is how a key is shown: type, fingerprint and comment.
func describeKey(keyType, fingerprint, comment string) string {
	s := keyType + " " + fingerprint
	if comment != "" {
		s += fmt.Sprintf(" %q", comment)
	}
	return s
}
