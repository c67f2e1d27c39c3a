package capture

import mlog "github.com/google/martian/v3/log"

// SilenceProxyLog turns off martian's own log, which writes lines such as
// "ERROR: martian: failed to round trip: …" to the standard logger. It
// acts on the whole process: call it from main, never from library code.
// What it would say is in the HAR anyway (a request without a response,
// with its error).
func SilenceProxyLog() {
	mlog.SetLevel(mlog.Silent)
}
