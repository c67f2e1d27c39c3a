package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"haruspex": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the CLI end to end from testdata/script/*.txtar:
// stdout, stderr and exit code. The corpus condition skips the scripts
// that read ../shared/corpus when it is absent; $CORPUS and $SAMPLES name
// the real captures. The ssh condition skips those that need OpenSSH's
// ssh-keygen when it is absent, except under CI=true, where it fails.
func TestScripts(t *testing.T) {
	corpus, _ := filepath.Abs("../../../shared/corpus")
	samples, _ := filepath.Abs("../../samples")
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("CORPUS", corpus)
			env.Setenv("SAMPLES", samples)
			env.Setenv("TZ", "Asia/Kolkata") // output must not depend on it
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "corpus":
				_, err := os.Stat(corpus)
				return err == nil, nil
			case "ssh":
				return haveOpenSSH()
			}
			// have:PROG is exec:PROG that, under CI=true, fails the script
			// instead of letting it skip: a check that CI must run.
			if prog, ok := strings.CutPrefix(cond, "have:"); ok {
				if _, err := exec.LookPath(prog); err != nil {
					if os.Getenv("CI") == "true" {
						return false, fmt.Errorf("%s is not installed, and CI must run this test (.ci/deps installs it)", prog)
					}
					return false, nil
				}
				return true, nil
			}
			return false, errors.New("unknown condition " + cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exit N command args...: run a command and require exit code N,
			// keeping its stdout and stderr for cmp.
			"exit": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exit CODE command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exit: bad code %q", args[0])
				}
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("exit: %v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
				}
			},
		},
	})
}

// failingWriter fails every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputFailure: output that cannot be written exits 5 and says so
// (it once exited 2, "no usable input", which the input was not).
func TestOutputFailure(t *testing.T) {
	sample := filepath.Join("..", "..", "samples", "police-visit.har")
	for _, args := range [][]string{
		{"events", "--format", "ndjson", sample},
		{"events", sample},
		{"timeline", "--format", "csv", sample},
		{"parties", "--format", "json", sample},
		{"summary", sample},
	} {
		t.Run(args[0]+" "+args[1], func(t *testing.T) {
			var stderr strings.Builder
			code := run(context.Background(), args, strings.NewReader(""), failingWriter{}, &stderr)
			if code != exitOutput {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitOutput, stderr.String())
			}
			if !strings.Contains(stderr.String(), "writing output: no space left on device") {
				t.Errorf("stderr %q does not say the output could not be written", stderr.String())
			}
		})
	}
}

// haveOpenSSH reports whether ssh-keygen and ssh-agent are installed;
// under CI=true their absence is an error, not a skip.
func haveOpenSSH() (bool, error) {
	for _, tool := range []string{"ssh-keygen", "ssh-agent", "ssh-add"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				return false, fmt.Errorf("%s is missing under CI (.ci/deps installs openssh-client): %w", tool, err)
			}
			return false, nil
		}
	}
	return true, nil
}
