package redact

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// LogFormat names the version of the redaction log's layout.
const LogFormat = "haruspex-redaction/1"

// LogSuffix is added to a copy's file name to name its redaction log.
const LogSuffix = ".redaction.json"

// Minimum lengths of the values given to replace: shorter ones would
// replace unrelated text wherever it occurs.
const (
	MinValueLength = 4 // characters of a value given with Options.Values
	MinPhoneDigits = 6 // digits of a phone number
)

// Options say what to replace besides the login secrets, which are always
// replaced, and name the files in the log.
type Options struct {
	// Emails are e-mail addresses to replace, matched without regard to
	// case; their hashes (what Meta's Advanced Matching sends) are kept.
	Emails []string
	// Phones are phone numbers to replace: as given, as digits only
	// (decode.NormalisePhone), and as "+" and the digits.
	Phones []string
	// Values are any other values to replace, as given.
	Values []string
	// Name and CopyName are the original's and the copy's names as the
	// log records them ([WriteFile] gives their base names).
	Name, CopyName string
	// Tool is the program that made the copy, recorded in the log.
	Tool Tool
}

// Tool identifies the program that made a copy.
type Tool struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Modified bool   `json:"vcs_modified,omitempty"`
}

// Log is the redaction log, written beside the copy as
// <copy>.redaction.json: which file the copy was made from, and every
// value replaced, where, by which placeholder, as the SHA-256 of the
// value (never the value itself).
type Log struct {
	Format   string `json:"format"`
	Tool     Tool   `json:"tool"`
	Original File   `json:"original"`
	Copy     File   `json:"copy"`
	// Truncated, when the original stopped being JSON, says where; the
	// copy ends there.
	Truncated string `json:"truncated,omitempty"`
	// Values are the values replaced, one per placeholder: the login
	// secrets in the order the capture first sends them, then the
	// e-mail addresses, phone numbers and other values given, each
	// sorted.
	Values []Value `json:"values"`
	// Replacements are the strings changed, in file order: one per
	// field, placeholder and form.
	Replacements []Replacement `json:"replacements"`
}

// File is the original or the copy.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Gzip says the original was gzip-compressed; the copy is not.
	Gzip bool `json:"gzip,omitempty"`
}

// Value is one value replaced.
type Value struct {
	Placeholder string `json:"placeholder"`
	Kind        Kind   `json:"kind"`
	// Name is the cookie, header or parameter a secret was found under.
	Name string `json:"name,omitempty"`
	// Length is the value's length in characters.
	Length int `json:"length"`
	// SHA256 is the SHA-256 of the value: a secret as sent, an e-mail
	// address normalised (decode.NormaliseEmail), a phone number as its
	// digits (decode.NormalisePhone), another value as given. Of an
	// e-mail address or a phone number it is the hash Meta's Advanced
	// Matching sends, and it confirms a guess of the value: see the
	// package documentation.
	SHA256 string `json:"sha256"`
	// Occurrences counts the places it was replaced.
	Occurrences int `json:"occurrences"`
}

// Replacement is one field of the capture in which a value was replaced.
type Replacement struct {
	// Entry is the 0-based index in log.entries; absent outside entries.
	Entry *int `json:"entry,omitempty"`
	// Field is the JSON Pointer of the string, inside the entry (e.g.
	// "/request/headers/3/value"), or in the file outside entries.
	Field       string `json:"field"`
	Placeholder string `json:"placeholder"`
	// Form says how the value was written there: "as sent",
	// "percent-encoded", "JSON-escaped", "base64", "inside base64, as
	// sent" …
	Form   string `json:"form"`
	SHA256 string `json:"sha256"` // of the value, as in [Value]
	Count  int    `json:"count"`
}

// Errors.
var (
	// ErrSameFile is returned by [WriteFile] for an output that is the
	// input (or its log would be): the original is never written.
	ErrSameFile = errors.New("redact: the output is the input: the original is never written")
	// ErrExists is returned by [WriteFile] for an output or log that
	// exists, unless asked to overwrite.
	ErrExists = errors.New("redact: the output exists")
)

// OptionError reports a value given to replace that cannot be: not an
// e-mail address, a phone number without enough digits, a value too short.
type OptionError struct {
	Kind   Kind
	Value  string
	Reason string
}

// Error says which value and why.
func (e *OptionError) Error() string {
	return fmt.Sprintf("redact: %s %q: %s", e.Kind, e.Value, e.Reason)
}

