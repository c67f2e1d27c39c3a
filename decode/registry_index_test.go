package decode

import (
	"strings"
	"testing"
)

// findLinear is Find as a scan of every route: the reference the indexed
// Find must agree with.
func findLinear(r *Registry, host, path string) (Route, bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	best, bestRank := -1, 0
	for i, rt := range r.routes {
		rank := hostRank(rt.Host, host)
		if rank == 0 || !pathMatches(rt.Path, path) {
			continue
		}
		if best < 0 || rank > bestRank || rank == bestRank && len(rt.Path) > len(r.routes[best].Path) {
			best, bestRank = i, rank
		}
	}
	if best < 0 {
		return Route{}, false
	}
	return r.routes[best], true
}

func TestFindIndexMatchesScan(t *testing.T) {
	reg, err := NewRegistry(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	var hosts, paths []string
	for _, rt := range reg.routes {
		h := strings.TrimPrefix(rt.Host, "*.")
		hosts = append(hosts, h, "www."+h, "a.b."+h, strings.ToUpper(h)+".", "x"+h)
		paths = append(paths, rt.Path, rt.Path+"/x", strings.TrimSuffix(rt.Path, "/")+"x")
	}
	hosts = append(hosts, "", "example.com", "com", ".", "localhost",
		"www.google.co.in", "www.google.se", "WWW.GOOGLE.COM.AU.", "www.google.blogspot.com", "www.google.co.in.example.com", "adservice.google.de")
	paths = append(paths, "/", "")
	n := 0
	for _, h := range hosts {
		for _, p := range paths {
			got, gok := reg.Find(h, p)
			want, wok := findLinear(reg, h, p)
			if gok != wok || got.Name != want.Name || got.Host != want.Host || got.Path != want.Path {
				t.Fatalf("Find(%q, %q) = %q %v, scan says %q %v", h, p, got.Name, gok, want.Name, wok)
			}
			n++
		}
	}
	t.Logf("%d host/path pairs agree", n)
}
