package render

import (
	"bufio"
	"io"
	"iter"
	"sync"

	"github.com/haruspex/haruspex/decode"
)

// Writing events as JSON is most of the work of writing them, and the
// reading back is done by then: the events are encoded by two helpers,
// a batch at a time, while the next are read, and written in order.

const (
	encodeBatch   = 32 // events a helper encodes at a time
	encodeHelpers = 2  // helpers encoding
	encodeAhead   = 4  // batches read ahead of the one being written
)

// eventEncoder appends an event's encoding to b.
type eventEncoder func(b []byte, ev *decode.Event) ([]byte, error)

// compactJSON is [decode.Event.AppendJSON].
func compactJSON(b []byte, ev *decode.Event) ([]byte, error) { return ev.AppendJSON(b) }

// indentedJSON is [decode.Event.AppendJSONIndent] for an event that is
// an element of an array standing at depth.
func indentedJSON(depth int) eventEncoder {
	prefix := indent(depth + 1)
	return func(b []byte, ev *decode.Event) ([]byte, error) { return ev.AppendJSONIndent(b, prefix, "  ") }
}

// A jobPool keeps the jobs of one output, and their buffers, from one
// call of encoded to the next: a timeline encodes each visitor's events
// in a call of its own, and buffers grown anew for each visitor were a
// fifth of the CPU of writing a timeline (issue 15). It is used by one
// call at a time.
type jobPool struct{ free chan *encodeJob }

func newJobPool() *jobPool {
	return &jobPool{free: make(chan *encodeJob, 2*encodeAhead+encodeHelpers+2)}
}

// encodeJob is a batch of events and, once done is closed, their
// encodings, each ends[i] bytes into buf.
type encodeJob struct {
	evs  []*decode.Event
	buf  []byte
	ends []int
	err  error // an error encoding, or the one seq yielded after the events
	done chan struct{}
}

// encoded yields the encoding of each event seq yields, in seq's order,
// each valid until the next; the first error (seq's, or encoding's) ends
// it. The events are encoded by helpers while seq goes on: an event seq
// yields must stay as it is once yielded, as the analysis's events do
// (each read back into memory of its own). Its jobs come from pool, and
// go back to it (nil: a pool of its own).
func encoded(seq iter.Seq2[*decode.Event, error], enc eventEncoder, pool *jobPool) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		jobs := make(chan *encodeJob, encodeAhead)  // to the helpers
		order := make(chan *encodeJob, encodeAhead) // to this goroutine, in order
		stop := make(chan struct{})
		// Jobs written are reused, with their buffers: there are never
		// more than the ones in the channels, the helpers' and this
		// goroutine's.
		if pool == nil {
			pool = newJobPool()
		}
		free := pool.free
		newJob := func() *encodeJob {
			select {
			case j := <-free:
				*j = encodeJob{evs: j.evs[:0], buf: j.buf[:0], ends: j.ends[:0], done: make(chan struct{})}
				return j
			default:
				return &encodeJob{done: make(chan struct{})}
			}
		}
		// A job goes back to the pool once done with, its events let go:
		// after the last encoding it yields, or, when the caller stops
		// or an error ends it, once a helper is done with it.
		recycle := func(j *encodeJob) {
			clear(j.evs)
			select {
			case free <- j:
			default:
			}
		}
		var helpers sync.WaitGroup
		for range encodeHelpers {
			helpers.Go(func() {
				for j := range jobs {
					for _, ev := range j.evs {
						var err error
						if j.buf, err = enc(j.buf, ev); err != nil {
							j.err = err
							break
						}
						j.ends = append(j.ends, len(j.buf))
					}
					close(j.done)
				}
			})
		}
		// The reader: seq is read on one goroutine of its own, in batches.
		readerDone := make(chan struct{})
		go func() {
			defer close(readerDone)
			defer close(order)
			defer close(jobs)
			j := newJob()
			send := func() bool {
				select {
				case <-stop:
					return false
				default:
				}
				select {
				case order <- j:
				case <-stop:
					return false
				}
				jobs <- j // a helper is free once order has room
				j = newJob()
				return true
			}
			for ev, err := range seq {
				if err != nil {
					j.err = err
					send()
					return
				}
				j.evs = append(j.evs, ev)
				if len(j.evs) == encodeBatch && !send() {
					return
				}
			}
			if len(j.evs) > 0 {
				send()
			}
		}()
		defer func() {
			close(stop)
			// Let the reader finish. Every job it put in order it also
			// hands to a helper, which closes done.
			for j := range order {
				<-j.done
				recycle(j)
			}
			<-readerDone
			helpers.Wait()
		}()
		for j := range order {
			<-j.done
			start := 0
			for _, end := range j.ends {
				if !yield(j.buf[start:end:end], nil) {
					recycle(j)
					return
				}
				start = end
			}
			if j.err != nil {
				yield(nil, j.err)
				recycle(j)
				return
			}
			recycle(j)
		}
	}
}

// outBuffer is the size of the buffer output is written through: 64 KiB
// rather than bufio's 4 KiB, so that an event-dense capture's hundreds of
// megabytes of NDJSON take thousands of writes, not hundreds of
// thousands (issue 15: 207,000 writes of 4 KiB at 100 % events).
const outBuffer = 64 << 10

// newBuffered buffers w with outBuffer bytes. A csv.Writer given it keeps
// it: bufio does not buffer twice.
func newBuffered(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, outBuffer) }
