package entity_test

import (
	"fmt"

	"github.com/haruspex/haruspex/report/entity"
)

func ExampleDB_Lookup() {
	db := entity.Builtin()
	for _, host := range []string{"connect.facebook.net", "region1.google-analytics.com", "widget.intercom.io", "www.police.example"} {
		m, ok := db.Lookup(host)
		if !ok {
			fmt.Printf("%s: unknown\n", host)
			continue
		}
		fmt.Printf("%s: %s (%s), matched %s, source %s\n", host, m.Company, m.LegalEntity, m.Pattern, m.Source)
	}
	// Output:
	// connect.facebook.net: Meta (Meta Platforms, Inc.), matched *.facebook.net, source haruspex
	// region1.google-analytics.com: Google (Google LLC), matched *.google-analytics.com, source haruspex
	// widget.intercom.io: Intercom (), matched *.intercom.io, source third-party-web v0.30.0 (MIT)
	// www.police.example: unknown
}

func ExampleNew() {
	// An investigator's own table, consulted before the built-in ones.
	own := []entity.Entity{{
		Name:    "Example Analytics",
		Company: "Example Analytics Ltd",
		Domains: []string{"*.stats.example"},
	}}
	db, err := entity.New(own, entity.Curated(), entity.ThirdPartyWeb())
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := db.Lookup("eu.stats.example")
	fmt.Println(m.Company, m.Pattern)
	// Output:
	// Example Analytics Ltd *.stats.example
}
