package evidence

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"

	"github.com/haruspex/haruspex/internal/sshtest"
	"github.com/haruspex/haruspex/report/evidence/sshsig"
)

// testSigner is an Ed25519 key made from a fixed seed: its signatures,
// and so the signed folders, are the same on every run.
func testSigner(t *testing.T, seed byte, comment string) Signer {
	t.Helper()
	s, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	return Signer{Signer: s, Comment: comment}
}

// allowedSigners makes allowed signers of "principal key" lines.
func allowedSigners(t *testing.T, lines map[string]Signer) *sshsig.AllowedSigners {
	t.Helper()
	var b strings.Builder
	for _, p := range []string{"jane@example.org", "bob@example.org", "eve@example.org"} {
		if s, ok := lines[p]; ok {
			b.WriteString(p + " " + string(ssh.MarshalAuthorizedKey(s.PublicKey())))
		}
	}
	a, err := sshsig.ParseAllowedSigners(strings.NewReader(b.String()), "allowed_signers", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func sigStatus(v *Verification) []string {
	var out []string
	for _, s := range v.Signatures {
		out = append(out, s.Name+" "+s.Status.String())
	}
	return out
}

// TestSignBundle: a signed folder is the unsigned one, byte for byte,
// but for the signers at the end of manifest.json and the signature
// file; and signing is itself reproducible with an Ed25519 key.
func TestSignBundle(t *testing.T) {
	jane := testSigner(t, 1, "jane@laptop")
	unsigned := build(t, Options{CaseID: "EX-1"}, sample)
	signed := build(t, Options{CaseID: "EX-1"}, sample)
	if err := signed.Sign(rand.Reader, jane); err != nil {
		t.Fatal(err)
	}
	again := build(t, Options{CaseID: "EX-1"}, sample)
	if err := again.Sign(rand.Reader, jane); err != nil {
		t.Fatal(err)
	}
	if len(signed.Files) != len(unsigned.Files)+1 || signed.Files[len(signed.Files)-1].Name != SignatureName {
		t.Fatalf("signed bundle's files: %v", names(signed))
	}
	for i, f := range unsigned.Files {
		s := signed.Files[i]
		if f.Name != s.Name {
			t.Fatalf("file %d: %s unsigned, %s signed", i, f.Name, s.Name)
		}
		if f.Name != ManifestName {
			if !bytes.Equal(f.Data, s.Data) {
				t.Errorf("%s differs when signed", f.Name)
			}
			continue
		}
		// The signers are the manifest's last field.
		head := strings.TrimSuffix(string(f.Data), "\n}\n")
		want := head + `,
  "signers": [
    {
      "key_type": "ssh-ed25519",
      "fingerprint": "` + ssh.FingerprintSHA256(jane.PublicKey()) + `",
      "comment": "jane@laptop"
    }
  ]
}
`
		if diff := cmp.Diff(want, string(s.Data)); diff != "" {
			t.Errorf("signed manifest.json (-want +got):\n%s", diff)
		}
	}
	for i := range signed.Files {
		if !bytes.Equal(signed.Files[i].Data, again.Files[i].Data) {
			t.Errorf("%s differs between two signed builds", signed.Files[i].Name)
		}
	}
	if err := signed.Sign(rand.Reader, jane); err == nil {
		t.Error("signing a bundle twice: no error")
	}

	dir := t.TempDir()
	if err := signed.WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	v, err := VerifySigned(dir, []string{sample}, SignatureOptions{Allowed: allowedSigners(t, map[string]Signer{"jane@example.org": jane}), Time: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Fatalf("signed folder fails: %v %+v", sigStatus(v), v.Checks)
	}
	want := []SignatureCheck{{Name: SignatureName, Status: SignatureGood, KeyType: "ssh-ed25519", Fingerprint: ssh.FingerprintSHA256(jane.PublicKey()),
		Comment: "jane@laptop", Principals: []string{"jane@example.org"}, Line: 1}}
	if diff := cmp.Diff(want, v.Signatures); diff != "" {
		t.Errorf("VerifySigned() signatures (-want +got):\n%s", diff)
	}
	if len(v.Checks) != len(unsigned.Files) { // the outputs and the input; manifest.json.sig is not EXTRA
		t.Errorf("%d checks, want %d: %+v", len(v.Checks), len(unsigned.Files), v.Checks)
	}
}

func names(b *Bundle) []string {
	var out []string
	for _, f := range b.Files {
		out = append(out, f.Name)
	}
	return out
}

// TestVerifySignedRejects changes a signed folder in each way a
// signature must catch, and checks the outcome and the message.
func TestVerifySignedRejects(t *testing.T) {
	jane, eve := testSigner(t, 1, "jane@laptop"), testSigner(t, 2, "")
	janeOnly := allowedSigners(t, map[string]Signer{"jane@example.org": jane})
	for _, tc := range []struct {
		name    string
		signed  bool                           // made with report --sign (jane)
		change  func(t *testing.T, dir string) // what is done to the folder
		allowed *sshsig.AllowedSigners
		want    []string // signature outcomes
		err     string   // the first failing signature's message
		ok      bool
	}{
		{"good", true, nil, janeOnly, []string{"manifest.json.sig good"}, "", true},
		{"good, no allowed signers given", true, nil, nil, []string{"manifest.json.sig valid"}, "", true},
		{"unsigned, none required", false, nil, nil, nil, "", true},
		{"unsigned, signers given", false, nil, janeOnly, []string{"manifest.json.sig MISSING"},
			"no signature: the folder has no manifest.json.sig", false},
		{"one changed byte in manifest.json", true, func(t *testing.T, dir string) { flipAfter(t, filepath.Join(dir, ManifestName), `"sha256": "`) },
			janeOnly, []string{"manifest.json.sig BAD"},
			"sshsig: signature does not verify: these bytes are not what ssh-ed25519 key " + ssh.FingerprintSHA256(jane.PublicKey()) +
				" signed, or the signature was altered (manifest.json changed since it was signed?)", false},
		// Someone re-signs a changed manifest with their own key.
		{"key not allowed", false, func(t *testing.T, dir string) { signFile(t, dir, eve, SignatureNamespace, SignatureName) },
			janeOnly, []string{"manifest.json.sig NOT ALLOWED"},
			"sshsig: key not allowed: ssh-ed25519 " + ssh.FingerprintSHA256(eve.PublicKey()) + " is not in allowed_signers", false},
		// A signature jane made for another use.
		{"wrong namespace", false, func(t *testing.T, dir string) { signFile(t, dir, jane, "file", SignatureName) },
			janeOnly, []string{"manifest.json.sig BAD"},
			`sshsig: wrong namespace: signed for namespace "file", not "haruspex-evidence"`, false},
		{"wrong namespace, no allowed signers", false, func(t *testing.T, dir string) { signFile(t, dir, jane, "file", SignatureName) },
			nil, []string{"manifest.json.sig BAD"},
			`sshsig: wrong namespace: signed for namespace "file", not "haruspex-evidence"`, false},
		{"truncated signature", true, func(t *testing.T, dir string) { truncate(t, filepath.Join(dir, SignatureName), 100) },
			janeOnly, []string{"manifest.json.sig BAD", "manifest.json.sig.2 MISSING"},
			`sshsig: malformed signature: missing the "-----END SSH SIGNATURE-----" line (cut short?)`, false},
		// The manifest names jane: her signature cannot just be deleted.
		{"signature deleted", true, func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, SignatureName)) },
			nil, []string{"manifest.json.sig MISSING"},
			"the manifest records this signer, but no signature file holds its signature", false},
		{"a second signature by a key not allowed", true, func(t *testing.T, dir string) { signFile(t, dir, eve, SignatureNamespace, SignatureFileName(2)) },
			janeOnly, []string{"manifest.json.sig good", "manifest.json.sig.2 NOT ALLOWED"},
			"sshsig: key not allowed: ssh-ed25519 " + ssh.FingerprintSHA256(eve.PublicKey()) + " is not in allowed_signers", false},
		// Not read whole: a folder may be hostile.
		{"huge signature file", true, func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, SignatureName), bytes.Repeat([]byte("A"), 1<<20), 0o644); err != nil {
				t.Fatal(err)
			}
		}, janeOnly, []string{"manifest.json.sig BAD", "manifest.json.sig.2 MISSING"},
			"evidence: manifest.json.sig: larger than 64 KiB: not a signature", false},
		{"an output changed", true, func(t *testing.T, dir string) { flip(t, filepath.Join(dir, "events.csv"), 10) },
			janeOnly, []string{"manifest.json.sig good"}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := build(t, Options{}, sample)
			if tc.signed {
				if err := b.Sign(rand.Reader, jane); err != nil {
					t.Fatal(err)
				}
			}
			dir := t.TempDir()
			if err := b.WriteDir(dir, false); err != nil {
				t.Fatal(err)
			}
			if tc.change != nil {
				tc.change(t, dir)
			}
			v, err := VerifySigned(dir, nil, SignatureOptions{Allowed: tc.allowed, Time: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, sigStatus(v)); diff != "" {
				t.Errorf("signatures (-want +got):\n%s", diff)
			}
			msg := ""
			for _, s := range v.Signatures {
				if s.Status.Failed() {
					msg = s.Err.Error()
					break
				}
			}
			if msg != tc.err {
				t.Errorf("message\n got %s\nwant %s", msg, tc.err)
			}
			if v.OK() != tc.ok {
				t.Errorf("OK() = %v, want %v", v.OK(), tc.ok)
			}
		})
	}
}

