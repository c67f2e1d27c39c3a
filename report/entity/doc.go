// Package entity says which company is behind a host name, and where that
// attribution comes from.
//
// A HAR capture shows a police site sending requests to
// connect.facebook.net and www.facebook.com. A court needs more than a
// host name: it needs the company that received the data, the legal
// entity responsible for it, and the source of that statement.
//
// # Worked example
//
//	db := entity.Builtin()
//	m, ok := db.Lookup("connect.facebook.net")
//	// ok == true
//	// m.Pattern      "*.facebook.net" (the entry that matched)
//	// m.Company      "Meta"
//	// m.LegalEntity  "Meta Platforms, Inc." (for UK users; m.Note names the EU entity)
//	// m.Parent       "Meta Platforms, Inc."
//	// m.Country      "US"
//	// m.Source       haruspex (the curated table)
//
//	m, ok = db.Lookup("static.criteo.net")
//	// m.Company      "Criteo"
//	// m.LegalEntity  "" (third-party-web names no legal entities)
//	// m.Source       third-party-web v0.30.0 (MIT)
//
// # Where attributions come from
//
// [Builtin] joins two tables, consulted in this order:
//
//  1. [Curated], haruspex's own table ([SourceHaruspex]): every tracker
//     haruspex decodes (Meta, Google Analytics, Google Ads and DoubleClick,
//     Google Tag Manager, TikTok, LinkedIn, X, Microsoft UET, Pinterest,
//     Snap, Reddit), with legal entity, parent and country, each naming the
//     document it comes from ([Entity.Reference]).
//  2. [ThirdPartyWeb], the long tail ([SourceThirdPartyWeb]): the entity
//     list of Patrick Hulce's third-party-web npm package, version
//     [ThirdPartyWebVersion], MIT licence (THIRD-PARTY-WEB-LICENSE in this
//     directory), generated into thirdpartyweb_gen.go. It names companies
//     as commonly known ("Google", "ByteDance Ltd") but no legal entities.
//
// A curated entry wins wherever both know a host. Tracker Radar,
// Disconnect and Ghostery data are deliberately absent: their licences
// forbid commercial use.
//
// # Matching
//
// [DB.Lookup] takes a host name. Patterns are either a host name, which
// matches only itself, or "*." and a domain, which matches the domain and
// every host under it (third-party-web's convention, and decode's). The
// first table that knows the host answers; within it the longest suffix
// wins: the host itself, then each parent domain in turn. The answer
// ([Match]) names the pattern that matched, so a report can say why.
//
// # Updating third-party-web
//
// The generator reads a local copy of the npm package, so `go test` never
// needs the network. From the repository root:
//
//	cd "$(mktemp -d)" && npm pack third-party-web@0.30.0 && tar xzf third-party-web-0.30.0.tgz && cd -
//	THIRD_PARTY_WEB_DIR=/that/temp/dir/package go generate ./entity
//
// (npm view third-party-web version shows the newest version.) The
// generator checks that package.json names third-party-web under the MIT
// licence, rewrites thirdpartyweb_gen.go (sorted, gofmt'd, with the
// upstream version and the SHA-256 of dist/entities.json in its header)
// and copies the package's LICENSE to THIRD-PARTY-WEB-LICENSE verbatim.
// Review the diff, and the licence, before committing.
package entity

//go:generate go run ./internal/gen -pkg $THIRD_PARTY_WEB_DIR -out thirdpartyweb_gen.go -license THIRD-PARTY-WEB-LICENSE
