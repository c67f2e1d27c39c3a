package visit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/haruspex/haruspex/har/capture"
	"github.com/haruspex/haruspex/har/visit"
)

// Plan lays out a study: one directory per site and consent variant.
func ExamplePlan() {
	variants, err := visit.ParseVariants("all")
	if err != nil {
		fmt.Println(err)
		return
	}
	jobs, err := visit.Plan("study", []string{
		"https://www.northshire-police.example/",
		"https://www.southshire-police.example/report/",
	}, variants)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range jobs {
		fmt.Println(filepath.ToSlash(j.Dir))
	}
	// Output:
	// study/www.northshire-police.example/none
	// study/www.northshire-police.example/accept
	// study/www.northshire-police.example/reject
	// study/www.southshire-police.example_report/none
	// study/www.southshire-police.example_report/accept
	// study/www.southshire-police.example_report/reject
}

// Run visits a site with each consent variant and clicks what a victim
// would. (It needs Chromium and the network, so go test only builds it.)
func ExampleRun() {
	ca, err := capture.LoadOrCreateCA(filepath.Join(os.TempDir(), "haruspex-example-ca"))
	if err != nil {
		fmt.Println(err)
		return
	}
	jobs, err := visit.Plan("study", []string{"https://www.police.example/"}, []visit.Variant{visit.None, visit.Accept, visit.Reject})
	if err != nil {
		fmt.Println(err)
		return
	}
	click, err := visit.NewStep(visit.Click, "Report domestic abuse")
	if err != nil {
		fmt.Println(err)
		return
	}
	recs, err := visit.Run(context.Background(), jobs, visit.Options{CA: ca, Version: "example", Steps: []visit.Step{click}})
	if err != nil {
		fmt.Println(err) // no Chromium
		return
	}
	for _, r := range recs {
		fmt.Println(r.Site, r.Variant, r.State, r.Consent.Banner, r.Error)
	}
}
