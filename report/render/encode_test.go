package render

import (
	"errors"
	"fmt"
	"iter"
	"runtime"
	"testing"
	"time"

	"github.com/haruspex/haruspex/decode"
)

// testEvents yields n events (of which the one at failAt, if any, is an
// error instead) and counts the events it was asked for.
func testEvents(n, failAt int, asked *int) iter.Seq2[*decode.Event, error] {
	return func(yield func(*decode.Event, error) bool) {
		for i := range n {
			*asked++
			if i == failAt {
				yield(nil, fmt.Errorf("event %d unreadable", i))
				return
			}
			ev := &decode.Event{Vendor: decode.VendorMeta, Name: fmt.Sprintf("Event%d", i), Index: i}
			if !yield(ev, nil) {
				return
			}
		}
	}
}

// nameEncoder encodes an event as its name, failing on the one named
// fail.
func nameEncoder(fail string) eventEncoder {
	return func(b []byte, ev *decode.Event) ([]byte, error) {
		if ev.Name == fail {
			return b, errors.New("cannot encode " + fail)
		}
		return append(b, ev.Name...), nil
	}
}

// settle waits for the goroutines encoded started to end, and fails if
// more run than before.
func settle(t *testing.T, before int) {
	t.Helper()
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines left running (%d before)", runtime.NumGoroutine(), before)
}

// TestEncoded holds encoded, which encodes events on helpers, to the
// encoding one after another: the same encodings in the same order, the
// error where it comes, and no goroutine left when the reader stops —
// each call with jobs of its own, and every call with the jobs, and
// buffers, the calls before it left in one pool (as a timeline's
// visitors share theirs), errors and early stops included.
func TestEncoded(t *testing.T) {
	shared := newJobPool()
	for _, pooled := range []bool{false, true} {
		var pool *jobPool
		if pooled {
			pool = shared
		}
		testEncoded(t, pool)
	}
	if len(shared.free) == 0 {
		t.Error("no job came back to the shared pool")
	}
}

func testEncoded(t *testing.T, pool *jobPool) {
	for _, c := range []struct {
		name       string
		n, failAt  int
		failEncode string
		stopAfter  int // the caller stops after so many (0: never)
	}{
		{name: "none", failAt: -1},
		{name: "one", n: 1, failAt: -1},
		{name: "a batch less one", n: encodeBatch - 1, failAt: -1},
		{name: "a batch", n: encodeBatch, failAt: -1},
		{name: "a batch and one", n: encodeBatch + 1, failAt: -1},
		{name: "many batches", n: 40*encodeBatch + 7, failAt: -1},
		{name: "read error in a batch", n: 1000, failAt: 3*encodeBatch + 5},
		{name: "read error first", n: 1000, failAt: 0},
		{name: "encode error", n: 1000, failAt: -1, failEncode: "Event200"},
		{name: "caller stops", n: 100000, failAt: -1, stopAfter: 150},
	} {
		t.Run(fmt.Sprintf("%s/pooled=%v", c.name, pool != nil), func(t *testing.T) {
			before := runtime.NumGoroutine()
			var wantErr error
			var want []string
			for i := range c.n {
				if i == c.failAt {
					wantErr = fmt.Errorf("event %d unreadable", i)
					break
				}
				name := fmt.Sprintf("Event%d", i)
				if name == c.failEncode {
					wantErr = errors.New("cannot encode " + name)
					break
				}
				want = append(want, name)
			}
			if c.stopAfter > 0 {
				want = want[:c.stopAfter]
			}
			var got []string
			var gotErr error
			asked := 0
			for b, err := range encoded(testEvents(c.n, c.failAt, &asked), nameEncoder(c.failEncode), pool) {
				if err != nil {
					gotErr = err
					break
				}
				got = append(got, string(b))
				if len(got) == c.stopAfter {
					break
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got %d encodings, want %d: %.200v", len(got), len(want), got)
			}
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("error %v, want %v", gotErr, wantErr)
			}
			if c.stopAfter > 0 {
				// Read ahead: the batches in flight, no more.
				if limit := c.stopAfter + (encodeAhead+encodeHelpers+2)*encodeBatch; asked > limit {
					t.Errorf("%d events read for %d taken: more than %d", asked, c.stopAfter, limit)
				}
			}
			settle(t, before)
		})
	}
}
