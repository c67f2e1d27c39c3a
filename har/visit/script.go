package visit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Action is what a [Step] does.
type Action int

// The actions. Consent is the step every visit takes after loading its
// URL (the visit's [Variant]); the others are the script commands.
const (
	Open       Action = iota + 1 // load a URL, wait for the network
	Consent                      // accept, reject or only look at the cookie banner
	Click                        // click a button or link by its visible text, wait for the network
	Fill                         // set a form field by name, id or label
	Submit                       // submit a form, wait for the network
	Wait                         // wait for the network to settle, or for a time
	Scroll                       // scroll to the top, the bottom, or by some pixels
	Screenshot                   // save a screenshot of the whole page
)

var actionNames = [...]string{
	Open: "open", Consent: "consent", Click: "click", Fill: "fill",
	Submit: "submit", Wait: "wait", Scroll: "scroll", Screenshot: "screenshot",
}

// String returns the action's name in a script ("click").
func (a Action) String() string {
	if a > 0 && int(a) < len(actionNames) {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// MaxWait is the longest a wait step may wait.
const MaxWait = 10 * time.Minute

// Step is one thing the browser does in a visit.
type Step struct {
	Action Action
	// Arg is the step's argument: open's URL (absolute, or relative to the
	// page), click's text, fill's field (name, id or label), submit's form
	// (name or id; "" for the form of the last field filled), wait's
	// duration ("" or "idle" for the network), scroll's "top", "bottom"
	// ("" is bottom) or pixels, screenshot's name, consent's variant.
	Arg string
	// Value is what fill types into the field.
	Value string
	// Line is the step's line in its script; 0 for a step from a flag.
	Line int
}

// String returns the step as a line of a script; [ParseScript] reads it
// back as the same step.
func (s Step) String() string {
	arg := s.Arg
	if s.Action == Fill {
		arg = s.Arg + "=" + s.Value
	}
	if arg == "" && s.Action != Fill {
		return s.Action.String()
	}
	return s.Action.String() + " " + quoteArg(arg)
}

// quoteArg quotes an argument that would not read back as itself: empty,
// with spaces at either end, starting with a quote, or holding control
// characters or bytes that are not UTF-8.
func quoteArg(s string) string {
	if s == "" || s[0] == '"' || strings.TrimSpace(s) != s || !utf8.ValidString(s) ||
		strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '\uFEFF' || unicode.IsSpace(r) && r != ' ' }) {
		return strconv.Quote(s)
	}
	return s
}

// NewStep checks and returns a step of action a with argument arg, as a
// script line "a arg" would give (arg already unquoted): for Fill, arg
// is NAME=VALUE.
func NewStep(a Action, arg string) (Step, error) {
	s := Step{Action: a, Arg: arg}
	switch a {
	case Open:
		if arg == "" {
			return s, errors.New("open needs a URL")
		}
		u, err := url.Parse(arg)
		if err != nil {
			return s, fmt.Errorf("open: %v", err)
		}
		if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			return s, fmt.Errorf("open: scheme %q: only http and https URLs (or a path relative to the page) can be opened", u.Scheme)
		}
		if u.Scheme != "" && u.Host == "" {
			return s, fmt.Errorf("open %q: no host", arg)
		}
	case Consent:
		if _, err := ParseVariant(arg); err != nil {
			return s, err
		}
	case Click:
		if strings.TrimSpace(arg) == "" {
			return s, errors.New("click needs the text of a button or link")
		}
	case Fill:
		name, value, ok := strings.Cut(arg, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return s, errors.New("fill needs NAME=VALUE (NAME: the field's name, id or label)")
		}
		s.Arg, s.Value = name, value
	case Submit:
	case Wait:
		if arg == "" || arg == "idle" {
			break
		}
		d, err := time.ParseDuration(arg)
		if err != nil {
			return s, fmt.Errorf("wait %q: want a duration such as 2s, or idle", arg)
		}
		if d <= 0 || d > MaxWait {
			return s, fmt.Errorf("wait %s: want more than 0 and at most %s", arg, MaxWait)
		}
	case Scroll:
		if arg == "" || arg == "top" || arg == "bottom" {
			break
		}
		n, err := strconv.Atoi(arg)
		if err != nil || n < -1e6 || n > 1e6 {
			return s, fmt.Errorf("scroll %q: want top, bottom or a number of pixels (negative is up)", arg)
		}
	case Screenshot:
		if arg != "" && !screenshotName.MatchString(arg) {
			return s, fmt.Errorf("screenshot %q: a name is 1 to 40 letters, digits, - and _", arg)
		}
	default:
		return s, fmt.Errorf("unknown action %d", int(a))
	}
	return s, nil
}

