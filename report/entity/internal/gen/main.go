// Command gen converts the entity list of the third-party-web npm package
// (MIT, https://github.com/patrickhulce/third-party-web) into the Go file
// entity/thirdpartyweb_gen.go and copies the package's LICENSE beside it.
//
// It reads only local files, so it needs no network; fetching the package
// is a separate step (see the package documentation of entity):
//
//	cd "$(mktemp -d)" && npm pack third-party-web@0.30.0 && tar xzf third-party-web-*.tgz
//	THIRD_PARTY_WEB_DIR=$PWD/package go generate ./entity
//
// which runs, in the entity directory:
//
//	go run ./internal/gen -pkg $THIRD_PARTY_WEB_DIR -out thirdpartyweb_gen.go -license THIRD-PARTY-WEB-LICENSE
//
// From dist/entities.json it keeps each entity's name, company, homepage,
// category and domains (the company defaulting to the name, as upstream's
// own API does), and drops the HTTP Archive statistics (execution
// time, occurrences, examples) and the product URL patterns. Entities
// without domains match nothing and are left out, named in the header. Domains are
// lower-cased (three upstream entries have capitals; host names compare
// case-insensitively) and sorted; entities are sorted by name. The output
// is gofmt'd and depends only on the input files, so running it twice on
// the same package gives the same bytes.
package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pkg := fs.String("pkg", "", "directory of the unpacked third-party-web npm package (holds package.json)")
	out := fs.String("out", "thirdpartyweb_gen.go", "Go file to write")
	lic := fs.String("license", "THIRD-PARTY-WEB-LICENSE", "file to copy the package's LICENSE to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *pkg == "" {
		fmt.Fprintln(stderr, "gen: -pkg is empty: set THIRD_PARTY_WEB_DIR to the unpacked npm package (see entity/doc.go)")
		return 2
	}
	if err := generate(*pkg, *out, *lic); err != nil {
		fmt.Fprintf(stderr, "gen: %v\n", err)
		return 1
	}
	return 0
}

func generate(pkgDir, out, lic string) error {
	src, license, err := convertDir(pkgDir)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, src, 0o644); err != nil {
		return err
	}
	return os.WriteFile(lic, license, 0o644)
}

// packageJSON is the part of package.json that gen checks.
type packageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	License string `json:"license"`
}

// upstreamEntity is one element of dist/entities.json.
type upstreamEntity struct {
	Name     string   `json:"name"`
	Company  string   `json:"company"`
	Homepage string   `json:"homepage"`
	Category string   `json:"category"`
	Domains  []string `json:"domains"`
}

// convertDir reads the npm package in dir and returns the Go source and
// the licence text.
func convertDir(dir string) (src, license []byte, err error) {
	pj, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, nil, err
	}
	var meta packageJSON
	if err := json.Unmarshal(pj, &meta); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", filepath.Join(dir, "package.json"), err)
	}
	switch {
	case meta.Name != "third-party-web":
		return nil, nil, fmt.Errorf("%s: package %q, want third-party-web", filepath.Join(dir, "package.json"), meta.Name)
	case meta.License != "MIT":
		return nil, nil, fmt.Errorf("%s: licence %q, want MIT (check the new licence before importing)", filepath.Join(dir, "package.json"), meta.License)
	case meta.Version == "":
		return nil, nil, fmt.Errorf("%s: no version", filepath.Join(dir, "package.json"))
	}
	license, err = os.ReadFile(filepath.Join(dir, "LICENSE"))
	if err != nil {
		return nil, nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, "dist", "entities.json"))
	if err != nil {
		return nil, nil, err
	}
	src, err = convert(meta.Version, data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", filepath.Join(dir, "dist", "entities.json"), err)
	}
	return src, license, nil
}

