package sensitive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// flag is what a test compares of a Hit.
type flag struct{ Category, Value, Text string }

func flags(hits []Hit) []flag {
	var out []flag
	for _, h := range hits {
		out = append(out, flag{h.Category, h.Value, h.Text})
	}
	return out
}

func TestBuiltin(t *testing.T) {
	s, err := Load(strings.NewReader(string(builtinTerms)), BuiltinName)
	if err != nil {
		t.Fatalf("Load(terms.txt): %v", err)
	}
	want := []string{"crime-reporting", "sexual-offences", "domestic-abuse", "stalking-harassment", "health", "sexuality", "religion", "immigration", "finance", "children"}
	if diff := cmp.Diff(want, s.Categories()); diff != "" {
		t.Errorf("Categories() mismatch (-want +got):\n%s", diff)
	}
	onDisk, err := os.ReadFile("terms.txt")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(onDisk)
	if got := Builtin().SHA256(); got != hex.EncodeToString(sum[:]) {
		t.Errorf("Builtin().SHA256() = %s; want the digest of terms.txt", got)
	}
	if Builtin().Name() != "terms.txt" {
		t.Errorf("Builtin().Name() = %q", Builtin().Name())
	}
}

func TestMatchCategories(t *testing.T) {
	tests := []struct {
		name, text string
		want       []flag
	}{
		{"crime-reporting", "How to report a crime online", []flag{{"crime-reporting", "report a crime", "report a crime"}}},
		{"crime-reporting hate", "Report hate crime", []flag{{"crime-reporting", "hate crime", "hate crime"}}},
		{"crime-reporting missing", "Report a missing person", []flag{{"crime-reporting", "missing person", "missing person"}}},
		{"sexual-offences", "Rape and sexual assault", []flag{{"sexual-offences", "rape", "Rape"}, {"sexual-offences", "sexual assault", "sexual assault"}, {"crime-reporting", "assault", "assault"}}},
		{"domestic-abuse", "Coercive control is a crime", []flag{{"domestic-abuse", "coercive control", "Coercive control"}}},
		{"domestic-abuse apostrophe", "Clare's Law: ask about a partner", []flag{{"domestic-abuse", "clare's law", "Clare's Law"}}},
		{"domestic-abuse fgm", "FGM and forced marriage", []flag{{"domestic-abuse", "fgm", "FGM"}, {"domestic-abuse", "forced marriage", "forced marriage"}}},
		{"stalking", "Stalking or harassment", []flag{{"stalking-harassment", "stalking", "Stalking"}, {"stalking-harassment", "harass*", "harassment"}}},
		{"health", "Mental health crisis support", []flag{{"health", "mental health", "Mental health"}}},
		{"health hiv", "Free HIV testing", []flag{{"health", "hiv", "HIV"}}},
		{"health abortion", "Abortion and pregnancy advice", []flag{{"health", "abortion", "Abortion"}, {"health", "pregnancy", "pregnancy"}}},
		{"sexuality", "LGBT+ liaison officers", []flag{{"sexuality", "lgbt", "LGBT"}}},
		{"sexuality transgender", "Transgender hate crime", []flag{{"sexuality", "transgender", "Transgender"}, {"crime-reporting", "hate crime", "hate crime"}}},
		{"religion", "Mosque, church and synagogue security", []flag{{"religion", "mosque", "Mosque"}, {"religion", "church", "church"}, {"religion", "synagogue", "synagogue"}}},
		{"immigration", "Asylum and visa enquiries", []flag{{"immigration", "asylum", "Asylum"}, {"immigration", "visa", "visa"}}},
		{"finance", "Debt and universal credit help", []flag{{"finance", "debt", "Debt"}, {"finance", "universal credit", "universal credit"}}},
		{"finance bankruptcy", "Bankruptcy and benefits", []flag{{"finance", "bankruptcy", "Bankruptcy"}, {"finance", "benefits", "benefits"}}},
		{"children", "Report child abuse", []flag{{"children", "child abuse", "child abuse"}}},
		{"children ceop", "https://www.ceop.police.uk/Safety-Centre/", []flag{{"children", "ceop.police.uk", "ceop.police.uk"}, {"children", "ceop", "ceop"}}},
	}
	set := Builtin()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, flags(set.Match(tt.text)), sortFlags); diff != "" {
				t.Errorf("Match(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// sortFlags compares flags as sets: the order is tested in TestMatchOrder.
var sortFlags = cmp.Transformer("sort", func(in []flag) []flag {
	out := append([]flag(nil), in...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j].Category+out[j].Value < out[i].Category+out[i].Value {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
})

func TestMatchNegatives(t *testing.T) {
	set := Builtin()
	for _, text := range []string{
		"Grape harvest",                      // "rape" inside a word
		"Rapeseed oil",                       // "rape" at the start of a word
		"Drape the table",                    // "rape" at the end of a word
		"Hearing aids and visual aids",       // "aids" is not listed
		"Trans-Pennine Express timetable",    // "trans" alone is not listed
		"Dog grooming parlour licence",       // "grooming" alone is not listed
		"Adoption of the local plan",         // "adoption" alone is not listed
		"JavaScript is disabled",             // "disabled" is not listed
		"Celery stalk",                       // "stalk" is not "stalking"
		"Prices spiking",                     // "spiking" alone is not listed
		"Gaydon Motor Museum",                // "gay" inside a word
		"Unhivable",                          // "hiv" inside a word
		"Debtor days",                        // "debt" is whole words only
		"Visage",                             // "visa" inside a word
		"/assets/js/massaultra.js",           // "assault" inside a word
		"https://www.police.example/contact", // an ordinary page
		"",                                   // nothing
	} {
		if hits := set.Match(text); len(hits) > 0 {
			t.Errorf("Match(%q) = %v; want no hits", text, flags(hits))
		}
	}
}

func TestMatchURLs(t *testing.T) {
	set := Builtin()
	tests := []struct {
		text string
		want flag
	}{
		{"https://www.police.example/report/domestic-abuse/", flag{"domestic-abuse", "domestic abuse", "domestic-abuse"}},
		{"https://www.police.example/report/domestic_abuse", flag{"domestic-abuse", "domestic abuse", "domestic_abuse"}},
		{"https://www.police.example/search?q=domestic+abuse", flag{"domestic-abuse", "domestic abuse", "domestic+abuse"}},
		{"https://www.police.example/search?q=domestic%20abuse", flag{"domestic-abuse", "domestic abuse", "domestic%20abuse"}},
		{"https://www.police.example/domestic/abuse/", flag{"domestic-abuse", "domestic abuse", "domestic/abuse"}},
		{"https://www.police.example/Report/Domestic-Abuse", flag{"domestic-abuse", "domestic abuse", "Domestic-Abuse"}},
		{"https://www.police.example/ro/report/ocr/af/how-to-report-a-crime/", flag{"crime-reporting", "/ro/report/", "/ro/report/"}},
		{"https://www.nhs.uk/conditions/chlamydia/", flag{"health", "nhs.uk/conditions/", "nhs.uk/conditions/"}},
		{"https://www.police.example/advice/rape-and-sexual-assault/", flag{"sexual-offences", "sexual assault", "sexual-assault"}},
		{"https://www.police.example/advice/clares-law/", flag{"domestic-abuse", "clares law", "clares-law"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := flags(set.Match(tt.text))
			for _, f := range got {
				if f == tt.want {
					return
				}
			}
			t.Errorf("Match(%q) = %v; want it to include %v", tt.text, got, tt.want)
		})
	}
}

func TestMatchOrder(t *testing.T) {
	set := Builtin()
	text := "/ro/report/sexual-assault/ rape crisis, domestic abuse and rape"
	hits := set.Match(text)
	for i := 1; i < len(hits); i++ {
		a, b := hits[i-1], hits[i]
		if a.Start > b.Start || a.Start == b.Start && (a.End > b.End || a.End == b.End && a.Line > b.Line) {
			t.Errorf("hits %d and %d out of order: %v then %v", i-1, i, a, b)
		}
	}
	for _, h := range hits {
		if text[h.Start:h.End] != h.Text {
			t.Errorf("hit %v: Text %q is not text[%d:%d]", h.Rule, h.Text, h.Start, h.End)
		}
	}
	again := set.Match(text)
	if diff := cmp.Diff(hits, again); diff != "" {
		t.Errorf("Match not deterministic (-first +second):\n%s", diff)
	}
	// "rape" twice and "rape crisis" once: every occurrence is a hit.
	var rapes int
	for _, h := range hits {
		if h.Value == "rape" {
			rapes++
		}
	}
	if rapes != 2 {
		t.Errorf("got %d hits for rape; want 2", rapes)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string // one message per bad line
	}{
		// Two fields only: the value is missing.
		{"missing value", "health term\n", []string{"user.txt:1: want three fields, category kind value; got 2"}},
		// The kind must be term or url.
		{"bad kind", "# c\n\nhealth word hiv\n", []string{`user.txt:3: kind "word": want term or url`}},
		// Categories are identifiers, not prose.
		{"bad category", "Health term hiv\n", []string{`user.txt:1: category "Health": want lower-case letters, digits and '-'`}},
		// A term must contain a word.
		{"no words", "health term ---\n", []string{`user.txt:1: term "---": no words`}},
		// A two-letter prefix would match far too much.
		{"short prefix", "health term ab*\n", []string{`user.txt:1: term "ab*": "ab*": a word ending in '*' needs three or more letters`}},
		// "*" may only end a word.
		{"inner star", "health term he*lp\n", []string{`user.txt:1: term "he*lp": '*' only at the end of a word`}},
		{"leading star", "health term *help\n", []string{`user.txt:1: term "*help": '*' only at the end of a word`}},
		// A glob of only "*" flags everything.
		{"url everything", "health url **\n", []string{`user.txt:1: url "**": matches everything`}},
		// The same rule twice, differing only in case and spacing.
		{"duplicate", "health term mental health\nhealth term Mental   Health\n", []string{`user.txt:2: health term "Mental Health" repeats line 1`}},
		// Every bad line is reported, not just the first.
		{"two bad lines", "health term hiv\nx\nhealth url\n", []string{"user.txt:2: want three fields, category kind value; got 1", "user.txt:3: want three fields, category kind value; got 2"}},
		// Not UTF-8: the file is probably not a set file.
		{"not utf-8", "health term caf\xe9\n", []string{"user.txt:1: not UTF-8"}},
		// Comments only: a set that flags nothing is a mistake.
		{"empty", "# nothing\n", []string{"user.txt: no rules"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(strings.NewReader(tt.file), "user.txt")
			if err == nil {
				t.Fatalf("Load: no error, set %v; want %q", s.Rules(), tt.want)
			}
			if s != nil {
				t.Errorf("Load: returned a set with an error")
			}
			if diff := cmp.Diff(tt.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("Load error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadParseError(t *testing.T) {
	_, err := Load(strings.NewReader("health term hiv\nhealth tern aids\n"), "testdata/user.txt")
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("Load error %v is not a *ParseError", err)
	}
	if pe.File != "testdata/user.txt" || pe.Line != 2 {
		t.Errorf("ParseError at %s:%d; want testdata/user.txt:2", pe.File, pe.Line)
	}
}

func TestLoadUserFile(t *testing.T) {
	f, err := os.Open("testdata/user-terms.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set, err := Load(f, "testdata/user-terms.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := set.Match("https://www.council.example/housing/homelessness/?ref=Eviction%20Notice")
	want := []Hit{
		{Rule: Rule{Category: "housing", Kind: KindURL, Value: "council.example/housing/*", File: "testdata/user-terms.txt", Line: 4}, Start: 12, End: 36, Text: "council.example/housing/"},
		{Rule: Rule{Category: "housing", Kind: KindTerm, Value: "homeless*", File: "testdata/user-terms.txt", Line: 2}, Start: 36, End: 48, Text: "homelessness"},
		{Rule: Rule{Category: "housing", Kind: KindTerm, Value: "eviction notice", File: "testdata/user-terms.txt", Line: 3}, Start: 54, End: 71, Text: "Eviction%20Notice"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Match mismatch (-want +got):\n%s", diff)
	}
}

func TestKindText(t *testing.T) {
	for k, want := range map[Kind]string{KindTerm: "term", KindURL: "url", 0: "Kind(0)"} {
		if got, _ := k.MarshalText(); string(got) != want {
			t.Errorf("Kind(%d).MarshalText() = %q; want %q", int(k), got, want)
		}
	}
	r := Rule{Category: "health", Kind: KindTerm, Value: "hiv", File: "terms.txt", Line: 7}
	if got := r.String(); got != "terms.txt:7: health term hiv" {
		t.Errorf("Rule.String() = %q", got)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(string(builtinTerms))
	for _, s := range []string{"health term hiv\n", "health term ab*\n", "x\n", "health url **\n", "a term he*lp*\n", "a url *.*?[\n", "a term \xff\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		set, err := Load(strings.NewReader(file), "fuzz.txt")
		if err != nil {
			if set != nil {
				t.Fatal("Load returned a set with an error")
			}
			return
		}
		for _, text := range []string{file, "Report domestic abuse", "/a/b-c_d+e%20f"} {
			checkHits(t, text, set.Match(text))
		}
	})
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"https://www.police.example/ro/report/domestic-abuse/",
		"q=domestic%20abuse%2", "%", "%%%", "%2", "rape%20", "Clare's Law", "\xff\xfeharassment", "ĞAY gay",
	} {
		f.Add(s)
	}
	set := Builtin()
	f.Fuzz(func(t *testing.T, text string) {
		checkHits(t, text, set.Match(text))
	})
}

// checkHits fails t unless hits are in order and each names its text.
func checkHits(t *testing.T, text string, hits []Hit) {
	t.Helper()
	for i, h := range hits {
		if h.Start < 0 || h.End > len(text) || h.Start > h.End || text[h.Start:h.End] != h.Text {
			t.Fatalf("hit %d %+v out of range of %q", i, h, text)
		}
		if i > 0 {
			p := hits[i-1]
			if p.Start > h.Start || p.Start == h.Start && (p.End > h.End || p.End == h.End && p.Line > h.Line) {
				t.Fatalf("hits %d and %d out of order", i-1, i)
			}
		}
	}
}

// TestMatchLetterless: a text without letters is skipped only when no
// rule of the set could match it, and matched in full otherwise.
func TestMatchLetterless(t *testing.T) {
	load := func(file string) *Set {
		t.Helper()
		s, err := Load(strings.NewReader(file), "user.txt")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tc := range []struct {
		name, file, text string
		want             int // hits
	}{
		{"letters only: a number", "crime term crime\ncrime url */report-a-crime/*\n", "1686733920000", 0},
		{"letters only: a text with letters", "crime term crime\n", "2023 crime 17", 1},
		{"a term of digits", "emergency term 999\nemergency term call\n", "999", 1},
		{"a term of digits in a phrase", "emergency term 101 999\n", "101.999", 1},
		{"a term of digits, percent-separated", "emergency term 101 999\n", "101%20999", 1},
		{"a url rule of digits", "police url */999/*\n", "/999/", 1},
		{"a url rule with letters", "police url */x999/*\n", "/999/", 0},
		{"a prefix term", "abuse term abus*\n", "123", 0},
		{"non-ASCII is tried", "health term ñu\n", "ñu", 1},
	} {
		s := load(tc.file)
		if got := len(s.Match(tc.text)); got != tc.want {
			t.Errorf("%s: Match(%q) = %d hits, want %d", tc.name, tc.text, got, tc.want)
		}
	}
	if Builtin().letterless {
		t.Error("the built-in set has a rule without letters: texts without letters are matched one by one")
	}
}

func TestCannotMatch(t *testing.T) {
	s := Builtin()
	for text, want := range map[string]bool{"1686733920000": true, "fb.1.1686733920000.1000000000": false, "": true, "12-34": true, "ab": false, "é": false} {
		if got := s.CannotMatch(text); got != want {
			t.Errorf("CannotMatch(%q) = %v, want %v", text, got, want)
		}
	}
	// The claim, against the whole matcher: the built-in set told to
	// try every text finds nothing in letterless texts, phrases of
	// digits and punctuation included.
	all := *s
	all.letterless = true
	for _, text := range []string{"1686733920000", "101 999", "/999/", "0%201", "2023-06-14 09:12:00.000", "+44 7700 900123"} {
		if !s.CannotMatch(text) {
			t.Errorf("CannotMatch(%q) = false", text)
		}
		if hits := all.Match(text); len(hits) > 0 {
			t.Errorf("%q, which CannotMatch says matches nothing, matches %v", text, hits)
		}
	}
}
