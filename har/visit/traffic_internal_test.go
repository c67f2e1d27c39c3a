package visit

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/google/go-cmp/cmp"
)

// TestTrafficSettle feeds the tracker DevTools events as a tab sends
// them and asks whether the network has settled.
func TestTrafficSettle(t *testing.T) {
	const quiet, max = 20 * time.Millisecond, 200 * time.Millisecond
	ctx := context.Background()
	send := func(tr *traffic, id, url string, loader cdp.LoaderID) {
		tr.event(&network.EventRequestWillBeSent{RequestID: network.RequestID(id), LoaderID: loader, Request: &network.Request{URL: url}})
	}
	none := func() int { return 0 }

	tr := newTraffic()
	if ok, left, _ := tr.settle(ctx, time.Now(), quiet, max, none); !ok || left != nil {
		t.Errorf("no requests: settled %v, in flight %v; want settled", ok, left)
	}

	send(tr, "1", "https://www.police.example/", "L1")
	send(tr, "2", "https://www.facebook.com/tr/", "L1")
	send(tr, "1", "https://www.police.example/home", "L1") // a redirect keeps its id
	ok, left, _ := tr.settle(ctx, time.Now(), quiet, max, none)
	if ok || cmp.Diff([]string{"https://www.facebook.com/tr/", "https://www.police.example/home"}, left) != "" {
		t.Errorf("two in flight: settled %v, in flight %v", ok, left)
	}
	if started, _ := tr.counts(); started != 2 {
		t.Errorf("started %d, want 2 (a redirect is not a new request)", started)
	}
	tr.event(&network.EventLoadingFinished{RequestID: "1"})
	tr.event(&network.EventLoadingFailed{RequestID: "2"})
	if ok, _, _ := tr.settle(ctx, time.Now(), quiet, max, none); !ok {
		t.Error("all finished or failed: not settled")
	}

	// The proxy still reading a response keeps the network busy.
	if ok, _, _ := tr.settle(ctx, time.Now(), quiet, 50*time.Millisecond, func() int { return 1 }); ok {
		t.Error("settled while the proxy has a request pending")
	}

	// A new document drops the old one's requests (a beacon gets no more
	// events), not a worker's ("" loader) nor its own.
	send(tr, "3", "https://www.facebook.com/tr/ (beacon)", "L1")
	send(tr, "4", "https://worker.example/", "")
	send(tr, "5", "https://www.police.example/report/sent", "L2")
	tr.event(&page.EventFrameNavigated{Frame: &cdp.Frame{ID: "F", LoaderID: "L2"}})
	tr.event(&page.EventFrameNavigated{Frame: &cdp.Frame{ID: "child", ParentID: "F", LoaderID: "L9"}}) // an iframe: ignored
	_, left, _ = tr.settle(ctx, time.Now(), quiet, 30*time.Millisecond, none)
	if d := cmp.Diff([]string{"https://worker.example/", "https://www.police.example/report/sent"}, left); d != "" {
		t.Errorf("after a new document, in flight mismatch (-want +got):\n%s", d)
	}

	// The document's response and load events are kept.
	tr.event(&network.EventResponseReceived{LoaderID: "L2", Type: network.ResourceTypeDocument, Response: &network.Response{URL: "https://www.police.example/report/sent", Status: 200}})
	tr.event(&network.EventResponseReceived{LoaderID: "L2", Type: network.ResourceTypeImage, Response: &network.Response{URL: "https://x/", Status: 404}})
	if d, ok := tr.doc("L2"); !ok || d != (docResponse{"https://www.police.example/report/sent", 200}) {
		t.Errorf("doc(L2) = %+v, %v", d, ok)
	}
	_, loads := tr.counts()
	go tr.event(&page.EventLoadEventFired{})
	if ok, _ := tr.loaded(ctx, loads, time.Second); !ok {
		t.Error("load event not seen")
	}

	// A cancelled context ends the wait.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := tr.settle(cctx, time.Now(), quiet, time.Minute, none); err == nil {
		t.Error("settle with a cancelled context: no error")
	}
}

// TestTrafficSettleSince: the quiet time counts from the action, whose
// requests may start after it.
func TestTrafficSettleSince(t *testing.T) {
	tr := newTraffic()
	start := time.Now()
	ok, _, _ := tr.settle(context.Background(), start, 60*time.Millisecond, time.Second, nil)
	if !ok || time.Since(start) < 60*time.Millisecond {
		t.Errorf("settled %v after %s; want settled, no sooner than the quiet time after the action", ok, time.Since(start))
	}
}
