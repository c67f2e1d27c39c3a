package decode

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// KnownPII proves that requests carried a known person's personal data.
// It holds known e-mail addresses and phone numbers, normalised as Meta
// normalises them before hashing ([NormaliseEmail], [NormalisePhone]),
// with their SHA-256 and MD5 digests; [KnownPII.Mark] finds them in an
// event. A hash is confirmed, never reversed: only values the
// investigator already knows can be found.
type KnownPII struct {
	known []knownValue
}

type knownValue struct {
	kind       string // "email" or "phone"
	given      string
	normalised string
	sha256     string
	md5        string
}

// NewKnownPII returns a KnownPII for the given e-mail addresses and phone
// numbers. Phone numbers must include the country code ("+44 7700 900123",
// not "07700 900123"), as Meta's pixel expects. It is an error for an
// e-mail address to have no "@" or a phone number no digits.
func NewKnownPII(emails, phones []string) (*KnownPII, error) {
	k := &KnownPII{}
	for _, e := range emails {
		n := NormaliseEmail(e)
		if !strings.Contains(n, "@") {
			return nil, fmt.Errorf("decode: known e-mail %q: not an e-mail address", e)
		}
		k.add("email", e, n)
	}
	for _, p := range phones {
		n := NormalisePhone(p)
		if n == "" {
			return nil, fmt.Errorf("decode: known phone %q: no digits", p)
		}
		k.add("phone", p, n)
	}
	return k, nil
}

func (k *KnownPII) add(kind, given, normalised string) {
	s := sha256.Sum256([]byte(normalised))
	m := md5.Sum([]byte(normalised))
	k.known = append(k.known, knownValue{
		kind: kind, given: given, normalised: normalised,
		sha256: hex.EncodeToString(s[:]), md5: hex.EncodeToString(m[:]),
	})
}

// NormaliseEmail normalises an e-mail address as Meta does before
// hashing: surrounding whitespace removed, lower-cased.
func NormaliseEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// NormalisePhone normalises a phone number as Meta does before hashing:
// digits only (spaces, "+", "-", brackets and letters removed), leading
// zeros removed. "+44 (0)7700 900123" is not handled specially: give
// numbers without the national trunk prefix.
func NormalisePhone(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; '0' <= c && c <= '9' {
			if c == '0' && b.Len() == 0 {
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Mark appends to ev.Matches every parameter of ev whose value is the
// SHA-256 or MD5 (in either case) of a known value, or the known value
// itself in plain text: an e-mail address anywhere, a phone number in a
// phone field (ph). Marking the same event twice adds nothing new.
func (k *KnownPII) Mark(ev *Event) {
	if k == nil {
		return
	}
	for _, p := range ev.Params {
		for _, kv := range k.known {
			if alg, ok := kv.matches(p); ok {
				addMatch(ev, Match{
					Param: p.Name, Value: p.Value, Algorithm: alg, Kind: kv.kind,
					Known: kv.given, Normalised: kv.normalised,
				})
			}
		}
	}
}

func (kv *knownValue) matches(p Param) (string, bool) {
	v := p.Value
	switch {
	case isHex(v, 64):
		return "sha256", strings.EqualFold(v, kv.sha256)
	case isHex(v, 32):
		return "md5", strings.EqualFold(v, kv.md5)
	case kv.kind == "email":
		return "plain", strings.Contains(v, "@") && NormaliseEmail(v) == kv.normalised
	case kv.kind == "phone":
		_, field, ok := splitBracket(p.Name)
		return "plain", ok && field == "ph" && NormalisePhone(v) == kv.normalised
	}
	return "", false
}

func addMatch(ev *Event, m Match) {
	for _, old := range ev.Matches {
		if old == m {
			return
		}
	}
	ev.Matches = append(ev.Matches, m)
}
