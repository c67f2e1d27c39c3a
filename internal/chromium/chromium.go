// Package chromium starts headless Chromium — Debian's package
// chromium, or Google Chrome — for the parts of haruspex that drive it
// over the DevTools protocol with chromedp: "haruspex visit" (package
// har/visit), and the printing of evidence reports to PDF (package
// report/evidence/pdf). It holds what they share: finding the browser,
// the switches of a quiet headless start, a fresh profile, and the
// translation to chromedp's allocator options. Each adds its own
// switches (a proxy, a window size, a host resolver).
//
// A start, as the two use it:
//
//	bin, _ := chromium.Look("")            // chromium on PATH
//	profile, _ := chromium.NewProfile("")  // a fresh --user-data-dir
//	defer chromium.RemoveProfile(profile)
//	sw := append(chromium.Headless(), chromium.Switch{Name: "user-data-dir", Value: profile})
//	alloc, cancel := chromedp.NewExecAllocator(ctx, chromium.AllocatorOptions(bin, append(sw, chromium.NoSandbox()...))...)
//	defer cancel()
//	tab, cancelTab := chromedp.NewContext(alloc)
//	defer cancelTab()
package chromium

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNotFound reports that no Chromium or Chrome binary was found on
// PATH. Its text says which package to install.
var ErrNotFound = errors.New("chromium: no Chromium or Chrome found on PATH (install Debian's package chromium: apt-get install chromium)")

// names are the browser binaries looked for on PATH, in order.
var names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the first of chromium, chromium-browser, google-chrome and
// google-chrome-stable found on PATH, or [ErrNotFound].
func Find() (string, error) {
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// Look returns path when it names an executable file, or, when path is
// "", the browser [Find] finds.
func Look(path string) (string, error) {
	if path == "" {
		return Find()
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("chromium: browser %w", err)
	}
	if st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("chromium: browser %s is not an executable file", path)
	}
	return path, nil
}

// Switch is one command-line switch of the browser.
type Switch struct {
	Name  string
	Value string // "" for a switch without a value
}

// String returns the switch as the command line has it: "--name" or
// "--name=value".
func (s Switch) String() string {
	if s.Value == "" {
		return "--" + s.Name
	}
	return "--" + s.Name + "=" + s.Value
}

// Headless returns the switches of a quiet headless start, in this
// order:
//
//   - headless, no GPU, no first-run or default-browser prompts;
//   - no background traffic of the browser's own (component updates,
//     sync, time queries, translation, domain reliability reports, crash
//     reports), so that nothing the browser sends on its own mixes with
//     what a page causes, and nothing leaves a closed network;
//   - no QUIC, which would go around an HTTP proxy;
//   - /tmp rather than a small /dev/shm, as containers have.
//
// The profile (--user-data-dir, [NewProfile]) and [NoSandbox] are the
// caller's to add, with its own switches.
func Headless() []Switch {
	return []Switch{
		{"headless", ""}, {"disable-gpu", ""}, {"no-first-run", ""}, {"no-default-browser-check", ""},
		{"disable-background-networking", ""}, {"disable-component-update", ""}, {"disable-sync", ""},
		{"disable-default-apps", ""}, {"disable-domain-reliability", ""}, {"disable-breakpad", ""},
		{"disable-features", "NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,AutofillServerCommunication"},
		{"disable-quic", ""},
		{"disable-dev-shm-usage", ""},
	}
}

// NoSandbox returns --no-sandbox when the process runs as root, which
// Chromium refuses to do with its sandbox, and nothing otherwise.
func NoSandbox() []Switch {
	if os.Geteuid() == 0 {
		return []Switch{{"no-sandbox", ""}}
	}
	return nil
}

// AllocatorOptions turns switches into chromedp's options for starting
// the browser bin, with none of chromedp's own default switches.
func AllocatorOptions(bin string, sw []Switch) []chromedp.ExecAllocatorOption {
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin)}
	for _, s := range sw {
		var v any = true
		if s.Value != "" {
			v = s.Value
		}
		opts = append(opts, chromedp.Flag(s.Name, v))
	}
	return opts
}

// NewProfile makes a fresh profile directory for one browser start (its
// --user-data-dir), with prefs, when not "", as its Default/Preferences
// file. Remove it with [RemoveProfile] once the browser has exited.
func NewProfile(prefs string) (string, error) {
	dir, err := os.MkdirTemp("", "haruspex-chromium-")
	if err != nil {
		return "", fmt.Errorf("chromium: making a browser profile: %w", err)
	}
	if prefs == "" {
		return dir, nil
	}
	err = os.Mkdir(filepath.Join(dir, "Default"), 0o700)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "Default", "Preferences"), []byte(prefs), 0o600)
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("chromium: making a browser profile: %w", err)
	}
	return dir, nil
}

// RemoveProfile removes a profile once its browser has exited; a child
// process of the browser may still write in it for a moment, so it tries
// a few times.
func RemoveProfile(dir string) {
	for try := 0; try < 5; try++ {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
