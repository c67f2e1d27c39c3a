package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportLeavesInputsUnchanged runs report and verify on a read-only
// copy of the sample and checks that its bytes, SHA-256 and modification
// time are what they were: evidence is never modified.
func TestReportLeavesInputsUnchanged(t *testing.T) {
	data, err := os.ReadFile("../../samples/police-visit.har")
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "police-visit.har")
	if err := os.WriteFile(in, data, 0o444); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "case")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "--out", out, in}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("report exited %d: %s", code, stderr.String())
	}
	if code := run(context.Background(), []string{"verify", out, in}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("verify exited %d: %s", code, stdout.String())
	}
	after, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(after) != sha256.Sum256(data) {
		t.Fatal("the input's SHA-256 changed")
	}
	st, _ := os.Stat(in)
	if !st.ModTime().Equal(before.ModTime()) || st.Mode() != before.Mode() {
		t.Errorf("the input's mtime or mode changed: %v %v, then %v %v", before.ModTime(), before.Mode(), st.ModTime(), st.Mode())
	}
}

// TestVerifyOneByte changes one byte of an output, then of an input:
// verify fails and names the file each time.
func TestVerifyOneByte(t *testing.T) {
	data, err := os.ReadFile("../../samples/police-visit.har")
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "police-visit.har")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "case")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "--out", out, in}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("report exited %d: %s", code, stderr.String())
	}
	verify := func() (int, string) {
		var o bytes.Buffer
		code := run(context.Background(), []string{"verify", out, in}, nil, &o, &o)
		return code, o.String()
	}
	if code, o := verify(); code != exitOK {
		t.Fatalf("verify of a fresh report exited %d:\n%s", code, o)
	}
	for _, tc := range []struct{ file, line string }{
		{filepath.Join(out, "report.html"), "MISMATCH     output report.html"},
		{in, "MISMATCH     input  " + in},
	} {
		b, _ := os.ReadFile(tc.file)
		b[len(b)/2] ^= 0x20
		os.WriteFile(tc.file, b, 0o644)
		code, o := verify()
		if code != exitMismatch || !strings.Contains(o, tc.line) {
			t.Errorf("after changing one byte of %s: exit %d, want %d with %q:\n%s", tc.file, code, exitMismatch, tc.line, o)
		}
		b[len(b)/2] ^= 0x20
		os.WriteFile(tc.file, b, 0o644)
	}
}
