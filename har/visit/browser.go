package visit

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/chromedp/chromedp"

	"github.com/haruspex/haruspex/internal/chromium"
)

// ErrNoChromium reports that no Chromium or Chrome binary was found.
var ErrNoChromium = errors.New("visit: no Chromium or Chrome found on PATH (install Debian's chromium, or give its path)")

// FindChromium returns the first of chromium, chromium-browser,
// google-chrome and google-chrome-stable found on PATH.
func FindChromium() (string, error) {
	p, err := chromium.Find()
	if err != nil {
		return "", ErrNoChromium
	}
	return p, nil
}

// LookChromium returns path when it names an executable file, or, when
// path is "", the browser [FindChromium] finds.
func LookChromium(path string) (string, error) {
	if path == "" {
		return FindChromium()
	}
	p, err := chromium.Look(path)
	if err != nil {
		return "", fmt.Errorf("visit: %s", strings.TrimPrefix(err.Error(), "chromium: "))
	}
	return p, nil
}

// WindowWidth and WindowHeight are the size of the browser's window, in
// CSS pixels.
const (
	WindowWidth  = 1280
	WindowHeight = 800
)

// switchArg is one command-line switch of the browser.
type switchArg = chromium.Switch

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
	fs := append(chromium.Headless(),
		switchArg{Name: "window-size", Value: fmt.Sprintf("%d,%d", WindowWidth, WindowHeight)},
		switchArg{Name: "lang", Value: lang},
		switchArg{Name: "accept-lang", Value: acceptLang(lang)},
		switchArg{Name: "proxy-server", Value: "http://" + proxy},
		switchArg{Name: "proxy-bypass-list", Value: "<-loopback>;" + strings.Join(browserServices, ";")},
		switchArg{Name: "ignore-certificate-errors-spki-list", Value: spki},
	)
	rules := make([]string, 0, len(browserServices))
	for _, h := range browserServices {
		rules = append(rules, "MAP "+h+" ~NOTFOUND")
	}
	if offline {
		rules = []string{"MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1"}
	}
	fs = append(fs, switchArg{Name: "host-resolver-rules", Value: strings.Join(rules, ", ")})
	return append(fs, chromium.NoSandbox()...)
}

// allocatorOptions turns flags into chromedp's options.
func allocatorOptions(bin string, fs []switchArg) []chromedp.ExecAllocatorOption {
	return chromium.AllocatorOptions(bin, fs)
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
	mode, block := 1, true
	if thirdPartyCookies {
		mode, block = 0, false
	}
	dir, err := chromium.NewProfile(fmt.Sprintf(`{"profile":{"cookie_controls_mode":%d,"block_third_party_cookies":%t}}`, mode, block))
	if err != nil {
		return "", fmt.Errorf("visit: %s", strings.TrimPrefix(err.Error(), "chromium: "))
	}
	return dir, nil
}

// removeProfile removes a profile once its browser has exited.
func removeProfile(dir string) { chromium.RemoveProfile(dir) }

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
