// Package archtest holds tests of the project's shape.
package archtest

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const mod = "github.com/haruspex/haruspex/"

// packages lists the module's packages, relative to the module.
func packages(t *testing.T) []string {
	t.Helper()
	all, err := exec.Command("go", "list", mod+"...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, all)
	}
	var out []string
	for _, p := range strings.Fields(string(all)) {
		out = append(out, strings.TrimPrefix(p, mod))
	}
	return out
}

func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", mod+pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
	}
	return strings.Fields(string(out))
}

// TestLibraryImports keeps the library usable from other programs: no
// library package may depend on the CLI, on flag parsing, or on terminal
// control; and the terminal-table library (with go-isatty and
// fatih/color, which it brings and never uses to change output) is
// reached only through report/render: report, har and decode, which do
// not render, never depend on it.
func TestLibraryImports(t *testing.T) {
	forbidden := []string{
		mod + "cmd/",
		"github.com/spf13/pflag",
		"golang.org/x/term",
	}
	tableOnly := []string{
		"github.com/olekukonko/tablewriter",
		"github.com/mattn/go-isatty",
		"github.com/fatih/color",
	}
	var libs []string
	for _, p := range packages(t) {
		if !strings.HasPrefix(p, "cmd/") && !strings.HasPrefix(p, "internal/") && !strings.HasPrefix(p, "samples") {
			libs = append(libs, p)
		}
	}
	if len(libs) < 2 || !slices.Contains(libs, "report/render") {
		t.Fatalf("found only %v as library packages", libs)
	}
	for _, pkg := range libs {
		ds := deps(t, pkg)
		rules := forbidden
		if !slices.Contains(ds, mod+"report/render") {
			rules = append(slices.Clone(forbidden), tableOnly...)
		}
		for _, dep := range ds {
			for _, f := range rules {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}

// TestTopLevel keeps the top level the design card's: a new package goes
// under the one whose job it serves (har/site, report/render …).
func TestTopLevel(t *testing.T) {
	allowed := []string{"cmd", "har", "decode", "report", "samples", "internal", "bench"}
	for _, p := range packages(t) {
		top, _, _ := strings.Cut(p, "/")
		if !slices.Contains(allowed, top) {
			t.Errorf("package %s is at the top level: nest it under one of %v", p, allowed)
		}
	}
}

// TestTablewriterImporters checks, from the import lists themselves, that
// tablewriter is imported only by report/render and the command.
func TestTablewriterImporters(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, mod+"...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], mod)
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, "github.com/olekukonko/tablewriter") && pkg != "report/render" && !strings.HasPrefix(pkg, "cmd/") {
				t.Errorf("%s imports %s: only report/render may", pkg, imp)
			}
		}
	}
}
