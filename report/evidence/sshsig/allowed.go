package sshsig

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// AllowedSigner is one line of an allowed-signers file (ssh-keygen(1),
// "ALLOWED SIGNERS"):
//
//	principals [options] keytype base64-key [comment]
//
// where principals is a comma-separated list of names or patterns and
// options is a comma-separated list of cert-authority,
// namespaces="pattern-list", valid-after="time" and valid-before="time".
type AllowedSigner struct {
	Line          int      // line number in the file, from 1
	Principals    []string // the names (or patterns) the line vouches for
	CertAuthority bool     // the key is a CA's: it matches only certificates, which this package does not support
	Namespaces    string   // pattern list of the namespaces the key may sign in; "" for any
	ValidAfter    time.Time
	ValidBefore   time.Time // zero for no bound
	Key           ssh.PublicKey
	Comment       string
}

// AllowedSigners is a parsed allowed-signers file.
type AllowedSigners struct {
	Name    string // the file's name, for messages
	Signers []AllowedSigner
}

// LineError is an allowed-signers line that does not parse.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// ParseAllowedSigners reads an allowed-signers file as ssh-keygen -Y
// verify does: blank lines and lines starting with # are skipped, option
// names are case-insensitive, option values are double-quoted, and a
// time is YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, in UTC if it ends in
// Z or UTC and otherwise in loc (OpenSSH uses the local zone; nil means
// UTC). name is the file's name, for messages. Every line that parses is
// returned, with a [*LineError] for each that does not (joined with
// [errors.Join]): OpenSSH refuses such a file, and so should a caller.
func ParseAllowedSigners(r io.Reader, name string, loc *time.Location) (*AllowedSigners, error) {
	if loc == nil {
		loc = time.UTC
	}
	a := &AllowedSigners{Name: name, Signers: []AllowedSigner{}}
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		s, ok, err := parseAllowedLine(sc.Text(), loc)
		switch {
		case err != nil:
			errs = append(errs, &LineError{File: name, Line: n, Err: err})
		case ok:
			s.Line = n
			a.Signers = append(a.Signers, s)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: line %d: %w", name, n+1, err))
	}
	return a, errors.Join(errs...)
}

// parseAllowedLine parses one line; ok is false for a blank or comment
// line.
func parseAllowedLine(line string, loc *time.Location) (s AllowedSigner, ok bool, err error) {
	rest := strings.TrimLeft(line, " \t\r\n")
	if rest == "" || rest[0] == '#' {
		return s, false, nil
	}
	principals, rest, err := cutField(rest)
	if err != nil {
		return s, false, fmt.Errorf("principals: %w", err)
	}
	if rest == "" {
		return s, false, errors.New("no key after the principals")
	}
	if len(principals) >= 2 && principals[0] == '"' && principals[len(principals)-1] == '"' {
		principals = principals[1 : len(principals)-1]
	}
	for _, p := range strings.Split(principals, ",") {
		if p == "" {
			return s, false, fmt.Errorf("empty principal in %q", principals)
		}
		s.Principals = append(s.Principals, p)
	}
	key, comment, keyErr := parseKey(rest)
	if keyErr != nil {
		// Not a key: options come first, unless the field names a key
		// type, and it is the key that is bad.
		opts, after, err := cutField(rest)
		switch {
		case isKeyType(opts):
			return s, false, keyErr
		case err != nil:
			return s, false, fmt.Errorf("options: %w", err)
		}
		if err := s.parseOptions(opts, loc); err != nil {
			return s, false, fmt.Errorf("options: %w", err)
		}
		if after == "" {
			return s, false, errors.New("no key after the options")
		}
		if key, comment, err = parseKey(after); err != nil {
			return s, false, err
		}
	}
	s.Key, s.Comment = key, comment
	return s, true, nil
}

