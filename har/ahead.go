package har

import (
	"io"
	"sync"
)

// aheadReader reads its source ahead on another goroutine, into up to
// aheadChunks buffers, so that the work of producing the bytes (gzip
// decompression) runs on one core while the caller frames them on
// another. The goroutine exits whenever every buffer is full or the
// input has ended, so none outlives a reader that is dropped half-read;
// Read starts it again when it frees a buffer.
type aheadReader struct {
	src  io.Reader
	full chan *aheadChunk // filled, in input order

	mu      sync.Mutex
	free    []*aheadChunk // empty buffers
	made    int
	running bool // the filling goroutine is at work
	ended   bool // the source has returned an error (io.EOF included)

	cur     *aheadChunk // the chunk being served
	pending []byte      // its bytes not yet returned
}

type aheadChunk struct {
	buf []byte
	n   int
	err error
}

const (
	aheadChunkSize = 256 << 10
	aheadChunks    = 4
)

func newAheadReader(src io.Reader) *aheadReader {
	return &aheadReader{src: src, full: make(chan *aheadChunk, aheadChunks)}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for len(a.pending) == 0 {
		if c := a.cur; c != nil {
			if c.err != nil {
				return 0, c.err
			}
			a.cur = nil
			a.release(c)
		} else {
			a.start()
		}
		a.cur = <-a.full
		a.pending = a.cur.buf[:a.cur.n]
	}
	n := copy(p, a.pending)
	a.pending = a.pending[n:]
	return n, nil
}

// start starts the filling goroutine unless it is at work or the input
// has ended.
func (a *aheadReader) start() {
	a.mu.Lock()
	if !a.running && !a.ended {
		a.running = true
		go a.fill()
	}
	a.mu.Unlock()
}

// release gives a served chunk back and starts the filling goroutine if
// it had stopped for want of one.
func (a *aheadReader) release(c *aheadChunk) {
	a.mu.Lock()
	a.free = append(a.free, c)
	a.mu.Unlock()
	a.start()
}

// fill fills free chunks in order until none is free or the input ends.
// The caller holds at most one chunk, so when fill stops for want of a
// free one, the others are waiting in a.full: Read never waits on a.full
// with nothing coming.
func (a *aheadReader) fill() {
	for {
		a.mu.Lock()
		var c *aheadChunk
		switch {
		case len(a.free) > 0:
			c = a.free[len(a.free)-1]
			a.free = a.free[:len(a.free)-1]
		case a.made < aheadChunks:
			a.made++
			c = &aheadChunk{buf: make([]byte, aheadChunkSize)}
		default:
			a.running = false
			a.mu.Unlock()
			return
		}
		a.mu.Unlock()
		c.n, c.err = 0, nil
		for c.n < len(c.buf) && c.err == nil {
			var n int
			n, c.err = a.src.Read(c.buf[c.n:])
			c.n += n
		}
		a.full <- c // never waits: there are no more chunks than places
		if c.err != nil {
			a.mu.Lock()
			a.ended, a.running = true, false
			a.mu.Unlock()
			return
		}
	}
}
