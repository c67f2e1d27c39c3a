package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Status is the outcome of checking one file against a manifest.
type Status int

// The outcomes of [Verify].
const (
	StatusOK       Status = iota // the file's SHA-256 (and size) is the manifest's
	StatusMismatch               // the file differs from the one the manifest records
	StatusMissing                // the manifest lists an output the folder lacks
	StatusExtra                  // the folder holds a file the manifest does not list
	StatusUnknown                // an input the manifest does not list (by SHA-256 or name)
	StatusUnread                 // the file could not be read
	StatusNotGiven               // an input of the manifest that was not given to check
	numStatuses
)

var statusNames = [numStatuses]string{"ok", "MISMATCH", "MISSING", "EXTRA", "NOT AN INPUT", "UNREADABLE", "not given"}

// String returns "ok", "MISMATCH", "MISSING", "EXTRA", "NOT AN INPUT",
// "UNREADABLE" or "not given": failures in capitals.
func (s Status) String() string {
	if s >= 0 && s < numStatuses {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Failed reports whether s makes a verification fail. An input of the
// manifest that was not given is not checked, and does not.
func (s Status) Failed() bool { return s != StatusOK && s != StatusNotGiven }

// Check is the outcome for one file.
type Check struct {
	Input  bool   // an input capture, not a file of the folder
	Name   string // the output's name; for an input, the name given
	Status Status
	Want   string // SHA-256 the manifest records ("" if none)
	Got    string // SHA-256 of the file ("" if not read)
	Note   string // e.g. which manifest input a renamed file is
}

// Verification is the result of [Verify].
type Verification struct {
	ManifestSHA256 string // SHA-256 of manifest.json, to cite
	Manifest       *Manifest
	Checks         []Check
	Signatures     []SignatureCheck // by [VerifySigned]; [Verify] leaves it empty
}

// OK reports whether every check passed.
func (v *Verification) OK() bool {
	for _, s := range v.Signatures {
		if s.Status.Failed() {
			return false
		}
	}
	for _, c := range v.Checks {
		if c.Status.Failed() {
			return false
		}
	}
	return true
}

// Verify re-hashes the files of an evidence folder against its
// manifest.json, and each input capture named, which it opens read-only.
// An input is recognised by its SHA-256 (a renamed copy still matches,
// with a note); one whose name the manifest lists but whose SHA-256 it
// does not is a mismatch. Files in dir that the manifest does not list
// are reported as extra, but for signature files ([SignatureFileName]),
// which [VerifySigned] checks. The error is for a folder without a
// readable manifest; everything else is a [Check].
func Verify(dir string, inputs []string) (*Verification, error) {
	mb, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("evidence: reading manifest: %w", err)
	}
	m, err := ReadManifest(mb)
	if err != nil {
		return nil, fmt.Errorf("evidence: %s: %w", ManifestName, err)
	}
	v := &Verification{ManifestSHA256: sha256Hex(mb), Manifest: m}
	listed := map[string]bool{ManifestName: true}
	for _, o := range m.Outputs {
		listed[o.Name] = true
		c := Check{Name: o.Name, Want: o.SHA256}
		if o.Name != filepath.Base(o.Name) || o.Name == "." || o.Name == ".." {
			c.Status, c.Note = StatusUnread, "not a plain file name"
			v.Checks = append(v.Checks, c)
			continue
		}
		got, err := hashFile(filepath.Join(dir, o.Name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			c.Status = StatusMissing
		case err != nil:
			c.Status, c.Note = StatusUnread, err.Error()
		case got == o.SHA256:
			c.Got, c.Status = got, StatusOK
			checkPrinted(&c, filepath.Join(dir, o.Name), o)
		default:
			c.Got, c.Status = got, StatusMismatch
		}
		v.Checks = append(v.Checks, c)
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("evidence: reading folder: %w", err)
	}
	for _, de := range des {
		if !listed[de.Name()] && signatureIndex(de.Name()) == 0 {
			v.Checks = append(v.Checks, Check{Name: de.Name(), Status: StatusExtra, Note: "not listed in the manifest"})
		}
	}
	given := map[string]bool{}
	for _, in := range inputs {
		c := Check{Input: true, Name: in}
		got, err := hashFile(in)
		if err != nil {
			c.Status, c.Note = StatusUnread, err.Error()
			v.Checks = append(v.Checks, c)
			continue
		}
		c.Got = got
		base := filepath.Base(in)
		i := slices.IndexFunc(m.Inputs, func(mi ManifestInput) bool { return mi.SHA256 == got })
		j := slices.IndexFunc(m.Inputs, func(mi ManifestInput) bool { return mi.Name == base })
		switch {
		case i >= 0:
			c.Status, c.Want = StatusOK, got
			given[m.Inputs[i].Name] = true
			if m.Inputs[i].Name != base {
				c.Note = "the manifest's input " + m.Inputs[i].Name
			}
		case j >= 0:
			c.Status, c.Want = StatusMismatch, m.Inputs[j].SHA256
			given[m.Inputs[j].Name] = true
		default:
			c.Status = StatusUnknown
		}
		v.Checks = append(v.Checks, c)
	}
	if len(inputs) > 0 {
		for _, mi := range m.Inputs {
			if !given[mi.Name] {
				v.Checks = append(v.Checks, Check{Input: true, Name: mi.Name, Status: StatusNotGiven, Want: mi.SHA256})
			}
		}
	}
	return v, nil
}

// hashFile returns the SHA-256 of a file's bytes, opening it read-only.
func hashFile(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("%s: not a regular file", name)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkPrinted checks, for a file the manifest says prints a report hash
// ([ManifestFile].PrintedHash), that the hash is the file's own, and
// says so in the check's note; and notes, for a printed PDF, that its
// bytes depend on the printer.
func checkPrinted(c *Check, name string, o ManifestFile) {
	switch {
	case o.PrintedHash != "":
		b, err := os.ReadFile(name)
		switch {
		case err != nil:
			c.Status, c.Note = StatusUnread, err.Error()
		case ReportHash(b, o.PrintedHash) != o.PrintedHash:
			c.Status, c.Note = StatusMismatch, "the report hash it prints, "+o.PrintedHash+", is not its own"
		default:
			c.Note = "prints the report hash " + o.PrintedHash + " on every page"
		}
	case o.Compare == CompareExcluded:
		c.Note = "printed by " + o.PrintedBy + ", whose prints of one page differed: not part of a byte-for-byte comparison"
	case o.PrintedBy != "":
		c.Note = "printed from " + o.PrintedFrom + " by " + o.PrintedBy + ": another browser version or other fonts print other bytes"
	}
}
