package visit

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

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

// Window is the size of the browser's window, in CSS pixels.
const (
	WindowWidth  = 1280
	WindowHeight = 800
)

// flag is one command-line switch of the browser.
type flag struct {
	name  string
	value string // "" for a switch without a value
}

func (f flag) String() string {
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
// --user-data-dir (a new temporary directory, removed after the visit),
// --remote-debugging-pipe and about:blank, which chromedp adds:
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
func browserFlags(proxy, spki, lang string, offline bool) []flag {
	fs := []flag{
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
	fs = append(fs, flag{"host-resolver-rules", strings.Join(rules, ", ")})
	if os.Geteuid() == 0 {
		fs = append(fs, flag{"no-sandbox", ""})
	}
	return fs
}

// allocatorOptions turns flags into chromedp's options.
func allocatorOptions(chromium string, fs []flag) []chromedp.ExecAllocatorOption {
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

// flagStrings lists the flags as given to the browser, with those
// chromedp adds.
func flagStrings(fs []flag) []string {
	out := make([]string, 0, len(fs)+3)
	for _, f := range fs {
		out = append(out, f.String())
	}
	return append(out, "--user-data-dir=(a new temporary directory)", "--remote-debugging-pipe", "about:blank")
}

// product splits DevTools' product string, "HeadlessChrome/156.0.8078.114",
// into name and version.
func product(p string) (name, version string) {
	name, version, _ = strings.Cut(p, "/")
	return name, version
}
