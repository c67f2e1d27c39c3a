// Package matrix replicates a finding across many sites: from many
// captures, what each third party received from each site, by data type
// — the table of a study such as the 2023 finding of what UK police
// forces sent Meta (pages visited, buttons clicked, Facebook IDs).
//
// [Stream] reads the captures in parallel, one analysis per capture
// ([report.Analyze]) on a pool of workers, and reduces each to its rows
// ([Row]): one per third party (registrable domain, and the company
// behind it) and data type ([decode.DataType], or [NoParameters]), with
// the events that carried it, their delivery, the capture's visitors
// that sent it, the sensitive categories its values matched, and the
// capture's name and SHA-256. The site of a capture is its first party;
// several captures of one site are one site. Rows come out in one order —
// by capture name, then party and data type — whatever the order of the
// inputs and the number of workers, and memory does not grow with the
// number of captures. [Build] collects them into a [Matrix]; [Tally]
// sums them into a [Grid], the published shape (sites down, third
// parties across, the data types in each cell); [Diff] compares a
// baseline with a re-capture; [WriteParquet] writes the long form for
// DuckDB, Spark, BigQuery or pandas. Package render writes the other
// formats (a terminal or Markdown table, CSV, NDJSON, an HTML heat map).
//
// A worked example, on the synthetic study in testdata (two police
// forces, each visited twice):
//
//	m, err := matrix.Build(ctx, matrix.Files("captures/"), matrix.Options{
//		Analysis: report.Options{Sensitive: sensitive.Builtin()}})
//	if err != nil { … }
//	for _, r := range m.Rows {
//		if r.Company == "Meta" && r.DataType == "button text" {
//			fmt.Println(r.Site, r.Party, r.Events, r.Sensitive, r.Capture)
//		}
//	}
//
// prints, for each capture in which Meta received a button's text,
//
//	force-b.example facebook.com 1 [domestic-abuse] captures/force-b.example/visit-2.har
//
// The long form's columns are documented field by field on [Row], and in
// the README ("Many sites").
package matrix
