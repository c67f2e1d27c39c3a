package redact

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// Check is what [Verify] found.
type Check struct {
	// CopySHA256 is the SHA-256 of the copy given; CopyOK says it is the
	// copy the log describes.
	CopySHA256 string
	CopyOK     bool
	// OriginalSHA256 is the SHA-256 of the original given ("" when none
	// was); OriginalOK says it is the file the log says the copy was
	// made from.
	OriginalSHA256 string
	OriginalOK     bool
	// Redone says the redaction was made again from the original;
	// RedoneSHA256 is the SHA-256 of that copy, and RedoneOK says it is
	// the copy, byte for byte, and that its log records the same values
	// and replacements.
	Redone       bool
	RedoneSHA256 string
	RedoneOK     bool
	// Missing are the values the log names that the options do not
	// give (e-mail addresses, phone numbers and values are not in the
	// log, only their SHA-256): without them the redaction is not made
	// again.
	Missing []Value
	// Unknown describes the values given that the log does not name,
	// e.g. "e-mail #2".
	Unknown []string
}

// OK reports whether everything checked matches: the copy, and, when an
// original was given, the original and the redaction made again.
func (c *Check) OK() bool {
	if !c.CopyOK {
		return false
	}
	if c.OriginalSHA256 == "" {
		return true
	}
	return c.OriginalOK && c.Redone && c.RedoneOK && len(c.Missing) == 0 && len(c.Unknown) == 0
}

// Verify checks a redacted copy against its log: that copy is the file
// the log describes (its SHA-256) and, when original is not nil, that
// original is the file it was made from and that redacting it again with
// the values of opt (the same e-mail addresses, phone numbers and values
// as were given to make it; login secrets are found again) gives the
// copy, byte for byte. opt's Tool and names are not used: the log's are.
//
// A copy made by another version of haruspex may differ from the one
// this version makes: the log names the tool that made it.
func Verify(l *Log, copy io.Reader, original io.ReadSeeker, opt Options) (*Check, error) {
	c := &Check{}
	h := sha256.New()
	if _, err := io.Copy(h, copy); err != nil {
		return nil, fmt.Errorf("redact: reading the copy: %w", err)
	}
	c.CopySHA256 = fmt.Sprintf("%x", h.Sum(nil))
	c.CopyOK = c.CopySHA256 == l.Copy.SHA256
	if original == nil {
		return c, nil
	}
	users, err := userTargets(opt)
	if err != nil {
		return nil, err
	}
	given := map[string]bool{}
	for _, u := range users {
		given[u.sha256] = true
	}
	named := map[string]bool{}
	for _, v := range l.Values {
		named[v.SHA256] = true
		if v.Kind != KindSecret && !given[v.SHA256] {
			c.Missing = append(c.Missing, v)
		}
	}
	for _, u := range users {
		if !named[u.sha256] {
			c.Unknown = append(c.Unknown, fmt.Sprintf("%s %q", u.kind, u.given))
		}
	}
	// The original's hash, whether or not the redaction can be redone.
	oh := sha256.New()
	if _, err := io.Copy(oh, original); err != nil {
		return nil, fmt.Errorf("redact: reading the original: %w", err)
	}
	c.OriginalSHA256 = fmt.Sprintf("%x", oh.Sum(nil))
	c.OriginalOK = c.OriginalSHA256 == l.Original.SHA256
	if !c.OriginalOK || len(c.Missing) > 0 || len(c.Unknown) > 0 {
		return c, nil
	}
	if _, err := original.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("redact: reading the original again: %w", err)
	}
	opt.Name, opt.CopyName, opt.Tool = l.Original.Name, l.Copy.Name, l.Tool
	rh := sha256.New()
	l2, err := Redact(rh, original, opt)
	var trunc *TruncatedError
	if err != nil && !errors.As(err, &trunc) {
		return nil, err
	}
	c.Redone = true
	c.RedoneSHA256 = l2.Copy.SHA256
	c.RedoneOK = l2.Copy.SHA256 == l.Copy.SHA256 && c.CopyOK && reflect.DeepEqual(l2, l)
	return c, nil
}
