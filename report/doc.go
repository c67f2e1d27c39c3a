// Package report turns HAR captures into what an investigator asks of
// them: which site was visited (the first party), which third parties
// received what, and, per visitor, the story of the visit in time order.
//
// [Analyze] reads captures with the streaming [har.Reader], decodes every
// tracker request with a [decode.Registry] (and, with Options.Generic,
// every other third-party request), marks values proven to be a known
// person's e-mail or phone ([decode.KnownPII]) and flags sensitive content
// ([FlagSensitive]). Events come out in one order on every machine: time,
// then file, SHA-256 and entry index.
//
// [LinkVisitors] groups those events into visitors by the identifiers sent
// together in one request, and by the first party's own cookies (which
// carry several trackers' IDs at once); every join is explained.
// [Timeline] gives a visitor's story, [Parties] what each third party
// received, each value with the entries that carried it. [Summarize]
// describes a capture file without decoding it.
//
// Memory: with Options.Spill the decoded events go to a temporary file
// and are read back one at a time ([Analysis.All],
// [Analysis.VisitorEvents], [WriteEventsSeq], [WriteTimeline]), so that a
// capture of any size is analysed in a few megabytes; the results are
// the same bytes as an analysis held in memory. Call [Analysis.Close].
//
// Renderers write each result as a terminal table, CSV (formula-safe),
// JSON or NDJSON; every captured string is hostile and is escaped for the
// terminal ([Terminal]) and for spreadsheets ([Spreadsheet]).
//
// A worked example, on the bundled sample:
//
//	f, _ := os.Open("samples/police-visit.har")
//	a, err := report.Analyze([]report.Input{{Name: "police-visit.har", R: f}},
//		report.Options{Navigations: true, Sensitive: sensitive.Builtin()})
//	if err != nil { … }
//	for _, v := range report.LinkVisitors(a) {
//		for _, row := range report.Timeline(a, v) {
//			fmt.Println(v.ID, row.Page, row.Party, row.Event.Summary)
//		}
//	}
//
// prints, among its lines,
//
//	V1 https://www.police.example/report/ facebook.com SubscribedButtonClick: clicked "Report domestic abuse" on https://www.police.example/report/
package report
