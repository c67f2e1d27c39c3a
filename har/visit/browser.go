package visit

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNoChromium reports that no Chromium or Chrome binary was found.
var ErrNoChromium = errors.New("visit: no Chromium or Chrome found on PATH (install Debian's chromium, or give its path)")

// FindChromium returns the first of chromium, chromium-browser,
// google-chrome and google-chrome-stable found on PATH.
func FindChromium() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// LookChromium returns path when it names an executable file, or, when
// path is "", the browser [FindChromium] finds.
func LookChromium(path string) (string, error) {
	if path == "" {
		return FindChromium()
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("visit: browser %w", err)
	}
	if st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("visit: browser %s is not an executable file", path)
	}
	return path, nil
}

// WindowWidth and WindowHeight are the size of the browser's window, in
// CSS pixels.
const (
	WindowWidth  = 1280
	WindowHeight = 800
)

// switchArg is one command-line switch of the browser.
type switchArg struct {
	name  string
	value string // "" for a switch without a value
}

func (f switchArg) String() string {
	if f.value == "" {
		return "--" + f.name
	}
	return "--" + f.name + "=" + f.value
}

// browserServices are the hosts the browser calls on its own, whatever
// the page: Google's component updater and account list (which no flag
// stops: IdentityManager lists the accounts of every profile once its
// network is up). They bypass the proxy and their names fail to resolve,
// so that these requests are neither sent nor taken for the site's. A
// page's own requests to them fail too (a Google sign-in button on
// accounts.google.com will not load).
var browserServices = []string{"update.googleapis.com", "clients2.google.com", "accounts.google.com"}

// acceptLang is the Accept-Language list for a language: "en-GB" gives
// "en-GB,en".
func acceptLang(lang string) string {
	if base, _, ok := strings.Cut(lang, "-"); ok && base != "" {
		return lang + "," + base
	}
	return lang
}

// browserFlags are the switches a visit starts Chromium with, besides
// --user-data-dir (a new profile for each visit, removed after it:
// [newProfile]), and --remote-debugging-pipe and about:blank, which
// chromedp adds:
//
//   - headless, no GPU, no first-run or default-browser prompts;
//   - no background traffic of the browser's own (component updates,
//     sync, time queries, translation, domain reliability reports), so
//     that the capture holds what the site causes;
//   - no QUIC, which would go around an HTTP proxy;
//   - the language (--lang, --accept-lang; the visit also overrides the
//     page's locale, navigator.language, over DevTools);
//   - every request through the proxy, loopback too (<-loopback), but
//     those to [browserServices], which fail, and the proxy's CA trusted by
//     its SPKI hash, which Chromium honours for this profile only;
//   - offline, a host resolver that fails every name, so that nothing
//     can go around the proxy;
//   - no sandbox when running as root (Chromium refuses to start
//     otherwise), and /tmp rather than a small /dev/shm in containers.
//
// Hyperlink auditing (<a ping>), cookies and JavaScript are left as a
// user's browser has them.
func browserFlags(proxy, spki, lang string, offline bool) []switchArg {
	fs := []switchArg{
		{"headless", ""}, {"disable-gpu", ""}, {"no-first-run", ""}, {"no-default-browser-check", ""},
		{"disable-background-networking", ""}, {"disable-component-update", ""}, {"disable-sync", ""},
		{"disable-default-apps", ""}, {"disable-domain-reliability", ""}, {"disable-breakpad", ""},
		{"disable-features", "NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,AutofillServerCommunication"},
		{"disable-quic", ""},
		{"disable-dev-shm-usage", ""},
		{"window-size", fmt.Sprintf("%d,%d", WindowWidth, WindowHeight)},
		{"lang", lang},
		{"accept-lang", acceptLang(lang)},
		{"proxy-server", "http://" + proxy},
		{"proxy-bypass-list", "<-loopback>;" + strings.Join(browserServices, ";")},
		{"ignore-certificate-errors-spki-list", spki},
	}
	rules := make([]string, 0, len(browserServices))
	for _, h := range browserServices {
		rules = append(rules, "MAP "+h+" ~NOTFOUND")
	}
	if offline {
		rules = []string{"MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1"}
	}
	fs = append(fs, switchArg{"host-resolver-rules", strings.Join(rules, ", ")})
	if os.Geteuid() == 0 {
		fs = append(fs, switchArg{"no-sandbox", ""})
	}
	return fs
}

// allocatorOptions turns flags into chromedp's options.
func allocatorOptions(chromium string, fs []switchArg) []chromedp.ExecAllocatorOption {
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium)}
	for _, f := range fs {
		var v any = true
		if f.value != "" {
			v = f.value
		}
		opts = append(opts, chromedp.Flag(f.name, v))
	}
	return opts
}

// newTempDir is what a record says for the profile's directory.
const newTempDir = "(a new temporary directory)"

// flagStrings lists the flags as given to the browser, with those
// chromedp adds, and the profile's directory as newTempDir.
func flagStrings(fs []switchArg, profile string) []string {
	out := make([]string, 0, len(fs)+2)
	for _, f := range fs {
		out = append(out, strings.ReplaceAll(f.String(), profile, newTempDir))
	}
	return append(out, "--remote-debugging-pipe", "about:blank")
}

// newProfile makes a new profile directory for one visit, with its
// preferences: third-party cookies allowed or blocked (Chromium's
// profile.cookie_controls_mode: 0 allows, 1 blocks them).
func newProfile(thirdPartyCookies bool) (string, error) {
	dir, err := os.MkdirTemp("", "haruspex-visit-")
	if err != nil {
		return "", fmt.Errorf("visit: making the browser profile: %w", err)
	}
	mode, block := 1, true
	if thirdPartyCookies {
		mode, block = 0, false
	}
	prefs := fmt.Sprintf(`{"profile":{"cookie_controls_mode":%d,"block_third_party_cookies":%t}}`, mode, block)
	err = os.Mkdir(filepath.Join(dir, "Default"), 0o700)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "Default", "Preferences"), []byte(prefs), 0o600)
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("visit: making the browser profile: %w", err)
	}
	return dir, nil
}

// removeProfile removes a profile once its browser has exited; a child
// process of the browser may still write in it for a moment, so it tries
// a few times.
func removeProfile(dir string) {
	for try := 0; try < 5; try++ {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// commandLine reads a process's command line where the system shows it
// (/proc on Linux), with the profile's directory as newTempDir; nil
// elsewhere.
func commandLine(pid int, profile string) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(b) == 0 {
		return nil
	}
	var out []string
	for _, a := range strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00") {
		out = append(out, strings.ReplaceAll(a, profile, newTempDir))
	}
	return out
}

// product splits DevTools' product string, "HeadlessChrome/156.0.8078.114",
// into name and version.
func product(p string) (name, version string) {
	name, version, _ = strings.Cut(p, "/")
	return name, version
}
