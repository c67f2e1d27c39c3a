package har

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"testing"
	"testing/iotest"
	"time"
)

// TestAheadReader checks that reading ahead changes nothing a caller can
// see: the same bytes, whatever the sizes of the reads on either side,
// then the source's error, every time it is asked; and that the sink
// sees every byte, in order, whether or not the reader was paused.
func TestAheadReader(t *testing.T) {
	for _, tc := range aheadCases() {
		for _, whole := range []bool{true, false} {
			for _, size := range []int{1, 100, 4096, aheadChunkSize + 1} {
				var sink bytes.Buffer
				a := newAheadReader(tc.src(), &sink, whole)
				var got []byte
				buf := make([]byte, size)
				var err error
				for i := 0; err == nil; i++ {
					if i%3 == 1 {
						a.pause()
					}
					var n int
					n, err = a.Read(buf)
					got = append(got, buf[:n]...)
				}
				if !bytes.Equal(got, tc.want) {
					t.Errorf("%s, reads of %d, whole %v: got %d bytes, want %d (or different bytes)", tc.name, size, whole, len(got), len(tc.want))
				}
				if err != tc.wantErr {
					t.Errorf("%s, reads of %d, whole %v: error %v, want %v", tc.name, size, whole, err, tc.wantErr)
				}
				if n, err2 := a.Read(buf); n != 0 || err2 != tc.wantErr {
					t.Errorf("%s: read after the end gave %d, %v", tc.name, n, err2)
				}
				a.pause()
				if !bytes.Equal(sink.Bytes(), tc.want) || a.n != int64(len(tc.want)) {
					t.Errorf("%s, reads of %d, whole %v: the sink saw %d bytes (n %d), want %d (or different bytes)", tc.name, size, whole, sink.Len(), a.n, len(tc.want))
				}
			}
		}
	}
}

// aheadCase is a source the aheadReader tests read, made anew for each
// read, and what reading it gives.
type aheadCase struct {
	name    string
	src     func() io.Reader
	want    []byte
	wantErr error
}

// aheadCases returns the sources the aheadReader tests read: whole, in
// small or halved reads, empty, one chunk exactly, and ending in an
// error, after data or with it.
func aheadCases() []aheadCase {
	data := make([]byte, 3*aheadChunkSize*aheadChunks+12345)
	for i := range data {
		data[i] = byte(i * 7)
	}
	errBroken := errors.New("broken")
	return []aheadCase{
		{"whole", func() io.Reader { return bytes.NewReader(data) }, data, io.EOF},
		{"one byte at a time", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data[:5000])) }, data[:5000], io.EOF},
		{"half reads", func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) }, data, io.EOF},
		{"empty", func() io.Reader { return bytes.NewReader(nil) }, nil, io.EOF},
		{"exactly one chunk", func() io.Reader { return bytes.NewReader(data[:aheadChunkSize]) }, data[:aheadChunkSize], io.EOF},
		{"error after data", func() io.Reader {
			return io.MultiReader(bytes.NewReader(data[:aheadChunkSize+10]), iotest.ErrReader(errBroken))
		}, data[:aheadChunkSize+10], errBroken},
		{"data with error", func() io.Reader { return iotest.DataErrReader(bytes.NewReader(data[:777])) }, data[:777], io.EOF},
	}
}

// TestAheadReaderDrain checks that drain reads the rest of the source
// into the sink, after part of it was read.
func TestAheadReaderDrain(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), aheadChunkSize)
	var sink bytes.Buffer
	a := newAheadReader(bytes.NewReader(data), &sink, false)
	if _, err := io.ReadFull(a, make([]byte, 12345)); err != nil {
		t.Fatal(err)
	}
	a.drain()
	a.pause()
	if !bytes.Equal(sink.Bytes(), data) || a.n != int64(len(data)) {
		t.Errorf("after drain the sink saw %d bytes (n %d), want %d", sink.Len(), a.n, len(data))
	}
}

// TestAheadReaderDropped checks that a reader dropped half-read leaves no
// goroutine behind: the one reading ahead stops when its buffers are
// full.
func TestAheadReaderDropped(t *testing.T) {
	before := runtime.NumGoroutine()
	a := newAheadReader(iotest.HalfReader(bytes.NewReader(make([]byte, 10*aheadChunkSize*aheadChunks))), nil, true)
	if _, err := a.Read(make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	for i := 0; runtime.NumGoroutine() > before && i < 500; i++ {
		time.Sleep(time.Millisecond)
	}
	if got := runtime.NumGoroutine(); got > before {
		t.Errorf("%d goroutines after dropping the reader, %d before", got, before)
	}
}

// TestAheadReaderChunk checks Chunk against reading: after some bytes
// read (and, if it can, those of the last read put back), the chunks it
// lends hold the rest of the input, in order, then the source's error,
// every time it is asked; the chunk lent by the call before is never
// free to be filled again; the room before each chunk's input may be
// written; pausing between calls stops nothing for good; the sink sees
// every byte.
func TestAheadReaderChunk(t *testing.T) {
	for _, tc := range aheadCases() {
		for _, whole := range []bool{true, false} {
			for _, first := range []int{0, 2, 5000} {
				var sink bytes.Buffer
				a := newAheadReader(tc.src(), &sink, whole)
				head := make([]byte, min(first, len(tc.want)))
				n, _ := io.ReadFull(a, head)
				got := head[:n]
				if n > 0 && a.unread(n) {
					got = nil
				}
				var lent []byte // the chunk the call before lent
				var err error
				for i := 0; ; i++ {
					if i%3 == 1 {
						a.pause()
					}
					var chunk []byte
					var at int
					chunk, at, err = a.Chunk()
					if at >= len(chunk) {
						break
					}
					for j := range chunk[:at] {
						chunk[j] = '#' // the room is the borrower's
					}
					got = append(got, chunk[at:]...)
					a.mu.Lock()
					for _, c := range a.free {
						if len(lent) > 0 && &c.buf[len(c.buf)-1] == &lent[len(lent)-1] {
							t.Fatalf("%s, whole %v: the chunk lent before is free while lent", tc.name, whole)
						}
					}
					a.mu.Unlock()
					lent = chunk
				}
				if !bytes.Equal(got, tc.want) {
					t.Errorf("%s, whole %v, %d read first: got %d bytes, want %d (or different bytes)", tc.name, whole, first, len(got), len(tc.want))
				}
				if err != tc.wantErr {
					t.Errorf("%s, whole %v: error %v, want %v", tc.name, whole, err, tc.wantErr)
				}
				if chunk, at, err := a.Chunk(); at < len(chunk) || err != tc.wantErr {
					t.Errorf("%s: Chunk after the end gave %d bytes, %v", tc.name, len(chunk)-at, err)
				}
				a.pause()
				if !bytes.Equal(sink.Bytes(), tc.want) {
					t.Errorf("%s, whole %v: the sink saw %d bytes, want %d (or different bytes)", tc.name, whole, sink.Len(), len(tc.want))
				}
			}
		}
	}
}
