package capture

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/martian/v3/mitm"
)

// File names of the certificate authority in its directory.
const (
	CACertFile = "ca.pem"     // the certificate, PEM; give this to the browser
	CAKeyFile  = "ca-key.pem" // the private key, PEM PKCS #8, mode 0600
)

// caValidity is how long a new CA is valid either side of its creation
// (martian's NewAuthority back-dates by the same amount).
const caValidity = 365 * 24 * time.Hour

// CA is the certificate authority the proxy signs its per-host certificates
// with. A browser trusts the proxy by trusting this certificate, or, for
// Chromium and Chrome, by its public-key hash ([CA.SPKI]).
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
	// Dir is the directory holding CACertFile and CAKeyFile.
	Dir string
	// Created reports that LoadOrCreateCA made the CA now.
	Created bool
}

// DefaultCADir returns the per-user directory for the CA:
// $XDG_CONFIG_HOME/haruspex/ca on Linux (~/.config/haruspex/ca),
// ~/Library/Application Support/haruspex/ca on macOS,
// %AppData%\haruspex\ca on Windows.
func DefaultCADir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("capture: finding the user's config directory: %w", err)
	}
	return filepath.Join(dir, "haruspex", "ca"), nil
}

// LoadOrCreateCA loads the CA in dir, or creates one there when dir holds
// neither file: the directory with mode 0700, the key with mode 0600. A
// directory holding only one of the two files is an error (nothing is
// overwritten).
func LoadOrCreateCA(dir string) (*CA, error) {
	certPath, keyPath := filepath.Join(dir, CACertFile), filepath.Join(dir, CAKeyFile)
	_, certErr := os.Stat(certPath)
	_, keyErr := os.Stat(keyPath)
	switch {
	case certErr == nil && keyErr == nil:
		return loadCA(dir)
	case errors.Is(certErr, fs.ErrNotExist) && errors.Is(keyErr, fs.ErrNotExist):
		return createCA(dir)
	case certErr == nil:
		return nil, fmt.Errorf("capture: %s exists but %s does not: restore the key or remove the certificate", certPath, keyPath)
	case keyErr == nil:
		return nil, fmt.Errorf("capture: %s exists but %s does not: restore the certificate or remove the key", keyPath, certPath)
	case !errors.Is(certErr, fs.ErrNotExist):
		return nil, fmt.Errorf("capture: reading the CA: %w", certErr)
	default:
		return nil, fmt.Errorf("capture: reading the CA: %w", keyErr)
	}
}

func createCA(dir string) (*CA, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("capture: creating the CA directory: %w", err)
	}
	cert, key, err := mitm.NewAuthority("haruspex capture CA", "haruspex", caValidity)
	if err != nil {
		return nil, fmt.Errorf("capture: creating the CA: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("capture: encoding the CA key: %w", err)
	}
	keyPath := filepath.Join(dir, CAKeyFile)
	if err := writeNew(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return nil, err
	}
	certPath := filepath.Join(dir, CACertFile)
	if err := writeNew(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644); err != nil {
		os.Remove(keyPath)
		return nil, err
	}
	return &CA{Cert: cert, Key: key, Dir: dir, Created: true}, nil
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("capture: writing %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("capture: writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("capture: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("capture: writing %s: %w", path, err)
	}
	return nil
}

func loadCA(dir string) (*CA, error) {
	certPath, keyPath := filepath.Join(dir, CACertFile), filepath.Join(dir, CAKeyFile)
	st, err := os.Stat(keyPath)
	if err != nil {
		return nil, fmt.Errorf("capture: reading the CA: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("capture: %s: mode %v lets other users read the CA key; run chmod 600 on it", keyPath, st.Mode().Perm())
	}
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, fmt.Errorf("capture: reading the CA: %w", err)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, fmt.Errorf("capture: reading the CA: %w", err)
	}
	cb, _ := pem.Decode(certPEM)
	if cb == nil || cb.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("capture: %s: no PEM CERTIFICATE block", certPath)
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("capture: %s: %w", certPath, err)
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil || !strings.HasSuffix(kb.Type, "PRIVATE KEY") {
		return nil, fmt.Errorf("capture: %s: no PEM PRIVATE KEY block", keyPath)
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("capture: %s: %w", keyPath, err)
	}
	key, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("capture: %s: unsupported key type %T", keyPath, k)
	}
	if !publicKeysEqual(cert.PublicKey, key.Public()) {
		return nil, fmt.Errorf("capture: %s does not belong to %s", keyPath, certPath)
	}
	if !cert.IsCA {
		return nil, fmt.Errorf("capture: %s is not a CA certificate", certPath)
	}
	return &CA{Cert: cert, Key: key, Dir: dir}, nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	ea, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && ea.Equal(b)
}

// Fingerprint returns the SHA-256 fingerprint of the CA certificate (its
// DER bytes) as upper-case hex pairs separated by colons, as browsers show
// it in their certificate viewers.
func (c *CA) Fingerprint() string {
	sum := sha256.Sum256(c.Cert.Raw)
	var b strings.Builder
	for i, x := range sum {
		if i > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%02X", x)
	}
	return b.String()
}

// SPKI returns the base64 SHA-256 of the CA's SubjectPublicKeyInfo: the
// value Chromium's --ignore-certificate-errors-spki-list takes.
func (c *CA) SPKI() string {
	sum := sha256.Sum256(c.Cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// CertPath returns the path of the CA certificate file.
func (c *CA) CertPath() string { return filepath.Join(c.Dir, CACertFile) }
