// Package report turns HAR captures into what an investigator asks of
// them: which site was visited (the first party), which third parties
// received what, and, per visitor, the story of the visit in time order.
// It analyses; [render] writes the results, [evidence] makes an evidence
// folder of them.
//
// [Analyze] reads each input once with the streaming [har.Reader] — the
// same loop whether it describes the file only ([Options.FilesOnly], what
// `haruspex summary` shows) or decodes it — and decodes every tracker
// request with a [decode.Registry] (and, with Options.Generic, every
// other third-party request). Each decoded event goes into one event
// store: known personal data is marked ([decode.KnownPII]) and sensitive
// content flagged ([sensitive.Set]) once, as it is stored, in its exact
// binary encoding; the store keeps the events in memory up to
// [Options.MemoryLimit] and the rest in a temporary file, so that memory
// does not grow with the captures, and the results are the same bytes
// either way. Events come back, one at a time and in one order on every
// machine (time, then file, SHA-256 and entry index), through
// [Analysis.Events]; Chrome's privacy-sandbox copies of Meta events are
// folded into their originals.
//
// [Analysis.Visitors] groups the events into visitors by the identifiers
// sent together in one request, and by the first party's own cookies
// (which carry several trackers' IDs at once); every join is explained.
// [Analysis.Timeline] gives a visitor's story, [Analysis.Parties] what
// each third party received, each value with the entries that carried it.
//
// Consent: as it reads each entry, the analysis also finds the consent
// signals the request carried ([consent.FromEntry]: TC strings, Google
// consent mode, consent platforms' cookies …), kept per browser stretch
// as markers (with [Options.Consent], [decode.KindConsent] events on the
// timeline). Every event read back says the consent state in force when
// it was sent — before any choice, after accept, after reject — and the
// marker it rests on ([decode.Event.ConsentInForce]), derived from its
// visitor's markers before it; consent.go states the rules.
// [SentWithoutConsent] picks the tracker events sent before any choice or
// after a refusal. A consent signal shows what the page recorded, not
// what the visitor saw.
//
// A worked example, on the bundled sample:
//
//	f, _ := os.Open("samples/police-visit.har")
//	a, err := report.Analyze([]report.Input{{Name: "police-visit.har", R: f}},
//		report.Options{Navigations: true, Sensitive: sensitive.Builtin()})
//	if err != nil { … }
//	defer a.Close()
//	for _, v := range a.Visitors() {
//		for row, err := range a.Timeline(v) {
//			if err != nil { … }
//			fmt.Println(v.ID, row.Page, row.Party, row.Event.Summary)
//		}
//	}
//
// prints, among its lines,
//
//	V1 https://www.police.example/report/ facebook.com SubscribedButtonClick: clicked "Report domestic abuse" on https://www.police.example/report/
//
// [consent.FromEntry]: https://pkg.go.dev/github.com/haruspex/haruspex/decode/consent#FromEntry
// [render]: https://pkg.go.dev/github.com/haruspex/haruspex/report/render
// [evidence]: https://pkg.go.dev/github.com/haruspex/haruspex/report/evidence
package report