// userTargets returns the targets of the values given, each kind sorted
// and numbered from 1; it is an error for one to be too short to replace.
func userTargets(opt Options) ([]target, error) {
	type given struct{ given, value string }
	var out []target
	add := func(k Kind, gs []given) {
		slices.SortFunc(gs, func(a, b given) int { return strings.Compare(a.value, b.value) })
		gs = slices.CompactFunc(gs, func(a, b given) bool { return a.value == b.value })
		for i, g := range gs {
			out = append(out, newTarget(k, "", g.given, g.value, Placeholder(k, "", i+1)))
		}
	}
	var emails, phones, values []given
	for _, e := range opt.Emails {
		n := decode.NormaliseEmail(e)
		if !strings.Contains(n, "@") || utf8.RuneCountInString(n) < 3 {
			return nil, &OptionError{KindEmail, e, "not an e-mail address"}
		}
		emails = append(emails, given{e, n})
	}
	for _, p := range opt.Phones {
		n := decode.NormalisePhone(p)
		if len(n) < MinPhoneDigits {
			return nil, &OptionError{KindPhone, p, fmt.Sprintf("fewer than %d digits", MinPhoneDigits)}
		}
		phones = append(phones, given{p, n})
	}
	for _, v := range opt.Values {
		if !utf8.ValidString(v) {
			return nil, &OptionError{KindValue, v, "not valid UTF-8"}
		}
		if utf8.RuneCountInString(v) < MinValueLength {
			return nil, &OptionError{KindValue, v, fmt.Sprintf("shorter than %d characters: it would replace unrelated text", MinValueLength)}
		}
		values = append(values, given{v, v})
	}
	add(KindEmail, emails)
	add(KindPhone, phones)
	add(KindValue, values)
	return out, nil
}

// findSecrets reads the capture and returns a target for each login
// secret it carries ([decode.EntrySecrets]), in the order first sent,
// numbered per name. complete is the number of entries read when the
// capture stops being readable (cut says where), -1 when it is read to
// the end.
func findSecrets(src io.Reader, name string) (ts []target, sum string, complete int, cut *har.ParseError, err error) {
	hr := har.NewReader(src)
	hr.Name = name
	seen := map[string]bool{}
	count := map[string]int{}
	for {
		e, err := hr.Next()
		if err == io.EOF {
			break
		}
		var pe *har.ParseError
		if errors.As(err, &pe) && !errors.Is(err, har.ErrNotHAR) {
			return ts, hr.SHA256(), complete, pe, nil
		}
		if err != nil {
			return nil, "", 0, nil, err
		}
		complete++
		for _, s := range decode.EntrySecrets(e) {
			if seen[s.Value] {
				continue
			}
			seen[s.Value] = true
			key := Placeholder(KindSecret, s.Name, 0)
			count[key]++
			ts = append(ts, newTarget(KindSecret, s.Name, s.Value, s.Value, Placeholder(KindSecret, s.Name, count[key])))
		}
	}
	return ts, hr.SHA256(), -1, nil, nil
}

// countingHash hashes and counts what is written to it.
type countingHash struct {
	h hash.Hash
	n int64
}

func (c *countingHash) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

func (c *countingHash) sum() string { return hex.EncodeToString(c.h.Sum(nil)) }

// Redact writes to dst a copy of the capture src with every login secret
// it carries ([decode.EntrySecrets]) and every value opt gives replaced
// by its placeholder ([Placeholder]) wherever it occurs, in every form
// the package documentation lists, and returns the log of what it
// replaced. src is read twice (to find the secrets, then to copy it) and
// never written; a gzip-compressed capture gives an uncompressed copy.
//
// Input that is not a HAR gives an error wrapping [har.ErrNotHAR] and
// nothing written. Input that stops being JSON gives a copy up to that
// point, its log (Truncated says where), and a *[TruncatedError].
func Redact(dst io.Writer, src io.ReadSeeker, opt Options) (*Log, error) {
	users, err := userTargets(opt)
	if err != nil {
		return nil, err
	}
	secrets, sum1, complete, cut, err := findSecrets(src, opt.Name)
	if err != nil {
		return nil, fmt.Errorf("redact: %w", err)
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("redact: reading the input again: %w", err)
	}
	targets := secrets
	for _, u := range users {
		if !slices.ContainsFunc(targets, func(t target) bool { return t.value == u.value }) {
			targets = append(targets, u)
		}
	}
	rp := newReplacer(targets)

	orig := &countingHash{h: sha256.New()}
	in := bufio.NewReaderSize(io.TeeReader(src, orig), 64<<10)
	var plain io.Reader = in
	gz := false
	if magic, _ := in.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return nil, fmt.Errorf("redact: %s: reading gzip header: %w", opt.Name, err)
		}
		zr.Multistream(true)
		plain, gz = zr, true
	}
	cp := &countingHash{h: sha256.New()}
	log := &Log{Format: LogFormat, Tool: opt.Tool, Values: []Value{}, Replacements: []Replacement{}}
	type repKey struct {
		entry                    int
		field, placeholder, form string
	}
	index := map[repKey]int{}
	counts := make([]int, len(targets))
	werr := rp.rewrite(io.MultiWriter(dst, cp), plain, complete, func(w where, hits []hit) {
		for _, h := range hits {
			counts[h.target]++
			t := &targets[h.target]
			key := repKey{w.entry, w.field, t.placeholder, h.how}
			if i, ok := index[key]; ok {
				log.Replacements[i].Count++
				continue
			}
			rep := Replacement{Field: w.field, Placeholder: t.placeholder, Form: h.how, SHA256: t.sha256, Count: 1}
			if w.entry >= 0 {
				rep.Entry = &w.entry
			}
			index[key] = len(log.Replacements)
			log.Replacements = append(log.Replacements, rep)
		}
	})
	var trunc *TruncatedError
	if errors.Is(werr, errUnread) {
		// Stopped where finding the secrets stopped, and for its reason.
		trunc = &TruncatedError{Offset: cut.Offset, Entry: complete, Err: cut.Err}
		werr = trunc
	}
	if werr != nil && !errors.As(werr, &trunc) {
		return nil, fmt.Errorf("redact: %s: %w", opt.Name, werr)
	}
	// The rest of the original, for its hash and size.
	if _, err := io.Copy(io.Discard, in); err != nil {
		return nil, fmt.Errorf("redact: %s: %w", opt.Name, err)
	}
	log.Original = File{Name: opt.Name, Size: orig.n, SHA256: orig.sum(), Gzip: gz}
	if complete < 0 && log.Original.SHA256 != sum1 {
		return nil, fmt.Errorf("redact: %s changed while it was read (SHA-256 %s, then %s)", opt.Name, sum1, log.Original.SHA256)
	}
	log.Copy = File{Name: opt.CopyName, Size: cp.n, SHA256: cp.sum()}
	for i, t := range targets {
		log.Values = append(log.Values, Value{Placeholder: t.placeholder, Kind: t.kind, Name: t.name,
			Length: utf8.RuneCountInString(t.value), SHA256: t.sha256, Occurrences: counts[i]})
	}
	if trunc != nil {
		log.Truncated = trunc.Error()
		return log, fmt.Errorf("redact: %s: %w", opt.Name, trunc)
	}
	return log, nil
}

