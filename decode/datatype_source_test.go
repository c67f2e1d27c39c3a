package decode

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestLabelsCarryTypes reads this package's source and checks that no
// label is given without a data type, including in code no test input
// reaches (TestVocabulary checks what the decoders emit):
//
//   - a Param or ID literal that sets Label or Meaning sets Type too;
//   - an assignment of Label or Meaning (other than += , which adds
//     detail to a label already typed) assigns Type in the same
//     statement: p.Label, p.Type = l.text, l.typ;
//   - no label literal names DataUnclassified, the type of parameters
//     no decoder knows.
//
// codec.go, which copies every field, is exempt.
func TestLabelsCarryTypes(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "codec.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		n++
		ast.Inspect(f, func(node ast.Node) bool {
			switch x := node.(type) {
			case *ast.CompositeLit:
				keys := map[string]bool{}
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							keys[id.Name] = true
						}
					}
				}
				if (keys["Label"] || keys["Meaning"]) && !keys["Type"] {
					t.Errorf("%s: a literal sets Label or Meaning without Type", fset.Position(x.Pos()))
				}
				if len(x.Elts) == 2 {
					if id, ok := x.Elts[1].(*ast.Ident); ok && id.Name == "DataUnclassified" {
						t.Errorf("%s: a label typed DataUnclassified: give it the type of what it labels", fset.Position(x.Pos()))
					}
				}
			case *ast.AssignStmt:
				if x.Tok != token.ASSIGN && x.Tok != token.DEFINE {
					return true
				}
				labelled, typed := false, false
				for _, lhs := range x.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok {
						switch sel.Sel.Name {
						case "Label", "Meaning":
							labelled = true
						case "Type":
							typed = true
						}
					}
				}
				if labelled && !typed {
					t.Errorf("%s: Label or Meaning assigned without Type: assign both in one statement, or apply a label", fset.Position(x.Pos()))
				}
			}
			return true
		})
	}
	if n == 0 {
		t.Fatal("no source files read")
	}
}
