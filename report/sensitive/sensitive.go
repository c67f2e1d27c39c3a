package sensitive

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed terms.txt
var builtinTerms []byte

// BuiltinName is the name [Builtin] gives its set: the embedded file's.
const BuiltinName = "terms.txt"

// Kind says how a [Rule] matches: as words or as a URL glob.
type Kind int

const (
	// KindTerm matches words, case-insensitively, on word boundaries.
	KindTerm Kind = iota + 1
	// KindURL matches a glob ("*" is any run of characters) anywhere in
	// the text, case-insensitively; each "*" takes the shortest run that
	// lets the glob match.
	KindURL
)

// String returns "term" or "url", as written in a set file.
func (k Kind) String() string {
	switch k {
	case KindTerm:
		return "term"
	case KindURL:
		return "url"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// MarshalText writes k as [Kind.String] does.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Rule is one line of a set file.
type Rule struct {
	// Category is the rule's category, e.g. "domestic-abuse".
	Category string
	// Kind is how the rule matches.
	Kind Kind
	// Value is the term or pattern as written (runs of white space
	// collapsed to one space).
	Value string
	// File and Line say where the rule was read: the name given to [Load]
	// and the 1-based line number.
	File string
	Line int
}

// String returns the rule as "file:line: category kind value", which
// cites it in a report.
func (r Rule) String() string {
	return fmt.Sprintf("%s:%d: %s %s %s", r.File, r.Line, r.Category, r.Kind, r.Value)
}

// Hit is one match of a [Rule] in a text.
type Hit struct {
	Rule
	// Start and End are the byte offsets of the match in the text given
	// to [Set.Match]: Text is text[Start:End].
	Start, End int
	// Text is the matched part of the text, as it was written there
	// ("domestic-abuse" for the term "domestic abuse").
	Text string
}

// ParseError is an error in a set file, naming the file and line.
type ParseError struct {
	File string
	Line int
	Err  error
}

// Error formats the error as "file:line: cause".
func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// Set is a list of rules read from one file, ready to match. A Set is not
// changed after [Load] and may be used from several goroutines.
type Set struct {
	name   string
	sum    string
	rules  []Rule
	terms  []term
	first  map[string][]int // first word of a whole-word term → indexes in terms
	prefix []int            // terms whose first word is a prefix ("harass*")
	urls   []urlRule
	// letterless says that some rule can match a text of ASCII bytes
	// none of which is a letter; when none can, Match skips such a text
	// (a number, a timestamp, an ID: most parameter values) at once.
	letterless bool
}

type term struct {
	rule   int      // index in Set.rules
	words  []string // lower-case
	prefix []bool   // words[i] matches any word it begins
}

type urlRule struct {
	rule int
	re   *regexp.Regexp
}

// Builtin returns the set embedded in haruspex (terms.txt in this
// package's directory), named [BuiltinName].
func Builtin() *Set {
	// The embedded file is valid: TestBuiltin checks that Load accepts it.
	s, _ := Load(bytes.NewReader(builtinTerms), BuiltinName)
	return s
}

var categoryRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Load reads a set file from r; name is used in errors and in each
// [Rule.File]. The format is one rule a line, "category kind value",
// fields separated by white space, value running to the end of the line;
// blank lines and lines starting with "#" are ignored. See the package
// documentation and terms.txt for the details.
//
// Every bad line is reported, each as a [*ParseError] naming name and the
// line (joined with [errors.Join]); on error Load returns no set, since a
// partly read list would silently flag less.
func Load(r io.Reader, name string) (*Set, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	s := &Set{name: name, sum: hex.EncodeToString(sum[:]), first: map[string][]int{}}
	seen := map[string]int{} // category, kind and normalised value → line
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(format string, args ...any) {
			errs = append(errs, &ParseError{File: name, Line: n, Err: fmt.Errorf(format, args...)})
		}
		if !utf8.ValidString(line) {
			bad("not UTF-8")
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			bad("want three fields, category kind value; got %d", len(f))
			continue
		}
		rule := Rule{Category: f[0], Value: strings.Join(f[2:], " "), File: name, Line: n}
		if !categoryRE.MatchString(rule.Category) {
			bad("category %q: want lower-case letters, digits and '-'", rule.Category)
			continue
		}
		var key string
		switch f[1] {
		case "term":
			rule.Kind = KindTerm
			words, prefix, err := parseTerm(rule.Value)
			if err != nil {
				bad("term %q: %v", rule.Value, err)
				continue
			}
			t := term{rule: len(s.rules), words: words, prefix: prefix}
			if prefix[0] {
				s.prefix = append(s.prefix, len(s.terms))
			} else {
				s.first[words[0]] = append(s.first[words[0]], len(s.terms))
			}
			s.terms = append(s.terms, t)
			key = termKey(words, prefix)
			s.letterless = s.letterless || !slices.ContainsFunc(words, hasLetter)
		case "url":
			rule.Kind = KindURL
			re, err := compileGlob(rule.Value)
			if err != nil {
				bad("url %q: %v", rule.Value, err)
				continue
			}
			s.urls = append(s.urls, urlRule{rule: len(s.rules), re: re})
			key = strings.ToLower(rule.Value)
			s.letterless = s.letterless || !hasLetter(rule.Value)
		default:
			bad("kind %q: want term or url", f[1])
			continue
		}
		key = rule.Category + "\x00" + f[1] + "\x00" + key
		if prev, dup := seen[key]; dup {
			bad("%s %s %q repeats line %d", rule.Category, f[1], rule.Value, prev)
			continue
		}
		seen[key] = n
		s.rules = append(s.rules, rule)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("reading %s: %w", name, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(s.rules) == 0 {
		return nil, fmt.Errorf("%s: no rules", name)
	}
	return s, nil
}

func termKey(words []string, prefix []bool) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if prefix[i] {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// parseTerm splits a term into lower-case words as [tokens] does, with
// "*" allowed at the end of a word of three or more letters.
func parseTerm(v string) (words []string, prefix []bool, err error) {
	start := -1
	for i := 0; i <= len(v); {
		r, size := rune(0), 1
		if i < len(v) {
			r, size = utf8.DecodeRuneInString(v[i:])
		}
		if i < len(v) && isWordRune(r) {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 {
			w := strings.ToLower(v[start:i])
			star := i < len(v) && r == '*'
			if star && i+size < len(v) {
				if r2, _ := utf8.DecodeRuneInString(v[i+size:]); isWordRune(r2) || r2 == '*' {
					return nil, nil, errors.New("'*' only at the end of a word")
				}
			}
			if star && utf8.RuneCountInString(w) < 3 {
				return nil, nil, fmt.Errorf("%q: a word ending in '*' needs three or more letters", w+"*")
			}
			words, prefix = append(words, w), append(prefix, star)
			start = -1
			if star {
				i += size
				continue
			}
		} else if i < len(v) && r == '*' {
			return nil, nil, errors.New("'*' only at the end of a word")
		}
		i += size
	}
	if len(words) == 0 {
		return nil, nil, errors.New("no words")
	}
	return words, prefix, nil
}

func compileGlob(v string) (*regexp.Regexp, error) {
	if strings.Trim(v, "*") == "" {
		return nil, errors.New("matches everything")
	}
	parts := strings.Split(v, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.Compile("(?is)" + strings.Join(parts, ".*?"))
}

// Name returns the name the set was loaded under.
func (s *Set) Name() string { return s.name }

// SHA256 returns the hex SHA-256 of the set file's bytes, for a report's
// manifest: two sets with the same digest flag the same things.
func (s *Set) SHA256() string { return s.sum }

// Rules returns the set's rules in file order. The slice is a copy.
func (s *Set) Rules() []Rule { return slices.Clone(s.rules) }

// Categories returns the set's categories in order of first appearance.
func (s *Set) Categories() []string {
	var out []string
	for _, r := range s.rules {
		if !slices.Contains(out, r.Category) {
			out = append(out, r.Category)
		}
	}
	return out
}

// Match returns every place where a rule of s matches text, ordered by
// Start, then End, then the rule's line, so the same text always gives the
// same hits in the same order. Every occurrence is a hit, and rules that
// overlap ("sexual assault" and "assault") each give one.
//
// Terms are matched on words: text is split into words of letters and
// digits, any other character separating them, and a percent-escape
// ("%20", "%2F") counting as a separator too. So "domestic abuse" matches
// "Report domestic abuse", "/report/domestic-abuse/" and
// "q=domestic%20abuse", and "rape" does not match "grape" or "rapeseed".
// URL rules are globs matched anywhere in text.
func (s *Set) Match(text string) []Hit {
	if s.CannotMatch(text) {
		return nil
	}
	var hits []Hit
	add := func(rule, start, end int) {
		hits = append(hits, Hit{Rule: s.rules[rule], Start: start, End: end, Text: text[start:end]})
	}
	toks := tokens(text)
	for i := range toks {
		try := func(ti int) {
			t := &s.terms[ti]
			if i+len(t.words) > len(toks) {
				return
			}
			for j, w := range t.words {
				got := toks[i+j].word
				if got != w && !(t.prefix[j] && strings.HasPrefix(got, w)) {
					return
				}
			}
			add(t.rule, toks[i].start, toks[i+len(t.words)-1].end)
		}
		for _, ti := range s.first[toks[i].word] {
			try(ti)
		}
		for _, ti := range s.prefix {
			try(ti)
		}
	}
	for _, u := range s.urls {
		for _, loc := range u.re.FindAllStringIndex(text, -1) {
			add(u.rule, loc[0], loc[1])
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Line, b.Line))
	})
	return hits
}

// CannotMatch reports, at little cost, that no rule of the set matches
// text: it has no letter (a number, a timestamp, most IDs) and no rule
// could match a text without one. False says nothing: ask Match.
func (s *Set) CannotMatch(text string) bool {
	// Its words are then all digits, which no term of the set is (a
	// prefix term's word has letters), and it holds no letter that every
	// URL rule of the set needs.
	return !s.letterless && !hasLetter(text)
}

// hasLetter reports whether s has an ASCII letter or a byte that is not
// ASCII (which may be part of a letter, or fold to one).
func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c|0x20 >= 'a' && c|0x20 <= 'z' {
			return true
		}
	}
	return false
}

type token struct {
	start, end int
	word       string // lower-case
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// tokens splits text into lower-case words with their byte offsets.
func tokens(text string) []token {
	var out []token
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, token{start: start, end: end, word: strings.ToLower(text[start:end])})
			start = -1
		}
	}
	for i := 0; i < len(text); {
		if text[i] == '%' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]) {
			flush(i)
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != utf8.RuneError && isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else {
			flush(i)
		}
		i += size
	}
	flush(len(text))
	return out
}
