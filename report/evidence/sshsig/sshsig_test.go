package sshsig

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"
)

const ns = "haruspex-evidence"

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fileSigner(t testing.TB, name string) ssh.Signer {
	t.Helper()
	s, err := ssh.ParsePrivateKey(readFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSignMatchesOpenSSH: Ed25519 and RSA PKCS #1 v1.5 signatures are
// deterministic, so Sign must write ssh-keygen -Y sign's file byte for
// byte (see testdata/README).
func TestSignMatchesOpenSSH(t *testing.T) {
	for _, key := range []string{"ed25519", "rsa"} {
		t.Run(key, func(t *testing.T) {
			sig, err := Sign(rand.Reader, fileSigner(t, key), ns, bytes.NewReader(readFile(t, "message")))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(readFile(t, key+".sig")), string(sig.MarshalArmored())); diff != "" {
				t.Errorf("Sign() differs from ssh-keygen -Y sign (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVerifyOpenSSH checks the signatures ssh-keygen made.
func TestVerifyOpenSSH(t *testing.T) {
	allowed, err := ParseAllowedSigners(bytes.NewReader(readFile(t, "allowed_signers")), "allowed_signers", nil)
	if err != nil {
		t.Fatal(err)
	}
	msg := readFile(t, "message")
	for _, tc := range []struct {
		sig, principal, hash string
	}{
		{"ed25519.sig", "examiner-ed25519@example.org", HashSHA512},
		{"ed25519-sha256.sig", "examiner-ed25519@example.org", HashSHA256},
		{"ecdsa.sig", "examiner-ecdsa@example.org", HashSHA512},
		{"rsa.sig", "examiner-rsa@example.org", HashSHA512},
	} {
		t.Run(tc.sig, func(t *testing.T) {
			sig, err := ParseArmored(readFile(t, tc.sig))
			if err != nil {
				t.Fatal(err)
			}
			if sig.HashAlgorithm != tc.hash {
				t.Errorf("HashAlgorithm = %q, want %q", sig.HashAlgorithm, tc.hash)
			}
			if err := Verify(sig, ns, bytes.NewReader(msg)); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			who, err := allowed.Find(sig.PublicKey, ns, time.Now())
			if err != nil {
				t.Fatalf("Find: %v", err)
			}
			if diff := cmp.Diff([]string{tc.principal}, who.Principals); diff != "" {
				t.Errorf("Find() principals (-want +got):\n%s", diff)
			}
			// One changed byte of the message.
			changed := bytes.Clone(msg)
			changed[3] ^= 1
			if err := Verify(sig, ns, bytes.NewReader(changed)); !errors.Is(err, ErrVerify) {
				t.Errorf("Verify(changed message) = %v, want ErrVerify", err)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	msg := readFile(t, "message")
	good, err := ParseArmored(readFile(t, "ed25519.sig"))
	if err != nil {
		t.Fatal(err)
	}
	fileSig, err := ParseArmored(readFile(t, "ed25519-file.sig"))
	if err != nil {
		t.Fatal(err)
	}
	rsaSigner := fileSigner(t, "rsa").(ssh.AlgorithmSigner)
	sha1Sig, err := Sign(rand.Reader, rsaSigner, ns, bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	// Re-sign the same data with SHA-1, as an old agent would.
	h, _ := hashMessage(HashSHA512, bytes.NewReader(msg))
	sha1Sig.Signature, err = rsaSigner.SignWithAlgorithm(rand.Reader, signedData(ns, HashSHA512, h), ssh.KeyAlgoRSA)
	if err != nil {
		t.Fatal(err)
	}
	md5 := *good
	md5.HashAlgorithm = "md5"
	otherKey := *good
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	otherKey.PublicKey, err = ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		sig  *Signature
		ns   string
		msg  []byte
		want error
	}{
		{"good", good, ns, msg, nil},
		// Made with -n file: a signature for another use.
		{"other namespace", fileSig, ns, msg, ErrNamespace},
		{"empty message", good, ns, nil, ErrVerify},
		// OpenSSH refuses RSA signatures with SHA-1.
		{"rsa sha1", sha1Sig, ns, msg, ErrUnsupported},
		{"unknown hash", &md5, ns, msg, ErrUnsupported},
		// The blob names another key than the one that signed.
		{"key swapped", &otherKey, ns, msg, ErrVerify},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(tc.sig, tc.ns, bytes.NewReader(tc.msg))
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("Verify() = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestRoundTrip signs with every key type x/crypto/ssh signs with and
// verifies through the blob and its armour.
func TestRoundTrip(t *testing.T) {
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	ecKey := func(c elliptic.Curve) any {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("the manifest\n")
	for _, tc := range []struct {
		name, format string
		key          any
	}{
		{"ed25519", "ssh-ed25519", edKey},
		{"p256", "ecdsa-sha2-nistp256", ecKey(elliptic.P256())},
		{"p384", "ecdsa-sha2-nistp384", ecKey(elliptic.P384())},
		{"p521", "ecdsa-sha2-nistp521", ecKey(elliptic.P521())},
		{"rsa", "rsa-sha2-512", rk},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ssh.NewSignerFromKey(tc.key)
			if err != nil {
				t.Fatal(err)
			}
			sig, err := Sign(rand.Reader, s, ns, bytes.NewReader(msg))
			if err != nil {
				t.Fatal(err)
			}
			if sig.Signature.Format != tc.format {
				t.Errorf("signature format %q, want %q", sig.Signature.Format, tc.format)
			}
			back, err := ParseArmored(sig.MarshalArmored())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back.Marshal(), sig.Marshal()) {
				t.Errorf("blob changed through armour and parse")
			}
			if err := Verify(back, ns, bytes.NewReader(msg)); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

// plainSigner hides SignWithAlgorithm.
type plainSigner struct{ ssh.Signer }

func TestSignRefuses(t *testing.T) {
	msg := strings.NewReader("x")
	if _, err := Sign(rand.Reader, fileSigner(t, "ed25519"), "", msg); err == nil {
		t.Error("Sign with an empty namespace: no error")
	}
	// Without SignWithAlgorithm an RSA signer would sign with SHA-1.
	if _, err := Sign(rand.Reader, plainSigner{fileSigner(t, "rsa")}, ns, msg); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Sign(RSA without SignWithAlgorithm) = %v, want ErrUnsupported", err)
	}
}

func TestParseSignature(t *testing.T) {
	good := readFile(t, "ed25519.sig")
	blob, err := Unarmor(good)
	if err != nil {
		t.Fatal(err)
	}
	withVersion := func(v byte) []byte { b := bytes.Clone(blob); b[9] = v; return b }
	for _, tc := range []struct {
		name string
		blob []byte
		want string // error; "" for none
	}{
		{"good", blob, ""},
		{"empty", nil, `sshsig: malformed signature: byte 0: does not start with "SSHSIG"`},
		{"other magic", append([]byte("SSHSIH"), blob[6:]...), `sshsig: malformed signature: byte 0: does not start with "SSHSIG"`},
		// Versions other than 1 must be refused (PROTOCOL.sshsig).
		{"version 2", withVersion(2), "sshsig: malformed signature: byte 6: version 2 (this reads version 1)"},
		{"no version", blob[:8], "sshsig: malformed signature: byte 6: truncated in the version (2 byte(s) left, want 4)"},
		{"cut in key", blob[:20], "sshsig: malformed signature: byte 10: truncated in the public key (length 51, 6 byte(s) left)"},
		{"cut in signature", blob[:len(blob)-1], "sshsig: malformed signature: byte 100: truncated in the signature (length 83, 82 byte(s) left)"},
		{"trailing byte", append(bytes.Clone(blob), 0), "sshsig: malformed signature: byte 187: 1 byte(s) after the signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSignature(tc.blob)
			got := ""
			if err != nil {
				got = err.Error()
				if !errors.Is(err, ErrMalformed) {
					t.Errorf("error %v does not wrap ErrMalformed", err)
				}
			}
			if got != tc.want {
				t.Errorf("ParseSignature() error\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestArmor(t *testing.T) {
	good := readFile(t, "ed25519.sig")
	blob, err := Unarmor(good)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(good), string(Armor(blob))); diff != "" {
		t.Errorf("Armor(Unarmor(ssh-keygen's file)) (-want +got):\n%s", diff)
	}
	lines := strings.Split(string(good), "\n")
	for _, tc := range []struct {
		name string
		in   string
		want string // error; "" for the blob
	}{
		{"good", string(good), ""},
		{"crlf", strings.ReplaceAll(string(good), "\n", "\r\n"), ""},
		{"one line", lines[0] + "\n" + strings.Join(lines[1:len(lines)-2], "") + "\n" + lines[len(lines)-2] + "\n", ""},
		{"after the end", string(good) + "trailing text\n", ""},
		{"no header", strings.Join(lines[1:], "\n"), `sshsig: malformed signature: byte 0: missing the "-----BEGIN SSH SIGNATURE-----" line`},
		{"leading blank", "\n" + string(good), `sshsig: malformed signature: byte 0: missing the "-----BEGIN SSH SIGNATURE-----" line`},
		// A file cut short loses its footer.
		{"truncated", string(good[:len(good)/2]), `sshsig: malformed signature: missing the "-----END SSH SIGNATURE-----" line (cut short?)`},
		{"not base64", strings.Replace(string(good), "U1NI", "U1N!", 1), `sshsig: malformed signature: byte 33: '!' is not base64`},
		{"bad padding", strings.Replace(string(good), "=\n", "\n", 1), "sshsig: malformed signature: base64 (line breaks removed): illegal base64 data at input byte 251"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Unarmor([]byte(tc.in))
			if tc.want != "" {
				if err == nil || err.Error() != tc.want {
					t.Errorf("Unarmor() error\n got %v\nwant %s", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, blob) {
				t.Errorf("Unarmor() gave another blob")
			}
		})
	}
}

// BenchmarkSign and BenchmarkVerify measure one signature over a
// manifest-sized message (ssh-keygen's test keys, see testdata/README).
func BenchmarkSign(b *testing.B) {
	msg := bytes.Repeat([]byte("x"), 16<<10)
	for _, key := range []string{"ed25519", "rsa"} {
		s := fileSigner(b, key)
		b.Run(key, func(b *testing.B) {
			for b.Loop() {
				if _, err := Sign(rand.Reader, s, ns, bytes.NewReader(msg)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	msg := readFile(b, "message")
	for _, key := range []string{"ed25519", "ecdsa", "rsa"} {
		sig, err := ParseArmored(readFile(b, key+".sig"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(key, func(b *testing.B) {
			for b.Loop() {
				if err := Verify(sig, ns, bytes.NewReader(msg)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
