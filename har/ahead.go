package har

import (
	"io"
	"sync"
)

// aheadReader serves the bytes of its source from a small pool of
// chunks that a goroutine fills ahead of the caller, in order: the work
// of producing the bytes (reading the file, decompressing a .har.gz)
// and, with a sink, hashing them runs on one core while the caller
// frames them on another. It is the one chunk pool of the package: the
// input as given is read through one (with SHA-256 as its sink, see
// hash.go) and a .har.gz is decompressed through another.
//
// Up to aheadChunks chunks are in use; the first is small and each new
// one twice the last, up to aheadChunkSize, so that a small input costs
// little (a chunk outgrown is dropped when freed). The goroutine exits
// whenever every chunk is full, the input has ended or pause asks it
// to, so none outlives a reader dropped half-read; Read starts it again.
type aheadReader struct {
	src   io.Reader
	sink  io.Writer        // sees every chunk, in order, before it is served (nil: none)
	whole bool             // fill each chunk whole, not with one read of the source
	full  chan *aheadChunk // filled, in input order
	n     int64            // bytes read from src: the filling goroutine's, read after pause

	mu      sync.Mutex
	free    []*aheadChunk // empty chunks
	made    int           // chunks in use
	size    int           // the size of the next chunk made
	running bool          // the filling goroutine is at work
	ended   bool          // the source has returned an error (io.EOF included)
	paused  bool          // pause is waiting for the goroutine to stop
	wg      sync.WaitGroup

	cur     *aheadChunk // the chunk being served
	pending []byte      // its bytes not yet returned
}

type aheadChunk struct {
	buf []byte
	n   int
	err error
}

const (
	aheadFirstChunk = 4 << 10
	aheadChunkSize  = 256 << 10
	aheadChunks     = 8
)

// newAheadReader returns an aheadReader of src. Each chunk is written to
// sink, if not nil, on the reading goroutine. With whole, each chunk is
// filled whole (for a decompressor, whose reads return a little at a
// time); without, it holds what one read of src returned (for a file,
// or a pipe that must not be waited on for more).
func newAheadReader(src io.Reader, sink io.Writer, whole bool) *aheadReader {
	return &aheadReader{src: src, sink: sink, whole: whole, full: make(chan *aheadChunk, aheadChunks), size: aheadFirstChunk}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(a.pending) == 0 {
		if err := a.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, a.pending)
	a.pending = a.pending[n:]
	return n, nil
}

// next moves to the next chunk that holds bytes, or returns the source's
// error.
func (a *aheadReader) next() error {
	for len(a.pending) == 0 {
		if c := a.cur; c != nil {
			if c.err != nil {
				return c.err
			}
			a.cur = nil
			a.release(c)
		} else {
			a.start()
		}
		a.cur = <-a.full
		a.pending = a.cur.buf[:a.cur.n]
	}
	return nil
}

// drain reads the rest of the source, serving none of it.
func (a *aheadReader) drain() {
	for {
		a.pending = nil
		if a.next() != nil {
			return
		}
	}
}

// start starts the filling goroutine unless it is at work or the input
// has ended.
func (a *aheadReader) start() {
	a.mu.Lock()
	if !a.running && !a.ended {
		a.running = true
		a.wg.Add(1)
		go a.fill()
	}
	a.mu.Unlock()
}

// pause waits for the filling goroutine to stop: after it, until the
// next Read, no goroutine reads the source, writes the sink or sets n.
func (a *aheadReader) pause() {
	a.mu.Lock()
	a.paused = true
	a.mu.Unlock()
	a.wg.Wait()
	a.mu.Lock()
	a.paused = false
	a.mu.Unlock()
}

// release gives a served chunk back and starts the filling goroutine if
// it had stopped for want of one.
func (a *aheadReader) release(c *aheadChunk) {
	a.mu.Lock()
	if len(c.buf) < a.size {
		a.made-- // outgrown: a larger one will be made
	} else {
		a.free = append(a.free, c)
	}
	a.mu.Unlock()
	a.start()
}

// fill fills free chunks in order until none is free, the input ends or
// pause asks it to stop. The caller holds at most one chunk, so when
// fill stops for want of a free one, the others are waiting in a.full:
// Read never waits on a.full with nothing coming.
func (a *aheadReader) fill() {
	defer a.wg.Done()
	for {
		a.mu.Lock()
		var c *aheadChunk
		switch {
		case a.paused:
		case len(a.free) > 0:
			c = a.free[len(a.free)-1]
			a.free = a.free[:len(a.free)-1]
		case a.made < aheadChunks:
			a.made++
			c = &aheadChunk{buf: make([]byte, a.size)}
			a.size = min(2*a.size, aheadChunkSize)
		}
		if c == nil {
			a.running = false
			a.mu.Unlock()
			return
		}
		a.mu.Unlock()
		c.n, c.err = 0, nil
		for c.n < len(c.buf) && c.err == nil && (a.whole || c.n == 0) {
			var n int
			n, c.err = a.src.Read(c.buf[c.n:])
			c.n += n
		}
		a.n += int64(c.n)
		if a.sink != nil {
			a.sink.Write(c.buf[:c.n])
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
