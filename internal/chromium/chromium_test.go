package chromium

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSwitchString(t *testing.T) {
	for _, tt := range []struct {
		s    Switch
		want string
	}{
		{Switch{Name: "headless"}, "--headless"},
		{Switch{Name: "user-data-dir", Value: "/tmp/p"}, "--user-data-dir=/tmp/p"},
	} {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// TestHeadlessQuiet checks the switches that keep a start headless and
// off the network on its own account: a closed network's browser must
// not try to reach Google's services.
func TestHeadlessQuiet(t *testing.T) {
	var got []string
	for _, s := range Headless() {
		got = append(got, s.String())
	}
	for _, want := range []string{"--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync"} {
		if !slices.Contains(got, want) {
			t.Errorf("Headless() lacks %s: %v", want, got)
		}
	}
	if sb := NoSandbox(); (os.Geteuid() == 0) != (len(sb) == 1) {
		t.Errorf("NoSandbox() = %v as uid %d", sb, os.Geteuid())
	}
}

func TestLook(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "chromium")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(plain, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Look(exe); err != nil || got != exe {
		t.Errorf("Look(%s) = %q, %v", exe, got, err)
	}
	// Bad: not executable, a folder, absent.
	for _, bad := range []string{plain, dir, filepath.Join(dir, "absent")} {
		if _, err := Look(bad); err == nil || !strings.HasPrefix(err.Error(), "chromium: ") {
			t.Errorf("Look(%s) = %v, want a chromium: error", bad, err)
		}
	}
	// On a PATH of its own, Find finds the fake browser; on an empty
	// one, nothing, and says which package to install.
	t.Setenv("PATH", dir)
	if got, err := Look(""); err != nil || got != exe {
		t.Errorf("Look(\"\") on PATH %s = %q, %v", dir, got, err)
	}
	t.Setenv("PATH", t.TempDir())
	_, err := Find()
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("Find() on an empty PATH = %v, want ErrNotFound naming the package", err)
	}
}

func TestNewProfile(t *testing.T) {
	dir, err := NewProfile(`{"profile":{}}`)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "Default", "Preferences"))
	if err != nil || string(b) != `{"profile":{}}` {
		t.Errorf("Preferences = %q, %v", b, err)
	}
	RemoveProfile(dir)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile %s left after RemoveProfile: %v", dir, err)
	}
}
