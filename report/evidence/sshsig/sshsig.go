package sshsig

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"

	"golang.org/x/crypto/ssh"
)

// The hash algorithms a signature may name. [Sign] uses SHA-512, as
// ssh-keygen -Y sign does; [Verify] accepts both, as ssh-keygen -Y verify
// does.
const (
	HashSHA512 = "sha512"
	HashSHA256 = "sha256"
)

// magic opens every signature blob and every signed message; it keeps a
// file signature from being taken for an SSH login's.
const magic = "SSHSIG"

// version is the only blob version there is.
const version = 1

// Errors a check can end in, for [errors.Is]; each is wrapped with what
// and where.
var (
	// ErrMalformed: the blob or its armour does not follow PROTOCOL.sshsig
	// (truncated, trailing bytes, wrong magic or version, bad base64).
	ErrMalformed = errors.New("sshsig: malformed signature")
	// ErrNamespace: the signature was made for another namespace.
	ErrNamespace = errors.New("sshsig: wrong namespace")
	// ErrUnsupported: a hash or signature algorithm, or a certificate,
	// that this package does not accept.
	ErrUnsupported = errors.New("sshsig: unsupported")
	// ErrVerify: the signature is well formed but does not match the
	// message: the message changed since it was signed, or the signature
	// was altered.
	ErrVerify = errors.New("sshsig: signature does not verify")
	// ErrNotAllowed: the key is not in the allowed signers, or not for
	// this namespace or time.
	ErrNotAllowed = errors.New("sshsig: key not allowed")
)

// Signature is one SSHSIG signature: who signed (the public key), for
// what use (the namespace), and the signature over the message's hash.
// The blob's reserved field is read and ignored, as OpenSSH does, and
// written empty.
type Signature struct {
	PublicKey     ssh.PublicKey
	Namespace     string
	HashAlgorithm string // HashSHA512 or HashSHA256
	Signature     *ssh.Signature
}

// Sign hashes message with SHA-512 and signs it with s for namespace,
// which must not be empty. RSA keys sign with rsa-sha2-512, as
// ssh-keygen does (s must then be an [ssh.AlgorithmSigner], as the
// signers of [ssh.NewSignerFromKey] and of an agent are); certificates
// are refused. rand is passed to s (agents ignore it).
func Sign(rand io.Reader, s ssh.Signer, namespace string, message io.Reader) (*Signature, error) {
	if namespace == "" {
		return nil, errors.New("sshsig: empty namespace")
	}
	pub := s.PublicKey()
	if _, ok := pub.(*ssh.Certificate); ok {
		return nil, fmt.Errorf("%w: signing with a certificate (%s)", ErrUnsupported, pub.Type())
	}
	h, err := hashMessage(HashSHA512, message)
	if err != nil {
		return nil, err
	}
	data := signedData(namespace, HashSHA512, h)
	var sig *ssh.Signature
	if pub.Type() == ssh.KeyAlgoRSA {
		as, ok := s.(ssh.AlgorithmSigner)
		if !ok {
			return nil, fmt.Errorf("%w: this RSA signer cannot make %s signatures", ErrUnsupported, ssh.KeyAlgoRSASHA512)
		}
		sig, err = as.SignWithAlgorithm(rand, data, ssh.KeyAlgoRSASHA512)
	} else {
		sig, err = s.Sign(rand, data)
	}
	if err != nil {
		return nil, fmt.Errorf("sshsig: signing with %s key %s: %w", pub.Type(), ssh.FingerprintSHA256(pub), err)
	}
	if pub.Type() == ssh.KeyAlgoRSA && sig.Format != ssh.KeyAlgoRSASHA512 {
		// An agent that ignores the flag answers with SHA-1, which
		// OpenSSH refuses for file signatures.
		return nil, fmt.Errorf("%w: the signer answered with %s, not %s", ErrUnsupported, sig.Format, ssh.KeyAlgoRSASHA512)
	}
	return &Signature{PublicKey: pub, Namespace: namespace, HashAlgorithm: HashSHA512, Signature: sig}, nil
}

// Verify checks that sig is its key's signature over message for
// namespace. It checks the signature against the key the signature
// carries: whether that key may sign is for [AllowedSigners.Find].
// RSA signatures must be rsa-sha2-512 or rsa-sha2-256; certificates
// are not supported.
func Verify(sig *Signature, namespace string, message io.Reader) error {
	if sig.Namespace != namespace {
		return fmt.Errorf("%w: signed for namespace %q, not %q", ErrNamespace, sig.Namespace, namespace)
	}
	if _, ok := sig.PublicKey.(*ssh.Certificate); ok {
		return fmt.Errorf("%w: signature by a certificate (%s)", ErrUnsupported, sig.PublicKey.Type())
	}
	if sig.PublicKey.Type() == ssh.KeyAlgoRSA && sig.Signature.Format != ssh.KeyAlgoRSASHA512 && sig.Signature.Format != ssh.KeyAlgoRSASHA256 {
		return fmt.Errorf("%w: RSA signature algorithm %q (want %s or %s)", ErrUnsupported, sig.Signature.Format, ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256)
	}
	h, err := hashMessage(sig.HashAlgorithm, message)
	if err != nil {
		return err
	}
	if err := sig.PublicKey.Verify(signedData(namespace, sig.HashAlgorithm, h), sig.Signature); err != nil {
		return fmt.Errorf("%w: these bytes are not what %s key %s signed, or the signature was altered", ErrVerify, sig.PublicKey.Type(), ssh.FingerprintSHA256(sig.PublicKey))
	}
	return nil
}

