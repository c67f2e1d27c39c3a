package main

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"
)

func TestZZProf(t *testing.T) {
	args := strings.Fields(os.Getenv("ZZARGS"))
	if len(args) == 0 {
		t.Skip()
	}
	done := make(chan struct{})
	go func() {
		var max uint64
		for {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > max+2<<20 {
				max = ms.HeapInuse
				var b bytes.Buffer
				pprof.Lookup("heap").WriteTo(&b, 0)
				os.WriteFile("/tmp/zz/heap.pprof", b.Bytes(), 0o644)
			}
		}
	}()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	close(done)
	t.Logf("exit %d %s", code, errb.String())
}
