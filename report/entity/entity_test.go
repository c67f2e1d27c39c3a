package entity

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// result is what a test compares of a Match.
type result struct {
	Company, LegalEntity, Parent, Country, Pattern string
	Source                                         Source
}

func lookup(db *DB, host string) (result, bool) {
	m, ok := db.Lookup(host)
	return result{m.Company, m.LegalEntity, m.Parent, m.Country, m.Pattern, m.Source}, ok
}

func TestBuiltin(t *testing.T) {
	if _, err := New(Curated(), ThirdPartyWeb()); err != nil {
		t.Fatalf("New(Curated(), ThirdPartyWeb()): %v", err)
	}
}

func TestLookupCurated(t *testing.T) {
	meta := result{"Meta", "Meta Platforms, Inc.", "Meta Platforms, Inc.", "US", "", SourceHaruspex}
	google := result{"Google", "Google LLC", "Alphabet Inc.", "US", "", SourceHaruspex}
	tiktok := result{"TikTok", "TikTok Information Technologies UK Limited", "ByteDance Ltd.", "GB", "", SourceHaruspex}
	linkedin := result{"LinkedIn", "LinkedIn Corporation", "Microsoft Corporation", "US", "", SourceHaruspex}
	x := result{"X", "Twitter International Unlimited Company", "X Corp.", "IE", "", SourceHaruspex}
	microsoft := result{"Microsoft", "Microsoft Corporation", "Microsoft Corporation", "US", "", SourceHaruspex}
	pinterest := result{"Pinterest", "Pinterest Europe Ltd.", "Pinterest, Inc.", "IE", "", SourceHaruspex}
	snap := result{"Snap", "Snap Group Limited", "Snap Inc.", "GB", "", SourceHaruspex}
	reddit := result{"Reddit", "Reddit, Inc.", "Reddit, Inc.", "US", "", SourceHaruspex}
	with := func(r result, pattern string) result { r.Pattern = pattern; return r }

	tests := []struct {
		host string
		want result
	}{
		{"www.facebook.com", with(meta, "*.facebook.com")},
		{"facebook.com", with(meta, "*.facebook.com")},
		{"connect.facebook.net", with(meta, "*.facebook.net")},
		{"scontent-lhr8-1.xx.fbcdn.net", with(meta, "*.fbcdn.net")},
		{"www.instagram.com", with(meta, "*.instagram.com")},
		{"www.google-analytics.com", with(google, "*.google-analytics.com")},
		{"region1.google-analytics.com", with(google, "*.google-analytics.com")},
		{"analytics.google.com", with(google, "analytics.google.com")},
		{"www.googletagmanager.com", with(google, "*.googletagmanager.com")},
		{"googleads.g.doubleclick.net", with(google, "*.doubleclick.net")},
		{"stats.g.doubleclick.net", with(google, "*.doubleclick.net")},
		{"www.googleadservices.com", with(google, "*.googleadservices.com")},
		{"pagead2.googlesyndication.com", with(google, "*.googlesyndication.com")},
		{"www.google.com", with(google, "*.google.com")},
		// Google family (issue 18): country domains and Optimize.
		{"www.google.se", with(google, "*.google.se")},
		{"www.google.co.in", with(google, "*.google.co.in")},
		{"adservice.google.co.jp", with(google, "*.google.co.jp")},
		{"www.googleoptimize.com", with(google, "*.googleoptimize.com")},
		{"analytics.tiktok.com", with(tiktok, "*.tiktok.com")},
		{"px.ads.linkedin.com", with(linkedin, "*.linkedin.com")},
		{"snap.licdn.com", with(linkedin, "*.licdn.com")},
		{"analytics.twitter.com", with(x, "*.twitter.com")},
		{"t.co", with(x, "*.t.co")},
		{"static.ads-twitter.com", with(x, "*.ads-twitter.com")},
		{"bat.bing.com", with(microsoft, "*.bing.com")},
		{"ct.pinterest.com", with(pinterest, "*.pinterest.com")},
		{"s.pinimg.com", with(pinterest, "*.pinimg.com")},
		{"tr.snapchat.com", with(snap, "*.snapchat.com")},
		{"sc-static.net", with(snap, "*.sc-static.net")},
		{"alb.reddit.com", with(reddit, "*.reddit.com")},
		{"www.redditstatic.com", with(reddit, "*.redditstatic.com")},
	}
	db := Builtin()
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			got, ok := lookup(db, tt.host)
			if !ok {
				t.Fatalf("Lookup(%q): not found", tt.host)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Lookup(%q) mismatch (-want +got):\n%s", tt.host, diff)
			}
		})
	}
}

