package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// A printed page must say which report it belongs to, but a file cannot
// hold its own SHA-256. report.html therefore prints, in its header and
// on every printed page, its report hash: the first [ReportHashDigits]
// hexadecimal digits of the SHA-256 of report.html with every
// occurrence of those digits written as zeros. Anyone can check it from
// the file alone:
//
//	sed 's/1a2b3c4d5e6f7a8b/0000000000000000/g' report.html | sha256sum
//
// begins with 1a2b3c4d5e6f7a8b. manifest.json records it beside
// report.html's own SHA-256 ([ManifestFile].PrintedHash), and [Verify]
// checks it.

// ReportHashDigits is how many hexadecimal digits the report hash has.
const ReportHashDigits = 16

// reportHashZero stands for the report hash while it is computed.
var reportHashZero = strings.Repeat("0", ReportHashDigits)

// ReportHash returns the report hash of a report.html that prints
// printed: the first [ReportHashDigits] hexadecimal digits of the
// SHA-256 of html with each occurrence of printed replaced by zeros. A
// report is consistent when ReportHash(html, printed) == printed.
func ReportHash(html []byte, printed string) string {
	if len(printed) != ReportHashDigits {
		return ""
	}
	h := sha256.Sum256(bytes.ReplaceAll(html, []byte(printed), []byte(reportHashZero)))
	return hex.EncodeToString(h[:])[:ReportHashDigits]
}

// withReportHash renders report.html twice: with the hash as zeros, whose
// SHA-256 gives the hash, then with the hash. It returns the second
// rendering and the hash.
func withReportHash(c *caseView, render func(*caseView) ([]byte, error)) ([]byte, string, error) {
	c.ReportHash = reportHashZero
	zero, err := render(c)
	if err != nil {
		return nil, "", err
	}
	h := sha256.Sum256(zero)
	c.ReportHash = hex.EncodeToString(h[:])[:ReportHashDigits]
	out, err := render(c)
	return out, c.ReportHash, err
}