// isKeyType reports whether s names a key type x/crypto/ssh parses.
func isKeyType(s string) bool {
	switch s {
	case ssh.KeyAlgoRSA, ssh.KeyAlgoDSA, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521,
		ssh.KeyAlgoSKECDSA256, ssh.KeyAlgoED25519, ssh.KeyAlgoSKED25519,
		ssh.CertAlgoRSAv01, ssh.CertAlgoDSAv01, ssh.CertAlgoECDSA256v01, ssh.CertAlgoECDSA384v01,
		ssh.CertAlgoECDSA521v01, ssh.CertAlgoSKECDSA256v01, ssh.CertAlgoED25519v01, ssh.CertAlgoSKED25519v01:
		return true
	}
	return false
}

// cutField returns the text up to the first space or tab outside double
// quotes, and what follows it with leading blanks removed.
func cutField(s string) (field, rest string, err error) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && s[i+1] == '"':
			i++
		case c == '"':
			quoted = !quoted
		case (c == ' ' || c == '\t') && !quoted:
			return s[:i], strings.TrimLeft(s[i:], " \t\r\n"), nil
		}
	}
	if quoted {
		return "", "", errors.New("unterminated quote")
	}
	return strings.TrimRight(s, "\r\n"), "", nil
}

// parseKey parses "keytype base64 [comment]".
func parseKey(s string) (ssh.PublicKey, string, error) {
	typ, rest, _ := strings.Cut(s, " ")
	if t, r, ok := strings.Cut(s, "\t"); ok && len(t) < len(typ) {
		typ, rest = t, r
	}
	rest = strings.TrimLeft(rest, " \t")
	b64, comment, _ := strings.Cut(rest, " ")
	if t, r, ok := strings.Cut(rest, "\t"); ok && len(t) < len(b64) {
		b64, comment = t, r
	}
	b64 = strings.TrimRight(b64, "\r\n")
	if typ == "" || b64 == "" {
		return nil, "", errors.New("no key (want keytype base64-key)")
	}
	blob, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, "", fmt.Errorf("%s key: base64: %v", clip(typ), err)
	}
	key, err := ssh.ParsePublicKey(blob)
	if err != nil {
		return nil, "", fmt.Errorf("%s key: %v", clip(typ), err)
	}
	if key.Type() != typ {
		return nil, "", fmt.Errorf("key type %s does not match the key, which is %s", clip(typ), key.Type())
	}
	return key, strings.TrimSpace(comment), nil
}

// clip shortens and quotes a piece of a line for a message.
func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// parseOptions parses the options field as OpenSSH's sshsigopt_parse
// does.
func (s *AllowedSigner) parseOptions(opts string, loc *time.Location) error {
	seen := map[string]bool{}
	for opts != "" {
		name, after, isValue := opts, "", false
		if i := strings.IndexAny(opts, ",="); i >= 0 {
			name, after, isValue = opts[:i], opts[i+1:], opts[i] == '='
		}
		lname := strings.ToLower(name)
		if seen[lname] {
			return fmt.Errorf("%s given twice", clip(name))
		}
		seen[lname] = true
		switch {
		case lname == "cert-authority" && !isValue:
			s.CertAuthority = true
			opts = after
			continue
		case !isValue:
			return fmt.Errorf("unknown option %s", clip(name))
		case lname == "namespaces", lname == "valid-after", lname == "valid-before":
		default:
			return fmt.Errorf("unknown option %s", clip(name))
		}
		value, rest, err := dequote(after)
		if err != nil {
			return fmt.Errorf("%s: %w", lname, err)
		}
		switch lname {
		case "namespaces":
			s.Namespaces = value
		case "valid-after", "valid-before":
			t, err := parseTime(value, loc)
			if err != nil {
				return fmt.Errorf("%s: %w", lname, err)
			}
			if lname == "valid-after" {
				s.ValidAfter = t
			} else {
				s.ValidBefore = t
			}
		}
		switch {
		case rest == "":
			opts = ""
		case rest[0] == ',' && len(rest) > 1:
			opts = rest[1:]
		case rest[0] == ',':
			return errors.New("ends in a comma")
		default:
			return fmt.Errorf("%s after %s's value", clip(rest), lname)
		}
	}
	if !s.ValidAfter.IsZero() && !s.ValidBefore.IsZero() && !s.ValidBefore.After(s.ValidAfter) {
		return errors.New("valid-before is not after valid-after")
	}
	return nil
}