func TestLookupThirdPartyWeb(t *testing.T) {
	tests := []struct {
		host string
		want result
	}{
		{"widget.intercom.io", result{Company: "Intercom", Pattern: "*.intercom.io", Source: SourceThirdPartyWeb}},
		{"player.vimeo.com", result{Company: "Vimeo", Pattern: "*.vimeo.com", Source: SourceThirdPartyWeb}},
		{"script.cetrk.com", result{Company: "Crazy Egg", Pattern: "*.cetrk.com", Source: SourceThirdPartyWeb}},
		{"an.yandex.ru", result{Company: "Yandex", Pattern: "an.yandex.ru", Source: SourceThirdPartyWeb}},
		// Upstream lists "*.Quinstreet.com"; the generator lower-cases it.
		{"www.quinstreet.com", result{Company: "QuinStreet", Pattern: "*.quinstreet.com", Source: SourceThirdPartyWeb}},
		// A Google host the curated table does not list falls through
		// (adservice.google.co.jp did until issue 18).
		{"rr1---sn-4g5e6nzz.googlevideo.com", result{Company: "Google", Pattern: "*.googlevideo.com", Source: SourceThirdPartyWeb}},
	}
	db := Builtin()
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			got, ok := lookup(db, tt.host)
			if !ok {
				t.Fatalf("Lookup(%q): not found", tt.host)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Lookup(%q) mismatch (-want +got):\n%s", tt.host, diff)
			}
		})
	}
}

