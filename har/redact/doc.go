// Package redact makes a copy of a HAR capture that can be disclosed or
// published: the login secrets it carries, and any e-mail addresses,
// phone numbers and other values the caller names, are replaced by
// labelled placeholders everywhere they occur, and a redaction log
// records what was replaced, where, and the SHA-256 of the original.
//
// # Worked example
//
// samples/police-visit.har was captured by a visitor signed in to
// Facebook: its requests to facebook.com carry the xs session cookie,
// which signs whoever sends it in to that account, and the page sent the
// visitor's e-mail address. Then
//
//	l, err := redact.WriteFile("police-visit.har", "police-visit.redacted.har", false,
//		redact.Options{Emails: []string{"jane.doe@example.com"}, Tool: tool})
//
// writes police-visit.redacted.har, in which
//
//	Cookie: … c_user=100012345678901; xs=21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463; …
//	email=jane.doe%40example.com
//	fbq('init', '1122334455667788', {em: 'jane.doe@example.com', …
//
// read
//
//	Cookie: … c_user=100012345678901; xs=REDACTED-SECRET-xs-1; …
//	email=REDACTED-EMAIL-1
//	fbq('init', '1122334455667788', {em: 'REDACTED-EMAIL-1', …
//
// and police-visit.redacted.har.redaction.json ([Log]), which holds the
// original's name, size and SHA-256, the copy's, the tool, one [Value]
// per placeholder (its kind, the cookie or header a secret was sent
// under, its length and SHA-256, how often it was replaced) and one
// [Replacement] per field changed: entry 5, field
// "/request/cookies/3/value", placeholder REDACTED-SECRET-xs-1, form
// "as sent", the SHA-256 of the value.
//
// # What is replaced, and how
//
// Login secrets are the values of the cookies, headers and parameters
// that decode.SecretNames lists (Facebook's xs, X's auth_token and ct0,
// Google's SID family, LinkedIn's li_at, Authorization headers …), found
// in every entry with decode.EntrySecrets: the same table that masks them
// in haruspex's outputs. The caller adds e-mail addresses (matched
// without regard to case), phone numbers (as given, as digits, as "+"
// and digits, never inside a longer run of digits) and any other values.
//
// Each value is looked for in every JSON string of the file (URLs,
// query strings, headers, cookies, posted and response bodies, page
// titles, custom "_" fields, member names) as sent and in the forms it
// takes there: percent-encoded (query, path or encodeURIComponent style,
// either hex case, and twice), JSON-escaped inside a body (with or
// without \/, \uXXXX or HTML escapes, and twice), and base64 (standard or
// URL-safe, padded or not, and percent-encoded). Every run of base64
// characters is also decoded and looked into (two levels deep), so that a
// value inside a base64 body or token is replaced and the run encoded
// again as it was. A value shorter than decode.MinSecretLength is not a
// secret, and values given must be at least [MinValueLength] characters
// ([MinPhoneDigits] digits): a short value would replace unrelated text.
//
// Each value gets one placeholder ([Placeholder]): REDACTED-SECRET-<name>-
// <n> for a secret, REDACTED-EMAIL-<n>, REDACTED-PHONE-<n> and
// REDACTED-VALUE-<n> for the others, numbered in the order secrets are
// first sent and the given values sort. The same value gives the same
// placeholder wherever it occurs, so requests still link by it in the
// copy. A placeholder is written as it is where the value was
// percent-encoded or JSON-escaped, and base64-encoded where the value
// was, so that the copy decodes as the original did. haruspex's own
// outputs show a placeholder as it is (not masked as a secret).
//
// The hashes of an e-mail address or phone number (what Meta's Advanced
// Matching sends as ud[em], ud[ph]) are kept: they are what the tracker
// received, and replacing them would make the copy say that the value was
// sent in plain text. Give a hash with Options.Values to replace it too.
//
// # The copy is the original, but for the values
//
// The copy is written byte for byte from the original: only the JSON
// strings that held a value are written again (with JSON's standard
// escaping), and white space, member order, numbers, escapes elsewhere,
// unknown fields and anything the HAR model does not hold are copied as
// they are. Bytes before the JSON (a byte-order mark, a JSONP wrapper's
// "name(") and after it are kept. A gzip-compressed original gives an
// uncompressed copy. So a diff of the two shows the replacements and
// nothing else, and `haruspex events` on the copy finds the events of the
// original, with the placeholders in place of the values (and, where a
// value was decoded into facts, such as the creation time of an _fbp
// cookie, without those facts).
//
// The original is opened read-only and read twice (to find the secrets,
// then to copy it); an output that is the original is refused. A capture
// that stops being JSON (a cut file) gives a copy up to the last whole
// JSON token before the cut, and a log that says where.
//
// # Checking a copy
//
// [Verify] (haruspex verify --redaction LOG COPY ORIGINAL) checks that
// the copy is the one the log describes (SHA-256), that the original is
// the one it was made from, and that redacting the original again, with
// the same e-mail addresses, phone numbers and values, gives the copy
// byte for byte. The log does not hold the values given, only their
// SHA-256, so they must be given again; secrets are found again.
//
// # What the log discloses
//
// The log holds no value, only each value's SHA-256 and length. A
// SHA-256 does not reveal a random secret, but it confirms a guess: of an
// e-mail address or phone number it is the very hash Meta's Advanced
// Matching sends, and whoever knows or guesses the address can check it.
// Publish the log only where that is acceptable; the copy alone carries no
// hash of a value it replaced unless the capture itself did.
package redact
