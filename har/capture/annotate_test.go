package capture_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/capture"
)

// TestAnnotate: Options.Annotate shapes the log header of the journal and
// of the final file, and what it learns while the session runs (here, the
// browser) reaches the final file only.
func TestAnnotate(t *testing.T) {
	m := newMockSite(t)
	ca, err := capture.LoadOrCreateCA(filepath.Join(t.TempDir(), "ca"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "visit.har")
	var browser *har.Creator // set while the session runs; read by Annotate
	calls := 0
	s, err := capture.Start(capture.Options{
		Out: out, Listen: "127.0.0.1:0", CA: ca, Version: "test",
		UpstreamRoots: m.roots, Resolve: m.resolve(), ResolvedOnly: true,
		ShutdownTimeout: 500 * time.Millisecond,
		Annotate: func(l *har.Log) {
			calls++
			l.Creator.Name = "haruspex visit"
			l.Browser = browser
			l.Comment += " The visit is described in visit.json."
			l.Custom = append(l.Custom, har.Field{Name: "_visit", Raw: json.RawMessage(`{"file":"visit.json"}`)})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	journal, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(journal), `"name": "haruspex visit"`) || strings.Contains(string(journal), `"browser"`) {
		t.Errorf("journal header:\n%s", journal)
	}
	do(t, proxyClient(s.Addr(), ca), exchange{method: "GET", url: "https://www.police.example/"})
	browser = &har.Creator{Name: "HeadlessChrome", Version: "156.0.8078.114"}
	if _, err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("Annotate called %d times, want 2 (journal, final file)", calls)
	}
	l, es := readHAR(t, out)
	if len(es) != 1 {
		t.Fatalf("%d entries, want 1", len(es))
	}
	got := struct {
		Creator, Browser string
		Comment          bool
		Custom           []string
	}{Creator: l.Creator.String(), Browser: l.Browser.String(),
		Comment: strings.HasPrefix(l.Comment, "Recorded through a man-in-the-middle proxy") && strings.HasSuffix(l.Comment, " The visit is described in visit.json.")}
	for _, f := range l.Custom {
		got.Custom = append(got.Custom, f.Name+"="+string(f.Raw))
	}
	want := struct {
		Creator, Browser string
		Comment          bool
		Custom           []string
	}{"haruspex visit test", "HeadlessChrome 156.0.8078.114", true, []string{`_visit={"file":"visit.json"}`}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("final log header mismatch (-want +got):\n%s", d)
	}
}

// TestPending: a request waiting for its server is pending; once
// answered and recorded it is not. CONNECT tunnels never count.
func TestPending(t *testing.T) {
	m := newMockSite(t)
	s, c := startSession(t, m, filepath.Join(t.TempDir(), "pending.har"))
	defer s.Close()
	do(t, c, exchange{method: "GET", url: "https://www.police.example/"}) // opens a tunnel too
	if n := s.Pending(); n != 0 {
		t.Errorf("after an answered request: %d pending, want 0", n)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		do(t, c, exchange{method: "GET", url: "https://www.police.example/slow"})
	}()
	<-m.arrived
	if n := s.Pending(); n != 1 {
		t.Errorf("while /slow waits for its server: %d pending, want 1", n)
	}
	close(m.block)
	<-done
	if n := s.Pending(); n != 0 {
		t.Errorf("after /slow was answered: %d pending, want 0", n)
	}
}
