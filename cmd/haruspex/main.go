// Command haruspex reads HAR captures and shows what a website sent to
// third parties. Run "haruspex help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/haruspex/haruspex/har/capture"
)

func main() {
	if len(os.Args) > 1 {
		tuneGC(os.Args[1])
		quietProxyLog(os.Args[1])
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC sets the garbage collector, process-wide and so here rather than
// in run (which tests call in-process), for the commands whose events go
// to a temporary file: what stays live is then a few megabytes (the
// reader's buffers and the events' index) while gigabytes pass through,
// and the default (collect whenever the heap doubles) would collect some
// 90 times per GB for nothing. Collecting when the heap has grown
// fivefold, but never letting it pass 48 MiB, does the same work with a
// fifth of the collections: 8–10 % less time on the benchmark, peak RSS
// still under 64 MB. GOGC or GOMEMLIMIT in the environment, if set, win.
func tuneGC(cmd string) {
	if cmd != "events" && cmd != "timeline" || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(48 << 20)
}

// quietProxyLog silences martian's own log, process-wide and so here, for
// visit: it records each failure (a site that cannot be reached) in that
// visit's visit.json and lists them once at the end, and martian's
// "failed to round trip" lines on stderr would only break its progress.
func quietProxyLog(cmd string) {
	if cmd == "visit" {
		capture.SilenceProxyLog()
	}
}
