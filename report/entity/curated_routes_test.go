package entity_test

import (
	"strings"
	"testing"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report/entity"
)

// TestCuratedCoversRoutes checks that every host a decoder of
// decode.Builtin() names is attributed by the curated table, with a legal
// entity, so that no decoded tracker is left to third-party-web (which
// names no legal entity) or to nobody. "*.d" is checked as d itself,
// "name.*" (a name under any country domain) as name.com and name.se.
// Added with the Google family (issue 18).
func TestCuratedCoversRoutes(t *testing.T) {
	db, err := entity.New(entity.Curated())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, rt := range decode.Builtin() {
		var hosts []string
		switch {
		case rt.Host == "*":
			continue // any host: the site's own
		case rt.Host == "*.conversionsapigateway.com":
			// A Conversions API Gateway instance is run by the advertiser or
			// a hosting partner, not by Meta: whoever runs it is not known
			// from the host. Its events are Meta's through Event.Gateway.
			continue
		case strings.HasSuffix(rt.Host, ".*"):
			name := strings.TrimSuffix(rt.Host, ".*")
			hosts = []string{name + ".com", name + ".se"}
		default:
			hosts = []string{strings.TrimPrefix(rt.Host, "*.")}
		}
		for _, h := range hosts {
			if seen[h] {
				continue
			}
			seen[h] = true
			m, ok := db.Lookup(h)
			if !ok {
				t.Errorf("route %q (%s, vendor %s): host %s has no curated entity", rt.Name, rt.Host, rt.Vendor, h)
				continue
			}
			if m.Entity.LegalEntity == "" {
				t.Errorf("route %q: host %s is attributed to %s without a legal entity", rt.Name, h, m.Entity.Name)
			}
		}
	}
}
