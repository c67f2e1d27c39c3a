package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/haruspex/haruspex/report/render"
	"golang.org/x/term"
)

// progress shows, on a terminal only, how far reading has got: bytes read
// of the total, MB/s and the time left, and for a batch of captures
// (haruspex matrix) how many are done of how many. It writes to stderr and
// never to a pipe or file, so it cannot end up in output or logs.
//
// Readers advance it from the workers' goroutines: the fields above mu
// are set once by the constructor, every field below mu is guarded by it.
type progress struct {
	w     io.Writer
	name  string // what is read: a file's name, or "captures"
	files int    // captures in a batch; 0 when one input is read
	total int64  // bytes to read; ≤ 0 when unknown (stdin)
	start time.Time

	mu       sync.Mutex
	n        int64 // bytes read
	finished int   // captures done
	last     time.Time
	shown    bool
}

// newProgress returns the progress of reading one input, or nil when
// progress must not be shown: --quiet, or stderr is not a terminal.
func newProgress(e *env, quiet bool, name string, total int64) *progress {
	if quiet {
		return nil
	}
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	now := time.Now()
	return &progress{w: e.stderr, name: render.Terminal(name), total: total, start: now, last: now}
}

// newBatchProgress returns the progress of reading a batch of files
// captures of total bytes, or nil as [newProgress] does.
func newBatchProgress(e *env, quiet bool, files int, total int64) *progress {
	p := newProgress(e, quiet, "captures", total)
	if p != nil {
		p.files = files
	}
	return p
}

// reader wraps r so that reads advance the display.
func (p *progress) reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return &progressReader{r: r, p: p}
}

type progressReader struct {
	r io.Reader
	p *progress
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.p.update(int64(n), 0)
	return n, err
}

// fileDone counts one capture of a batch as done.
func (p *progress) fileDone() {
	if p != nil {
		p.update(0, 1)
	}
}

// update adds n bytes read and done captures, and redraws the line at most
// five times a second, from the first second on.
func (p *progress) update(n int64, done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n += n
	p.finished += done
	now := time.Now()
	if now.Sub(p.last) < 200*time.Millisecond || now.Sub(p.start) < time.Second {
		return
	}
	p.last = now
	p.draw(now)
}

// draw writes the line; p.mu is held.
func (p *progress) draw(now time.Time) {
	rate := float64(p.n) / 1e6 / now.Sub(p.start).Seconds() // MB/s
	line := "reading " + p.name + ": "
	if p.files > 0 {
		line += fmt.Sprintf("%d of %d, ", p.finished, p.files)
	}
	line += mb(p.n)
	if p.total > 0 {
		line += fmt.Sprintf(" of %s (%d%%)", mb(p.total), p.n*100/p.total)
	}
	line += fmt.Sprintf(", %.0f MB/s", rate)
	if p.total > 0 && p.n > 0 {
		left := time.Duration(float64(p.total-p.n)/1e6/rate) * time.Second
		line += fmt.Sprintf(", %s left", max(left, 0).Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.shown = true
}

// finish clears the progress line, if one was drawn.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.shown = false
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
