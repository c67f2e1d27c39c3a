package decode_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
)

const (
	readmePath   = "../README.md"
	trackersOpen = "<!-- trackers:begin"
	trackersEnd  = "<!-- trackers:end -->"
)

// TestReadmeTrackers checks that README.md's "Supported trackers" table is
// the one [decode.TrackersMarkdown] renders from Builtin(), so the two
// never disagree. go test -update rewrites the block (and nothing else).
func TestReadmeTrackers(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, trackersOpen)
	if i < 0 {
		t.Fatalf("%s has no %q marker", readmePath, trackersOpen)
	}
	nl := strings.Index(readme[i:], "\n")
	if nl < 0 {
		t.Fatalf("%s: nothing after the %q marker", readmePath, trackersOpen)
	}
	start := i + nl + 1
	end := strings.Index(readme[start:], trackersEnd)
	if end < 0 {
		t.Fatalf("%s has no %q marker after %q", readmePath, trackersEnd, trackersOpen)
	}
	end += start
	want := decode.TrackersMarkdown(decode.Builtin())
	got := readme[start:end]
	if *update && got != want {
		if err := os.WriteFile(readmePath, []byte(readme[:start]+want+readme[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README.md trackers table differs from decode.TrackersMarkdown(decode.Builtin()) (-want +got); run go test ./decode -run ReadmeTrackers -update:\n%s", diff)
	}
}

func TestTrackersMarkdownEveryVendor(t *testing.T) {
	table := decode.TrackersMarkdown(decode.Builtin())
	for _, v := range decode.Vendors() {
		if !strings.Contains(table, "| `"+v.String()+"` |") {
			t.Errorf("TrackersMarkdown(Builtin()) has no row for vendor %q", v)
		}
	}
	if !strings.Contains(table, "any host `/g/collect`") {
		t.Errorf("TrackersMarkdown(Builtin()) does not show the any-host GA4 route:\n%s", table)
	}
}
