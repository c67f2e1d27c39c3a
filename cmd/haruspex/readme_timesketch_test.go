package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestREADMETimesketchLines keeps the two Timesketch lines the README
// shows true: each is a line of the command it names.
func TestREADMETimesketchLines(t *testing.T) {
	t.Chdir("../..")
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const intro = "Two lines of\n`haruspex timeline --format timesketch report/testdata/consent-pixel-accept.har`:\n\n```\n"
	_, block, ok := strings.Cut(string(readme), intro)
	if !ok {
		t.Fatalf("README has no %q", intro)
	}
	block, _, _ = strings.Cut(block, "```")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"timeline", "--format", "timesketch", "report/testdata/consent-pixel-accept.har"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
	if len(lines) != 2 {
		t.Errorf("README shows %d lines, want 2", len(lines))
	}
	for _, l := range lines {
		if !strings.Contains(stdout.String(), l+"\n") {
			t.Errorf("README's Timesketch line is not in the output:\n%s", l)
		}
	}
}
