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
// in run (which tests call in-process), for the analysing commands, whose
// live heap stays at about 20 MB whatever the input (issue 15; measured
// with GODEBUG=gctrace=1 at 6, 25 and 100 % tracker events, 1 GiB): the
// events go to a temporary file while gigabytes pass through.
//
//   - events and timeline collect when the heap has grown fivefold
//     (GOGC=400) instead of doubling: a fifth of the collections, some
//     10 % less CPU;
//   - every analysing command keeps the heap under 42 MiB (GOMEMLIMIT),
//     which keeps the peak RSS under 64 MB with the program's own ~20 MB
//     of code and tables: twice the live heap, far from the collection
//     spiral a limit causes when the live heap nears it (the reason
//     issue 15 found: the live heap then grew with the events).
//
// GOGC or GOMEMLIMIT in the environment, if set, win.
func tuneGC(cmd string) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	switch cmd {
	case "events", "timeline":
		debug.SetGCPercent(400)
	case "parties", "summary", "report", "matrix":
	default:
		return
	}
	debug.SetMemoryLimit(gcMemoryLimit)
}

// gcMemoryLimit is the heap limit of the analysing commands (tuneGC).
const gcMemoryLimit = 42 << 20

// quietProxyLog silences martian's own log, process-wide and so here, for
// visit: it records each failure (a site that cannot be reached) in that
// visit's visit.json and lists them once at the end, and martian's
// "failed to round trip" lines on stderr would only break its progress.
func quietProxyLog(cmd string) {
	if cmd == "visit" {
		capture.SilenceProxyLog()
	}
}