// dequote reads a double-quoted value, in which \" stands for a quote.
func dequote(s string) (value, rest string, err error) {
	if s == "" || s[0] != '"' {
		return "", "", errors.New("value must be in double quotes")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '"':
			return b.String(), s[i+1:], nil
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '"':
			i++
		}
		b.WriteByte(s[i])
	}
	return "", "", errors.New("missing closing quote")
}

// parseTime parses OpenSSH's absolute times (misc.c parse_absolute_time).
func parseTime(v string, loc *time.Location) (time.Time, error) {
	s := v
	if u, ok := cutSuffixFold(s, "Z"); ok {
		s, loc = u, time.UTC
	} else if u, ok := cutSuffixFold(s, "UTC"); ok {
		s, loc = u, time.UTC
	}
	layout := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}[len(s)]
	if layout == "" || strings.Trim(s, "0123456789") != "" {
		return time.Time{}, fmt.Errorf("time %s: want YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, then Z for UTC", clip(v))
	}
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %s: %v", clip(v), err)
	}
	return t, nil
}

func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) > len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

// Find returns the first line that allows key to sign in namespace at
// time at, as ssh-keygen -Y find-principals does: the key itself is
// listed (a cert-authority line matches only certificates, which are not
// supported), the namespace matches the line's namespaces="..." if any,
// and at is not before valid-after nor after valid-before. The error
// wraps [ErrNotAllowed] and says, for each line that lists the key, why
// it does not allow it.
func (a *AllowedSigners) Find(key ssh.PublicKey, namespace string, at time.Time) (*AllowedSigner, error) {
	kb := key.Marshal()
	var why []string
	for i := range a.Signers {
		s := &a.Signers[i]
		if !bytes.Equal(s.Key.Marshal(), kb) {
			continue
		}
		switch {
		case s.CertAuthority:
			why = append(why, fmt.Sprintf("line %d lists it as a certificate authority, which vouches only for certificates", s.Line))
		case s.Namespaces != "" && !MatchPatternList(namespace, s.Namespaces):
			why = append(why, fmt.Sprintf("line %d allows it only in namespaces %q", s.Line, s.Namespaces))
		case !s.ValidAfter.IsZero() && at.Before(s.ValidAfter):
			why = append(why, fmt.Sprintf("line %d: not valid until %s", s.Line, s.ValidAfter.UTC().Format(time.RFC3339)))
		case !s.ValidBefore.IsZero() && at.After(s.ValidBefore):
			why = append(why, fmt.Sprintf("line %d: expired at %s", s.Line, s.ValidBefore.UTC().Format(time.RFC3339)))
		default:
			return s, nil
		}
	}
	fp := key.Type() + " " + ssh.FingerprintSHA256(key)
	if len(why) == 0 {
		return nil, fmt.Errorf("%w: %s is not in %s", ErrNotAllowed, fp, a.Name)
	}
	return nil, fmt.Errorf("%w: %s in %s: %s", ErrNotAllowed, fp, a.Name, strings.Join(why, "; "))
}

// MatchPatternList reports whether s matches a comma-separated list of
// patterns as OpenSSH's match_pattern_list does: * matches any run of
// characters, ? any one, and a pattern starting with ! excludes what it
// matches, whatever else matches.
func MatchPatternList(s, list string) bool {
	matched := false
	for _, p := range strings.Split(list, ",") {
		neg := strings.HasPrefix(p, "!")
		if neg {
			p = p[1:]
		}
		if matchPattern(s, p) {
			if neg {
				return false
			}
			matched = true
		}
	}
	return matched
}

// matchPattern matches * and ? wildcards in linear time (greedy star
// with backtracking to the last star only).
func matchPattern(s, p string) bool {
	si, pi, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			si++
			pi++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi, mark = star+1, mark+1
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