// signFile signs dir's manifest.json for namespace ns into file name.
func signFile(t *testing.T, dir string, s Signer, ns, name string) {
	t.Helper()
	mb, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := sshsig.Sign(rand.Reader, s, ns, bytes.NewReader(mb))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), sig.MarshalArmored(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// flipAfter inverts the lowest bit of the byte after the first sep in a
// file: one changed byte that leaves JSON well formed.
func flipAfter(t *testing.T, name, sep string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(sep))
	if i < 0 {
		t.Fatalf("%s has no %q", name, sep)
	}
	flip(t, name, i+len(sep))
}

func truncate(t *testing.T, name string, n int64) {
	t.Helper()
	if err := os.Truncate(name, n); err != nil {
		t.Fatal(err)
	}
}

// TestSignDir: an examiner signs a folder written unsigned, a second adds
// a signature beside the first, and manifest.json never changes.
func TestSignDir(t *testing.T) {
	jane, bob := testSigner(t, 1, "jane@laptop"), testSigner(t, 3, "bob@desk")
	dir := t.TempDir()
	if err := build(t, Options{}, sample).WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	for _, tc := range []struct {
		s    Signer
		want string
		err  error
	}{
		{jane, SignatureName, nil},
		{bob, SignatureFileName(2), nil},
		{jane, "", ErrAlreadySigned},
	} {
		name, err := SignDir(dir, rand.Reader, tc.s)
		if name != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("SignDir(%s) = %q, %v; want %q, %v", tc.s.Comment, name, err, tc.want, tc.err)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	if !bytes.Equal(before, after) {
		t.Error("SignDir changed manifest.json")
	}
	v, err := VerifySigned(dir, nil, SignatureOptions{Allowed: allowedSigners(t, map[string]Signer{"jane@example.org": jane, "bob@example.org": bob}), Time: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"manifest.json.sig good", "manifest.json.sig.2 good"}, sigStatus(v)); diff != "" || !v.OK() {
		t.Errorf("signatures (-want +got):\n%s", diff)
	}
	// Comments are recorded only by report --sign: the manifest is not
	// rewritten after.
	if v.Signatures[0].Comment != "" || v.Signatures[1].Principals[0] != "bob@example.org" {
		t.Errorf("signatures: %+v", v.Signatures)
	}
	if _, err := SignDir(t.TempDir(), rand.Reader, jane); err == nil {
		t.Error("SignDir of a folder without manifest: no error")
	}
}

func TestSignatureIndex(t *testing.T) {
	for name, want := range map[string]int{
		"manifest.json.sig": 1, "manifest.json.sig.2": 2, "manifest.json.sig.17": 17,
		"manifest.json.sig.1": 0, "manifest.json.sig.0": 0, "manifest.json.sig.02": 0, "manifest.json.sig.": 0,
		"manifest.json.sig.x": 0, "manifest.json.sig.2.bak": 0, "manifest.json": 0, "report.html": 0,
		"manifest.json.sig.9999999": 0,
	} {
		if got := signatureIndex(name); got != want {
			t.Errorf("signatureIndex(%q) = %d, want %d", name, got, want)
		}
		if want > 0 && SignatureFileName(want) != name {
			t.Errorf("SignatureFileName(%d) = %q, want %q", want, SignatureFileName(want), name)
		}
	}
}

// TestSignedFolderOpenSSH: ssh-keygen -Y verify accepts the signature of
// a folder signed here, as the README tells the other side to run it, and
// a folder signed by ssh-keygen -Y sign verifies here.
func TestSignedFolderOpenSSH(t *testing.T) {
	tmp := t.TempDir()
	key := sshtest.KeyGen(t, tmp, "ed25519", "jane@laptop", "")
	allowedPath := sshtest.AllowedSigners(t, tmp, "jane@example.org", "", key)
	pem, _ := os.ReadFile(key)
	s, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "case")
	b := build(t, Options{}, sample)
	if err := b.Sign(rand.Reader, Signer{Signer: s, Comment: "jane@laptop"}); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteDir(dir, false); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, ManifestName)
	if out, err := sshtest.Verify(t, allowedPath, "jane@example.org", SignatureNamespace, manifest+".sig", manifest); err != nil {
		t.Fatalf("ssh-keygen -Y verify: %v\n%s", err, out)
	}
	// ssh-keygen signs a second time, as a second examiner would by hand.
	if err := os.WriteFile(filepath.Join(dir, SignatureFileName(2)), sshtest.Sign(t, key, "", SignatureNamespace, manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(allowedPath)
	allowed, err := sshsig.ParseAllowedSigners(f, allowedPath, time.Local)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	v, err := VerifySigned(dir, nil, SignatureOptions{Allowed: allowed, Time: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"manifest.json.sig good", "manifest.json.sig.2 good"}, sigStatus(v)); diff != "" || !v.OK() {
		t.Errorf("signatures (-want +got):\n%s\n%+v", diff, v.Signatures)
	}
}
