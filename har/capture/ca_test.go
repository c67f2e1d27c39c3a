package capture_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/har/capture"
)

func TestLoadOrCreateCA(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ca")
	ca, err := capture.LoadOrCreateCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !ca.Created || !ca.Cert.IsCA {
		t.Errorf("Created = %v, IsCA = %v; want a new CA certificate", ca.Created, ca.Cert.IsCA)
	}
	for name, want := range map[string]os.FileMode{capture.CAKeyFile: 0o600, capture.CACertFile: 0o644, "": 0o700} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", filepath.Join(dir, name), got, want)
		}
	}
	if !regexp.MustCompile(`^([0-9A-F]{2}:){31}[0-9A-F]{2}$`).MatchString(ca.Fingerprint()) {
		t.Errorf("Fingerprint() = %q, want 32 colon-separated hex pairs", ca.Fingerprint())
	}
	if !regexp.MustCompile(`^[A-Za-z0-9+/]{43}=$`).MatchString(ca.SPKI()) {
		t.Errorf("SPKI() = %q, want base64 of 32 bytes", ca.SPKI())
	}

	again, err := capture.LoadOrCreateCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || again.Fingerprint() != ca.Fingerprint() || again.SPKI() != ca.SPKI() {
		t.Errorf("reloaded CA: Created %v, %s %s; want the same CA", again.Created, again.Fingerprint(), again.SPKI())
	}
}

func TestLoadCAErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{
			// The key alone: creating a certificate for it would orphan the
			// one browsers already trust.
			name:  "key without certificate",
			setup: func(t *testing.T, dir string) { remove(t, dir, capture.CACertFile) },
			want:  "exists but",
		},
		{
			// Other users could sign certificates the browser trusts.
			name:  "key readable by others",
			setup: func(t *testing.T, dir string) { os.Chmod(filepath.Join(dir, capture.CAKeyFile), 0o644) },
			want:  "lets other users read the CA key",
		},
		{
			// Not PEM at all.
			name: "garbage certificate",
			setup: func(t *testing.T, dir string) {
				os.WriteFile(filepath.Join(dir, capture.CACertFile), []byte("not a certificate"), 0o644)
			},
			want: "no PEM CERTIFICATE block",
		},
		{
			// The key of another CA: certificates would not chain.
			name: "mismatched key",
			setup: func(t *testing.T, dir string) {
				other := filepath.Join(t.TempDir(), "other")
				if _, err := capture.LoadOrCreateCA(other); err != nil {
					t.Fatal(err)
				}
				b, _ := os.ReadFile(filepath.Join(other, capture.CAKeyFile))
				os.WriteFile(filepath.Join(dir, capture.CAKeyFile), b, 0o600)
			},
			want: "does not belong to",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ca")
			if _, err := capture.LoadOrCreateCA(dir); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, dir)
			_, err := capture.LoadOrCreateCA(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "capture: ") {
				t.Errorf("LoadOrCreateCA() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func remove(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}
