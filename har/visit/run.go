package visit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// Job is one visit: a URL with a consent variant, and the directory its
// files go to.
type Job struct {
	URL     string
	Site    string // the site's directory name ([SiteName])
	Variant Variant
	Dir     string // out/<site>/<variant>; must not exist
}

// Plan returns the jobs for every URL and variant, in the order of the
// URLs, then of the variants: each writes out/<site>/<variant>. A URL
// must be absolute http or https; a URL given twice, or a directory that
// exists already, is an error (a visit never writes over another).
// Two URLs of one host with different paths get different site names.
func Plan(out string, urls []string, variants []Variant) ([]Job, error) {
	if len(variants) == 0 {
		return nil, errors.New("visit: no consent variant")
	}
	var jobs []Job
	seenURL := map[string]bool{}
	seenSite := map[string]bool{}
	for _, raw := range urls {
		u, err := checkURL(raw)
		if err != nil {
			return nil, err
		}
		if seenURL[u.String()] {
			return nil, fmt.Errorf("visit: %s is listed twice", u)
		}
		seenURL[u.String()] = true
		site := SiteName(u)
		for n := 2; seenSite[site]; n++ {
			site = fmt.Sprintf("%s-%d", SiteName(u), n)
		}
		seenSite[site] = true
		for _, v := range variants {
			dir := filepath.Join(out, site, v.String())
			if _, err := os.Lstat(dir); err == nil {
				return nil, fmt.Errorf("visit: %s exists: a visit never writes over another (choose another --out, or remove it)", dir)
			}
			jobs = append(jobs, Job{URL: u.String(), Site: site, Variant: v, Dir: dir})
		}
	}
	return jobs, nil
}

// checkURL parses an absolute http or https URL.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("visit: URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("visit: URL %q: want an absolute http or https URL (https://www.example.org/)", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("visit: URL %q: a user name or password in the URL would be recorded and sent", raw)
	}
	return u, nil
}

var unsafeName = regexp.MustCompile(`[^a-z0-9.-]+`)

// SiteName is the directory name of a URL's site: its host in lower case,
// then _PORT when the port is not the scheme's, then _PATH (non-alphanumerics as
// -) when the path is not "/"; the query and fragment are not part of it.
//
//	https://www.police.example/          → www.police.example
//	https://www.police.example:8443/     → www.police.example_8443
//	https://www.police.example/report/   → www.police.example_report
func SiteName(u *url.URL) string {
	name := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if ip := net.ParseIP(name); ip != nil && strings.Contains(name, ":") {
		name = "ipv6" + name // ::1 → ipv6-1
	}
	name = strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-.")
	if name == "" {
		name = "site"
	}
	if p := u.Port(); p != "" && !(p == "443" && u.Scheme == "https" || p == "80" && u.Scheme == "http") {
		name += "_" + p
	}
	if path := strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(u.EscapedPath()), "-"), "-."); path != "" {
		if len(path) > 80 {
			path = path[:80]
		}
		name += "_" + strings.Trim(path, "-.")
	}
	return name
}

// Run makes the visits, Options.Parallel at a time, and returns their
// records in the order of jobs, whatever the order they finished in. A
// visit that fails (the site cannot be reached, a timeout, the browser
// crashing) is recorded with its error in its visit.json and never stops
// the others. When ctx is done, the visits under way stop (interrupted,
// their captures finalised) and those not started are [Skipped]. The
// error is for options that cannot work (no CA, no browser); no visit is
// made then.
func Run(ctx context.Context, jobs []Job, opts Options) ([]*Record, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	recs := make([]*Record, len(jobs))
	sem := make(chan struct{}, o.Parallel)
	var wg sync.WaitGroup
	for i, j := range jobs {
		acquired := false
		select {
		case sem <- struct{}{}:
			acquired = true
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			if acquired {
				<-sem
			}
			recs[i] = &Record{URL: j.URL, Site: j.Site, Variant: j.Variant, State: Skipped, Error: "not started: interrupted"}
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if o.OnStart != nil {
				o.OnStart(i, j)
			}
			r := visitOne(ctx, j, &o)
			recs[i] = r
			if o.OnDone != nil {
				o.OnDone(i, r)
			}
		})
	}
	wg.Wait()
	return recs, nil
}