var screenshotName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// ScriptError is a line of a script that cannot be run.
type ScriptError struct {
	File string // the script's name
	Line int    // 1-based
	Err  error
}

// Error returns "visit: FILE:LINE: what is wrong".
func (e *ScriptError) Error() string {
	return fmt.Sprintf("visit: %s:%d: %v", e.File, e.Line, e.Err)
}

// Unwrap returns what is wrong with the line.
func (e *ScriptError) Unwrap() error { return e.Err }

// maxLine is the longest script line read.
const maxLine = 1 << 20

// ParseScript reads a script: one step a line, "ACTION [ARGUMENT]",
// blank lines and lines starting with # ignored:
//
//	# Report domestic abuse, as a victim would
//	open /report/
//	click Report domestic abuse
//	fill email=jane.doe@example.com
//	fill What happened?=Test report, please ignore
//	submit
//	wait 2s
//	scroll bottom
//	screenshot after-submit
//
// A # starts a comment only at the start of a line: elsewhere it is part
// of the argument. The argument is the rest of the line, without the
// spaces around it,
// or a double-quoted string with Go's escapes ("  padded\n") when it
// needs spaces at its ends or special characters. The actions are those
// of [Action] except consent, which --consent sets; see [NewStep] for what
// each takes. name names the script in errors.
//
// ParseScript returns the steps of every good line, and an error joining
// a [*ScriptError] for each bad one (at most 20, then the count).
func ParseScript(name string, r io.Reader) ([]Step, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	var steps []Step
	var errs []error
	bad := 0
	fail := func(line int, err error) {
		bad++
		if len(errs) < 20 {
			errs = append(errs, &ScriptError{File: name, Line: line, Err: err})
		}
	}
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		s, ok, err := parseLine(line)
		if err != nil {
			fail(n, err)
			continue
		}
		if ok {
			s.Line = n
			steps = append(steps, s)
		}
	}
	if err := sc.Err(); err != nil {
		fail(n+1, err)
	}
	if bad > len(errs) {
		errs = append(errs, fmt.Errorf("visit: %s: %d more bad lines", name, bad-len(errs)))
	}
	return steps, errors.Join(errs...)
}

// parseLine parses one script line; ok is false for a blank line or a
// comment.
func parseLine(line string) (s Step, ok bool, err error) {
	if !utf8.ValidString(line) {
		return s, false, errors.New("not UTF-8")
	}
	line = strings.TrimSpace(line)
	if line == "" || line[0] == '#' {
		return s, false, nil
	}
	word, rest := line, ""
	if i := strings.IndexFunc(line, unicode.IsSpace); i >= 0 {
		word, rest = line[:i], line[i:]
	}
	rest = strings.TrimSpace(rest)
	var a Action
	for i, n := range actionNames {
		if n != "" && strings.EqualFold(word, n) {
			a = Action(i)
		}
	}
	switch a {
	case 0:
		return s, false, fmt.Errorf("unknown command %q (want open, click, fill, submit, wait, scroll or screenshot)", word)
	case Consent:
		return s, false, errors.New("consent is not a script command: give the variant with --consent")
	}
	if strings.HasPrefix(rest, `"`) {
		u, err := strconv.Unquote(rest)
		if err != nil {
			return s, false, fmt.Errorf("%s: bad quoted argument %s (a Go string: \"text\", with \\\" and \\\\ escaped)", a, rest)
		}
		rest = u
	}
	s, err = NewStep(a, rest)
	return s, err == nil, err
}
