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
// little (a chunk outgrown is dropped when freed). Once it is known that
// they will be lent (lend), each new one has half its size again (16 KiB
// at least) as room before its input: a scanner reading the chunks where
// they are (Chunk) copies there the part of a value that began in the
// chunk before, and copies a chunk only when that part is larger (an
// entry of more than 128 KiB, at full size). The goroutine exits
// whenever every chunk is full, the input has ended or pause asks it
// to, so none outlives a reader dropped half-read; Read starts it again.
type aheadReader struct {
	src   io.Reader
	sink  io.Writer        // sees every chunk, in order, before it is served (nil: none)
	whole bool             // fill each chunk whole, not with one read of the source
	lends bool             // new chunks have room (see Chunk); set under mu
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
	lent    *aheadChunk // the chunk Chunk lent before cur, given back at its next call
}

// An aheadChunk holds its input in buf[room:room+n], after room bytes
// that a borrower (see Chunk) may write.
type aheadChunk struct {
	buf  []byte
	room int
	n    int
	err  error
}

// data returns the chunk's input.
func (c *aheadChunk) data() []byte { return c.buf[c.room : c.room+c.n] }

const (
	aheadFirstChunk = 4 << 10
	aheadChunkSize  = 256 << 10
	aheadChunks     = 8
	aheadMinRoom    = 16 << 10 // the least room a chunk has before its input
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
		a.pending = a.cur.data()
	}
	return nil
}

// Chunk lends the next chunk, as [jsonscan.Chunker] says: the bytes of
// the current chunk that Read has not served, or else the next chunk's.
// The chunk lent before is given back at the next call, not at this
// one, so that the borrower can copy from it into this one.
func (a *aheadReader) Chunk() (chunk []byte, at int, err error) {
	if a.lent != nil {
		a.release(a.lent)
		a.lent = nil
	}
	for len(a.pending) == 0 {
		c := a.cur
		if c != nil && c.err != nil {
			return nil, 0, c.err
		}
		a.start() // it may have stopped: paused, or for want of a chunk
		a.cur = <-a.full
		a.pending = a.cur.data()
		if c != nil {
			// Lent (or served) already: given back at the next call.
			if a.lent != nil {
				a.release(a.lent)
			}
			a.lent = c
		}
	}
	end := a.cur.room + a.cur.n
	chunk, at = a.cur.buf[:end], end-len(a.pending)
	a.pending = nil
	return chunk, at, nil
}

// lend says that the chunks will be lent (Chunk): those made from now on
// have room.
func (a *aheadReader) lend() {
	a.mu.Lock()
	a.lends = true
	a.mu.Unlock()
}

// unread puts back the last n bytes Read returned, if they all came from
// the chunk being served; it reports whether it could.
func (a *aheadReader) unread(n int) bool {
	c := a.cur
	if c == nil {
		return false
	}
	end := c.room + c.n
	start := end - len(a.pending) - n
	if start < c.room {
		return false
	}
	a.pending = c.buf[start:end]
	return true
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
	if len(c.buf)-c.room < a.size || a.lends && c.room == 0 {
		a.made-- // outgrown, or made without room: another will be made
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
			room := 0
			if a.lends {
				room = max(a.size/2, aheadMinRoom)
			}
			c = &aheadChunk{buf: make([]byte, room+a.size), room: room}
			a.size = min(2*a.size, aheadChunkSize)
		}
		if c == nil {
			a.running = false
			a.mu.Unlock()
			return
		}
		a.mu.Unlock()
		c.n, c.err = 0, nil
		for c.room+c.n < len(c.buf) && c.err == nil && (a.whole || c.n == 0) {
			var n int
			n, c.err = a.src.Read(c.buf[c.room+c.n:])
			c.n += n
		}
		a.n += int64(c.n)
		if a.sink != nil {
			a.sink.Write(c.data())
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
