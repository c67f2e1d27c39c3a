// Package render writes what package report found: events, visitors'
// timelines, third parties and file summaries, as a terminal table, CSV,
// JSON or NDJSON, each a documented contract (the README's "Output
// formats"); and a study's matrix ([Matrix]: site × third party × data
// type) as a terminal or Markdown table, an HTML heat map, or its long
// form in CSV, NDJSON or Parquet. It is the one place that formats times ([Time]), names
// events ([EventName]) and escapes captured strings, which are hostile:
// for the terminal ([Terminal]: control and bidirectional characters as
// visible escapes), for spreadsheets ([Spreadsheet]: formulas
// neutralised) and for Markdown ([Markdown]). It is the only library
// package that uses the terminal-table library.
//
// Writers stream: events are read back from the analysis as they are
// written, so JSON, NDJSON and CSV never hold the whole output in memory.
// A failed write (a full disk, a closed pipe) is returned, whatever the
// format.
//
// A worked example:
//
//	a, _ := report.Analyze(inputs, report.Options{Navigations: true})
//	defer a.Close()
//	err := render.Timeline(os.Stdout, render.FormatCSV, a, a.Visitors(), render.Options{})
//
// writes one CSV row per page opened and per event a third party
// received, visitor by visitor, with the columns visitor, time, page,
// third_party, company, vendor, kind, event, summary, sensitive, file,
// sha256, entry, copies (and delivery, consent, consent_rests_on).
//
// For super-timelines, [FormatTimesketch] writes JSON Lines that
// Timesketch's importer takes unchanged (message, datetime, timestamp,
// timestamp_desc, data_type and the event's fields; the schema every
// line validates against is testdata/timesketch.schema.json), and
// [FormatL2TCSV] Plaso's 17-column l2tcsv; [TimelineRows] writes either
// from [report.Analysis.Rows], in time order with each row's visitor.
package render