// convert turns the bytes of dist/entities.json of the given upstream
// version into gofmt'd Go source.
func convert(version string, data []byte) ([]byte, error) {
	var ents []upstreamEntity
	if err := json.Unmarshal(data, &ents); err != nil {
		return nil, err
	}
	seen := map[string]string{} // domain → entity name
	var skipped []string        // entities without domains: they match nothing
	kept := ents[:0]
	for i := range ents {
		e := &ents[i]
		if strings.TrimSpace(e.Name) == "" {
			return nil, fmt.Errorf("entity %d: no name", i)
		}
		if len(e.Domains) == 0 {
			skipped = append(skipped, strconv.Quote(e.Name))
			continue
		}
		for j, d := range e.Domains {
			d = strings.ToLower(strings.TrimSpace(d))
			if other, dup := seen[d]; dup {
				return nil, fmt.Errorf("entity %d (%s): domain %q also in %s", i, e.Name, d, other)
			}
			seen[d] = e.Name
			e.Domains[j] = d
		}
		slices.Sort(e.Domains)
		kept = append(kept, *e)
	}
	ents = kept
	slices.Sort(skipped)
	slices.SortFunc(ents, func(a, b upstreamEntity) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), slices.Compare(a.Domains, b.Domains))
	})
	sum := sha256.Sum256(data)

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by entity/internal/gen from third-party-web %s; DO NOT EDIT.\n\n", version)
	fmt.Fprintf(&b, "// This file holds the entity list of the npm package third-party-web\n")
	fmt.Fprintf(&b, "// version %s (https://github.com/patrickhulce/third-party-web),\n", version)
	fmt.Fprintf(&b, "// file dist/entities.json, SHA-256 %s.\n", hex.EncodeToString(sum[:]))
	fmt.Fprintf(&b, "// Copyright (c) 2019 Patrick Hulce. Licensed under the MIT License;\n")
	fmt.Fprintf(&b, "// the licence text is in THIRD-PARTY-WEB-LICENSE beside this file.\n")
	if len(skipped) > 0 {
		fmt.Fprintf(&b, "//\n// Left out, having no domains: %s.\n", strings.Join(skipped, ", "))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "package entity\n\n")
	fmt.Fprintf(&b, "// ThirdPartyWebVersion is the version of the third-party-web npm package\n")
	fmt.Fprintf(&b, "// whose entity list [ThirdPartyWeb] holds. A report that attributes a\n")
	fmt.Fprintf(&b, "// domain with [SourceThirdPartyWeb] records it.\n")
	fmt.Fprintf(&b, "const ThirdPartyWebVersion = %q\n\n", version)
	fmt.Fprintf(&b, "// ThirdPartyWebSHA256 is the SHA-256 of the upstream file\n")
	fmt.Fprintf(&b, "// dist/entities.json that [ThirdPartyWeb] was generated from.\n")
	fmt.Fprintf(&b, "const ThirdPartyWebSHA256 = %q\n\n", hex.EncodeToString(sum[:]))
	fmt.Fprintf(&b, "// ThirdPartyWeb returns the %d entities of third-party-web %s, sorted by\n", len(ents), version)
	fmt.Fprintf(&b, "// name, each with [SourceThirdPartyWeb]. It returns a new slice on each call.\n")
	fmt.Fprintf(&b, "func ThirdPartyWeb() []Entity {\n\treturn []Entity{\n")
	for _, e := range ents {
		b.WriteString("{Name: " + strconv.Quote(e.Name))
		// Upstream's own API defaults the company to the entity's name.
		b.WriteString(", Company: " + strconv.Quote(cmp.Or(e.Company, e.Name)))
		if e.Homepage != "" {
			b.WriteString(", Homepage: " + strconv.Quote(e.Homepage))
		}
		if e.Category != "" {
			b.WriteString(", Category: " + strconv.Quote(e.Category))
		}
		b.WriteString(", Domains: []string{")
		for j, d := range e.Domains {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Quote(d))
		}
		b.WriteString("}, Source: SourceThirdPartyWeb},\n")
	}
	b.WriteString("\t}\n}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, errors.Join(errors.New("formatting generated code"), err)
	}
	return src, nil
}