func TestLookupNormalises(t *testing.T) {
	db := Builtin()
	for _, host := range []string{"CONNECT.Facebook.NET", "connect.facebook.net.", " connect.facebook.net "} {
		m, ok := db.Lookup(host)
		if !ok || m.Host != "connect.facebook.net" || m.Pattern != "*.facebook.net" {
			t.Errorf("Lookup(%q) = %q, %q, %v; want connect.facebook.net, *.facebook.net, true", host, m.Host, m.Pattern, ok)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	db := Builtin()
	for _, host := range []string{
		"",                       // nothing to look up
		"www.police.example",     // a first party
		"www.met.police.uk",      // a first party under a public suffix
		"com",                    // a TLD alone matches no "*.com" pattern
		"notfacebook.com",        // a suffix match must fall on a label boundary
		"facebook.com.evil.test", // the domain must be at the end
		"192.0.2.1",              // an IP address
	} {
		if m, ok := db.Lookup(host); ok {
			t.Errorf("Lookup(%q) = %s via %s; want not found", host, m.Name, m.Pattern)
		}
	}
}

func TestLookupOrder(t *testing.T) {
	first := []Entity{
		{Name: "A", Domains: []string{"*.example.com"}},
		{Name: "B", Domains: []string{"*.deep.example.com"}},
		{Name: "C", Domains: []string{"exact.example.com"}},
		{Name: "D", Domains: []string{"*.exact.example.com"}},
	}
	second := []Entity{
		{Name: "E", Domains: []string{"x.deep.example.com", "*.example.org"}},
	}
	db, err := New(first, second)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ host, want string }{
		{"www.example.com", "A"},
		{"example.com", "A"},
		{"a.deep.example.com", "B"},  // longest suffix in the table
		{"x.deep.example.com", "B"},  // the first table wins, even over a longer pattern in a later one
		{"exact.example.com", "C"},   // an exact pattern before "*." at the same length
		{"a.exact.example.com", "D"}, // the exact pattern matches only itself
		{"www.example.org", "E"},     // a later table answers what earlier ones do not know
	}
	for _, tt := range tests {
		m, ok := db.Lookup(tt.host)
		if !ok || m.Name != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.host, m.Name, ok, tt.want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		table []Entity
		want  string // regexp
	}{
		// Two entities claim one pattern in the same table.
		{"duplicate", []Entity{{Name: "A", Domains: []string{"*.a.test"}}, {Name: "B", Domains: []string{"*.a.test"}}},
			`entity: table 0, entity 1 \(B\): domain "\*\.a\.test" already belongs to A`},
		// Host names compare lower-case; a capital would never match.
		{"upper-case", []Entity{{Name: "A", Domains: []string{"*.A.test"}}}, `not lower-case`},
		// A bare TLD would claim a whole namespace.
		{"one label", []Entity{{Name: "A", Domains: []string{"*.com"}}}, `two or more labels`},
		// "a..test" has an empty label.
		{"empty label", []Entity{{Name: "A", Domains: []string{"a..test"}}}, `empty label`},
		// A wildcard only as the first label.
		{"inner wildcard", []Entity{{Name: "A", Domains: []string{"a.*.test"}}}, `character '\*' not allowed`},
		// Every entity needs a name to be cited.
		{"no name", []Entity{{Domains: []string{"a.test"}}}, `entity 0: no name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := New(tt.table)
			if err == nil {
				t.Fatalf("New: no error; want %s", tt.want)
			}
			if !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Errorf("New: error %q; want match for %s", err, tt.want)
			}
			if db == nil {
				t.Errorf("New: nil DB; want the valid part")
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	hosts := []string{"connect.facebook.net", "static.criteo.net", "x.deep.unknown.test", "www.google.com"}
	want := make([]Match, len(hosts))
	db := Builtin()
	for i, h := range hosts {
		want[i], _ = db.Lookup(h)
	}
	for range 5 {
		db := Builtin()
		for i, h := range hosts {
			got, _ := db.Lookup(h)
			if diff := cmp.Diff(want[i], got); diff != "" {
				t.Errorf("Lookup(%q) changed between builds (-first +later):\n%s", h, diff)
			}
		}
	}
	if diff := cmp.Diff(Builtin().Entities(), Builtin().Entities()); diff != "" {
		t.Errorf("Entities() changed between builds:\n%s", diff)
	}
}

func TestCuratedComplete(t *testing.T) {
	for _, e := range Curated() {
		if e.Name == "" || e.Company == "" || e.LegalEntity == "" || e.Country == "" || e.Reference == "" || e.Source != SourceHaruspex {
			t.Errorf("curated entry %q lacks a name, company, legal entity, country, reference or source: %+v", e.Name, e)
		}
		if !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(e.Country) {
			t.Errorf("curated entry %q: country %q is not ISO 3166-1 alpha-2", e.Name, e.Country)
		}
	}
}

func TestThirdPartyWebProvenance(t *testing.T) {
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(ThirdPartyWebVersion) {
		t.Errorf("ThirdPartyWebVersion = %q; want a semantic version", ThirdPartyWebVersion)
	}
	if got := SourceThirdPartyWeb.String(); got != "third-party-web v"+ThirdPartyWebVersion+" (MIT)" {
		t.Errorf("SourceThirdPartyWeb.String() = %q", got)
	}
	lic, err := os.ReadFile("THIRD-PARTY-WEB-LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The MIT License", "Patrick Hulce", "Permission is hereby granted"} {
		if !strings.Contains(string(lic), want) {
			t.Errorf("THIRD-PARTY-WEB-LICENSE lacks %q", want)
		}
	}
	gen, err := os.ReadFile("thirdpartyweb_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gen), "third-party-web "+ThirdPartyWebVersion) || !strings.Contains(string(gen), ThirdPartyWebSHA256) {
		t.Errorf("thirdpartyweb_gen.go header does not name version %s and SHA-256 %s", ThirdPartyWebVersion, ThirdPartyWebSHA256)
	}
	for _, e := range ThirdPartyWeb() {
		if e.Source != SourceThirdPartyWeb || e.LegalEntity != "" {
			t.Fatalf("third-party-web entry %q: source %v, legal entity %q", e.Name, e.Source, e.LegalEntity)
		}
	}
}

func TestSourceText(t *testing.T) {
	got, _ := SourceHaruspex.MarshalText()
	if string(got) != "haruspex" {
		t.Errorf("SourceHaruspex.MarshalText() = %q", got)
	}
	if got := Source(0).String(); got != "Source(0)" {
		t.Errorf("Source(0).String() = %q", got)
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"connect.facebook.net", "", ".", "..", "*.", "a.b.c.d.e.f", "FACEBOOK.COM.", "xn--bcher-kva.example"} {
		f.Add(s)
	}
	db := Builtin()
	f.Fuzz(func(t *testing.T, host string) {
		m1, ok1 := db.Lookup(host)
		m2, ok2 := db.Lookup(host)
		if ok1 != ok2 || m1.Pattern != m2.Pattern || m1.Name != m2.Name {
			t.Fatalf("Lookup(%q) not deterministic", host)
		}
		if ok1 && m1.Pattern != m1.Host && !strings.HasSuffix("."+m1.Host, m1.Pattern[1:]) {
			t.Fatalf("Lookup(%q) matched %q, which does not cover %q", host, m1.Pattern, m1.Host)
		}
	})
}
