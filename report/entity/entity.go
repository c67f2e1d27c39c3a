package entity

import (
	"errors"
	"fmt"
	"strings"
)

// Source says where an attribution comes from, so that every company
// named in a report can be traced to the table that named it.
type Source int

const (
	// SourceHaruspex is haruspex's own curated table ([Curated]).
	SourceHaruspex Source = iota + 1
	// SourceThirdPartyWeb is the entity list of the third-party-web npm
	// package, version [ThirdPartyWebVersion], MIT licence ([ThirdPartyWeb]).
	SourceThirdPartyWeb
)

// String returns "haruspex" or "third-party-web v<version> (MIT)", the
// form a report cites.
func (s Source) String() string {
	switch s {
	case SourceHaruspex:
		return "haruspex"
	case SourceThirdPartyWeb:
		return "third-party-web v" + ThirdPartyWebVersion + " (MIT)"
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// MarshalText writes s as [Source.String] does, so JSON output carries the
// citation rather than a number.
func (s Source) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Entity is a company, or one of its products, and the domains it serves
// from.
type Entity struct {
	// Name is the service as commonly known: "Facebook", "Google
	// Analytics", "LinkedIn Ads".
	Name string
	// Company is the company as commonly known: "Meta", "Google". For
	// third-party-web entries without a company it is the Name, as
	// upstream's own API does.
	Company string
	// LegalEntity is the company that the provider's own terms or privacy
	// notice name as responsible for users in the United Kingdom
	// (haruspex's first audience), e.g. "Meta Platforms, Inc.". Only the
	// curated table ([SourceHaruspex]) fills it; see Note for other
	// regions and Reference for the document it comes from.
	LegalEntity string
	// Country is the ISO 3166-1 alpha-2 code of the country where
	// LegalEntity is registered ("US", "IE", "GB").
	Country string
	// Parent is the ultimate parent company ("Alphabet Inc."), which may
	// be LegalEntity itself; empty where not recorded.
	Parent string
	// Homepage is the service's web site.
	Homepage string
	// Category is third-party-web's vocabulary: ad, analytics, cdn,
	// consent-provider, content, customer-success, hosting, marketing,
	// other, social, tag-manager, utility, video.
	Category string
	// Domains are the host patterns the entity serves from: a host name
	// ("bat.bing.com") matches only itself; "*." and a domain
	// ("*.facebook.com") matches the domain and every host under it.
	Domains []string
	// Note says what a reader should know about LegalEntity: the entity
	// for users in the EU, or a change of name.
	Note string
	// Reference is the URL of the document that names LegalEntity.
	Reference string
	// Source is the table the entity comes from.
	Source Source
}

// Match is the answer of [DB.Lookup]: the entity, the host that was looked
// up, and which of the entity's Domains matched it.
type Match struct {
	Entity
	// Host is the host looked up, lower-cased and without a trailing dot.
	Host string
	// Pattern is the element of Entity.Domains that matched Host.
	Pattern string
}

// DB attributes host names to entities. Build one with [New] or
// [Builtin]; a DB is not changed after it is built and may be used from
// several goroutines.
type DB struct {
	entities []Entity
	tables   []map[string]int // per table: pattern → index in entities
}

// Builtin returns a DB of haruspex's curated table ([Curated]) followed by
// third-party-web's entity list ([ThirdPartyWeb]), so a curated entry wins
// wherever both know a host.
func Builtin() *DB {
	// Both tables are valid (TestBuiltin checks that New returns no
	// error), so the DB is whole.
	db, _ := New(Curated(), ThirdPartyWeb())
	return db
}

// New returns a DB of the given tables, consulted in order: [DB.Lookup]
// answers from the first table that knows the host. Within a table a
// pattern may appear only once. Each pattern must be lower-case: a host
// name of at least two dot-separated labels of letters, digits, "-" and
// "_", optionally preceded by "*.".
//
// A bad or duplicate pattern is an error naming the table, the entity and
// the pattern; New still returns a DB holding every other pattern (of a
// duplicate, the first), so that a caller may go on with what is valid.
func New(tables ...[]Entity) (*DB, error) {
	db := &DB{}
	var errs []error
	for ti, table := range tables {
		m := make(map[string]int)
		for ei, e := range table {
			idx := len(db.entities)
			e.Domains = append([]string(nil), e.Domains...)
			db.entities = append(db.entities, e)
			if e.Name == "" {
				errs = append(errs, fmt.Errorf("entity: table %d, entity %d: no name", ti, ei))
			}
			for _, d := range e.Domains {
				if err := checkPattern(d); err != nil {
					errs = append(errs, fmt.Errorf("entity: table %d, entity %d (%s): domain %q: %w", ti, ei, e.Name, d, err))
					continue
				}
				if prev, dup := m[d]; dup {
					errs = append(errs, fmt.Errorf("entity: table %d, entity %d (%s): domain %q already belongs to %s", ti, ei, e.Name, d, db.entities[prev].Name))
					continue
				}
				m[d] = idx
			}
		}
		db.tables = append(db.tables, m)
	}
	if len(errs) > 0 {
		return db, errors.Join(errs...)
	}
	return db, nil
}

func checkPattern(p string) error {
	d := strings.TrimPrefix(p, "*.")
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return errors.New("not a domain of two or more labels")
	}
	for _, l := range labels {
		if l == "" {
			return errors.New("empty label")
		}
		for i := 0; i < len(l); i++ {
			switch c := l[i]; {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
			case 'A' <= c && c <= 'Z':
				return errors.New("not lower-case")
			default:
				return fmt.Errorf("character %q not allowed", c)
			}
		}
	}
	return nil
}

// Lookup returns the entity that serves host, a host name as
// [net/url.URL.Hostname] returns it (letter case and a trailing dot do not
// matter).
//
// Matching order: the tables in the order given to [New] (for [Builtin],
// the curated table, then third-party-web); within a table, the longest
// suffix first: the host itself (an exact pattern, then "*.host"), then
// "*." and each parent domain in turn, up to the registrable domain and
// beyond. So "bat.bing.com" is looked up as "bat.bing.com", "*.bat.bing.com",
// "*.bing.com", "*.com". The answer depends only on the tables and the
// host.
func (db *DB) Lookup(host string) (Match, bool) {
	host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	if host == "" {
		return Match{}, false
	}
	for _, t := range db.tables {
		if i, ok := t[host]; ok {
			return db.match(i, host, host), true
		}
		for s := host; ; {
			if i, ok := t["*."+s]; ok {
				return db.match(i, host, "*."+s), true
			}
			dot := strings.IndexByte(s, '.')
			if dot < 0 {
				break
			}
			s = s[dot+1:]
		}
	}
	return Match{}, false
}

func (db *DB) match(i int, host, pattern string) Match {
	e := db.entities[i]
	e.Domains = append([]string(nil), e.Domains...)
	return Match{Entity: e, Host: host, Pattern: pattern}
}

// Entities returns every entity of db, table by table in the order given
// to [New], each table in its own order. The slice is a copy.
func (db *DB) Entities() []Entity {
	out := make([]Entity, len(db.entities))
	for i, e := range db.entities {
		e.Domains = append([]string(nil), e.Domains...)
		out[i] = e
	}
	return out
}
