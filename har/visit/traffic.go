package visit

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
)

// traffic follows a tab's requests from its DevTools events, to tell
// when the network has settled after a step.
//
// Who owns what: event runs on chromedp's goroutine that reads the tab's
// messages (it must return fast and send no command); every other method
// runs on the visit's goroutine. All fields are guarded by mu.
type traffic struct {
	mu       sync.Mutex
	inflight map[network.RequestID]request
	started  int       // requests started so far
	last     time.Time // when a request last started or ended
	loads    int       // load events of the main frame so far
	docs     map[cdp.LoaderID]docResponse
}

// request is a request in flight.
type request struct {
	url    string
	loader cdp.LoaderID // the document's; "" for a worker's
}

// docResponse is the response to a document request.
type docResponse struct {
	url    string
	status int64
}

func newTraffic() *traffic {
	return &traffic{inflight: map[network.RequestID]request{}, docs: map[cdp.LoaderID]docResponse{}}
}

// event is the tab's listener (chromedp.WithListener).
func (t *traffic) event(ev any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if _, ok := t.inflight[ev.RequestID]; !ok {
			t.started++ // a redirect keeps its request id
		}
		r := request{loader: ev.LoaderID}
		if ev.Request != nil {
			r.url = ev.Request.URL
		}
		t.inflight[ev.RequestID] = r
		t.last = time.Now()
	case *network.EventLoadingFinished:
		delete(t.inflight, ev.RequestID)
		t.last = time.Now()
	case *network.EventLoadingFailed:
		delete(t.inflight, ev.RequestID)
		t.last = time.Now()
	case *network.EventResponseReceived:
		if ev.Type == network.ResourceTypeDocument && ev.Response != nil {
			t.docs[ev.LoaderID] = docResponse{url: ev.Response.URL, status: ev.Response.Status}
		}
	case *page.EventLoadEventFired:
		t.loads++
	case *page.EventFrameNavigated:
		// A new document in the main frame: the old one's requests still
		// in flight (beacons, which outlive it) get no more events here;
		// the proxy's count follows them.
		if ev.Frame != nil && ev.Frame.ParentID == "" {
			for id, r := range t.inflight {
				if r.loader != "" && r.loader != ev.Frame.LoaderID {
					delete(t.inflight, id)
				}
			}
			t.last = time.Now()
		}
	}
}

// counts returns the requests started and the load events so far.
func (t *traffic) counts() (started, loads int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.started, t.loads
}

// doc returns the response to the document request of a loader.
func (t *traffic) doc(id cdp.LoaderID) (docResponse, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	d, ok := t.docs[id]
	return d, ok
}

// pollEvery is how often a wait looks at the traffic.
const pollEvery = 25 * time.Millisecond

// settle waits until no request has been in flight for quiet, counted
// from since at the earliest (the moment of the action, whose requests
// may start a little after it), and the proxy has none pending, or until
// max has passed. It returns whether the network settled and, if not,
// the URLs still in flight, sorted.
func (t *traffic) settle(ctx context.Context, since time.Time, quiet, max time.Duration, proxyPending func() int) (bool, []string, error) {
	deadline := time.Now().Add(max)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		t.mu.Lock()
		n, last := len(t.inflight), t.last
		t.mu.Unlock()
		now := time.Now()
		if last.Before(since) {
			last = since
		}
		if n == 0 && now.Sub(last) >= quiet && (proxyPending == nil || proxyPending() == 0) {
			return true, nil, nil
		}
		if now.After(deadline) {
			return false, t.pending(), nil
		}
		select {
		case <-ctx.Done():
			return false, t.pending(), ctx.Err()
		case <-tick.C:
		}
	}
}

// pending returns the URLs of the requests in flight, sorted.
func (t *traffic) pending() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, r := range t.inflight {
		out = append(out, r.url)
	}
	slices.Sort(out)
	return out
}

// loaded waits until the main frame has fired more than n load events,
// or max has passed; it reports whether it did.
func (t *traffic) loaded(ctx context.Context, n int, max time.Duration) (bool, error) {
	deadline := time.Now().Add(max)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		if _, loads := t.counts(); loads > n {
			return true, nil
		}
		if time.Now().After(deadline) {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-tick.C:
		}
	}
}
