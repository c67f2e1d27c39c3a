// Package archtest holds tests of the project's shape.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibraryImports keeps the library usable from other programs: no
// library package may depend on the CLI, on flag parsing, or on terminal
// control. (tablewriter, which report uses for its terminal-table
// renderer, brings go-isatty in through fatih/color; report never uses it
// to change output, so it is not listed here.)
func TestLibraryImports(t *testing.T) {
	forbidden := []string{
		"github.com/haruspex/haruspex/cmd/",
		"github.com/spf13/pflag",
		"golang.org/x/term",
	}
	const mod = "github.com/haruspex/haruspex/"
	all, err := exec.Command("go", "list", mod+"...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, all)
	}
	var libs []string
	for _, p := range strings.Fields(string(all)) {
		rel := strings.TrimPrefix(p, mod)
		if !strings.HasPrefix(rel, "cmd/") && !strings.HasPrefix(rel, "internal/") && !strings.HasPrefix(rel, "samples") {
			libs = append(libs, p)
		}
	}
	if len(libs) < 2 {
		t.Fatalf("found only %v as library packages", libs)
	}
	for _, pkg := range libs {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
