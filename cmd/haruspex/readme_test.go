package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestREADMEExamples keeps the README's worked examples true: every block
// that starts with "$ go run ./cmd/haruspex ARGS" must show exactly what
// haruspex prints for ARGS. -update rewrites the blocks.
func TestREADMEExamples(t *testing.T) {
	t.Chdir("../..")
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(readme), "\n")
	var out strings.Builder
	n := 0
	for i := 0; i < len(lines); i++ {
		out.WriteString(lines[i])
		cmd, ok := strings.CutPrefix(strings.TrimRight(lines[i], "\n"), "$ go run ./cmd/haruspex ")
		if !ok || i == 0 || strings.TrimSpace(lines[i-1]) != "```" {
			continue
		}
		n++
		// The block runs to the closing fence.
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) != "```" {
			j++
		}
		shown := strings.Join(lines[i+1:j], "")
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), strings.Fields(cmd), strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Errorf("README: haruspex %s exited %d: %s", cmd, code, stderr.String())
		}
		if *update {
			out.WriteString(stdout.String())
		} else {
			out.WriteString(shown)
			if shown != stdout.String() {
				t.Errorf("README's output of `haruspex %s` is stale; run go test ./cmd/haruspex -run TestREADMEExamples -update", cmd)
			}
		}
		i = j - 1
	}
	if n == 0 {
		t.Fatal("README has no worked example")
	}
	if *update {
		if err := os.WriteFile("README.md", []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
