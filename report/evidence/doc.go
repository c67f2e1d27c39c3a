// Package evidence writes and checks the evidence folder an expert
// witness attaches to a statement: one report, readable and printable,
// with the machine-readable tables behind it and a manifest that lets a
// second expert reproduce every byte and trace every figure to the
// capture.
//
// # Worked example
//
//	set := sensitive.Builtin()
//	an, _ := report.Analyze(inputs, report.Options{Generic: true, Navigations: true, Consent: true, Sensitive: set})
//	defer an.Close()
//	b, _ := evidence.Build(an, evidence.Options{CaseID: "EX-2025-001", Tool: evidence.BuildTool(),
//		SensitiveTerms: evidence.SetTerms(set, true)})
//	_ = b.WriteDir("case", false)
//
// writes into case/:
//
//	report.html    the report: case summary, sensitive-content findings,
//	               per-visitor timelines (a table and an SVG figure), what
//	               each third party received, every event, and appendices
//	               (methodology, a glossary from the decoders' own labels,
//	               the files of the folder)
//	report.md      the same report as Markdown
//	events.csv     \
//	events.ndjson   | the tables haruspex events --all, timeline and
//	timeline.csv    | parties write, from the same analysis
//	timeline.json   |
//	parties.csv    /
//	manifest.json  tool version and VCS revision, arguments, each input's
//	               name, size and SHA-256, the decoder table, the company
//	               data's versions and licences, the sensitive-content
//	               list's SHA-256, and the SHA-256 of every other file
//
// and [Verify] re-hashes such a folder, and the inputs, against its
// manifest. With --sign, manifest.json.sig holds the examiner's signature
// of manifest.json (see Signatures below).
//
// [WriteFolder] writes the same folder straight to disk, hashing each
// file as it is written, so that the folder of a capture of millions of
// events is never in memory (haruspex report uses it). report.html and
// report.md are read, and printed, by people: each of their tables (a
// visitor's timeline, the sensitive findings, all events) lists its
// first 2,000 rows (Options.MaxRows), each value a party received its
// first 100 entries, and each says how many more rows the CSV and JSON
// files of the folder hold, which are complete.
//
// # Reproducible, byte for byte
//
// The same analysis and options give the same bytes on any machine, in
// any time zone and locale, whatever order the inputs came in: inputs are
// named by base name and sorted ([report.Analyze] sorts them), every list
// has a complete order, and nothing is read from the clock, the host or
// the environment. The only time not taken from the captures is
// Options.GeneratedAt, shown as given. The tool's version is part of the
// output, so a different build may differ in that line and the hashes
// that cover it.
//
// # Signatures
//
// The hashes make a folder consistent, not attributable: anyone can
// rewrite a manifest together with the files it lists. An examiner signs
// manifest.json with their SSH key, in OpenSSH's SSHSIG format (package
// [sshsig]) and the namespace [SignatureNamespace], so that anyone can
// check it with stock OpenSSH:
//
//	ssh-keygen -Y verify -f allowed_signers -I jane@example.org \
//	    -n haruspex-evidence -s case/manifest.json.sig < case/manifest.json
//
// The signature covers manifest.json, and the manifest records its
// signers, so the order matters. [Bundle.Sign] (haruspex report --sign)
// first writes the signers' key type, fingerprint and comment into the
// manifest's Signers field (the last one, absent when unsigned), then
// signs the manifest's final bytes into manifest.json.sig: apart from
// that field and that file, a signed folder is byte for byte the unsigned
// one. [SignDir] (haruspex sign) signs a folder already written, for an
// examiner who did not have the key at hand or for a second examiner: it
// never changes manifest.json (earlier signatures and any citation of its
// SHA-256 still hold) and adds manifest.json.sig, or beside it
// manifest.json.sig.2, .3, ... ([SignatureFileName]); it never replaces
// one. Such a later signer is not in the manifest's Signers: its key is
// in its signature.
//
//	b, _ := evidence.Build(an, opt)
//	_ = b.Sign(rand.Reader, evidence.Signer{Signer: key, Comment: "jane@laptop"})
//	_ = b.WriteDir("case", false)
//
//	v, _ := evidence.VerifySigned("case", inputs, evidence.SignatureOptions{Allowed: allowed, Time: time.Now()})
//
// [VerifySigned] checks every signature file first ([VerifySignatures]),
// then the hashes ([Verify], which does not count signature files as
// extra). With allowed signers given, there must be a signature and each
// must be by a key they allow; without, a signature is checked against
// the key it carries. Either way a bad signature fails, and so does a
// signer the manifest records whose signature is gone. A signature says
// who vouched for these bytes and that they have not changed since; it
// carries no time and is not a trusted timestamp.
//
// # Hostile input
//
// Every string in a capture is controlled by whoever made the page. In
// report.html each is escaped by html/template for its context, captured
// URLs are text and never links, control and bidirectional characters are
// shown as visible escapes ([render.Terminal]), and a Content Security
// Policy forbids any script and any load from outside the file. In
// report.md each is backslash-escaped ([render.Markdown]); the CSV
// files are formula-neutralised ([render.Spreadsheet]).
//
// # Sensitive content
//
// The analysis flags, once per event, what its pages, button texts,
// custom data or form fields matched in a list of sensitive-content
// categories (report.Options.Sensitive); the report shows each event's
// own flags. Findings come first in the report and are drawn in red in
// the timeline figures; the list's name and SHA-256 ([SensitiveTerms])
// go into the manifest. An analysis made without a list has no findings,
// and the report says that no list was applied.
//
// [render.Terminal]: https://pkg.go.dev/github.com/haruspex/haruspex/report/render#Terminal
// [render.Markdown]: https://pkg.go.dev/github.com/haruspex/haruspex/report/render#Markdown
// [render.Spreadsheet]: https://pkg.go.dev/github.com/haruspex/haruspex/report/render#Spreadsheet
package evidence
