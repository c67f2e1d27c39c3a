package consent

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// render writes the signals of every entry of a HAR file, one line per
// signal, for golden files.
func render(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := har.NewReader(f)
	var b strings.Builder
	for {
		e, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		sigs := FromEntry(e)
		fmt.Fprintf(&b, "entry %d %s %s: %d signal(s)\n", e.Index, e.Request.Method, e.Request.URL, len(sigs))
		for _, s := range sigs {
			fmt.Fprintf(&b, "  %s | %s | choice %s", s.Kind, s.Where, s.Choice)
			if !s.ChoiceTime.IsZero() {
				fmt.Fprintf(&b, " at %s", timeText(s.ChoiceTime))
			}
			b.WriteString("\n")
			for _, p := range s.Purposes {
				fmt.Fprintf(&b, "    %s (%s): %s", p.Name, p.Category, p.State)
				if p.Note != "" {
					fmt.Fprintf(&b, " [%s]", p.Note)
				}
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "    %s\n", s.Description)
			for _, w := range s.Warnings {
				fmt.Fprintf(&b, "    warning: %s\n", w)
			}
		}
	}
	return b.String()
}

// TestConsentModeSessions decodes two visits in which consent mode's
// defaults deny every type and the visitor then accepts, or refuses, on
// a OneTrust banner: events before the choice (gcs G100, gcd letters
// p), the CMP cookie before and after, and events after the update
// (letters r, or q). The golden files show every signal; the test also
// checks the sequence of choices directly.
func TestConsentModeSessions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		choices []string // per entry, the choices of its signals
	}{
		{"accept", []string{
			"",
			"unknown,no choice recorded,unknown,unknown", // gcs, gcd defaults only, dma, npa
			"no choice recorded",                         // OneTrust before interaction
			"accept,unknown",                             // OneTrust after, banner closed
			"unknown,accept,unknown,unknown,unknown",     // gcs, gcd updated, gcu, dma, npa
			"unknown,accept,unknown",
		}},
		{"reject", []string{
			"",
			"unknown,no choice recorded,unknown,unknown",
			"no choice recorded",
			"reject,unknown",
			"unknown,reject,unknown,unknown,unknown",
			"unknown,reject,unknown",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "testdata/consent-mode-" + tc.name + ".har"
			got := render(t, path)
			golden := strings.TrimSuffix(path, ".har") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("signals of %s mismatch (-want +got):\n%s", path, diff)
			}
			f, _ := os.Open(path)
			defer f.Close()
			r := har.NewReader(f)
			var choices []string
			for {
				e, err := r.Next()
				if err != nil {
					break
				}
				var cs []string
				for _, s := range FromEntry(e) {
					cs = append(cs, s.Choice.String())
				}
				choices = append(choices, strings.Join(cs, ","))
			}
			if diff := cmp.Diff(tc.choices, choices); diff != "" {
				t.Errorf("choices per entry mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
