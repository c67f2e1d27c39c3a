// Package har reads HAR files (HTTP Archive, the format browsers and
// proxies export captured traffic in) as they are really written, one entry
// at a time.
//
// The format is specified in "HTTP Archive (HAR) format 1.2"
// (http://www.softwareishard.com/blog/har-12-spec/, and the W3C draft at
// https://w3c.github.io/web-performance/specs/HAR/Overview.html). Real
// producers depart from it, and a forensic reader must not lose evidence
// because they do. A [Reader] accepts, and tests against real files:
//
//   - gzip-compressed input, recognised by its magic bytes, not its name;
//   - a UTF-8 byte-order mark (Fiddler), a JSONP wrapper such as
//     onInputData({...}) (Firebug's HAR viewer), a whole file on one line;
//   - "pages" absent, null or [], before or after "entries"; a pageref that
//     is missing or names no page (reported by [Reader.Warnings]);
//   - float times and sizes, -1 and missing sizes, "timings": {};
//   - dates with 0 to 9 fractional digits, Z or numeric offsets, and the
//     literal "NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN" (kept, with a warning);
//   - IE11's request.cookies written as an object, chrome-har's posted
//     parameters whose values are JSON objects;
//   - status 0, null where an object is expected, HTTP/2 pseudo-headers,
//     log.version 1.1, invalid UTF-8, and any "_"-prefixed custom field
//     (kept raw in Custom).
//
// A value of the wrong kind never stops reading: it is kept (as raw JSON
// in [Warning.Raw] when the model has no typed place for it) and the entry
// carries a [Warning] that says where it was. Only input that stops being
// JSON stops the reader, and then every entry before that point has been
// returned and the error is a *[ParseError] naming the file, the entry and
// the byte offset. Input that is not a HAR at all gives [ErrNotHAR].
//
// Provenance: each [Entry] carries its 0-based Index in log.entries, and
// [Reader.SHA256] is the SHA-256 of the input bytes as given, computed
// while streaming. Together they name the evidence for every finding.
//
// Memory: the reader holds one entry at a time and skips response bodies
// unless [Reader.Bodies] is set, so a multi-gigabyte capture streams in a
// few megabytes. No string value is held whole past [MaxValue] (1 MiB): a
// longer URL, body, header, cookie or parameter is kept as its first
// bytes — of each &-separated part the first [KeepPart], so that a URL
// with one huge parameter keeps the others — with a marker in place of
// what was cut, "…(haruspex cut N bytes of this L-byte value with sha256
// H)", and the entry gets a located [Warning] with the value's field,
// length and SHA-256. A 1 GB body in a .har.gz (a gzip bomb) streams
// through a buffer of a few megabytes.
//
// [Writer] writes the model back as HAR 1.2 (haruspex capture records
// sessions with it); what the Reader read, it writes back unchanged.
//
// Reading a capture:
//
//	f, err := os.Open("capture.har")
//	if err != nil { … }
//	defer f.Close()
//	r := har.NewReader(f)
//	r.Name = "capture.har"
//	for {
//		e, err := r.Next()
//		if err == io.EOF {
//			break
//		}
//		if err != nil {
//			return err // *har.ParseError: where the file stopped being readable
//		}
//		fmt.Println(e.Index, e.Request.Method, e.Request.URL)
//	}
//	fmt.Println(r.SHA256(), len(r.Log().Pages))
package har
