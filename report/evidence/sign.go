package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/haruspex/haruspex/report/evidence/sshsig"
)

// SignatureNamespace is the SSHSIG namespace of an evidence folder's
// signatures: ssh-keygen -Y verify must be given it (-n), so that a
// signature made for another use (a git commit, a file) is never taken
// for one over a manifest.
const SignatureNamespace = "haruspex-evidence"

// SignatureName is the file of a folder's first signature. Later
// signatures, by other examiners, are manifest.json.sig.2, .3, ...: a
// signature is never replaced.
const SignatureName = ManifestName + ".sig"

// ErrAlreadySigned is returned by [SignDir] for a folder that holds a
// signature by the same key.
var ErrAlreadySigned = errors.New("evidence: already signed with this key")

// ManifestSigner is an examiner's key as the manifest records it: the
// key type, its SHA-256 fingerprint as ssh-keygen -l prints it, and the
// key's comment.
type ManifestSigner struct {
	KeyType     string `json:"key_type"`
	Fingerprint string `json:"fingerprint"`
	Comment     string `json:"comment,omitempty"`
}

// Signer is an examiner's key: any [ssh.Signer] (a key file's, an
// agent's) and the key's comment, which the manifest records (the key
// itself does not carry it). The embedded Signer is what signs, so that
// an RSA key's [ssh.AlgorithmSigner] makes rsa-sha2-512 signatures.
type Signer struct {
	ssh.Signer
	Comment string
}

func (s Signer) record() ManifestSigner {
	pub := s.PublicKey()
	return ManifestSigner{KeyType: pub.Type(), Fingerprint: ssh.FingerprintSHA256(pub), Comment: s.Comment}
}

// SignatureFileName is the name of a folder's n-th signature (from 1):
// manifest.json.sig, then manifest.json.sig.2, ...
func SignatureFileName(n int) string {
	if n <= 1 {
		return SignatureName
	}
	return SignatureName + "." + strconv.Itoa(n)
}

// signatureIndex is the n of a [SignatureFileName], or 0 for a name that
// is not one.
func signatureIndex(name string) int {
	if name == SignatureName {
		return 1
	}
	s, ok := strings.CutPrefix(name, SignatureName+".")
	if !ok || s == "" || s[0] == '0' || len(s) > 6 || strings.Trim(s, "0123456789") != "" {
		return 0
	}
	n, _ := strconv.Atoi(s)
	if n < 2 {
		return 0
	}
	return n
}

// Sign signs the bundle's manifest.json with each signer, in order: it
// records the signers in the manifest (the Signers field, last in
// manifest.json), renders manifest.json again, and adds one
// [SignatureFileName] file per signer after it. Nothing else changes: a
// folder is byte-identical with and without signing but for the
// manifest's signers and the signature files. A bundle is signed once;
// a written folder is signed again with [SignDir].
func (b *Bundle) Sign(rand io.Reader, signers ...Signer) error {
	if len(signers) == 0 {
		return nil
	}
	if len(b.Manifest.Signers) > 0 {
		return errors.New("evidence: the bundle is already signed")
	}
	i := slices.IndexFunc(b.Files, func(f File) bool { return f.Name == ManifestName })
	if i < 0 {
		return errors.New("evidence: the bundle has no " + ManifestName)
	}
	for _, s := range signers {
		b.Manifest.Signers = append(b.Manifest.Signers, s.record())
	}
	mb, err := marshalManifest(b.Manifest)
	if err != nil {
		return fmt.Errorf("evidence: rendering %s: %w", ManifestName, err)
	}
	b.Files[i].Data = mb
	for n, s := range signers {
		sig, err := sshsig.Sign(rand, s.Signer, SignatureNamespace, bytes.NewReader(mb))
		if err != nil {
			return fmt.Errorf("evidence: signing %s: %w", ManifestName, err)
		}
		b.Files = append(b.Files, File{Name: SignatureFileName(n + 1), Data: sig.MarshalArmored()})
	}
	return nil
}

