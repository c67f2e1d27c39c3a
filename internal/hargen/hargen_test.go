package hargen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/har"
)

// TestWriteUnchanged pins the default mix's bytes: the benchmarks of
// every issue since the first compare runs on the same input, so a size
// and seed must keep giving the same file. (The digest is that of the
// generator before densities were added.)
func TestWriteUnchanged(t *testing.T) {
	var buf bytes.Buffer
	st, err := Write(&buf, 1<<20, 1)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	if got, want := hex.EncodeToString(sum[:]), "53034cb0365861cc470d389087b766a8fe909a6b6a6d4cc2bab818a141d1ca65"; got != want {
		t.Errorf("Write(1 MiB, seed 1) sha256 = %s, want %s", got, want)
	}
	if st.Bytes != int64(buf.Len()) || st.Entries != 101 || st.Meta != 1 || st.GA4 != 3 || st.Trackers != 4 {
		t.Errorf("Write(1 MiB, seed 1) stats = %+v", st)
	}
}

// readAll reads a generated HAR, failing on any error or warning.
func readAll(t *testing.T, b []byte) []*har.Entry {
	t.Helper()
	r := har.NewReader(bytes.NewReader(b))
	es, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if len(e.Warnings) > 0 {
			t.Fatalf("entry %d: %v", e.Index, e.Warnings)
		}
	}
	return es
}

// trackerHosts are the hosts of the hits Generate writes.
var trackerHosts = []string{"www.facebook.com", "region1.google-analytics.com", "googleads.g.doubleclick.net",
	"analytics.tiktok.com", "px.ads.linkedin.com", "bat.bing.com"}

func isHit(e *har.Entry) bool {
	for _, h := range trackerHosts {
		if strings.HasPrefix(e.Request.URL, "https://"+h+"/") {
			return true
		}
	}
	return false
}

func TestGenerateDensity(t *testing.T) {
	for _, density := range []int{25, 100} {
		var buf bytes.Buffer
		st, err := Generate(&buf, Options{Size: 2 << 20, Seed: 3, Density: density})
		if err != nil {
			t.Fatal(err)
		}
		es := readAll(t, buf.Bytes())
		hits := 0
		for _, e := range es {
			if isHit(e) {
				hits++
			}
		}
		if len(es) != st.Entries || hits != st.Trackers {
			t.Errorf("density %d: read %d entries, %d hits; stats say %d, %d", density, len(es), hits, st.Entries, st.Trackers)
		}
		// The share drawn is within a few points of the one asked for.
		if got := 100 * hits / len(es); got < density-8 || got > density {
			t.Errorf("density %d: %d %% of %d entries are hits", density, got, len(es))
		}
	}
	if _, err := Generate(io.Discard, Options{Size: 1, Density: 101}); err == nil {
		t.Error("density 101: no error")
	}
}

func TestShapes(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteRepeated(&buf, 50); err != nil {
		t.Fatal(err)
	}
	es := readAll(t, buf.Bytes())
	if len(es) != 50 || es[0].Request.URL != es[49].Request.URL || es[0].StartedDateTime != es[49].StartedDateTime {
		t.Errorf("WriteRepeated(50): %d entries, first and last differ", len(es))
	}

	buf.Reset()
	if _, err := WriteHugeBody(&buf, 3000); err != nil {
		t.Fatal(err)
	}
	r := har.NewReader(bytes.NewReader(buf.Bytes()))
	r.Bodies = true
	es, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || es[1].Response.Content.Text != strings.Repeat("A", 3000) {
		t.Errorf("WriteHugeBody(3000): %d entries, body of %d bytes", len(es), len(es[1].Response.Content.Text))
	}

	buf.Reset()
	if _, err := WriteHugeURL(&buf, 3000); err != nil {
		t.Fatal(err)
	}
	es = readAll(t, buf.Bytes())
	want := "&cd[x]=" + strings.Repeat("A", 3000) + "&ts=1686733921000&"
	if len(es) != 3 || !strings.Contains(es[1].Request.URL, want) {
		t.Errorf("WriteHugeURL(3000): %d entries, URL %.100q…", len(es), es[1].Request.URL)
	}
}
