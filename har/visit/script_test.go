package visit_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har/visit"
)

func TestParseScript(t *testing.T) {
	tests := []struct {
		name, script string
		want         []visit.Step
	}{
		{"every command", `# Report domestic abuse, as a victim would
open https://www.police.example/report/
click Report domestic abuse
fill email=jane.doe@example.com
fill What happened?=Test report, please ignore
submit
submit report
wait
wait idle
wait 2s
scroll
scroll top
scroll -300
screenshot after-submit
`, []visit.Step{
			{Action: visit.Open, Arg: "https://www.police.example/report/", Line: 2},
			{Action: visit.Click, Arg: "Report domestic abuse", Line: 3},
			{Action: visit.Fill, Arg: "email", Value: "jane.doe@example.com", Line: 4},
			{Action: visit.Fill, Arg: "What happened?", Value: "Test report, please ignore", Line: 5},
			{Action: visit.Submit, Line: 6},
			{Action: visit.Submit, Arg: "report", Line: 7},
			{Action: visit.Wait, Line: 8},
			{Action: visit.Wait, Arg: "idle", Line: 9},
			{Action: visit.Wait, Arg: "2s", Line: 10},
			{Action: visit.Scroll, Line: 11},
			{Action: visit.Scroll, Arg: "top", Line: 12},
			{Action: visit.Scroll, Arg: "-300", Line: 13},
			{Action: visit.Screenshot, Arg: "after-submit", Line: 14},
		}},
		{"spaces, tabs, CRLF, a BOM and comments", "\uFEFF  # indented comment\r\n\r\n\tCLICK \t  Report a crime  \r\nopen /report/ # not a comment\r\n",
			[]visit.Step{
				{Action: visit.Click, Arg: "Report a crime", Line: 3},
				{Action: visit.Open, Arg: "/report/ # not a comment", Line: 4},
			}},
		{"quoted arguments keep their spaces and escapes", `click "  Report  "
fill "details=line one\nline two"
fill name=  padded value
fill name=`,
			[]visit.Step{
				{Action: visit.Click, Arg: "  Report  ", Line: 1},
				{Action: visit.Fill, Arg: "details", Value: "line one\nline two", Line: 2},
				{Action: visit.Fill, Arg: "name", Value: "  padded value", Line: 3},
				{Action: visit.Fill, Arg: "name", Value: "", Line: 4},
			}},
		{"the name of a fill ends at the first =", "fill  a b =c=d\n",
			[]visit.Step{{Action: visit.Fill, Arg: "a b", Value: "c=d", Line: 1}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := visit.ParseScript("steps.txt", strings.NewReader(tt.script))
			if err != nil {
				t.Fatalf("ParseScript: %v", err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("ParseScript() mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseScriptErrors(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		// Not one of the commands.
		{"unknown command", "clik Report", `steps.txt:2: unknown command "clik"`},
		// The variant is a flag, so that one script serves every variant.
		{"consent in a script", "consent accept", "steps.txt:2: consent is not a script command"},
		{"open without a URL", "open", "steps.txt:2: open needs a URL"},
		// Only the web: no file:, javascript: or data: pages.
		{"open of another scheme", "open javascript:alert(1)", `steps.txt:2: open: scheme "javascript"`},
		{"open of a URL without host", "open https:///x", "no host"},
		{"click without text", "click", "steps.txt:2: click needs the text"},
		{"click of blank text", `click "   "`, "click needs the text"},
		{"fill without =", "fill email", "fill needs NAME=VALUE"},
		{"fill without a name", "fill =x", "fill needs NAME=VALUE"},
		{"wait of a number without unit", "wait 2", `wait "2": want a duration`},
		{"wait of no time", "wait 0s", "want more than 0"},
		{"wait too long", "wait 11m", "at most 10m0s"},
		{"scroll to nowhere", "scroll left", `scroll "left": want top, bottom`},
		{"scroll too far", "scroll 99999999", "want top, bottom"},
		// A name becomes part of a file name.
		{"screenshot name with a slash", "screenshot ../x", "a name is 1 to 40 letters"},
		{"bad quoting", `click "unterminated`, "bad quoted argument"},
		{"trailing text after a quoted argument", `click "a" b`, "bad quoted argument"},
		{"not UTF-8", "click \xff", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps, err := visit.ParseScript("steps.txt", strings.NewReader("click fine\n"+tt.line+"\nwait\n"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseScript error %v, want one containing %q", err, tt.want)
			}
			var se *visit.ScriptError
			if !errors.As(err, &se) || se.Line != 2 || se.File != "steps.txt" {
				t.Errorf("error %v: want a *ScriptError at steps.txt line 2", err)
			}
			// The good lines are still returned.
			if len(steps) != 2 || steps[0].Line != 1 || steps[1].Line != 3 {
				t.Errorf("steps %+v, want the two good lines", steps)
			}
		})
	}
}

// TestParseScriptManyErrors: every bad line is reported, up to 20, then a
// count.
func TestParseScriptManyErrors(t *testing.T) {
	_, err := visit.ParseScript("s", strings.NewReader(strings.Repeat("bad\n", 25)))
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if n := strings.Count(msg, "unknown command"); n != 20 || !strings.Contains(msg, "5 more bad lines") {
		t.Errorf("%d line errors in:\n%s\nwant 20 and a count of 5 more", n, msg)
	}
}

// TestStepString: String writes a line that reads back as the same step.
func TestStepString(t *testing.T) {
	steps := []visit.Step{
		{Action: visit.Open, Arg: "https://www.police.example/"},
		{Action: visit.Click, Arg: "Report domestic abuse"},
		{Action: visit.Click, Arg: " padded "},
		{Action: visit.Click, Arg: `"quoted"`},
		{Action: visit.Click, Arg: "tab\there"},
		{Action: visit.Fill, Arg: "email", Value: "a=b"},
		{Action: visit.Fill, Arg: "details", Value: "two\nlines"},
		{Action: visit.Fill, Arg: "x", Value: ""},
		{Action: visit.Fill, Arg: "x", Value: " lead"},
		{Action: visit.Submit},
		{Action: visit.Wait, Arg: "1.5s"},
		{Action: visit.Scroll, Arg: "bottom"},
		{Action: visit.Screenshot, Arg: "end"},
	}
	var script strings.Builder
	for _, s := range steps {
		fmt.Fprintln(&script, s)
	}
	got, err := visit.ParseScript("round-trip", strings.NewReader(script.String()))
	if err != nil {
		t.Fatalf("%v\nscript:\n%s", err, script.String())
	}
	for i := range got {
		got[i].Line = 0
	}
	if d := cmp.Diff(steps, got); d != "" {
		t.Errorf("steps read back from their String() mismatch (-want +got):\n%s\nscript:\n%s", d, script.String())
	}
}

// FuzzParseScript: no input panics, every step read is valid, and the
// lines String writes read back as the same steps.
func FuzzParseScript(f *testing.F) {
	for _, s := range []string{
		"open https://www.police.example/\nclick Report\nfill email=a@b.c\nsubmit\nwait 2s\nscroll top\nscreenshot x\n",
		"click \"  a\\tb \"\n", "fill a=b=c", "\uFEFF# c\r\nwait idle\r\n", "open /x", "scroll -5", "consent accept",
		"click \"\\xff\"", "fill \"=\"", "open http://[::1]:80/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		steps, _ := visit.ParseScript("fuzz", strings.NewReader(script))
		var b strings.Builder
		for _, s := range steps {
			if _, err := visit.NewStep(s.Action, stepArg(s)); err != nil {
				t.Fatalf("step %+v read, but NewStep refuses it: %v", s, err)
			}
			fmt.Fprintln(&b, s)
		}
		again, err := visit.ParseScript("again", strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("the steps' own lines do not read back: %v\n%s", err, b.String())
		}
		for i := range steps {
			steps[i].Line, again[i].Line = 0, 0
		}
		if d := cmp.Diff(steps, again); d != "" {
			t.Fatalf("round trip mismatch (-read +reread):\n%s\nlines:\n%s", d, b.String())
		}
	})
}

// stepArg is the argument NewStep takes for a step.
func stepArg(s visit.Step) string {
	if s.Action == visit.Fill {
		return s.Arg + "=" + s.Value
	}
	return s.Arg
}

func ExampleParseScript() {
	script := `# the report form, with a test persona
click Report domestic abuse
fill email=jane.doe@example.com
fill "What happened?=Test report, please ignore"
submit
`
	steps, err := visit.ParseScript("report.txt", strings.NewReader(script))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	for _, s := range steps {
		fmt.Printf("line %d: %s\n", s.Line, s)
	}
	// Output:
	// line 2: click Report domestic abuse
	// line 3: fill email=jane.doe@example.com
	// line 4: fill What happened?=Test report, please ignore
	// line 5: submit
}