// MarshalLog writes a log as indented JSON, ending in a newline.
func MarshalLog(l *Log) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(l); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// ReadLog parses a redaction log.
func ReadLog(r io.Reader) (*Log, error) {
	var l Log
	if err := json.NewDecoder(r).Decode(&l); err != nil {
		return nil, fmt.Errorf("redact: reading the log: %w", err)
	}
	if l.Format != LogFormat {
		return nil, fmt.Errorf("redact: reading the log: format %q, want %q", l.Format, LogFormat)
	}
	return &l, nil
}

// WriteFile makes the redacted copy of the capture in as the file out,
// and its log as out+[LogSuffix], and returns the log. in is opened
// read-only; an out (or log) that is in is refused with [ErrSameFile],
// and one that exists with [ErrExists] unless overwrite is set. The log
// names both files by base name (opt.Name and opt.CopyName are set).
// Each file is written under a temporary name in out's folder, synced,
// and renamed into place, the copy first: an interrupted run leaves no
// half-written file. A truncated original gives both files, the log and
// a *[TruncatedError].
func WriteFile(in, out string, overwrite bool, opt Options) (*Log, error) {
	logPath := out + LogSuffix
	for _, p := range []string{out, logPath} {
		same, err := sameFile(in, p)
		if err != nil {
			return nil, err
		}
		if same {
			return nil, fmt.Errorf("%w (%s)", ErrSameFile, p)
		}
		if _, err := os.Lstat(p); err == nil && !overwrite {
			return nil, fmt.Errorf("%w: %s", ErrExists, p)
		}
	}
	f, err := os.Open(in)
	if err != nil {
		return nil, fmt.Errorf("redact: %w", err)
	}
	defer f.Close()
	opt.Name, opt.CopyName = filepath.Base(in), filepath.Base(out)
	var l *Log
	var rerr error
	err = writeAtomic(out, func(w io.Writer) error {
		l, rerr = Redact(w, f, opt)
		if l == nil {
			return rerr
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b, err := MarshalLog(l)
	if err != nil {
		return nil, fmt.Errorf("redact: %w", err)
	}
	if err := writeAtomic(logPath, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return nil, err
	}
	return l, rerr
}

// sameFile reports whether paths a and b name one file: the same path, or
// (b existing) the same file under another name or link.
func sameFile(a, b string) (bool, error) {
	aa, err := filepath.Abs(a)
	if err != nil {
		return false, fmt.Errorf("redact: %w", err)
	}
	bb, err := filepath.Abs(b)
	if err != nil {
		return false, fmt.Errorf("redact: %w", err)
	}
	if aa == bb {
		return true, nil
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false, nil // the input's own error comes when it is opened
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, nil
	}
	return os.SameFile(sa, sb), nil
}

// writeAtomic writes path through a temporary file in its folder, synced
// and renamed into place.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("redact: %w", err)
	}
	defer os.Remove(tmp.Name()) // on failure; after the rename there is no such file
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("redact: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("redact: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("redact: %w", err)
	}
	return nil
}
