package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress shows, on a terminal only, how far reading has got: bytes read
// of the total, MB/s and the time left. It writes to stderr and never
// to a pipe or file, so it cannot end up in output or logs.
type progress struct {
	w     io.Writer
	name  string
	total int64 // -1 when unknown (stdin)
	start time.Time

	mu   sync.Mutex
	n    int64
	last time.Time
	done bool
}

// newProgress returns nil when progress must not be shown: --quiet, or
// stderr is not a terminal.
func newProgress(e *env, quiet bool, name string, total int64) *progress {
	if quiet {
		return nil
	}
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	now := time.Now()
	return &progress{w: e.stderr, name: name, total: total, start: now, last: now}
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
	pr.p.add(int64(n))
	return n, err
}

func (p *progress) add(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n += n
	now := time.Now()
	if now.Sub(p.last) < 200*time.Millisecond || now.Sub(p.start) < time.Second {
		return
	}
	p.last = now
	p.draw(now)
}

func (p *progress) draw(now time.Time) {
	el := now.Sub(p.start).Seconds()
	rate := float64(p.n) / 1e6 / el
	line := fmt.Sprintf("reading %s: %s", p.name, mb(p.n))
	if p.total > 0 {
		left := time.Duration(float64(p.total-p.n)/1e6/rate) * time.Second
		line += fmt.Sprintf(" of %s (%d%%), %.0f MB/s, %s left", mb(p.total), p.n*100/p.total, rate, left.Round(time.Second))
	} else {
		line += fmt.Sprintf(", %.0f MB/s", rate)
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

// finish clears the progress line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.done && time.Since(p.start) >= time.Second {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.done = true
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
