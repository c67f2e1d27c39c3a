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
	for _, pkg := range []string{"har", "decode", "report"} {
		out, err := exec.Command("go", "list", "-deps", "github.com/haruspex/haruspex/"+pkg).CombinedOutput()
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
