package decode_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// namedHost is a tracker host (and path prefix) that issue 18 ("Every
// tracker an investigator meets") names: no request to it may be left as
// a generic "other" event.
type namedHost struct {
	host *regexp.Regexp // matches the whole host
	path string         // path prefix; "" for any path
	what string         // what the issue calls it
}

// namedHostTables are the tables of issue 18, one per family; each must
// match at least one request of the corpus, or it tests nothing.
var namedHostTables = []struct {
	family string
	hosts  []namedHost
}{
	{"google", namedHostsGoogle},
	{"vendors", vendorHosts()},
}

// googleCountry matches Google's country domains as hosts are written:
// com, a two-letter country code, co.<cc>, com.<cc>.
const googleCountry = `(com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})`

// namedHostsGoogle are the Google family's hosts of issue 18.
var namedHostsGoogle = []namedHost{
	{regexp.MustCompile(`^(www|ssl)\.google-analytics\.com$`), "/__utm.gif", "classic Google Analytics hit"},
	{regexp.MustCompile(`^stats\.g\.doubleclick\.net$`), "/__utm.gif", "classic Google Analytics hit (dc.js)"},
	{regexp.MustCompile(`^(www|ssl)\.google-analytics\.com$`), "/ga.js", "ga.js library"},
	{regexp.MustCompile(`^(www|ssl)\.google-analytics\.com$`), "/urchin.js", "urchin.js library"},
	{regexp.MustCompile(`^(www|ssl)\.google-analytics\.com$`), "/gtm/js", "Google Optimize container"},
	{regexp.MustCompile(`^(www|ssl)\.google-analytics\.com$`), "/plugins/", "Universal Analytics plugin"},
	{regexp.MustCompile(`^www\.google\.` + googleCountry + `$`), "/ads/", "Google Analytics remarketing audiences and Google Ads remarketing"},
	{regexp.MustCompile(`^www\.google\.` + googleCountry + `$`), "/pagead/", "Google Ads on a country domain"},
	{regexp.MustCompile(`^adservice\.google\.` + googleCountry + `$`), "", "Floodlight (ddm/fls) and Google's ad service"},
	{regexp.MustCompile(`^ad\.doubleclick\.net$`), "/activity", "Floodlight activity"},
	{regexp.MustCompile(`^ad\.doubleclick\.net$`), "/ddm/", "Floodlight activity"},
	{regexp.MustCompile(`^([0-9]+\.)?fls\.doubleclick\.net$`), "", "Floodlight activity"},
	{regexp.MustCompile(`^www\.googletagmanager\.com$`), "", "Google tag and Tag Manager"},
	{regexp.MustCompile(`^(securepubads|pubads)\.g\.doubleclick\.net$`), "", "Google Ad Manager"},
	{regexp.MustCompile(`^www\.googletagservices\.com$`), "", "Google Publisher Tag"},
	{regexp.MustCompile(`^(pagead2|tpc)\.googlesyndication\.com$`), "", "AdSense and Google's ad serving"},
	{regexp.MustCompile(`^googleads\.g\.doubleclick\.net$`), "/pagead/", "Google Ads and AdSense"},
}

// TestCorpusNamedHosts decodes every corpus file and fails on any request
// to a host of namedHostTables left as "other", naming the file and entry.
// A request is checked against the first table entry it matches.
func TestCorpusNamedHosts(t *testing.T) {
	readPixelTable(t) // skips without the corpus
	names, err := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatalf("no HAR files in %s", corpusDir)
	}
	reg := newRegistry(t)
	matched := make([]int, len(namedHostTables))
	for _, path := range names {
		name := filepath.Base(path)
		for _, ev := range decodeFileLenient(t, reg, name) {
			for ti, table := range namedHostTables {
				for _, h := range table.hosts {
					if !h.host.MatchString(ev.Host) || !strings.HasPrefix(ev.Path, h.path) {
						continue
					}
					matched[ti]++
					if ev.Vendor == decode.VendorOther {
						t.Errorf("%s#%d: %s %s%s is %q; issue 18 names it (%s: %s)", name, ev.Sources[0].Entry, ev.Method, ev.Host, ev.Path, ev.Vendor, table.family, h.what)
					}
					break
				}
			}
		}
	}
	for ti, table := range namedHostTables {
		if matched[ti] == 0 {
			t.Errorf("table %s matches no request of the corpus: it tests nothing", table.family)
		}
		t.Logf("%s: %d events to named hosts, none left as other", table.family, matched[ti])
	}
}