func hashMessage(alg string, message io.Reader) ([]byte, error) {
	var h hash.Hash
	switch alg {
	case HashSHA512:
		h = sha512.New()
	case HashSHA256:
		h = sha256.New()
	default:
		return nil, fmt.Errorf("%w: hash algorithm %q (want %s or %s)", ErrUnsupported, alg, HashSHA512, HashSHA256)
	}
	if _, err := io.Copy(h, message); err != nil {
		return nil, fmt.Errorf("sshsig: reading the message: %w", err)
	}
	return h.Sum(nil), nil
}

// signedData is what the key signs (PROTOCOL.sshsig section 3): the
// magic, then the namespace, an empty reserved field, the hash
// algorithm and the message's hash, each as an SSH string.
func signedData(namespace, hashAlg string, h []byte) []byte {
	b := []byte(magic)
	b = appendString(b, []byte(namespace))
	b = appendString(b, nil)
	b = appendString(b, []byte(hashAlg))
	return appendString(b, h)
}

func appendString(b, s []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// Marshal returns the signature's blob (PROTOCOL.sshsig section 2), the
// bytes [Armor] encodes.
func (s *Signature) Marshal() []byte {
	b := []byte(magic)
	b = binary.BigEndian.AppendUint32(b, version)
	b = appendString(b, s.PublicKey.Marshal())
	b = appendString(b, []byte(s.Namespace))
	b = appendString(b, nil)
	b = appendString(b, []byte(s.HashAlgorithm))
	return appendString(b, ssh.Marshal(s.Signature))
}

// MarshalArmored returns the signature armoured as ssh-keygen -Y sign
// writes it: the form of a .sig file.
func (s *Signature) MarshalArmored() []byte { return Armor(s.Marshal()) }

// ParseArmored parses an armoured signature, as in a .sig file.
func ParseArmored(data []byte) (*Signature, error) {
	blob, err := Unarmor(data)
	if err != nil {
		return nil, err
	}
	return ParseSignature(blob)
}

// ParseSignature parses a signature blob. It checks the form (magic,
// version 1, every field present, nothing after the last, a public key
// and signature SSH can parse), not the signature itself: that is
// [Verify]'s job. Errors wrap [ErrMalformed] and give the byte offset.
func ParseSignature(blob []byte) (*Signature, error) {
	r := blobReader{b: blob}
	if len(blob) < len(magic) || string(blob[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: byte 0: does not start with %q", ErrMalformed, magic)
	}
	r.off = len(magic)
	v, err := r.uint32("version")
	if err != nil {
		return nil, err
	}
	if v != version {
		return nil, fmt.Errorf("%w: byte %d: version %d (this reads version %d)", ErrMalformed, len(magic), v, version)
	}
	keyOff := r.off
	keyBlob, err := r.string("public key")
	if err != nil {
		return nil, err
	}
	ns, err := r.string("namespace")
	if err != nil {
		return nil, err
	}
	if _, err := r.string("reserved"); err != nil {
		return nil, err
	}
	hashAlg, err := r.string("hash algorithm")
	if err != nil {
		return nil, err
	}
	sigOff := r.off
	sigBlob, err := r.string("signature")
	if err != nil {
		return nil, err
	}
	if r.off != len(blob) {
		return nil, fmt.Errorf("%w: byte %d: %d byte(s) after the signature", ErrMalformed, r.off, len(blob)-r.off)
	}
	pub, err := ssh.ParsePublicKey(keyBlob)
	if err != nil {
		return nil, fmt.Errorf("%w: byte %d: public key: %v", ErrMalformed, keyOff, err)
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(sigBlob, &sig); err != nil {
		return nil, fmt.Errorf("%w: byte %d: signature: %v", ErrMalformed, sigOff, err)
	}
	if len(ns) == 0 {
		return nil, fmt.Errorf("%w: empty namespace", ErrMalformed)
	}
	return &Signature{PublicKey: pub, Namespace: string(ns), HashAlgorithm: string(hashAlg), Signature: &sig}, nil
}

// blobReader reads the SSH wire types of a blob, saying where it ran out.
type blobReader struct {
	b   []byte
	off int
}

func (r *blobReader) uint32(field string) (uint32, error) {
	if len(r.b)-r.off < 4 {
		return 0, fmt.Errorf("%w: byte %d: truncated in the %s (%d byte(s) left, want 4)", ErrMalformed, r.off, field, len(r.b)-r.off)
	}
	v := binary.BigEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v, nil
}

func (r *blobReader) string(field string) ([]byte, error) {
	start := r.off
	n, err := r.uint32(field + "'s length")
	if err != nil {
		return nil, err
	}
	if uint64(n) > uint64(len(r.b)-r.off) {
		return nil, fmt.Errorf("%w: byte %d: truncated in the %s (length %d, %d byte(s) left)", ErrMalformed, start, field, n, len(r.b)-r.off)
	}
	s := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return s, nil
}