// SignDir signs the manifest.json of a folder already written (made
// before the key was at hand, or to be signed by a second examiner) and
// returns the new signature file's name: the first [SignatureFileName]
// after those in the folder, created so that it never replaces a file.
// manifest.json is not changed, so the signers it records, earlier
// signatures and any citation of its SHA-256 still hold; the new
// signature carries its public key, and [VerifySignatures] shows it. It
// refuses ([ErrAlreadySigned]) a folder with a signature by the same key.
// It does not check the other files against the manifest: do that first
// ([Verify]), as haruspex sign does.
func SignDir(dir string, rand io.Reader, s Signer) (string, error) {
	mb, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return "", fmt.Errorf("evidence: reading manifest: %w", err)
	}
	if _, err := ReadManifest(mb); err != nil {
		return "", fmt.Errorf("evidence: %s: %w", ManifestName, err)
	}
	names, err := signatureFiles(dir)
	if err != nil {
		return "", err
	}
	pub := s.PublicKey().Marshal()
	next := 1
	for _, name := range names {
		next = signatureIndex(name) + 1
		data, err := readSignature(filepath.Join(dir, name))
		if err != nil {
			continue // verify says why
		}
		if old, err := sshsig.ParseArmored(data); err == nil && bytes.Equal(old.PublicKey.Marshal(), pub) {
			return "", fmt.Errorf("%w: %s holds a signature by %s %s", ErrAlreadySigned, name, s.PublicKey().Type(), ssh.FingerprintSHA256(s.PublicKey()))
		}
	}
	sig, err := sshsig.Sign(rand, s.Signer, SignatureNamespace, bytes.NewReader(mb))
	if err != nil {
		return "", fmt.Errorf("evidence: signing %s: %w", ManifestName, err)
	}
	name := SignatureFileName(next)
	if err := writeNew(filepath.Join(dir, name), sig.MarshalArmored()); err != nil {
		return "", err
	}
	return name, nil
}

// writeNew creates a file that must not exist, writes and syncs it.
// (Not a rename into place: a rename replaces, and a signature must
// never be replaced. A link would do, but not on every file system an
// evidence folder is carried on.)
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("evidence: writing %s: %w", filepath.Base(path), err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("evidence: writing %s: %w", filepath.Base(path), err)
	}
	return nil
}

// signatureFiles lists the folder's signature files in order: .sig,
// then .sig.2, .sig.3, ...
func signatureFiles(dir string) ([]string, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("evidence: reading folder: %w", err)
	}
	var names []string
	for _, de := range des {
		if signatureIndex(de.Name()) > 0 {
			names = append(names, de.Name())
		}
	}
	slices.SortFunc(names, func(a, b string) int { return signatureIndex(a) - signatureIndex(b) })
	return names, nil
}

// SignatureStatus is the outcome of checking one signature.
type SignatureStatus int

// The outcomes of [VerifySignatures].
const (
	SignatureGood       SignatureStatus = iota // valid, by a key the allowed signers allow
	SignatureValid                             // valid, by the key it carries; no allowed signers were given to say whose
	SignatureBad                               // malformed, for another namespace, or not over this manifest.json
	SignatureNotAllowed                        // valid, but by a key the allowed signers do not allow
	SignatureMissing                           // a signature the manifest or the caller requires is absent
	numSignatureStatuses
)

var signatureStatusNames = [numSignatureStatuses]string{"good", "valid", "BAD", "NOT ALLOWED", "MISSING"}

// String returns "good", "valid", "BAD", "NOT ALLOWED" or "MISSING":
// failures in capitals.
func (s SignatureStatus) String() string {
	if s >= 0 && s < numSignatureStatuses {
		return signatureStatusNames[s]
	}
	return fmt.Sprintf("SignatureStatus(%d)", int(s))
}

// Failed reports whether s makes a verification fail.
func (s SignatureStatus) Failed() bool { return s != SignatureGood && s != SignatureValid }

// SignatureCheck is the outcome for one signature file, or for one that
// is missing.
type SignatureCheck struct {
	Name        string // the signature file; for a missing one, what it would be called
	Status      SignatureStatus
	KeyType     string   // the signing key's type, e.g. ssh-ed25519 ("" if not read)
	Fingerprint string   // its SHA-256 fingerprint, as ssh-keygen -l prints it
	Comment     string   // the key's comment as the manifest records it, if it does
	Principals  []string // who the allowed signers say the key is
	Line        int      // the allowed-signers line that says so
	Err         error    // why the check failed
}

// SignatureOptions adjust [VerifySignatures].
type SignatureOptions struct {
	// Allowed are the keys allowed to sign (an OpenSSH allowed-signers
	// file). When it is nil a signature is checked only against the key
	// it carries (SignatureValid: it says that key signed, not whose it
	// is), and a folder without signatures passes; when it is given,
	// every signature must be by an allowed key and there must be one.
	Allowed *sshsig.AllowedSigners
	// Time is when the allowed signers' valid-after and valid-before
	// are checked (ssh-keygen checks the current time).
	Time time.Time
}

