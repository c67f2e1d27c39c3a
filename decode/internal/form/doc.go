// Package form reads, byte by byte, what a captured request form-encodes:
// percent escapes ([Unescape]), application/x-www-form-urlencoded query
// strings and bodies ([Fields]), and the cookies of a request
// ([Cookies]), with every string made valid UTF-8 without losing a byte
// ([ValidUTF8]). It is the one reader of these for the tracker decoders
// (package decode) and the consent signals (package decode/consent),
// which cannot import decode: both must see the same parameters in the
// same request.
//
// Captured data is hostile and often malformed, so nothing here fails:
// an invalid escape such as "100%" or "%zz" is kept as written, and a
// byte that is not UTF-8 after decoding is written %XX, so that it
// survives into JSON and reports and can still be read. The ok results
// say when either happened, for a warning.
//
// The encoding is the WHATWG URL Standard's
// application/x-www-form-urlencoded parser
// (https://url.spec.whatwg.org/#urlencoded-parsing), except that a bad
// byte is escaped rather than replaced with U+FFFD, and callers trim
// whitespace (and say so) where the standard keeps it.
//
// A worked example, the query of a Meta Pixel request with a bad escape
// and a byte that is not UTF-8:
//
//	for f := range form.Fields("id=1&cd%5Bvalue%5D=9.99&ev=Page+View&dl=100%&x=%FF") {
//		// {RawName: "id", Name: "id", Value: "1", OK: true}
//		// {RawName: "cd%5Bvalue%5D", Name: "cd[value]", Value: "9.99", OK: true}
//		// {RawName: "ev", Name: "ev", Value: "Page View", OK: true}
//		// {RawName: "dl", Name: "dl", Value: "100%", OK: false}: a lone "%"
//		// {RawName: "x", Name: "x", Value: "%FF", OK: false}: 0xFF is not UTF-8
//	}
//
// and a request's cookies, from request.cookies or else its Cookie
// headers:
//
//	captured := form.Cookies(&entry.Request, func(name, value string) { … })
package form
