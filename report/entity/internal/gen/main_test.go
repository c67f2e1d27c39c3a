package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConvertDir(t *testing.T) {
	src, lic, err := convertDir(filepath.Join("testdata", "package"))
	if err != nil {
		t.Fatal(err)
	}
	want := `		{Name: "Alpha", Company: "Alpha Inc", Category: "analytics", Domains: []string{"*.alpha.test"}, Source: SourceThirdPartyWeb},
		{Name: "Zeta", Company: "Zeta", Homepage: "https://zeta.test", Category: "ad", Domains: []string{"*.zeta.test", "a.zeta.test"}, Source: SourceThirdPartyWeb},
`
	body := string(src)
	start := strings.Index(body, "return []Entity{\n") + len("return []Entity{\n")
	end := strings.Index(body, "\t}\n}\n")
	if diff := cmp.Diff(want, body[start:end]); diff != "" {
		t.Errorf("convertDir() entries mismatch (-want +got):\n%s", diff)
	}
	for _, s := range []string{`const ThirdPartyWebVersion = "9.9.9"`, `Left out, having no domains: "Empty".`, "MIT License"} {
		if !strings.Contains(body, s) {
			t.Errorf("convertDir() output lacks %q", s)
		}
	}
	wantLic, _ := os.ReadFile(filepath.Join("testdata", "package", "LICENSE"))
	if !bytes.Equal(lic, wantLic) {
		t.Errorf("licence not copied verbatim: got %q", lic)
	}
	again, _, _ := convertDir(filepath.Join("testdata", "package"))
	if !bytes.Equal(src, again) {
		t.Errorf("convertDir() not deterministic")
	}
}

func TestConvertErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		// Two entities may not claim one domain: the attribution would be ambiguous.
		{"duplicate", `[{"name":"A","domains":["a.test"]},{"name":"B","domains":["A.test"]}]`, `entity 1 (B): domain "a.test" also in A`},
		// Every entity needs a name to be cited.
		{"no name", `[{"name":" ","domains":["a.test"]}]`, `entity 0: no name`},
		// Not the expected shape.
		{"not a list", `{"name":"A"}`, `cannot unmarshal`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := convert("1.0.0", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("convert() error = %v; want %q", err, tt.want)
			}
		})
	}
}

func TestRunWithoutPackage(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(nil, &stderr); code != 2 || !strings.Contains(stderr.String(), "THIRD_PARTY_WEB_DIR") {
		t.Errorf("run() = %d, %q; want 2 and a hint naming THIRD_PARTY_WEB_DIR", code, stderr.String())
	}
}