// VerifySignatures checks every signature file of an evidence folder
// against its manifest.json, in file order, and then that each signer
// the manifest records has a signature there. It returns the checks and
// the SHA-256 of the manifest they were made against. The error is for a
// folder without a readable manifest.
func VerifySignatures(dir string, opt SignatureOptions) ([]SignatureCheck, string, error) {
	mb, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, "", fmt.Errorf("evidence: reading manifest: %w", err)
	}
	m, err := ReadManifest(mb)
	if err != nil {
		return nil, "", fmt.Errorf("evidence: %s: %w", ManifestName, err)
	}
	names, err := signatureFiles(dir)
	if err != nil {
		return nil, "", err
	}
	comment := map[string]string{}
	for _, s := range m.Signers {
		comment[s.Fingerprint] = s.Comment
	}
	seen := map[string]bool{}
	var checks []SignatureCheck
	for _, name := range names {
		c := checkSignature(dir, name, mb, opt)
		if c.Fingerprint != "" {
			c.Comment = comment[c.Fingerprint]
			seen[c.Fingerprint] = true
		}
		checks = append(checks, c)
	}
	for _, s := range m.Signers {
		if !seen[s.Fingerprint] {
			checks = append(checks, SignatureCheck{Name: SignatureFileName(len(names) + 1), Status: SignatureMissing,
				KeyType: s.KeyType, Fingerprint: s.Fingerprint, Comment: s.Comment,
				Err: errors.New("the manifest records this signer, but no signature file holds its signature")})
			seen[s.Fingerprint] = true
		}
	}
	if len(checks) == 0 && opt.Allowed != nil {
		checks = append(checks, SignatureCheck{Name: SignatureName, Status: SignatureMissing,
			Err: fmt.Errorf("no signature: the folder has no %s", SignatureName)})
	}
	return checks, sha256Hex(mb), nil
}

// maxSignatureSize bounds what is read of a signature file: OpenSSH's
// are under 3 KB even for 8192-bit RSA keys, and a folder may be hostile.
const maxSignatureSize = 64 << 10

// readSignature reads a signature file, refusing one too large to be one.
func readSignature(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSignatureSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSignatureSize {
		return nil, fmt.Errorf("evidence: %s: larger than %d KiB: not a signature", filepath.Base(path), maxSignatureSize>>10)
	}
	return data, nil
}

func checkSignature(dir, name string, manifest []byte, opt SignatureOptions) SignatureCheck {
	c := SignatureCheck{Name: name, Status: SignatureBad}
	data, err := readSignature(filepath.Join(dir, name))
	if err != nil {
		c.Err = err
		return c
	}
	sig, err := sshsig.ParseArmored(data)
	if err != nil {
		c.Err = err
		return c
	}
	c.KeyType, c.Fingerprint = sig.PublicKey.Type(), ssh.FingerprintSHA256(sig.PublicKey)
	if err := sshsig.Verify(sig, SignatureNamespace, bytes.NewReader(manifest)); err != nil {
		if errors.Is(err, sshsig.ErrVerify) {
			err = fmt.Errorf("%w (%s changed since it was signed?)", err, ManifestName)
		}
		c.Err = err
		return c
	}
	if opt.Allowed == nil {
		c.Status = SignatureValid
		return c
	}
	who, err := opt.Allowed.Find(sig.PublicKey, SignatureNamespace, opt.Time)
	if err != nil {
		c.Status, c.Err = SignatureNotAllowed, err
		return c
	}
	c.Status, c.Principals, c.Line = SignatureGood, who.Principals, who.Line
	return c
}

// VerifySigned checks an evidence folder's signatures
// ([VerifySignatures]) first, then its files and the inputs named
// ([Verify]), and returns both in one [Verification]. If manifest.json
// changed between the two, every signature is marked bad.
func VerifySigned(dir string, inputs []string, opt SignatureOptions) (*Verification, error) {
	sigs, sum, err := VerifySignatures(dir, opt)
	if err != nil {
		return nil, err
	}
	v, err := Verify(dir, inputs)
	if err != nil {
		return nil, err
	}
	if v.ManifestSHA256 != sum {
		for i := range sigs {
			sigs[i].Status = SignatureBad
			sigs[i].Err = fmt.Errorf("evidence: %s changed while the folder was checked", ManifestName)
		}
	}
	v.Signatures = sigs
	return v, nil
}
