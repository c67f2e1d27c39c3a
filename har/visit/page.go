package visit

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// pageJS is the script a visit runs in the page (see page.js).
//
//go:embed page.js
var pageJS string

// worldName names the isolated world page.js runs in.
const worldName = "haruspex visit"

// pageResult is what page.js returns; which fields are set depends on
// the op.
type pageResult struct {
	Found bool    `json:"found"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Hit   bool    `json:"hit"`
	// The element found.
	Tag   string `json:"tag"`
	Text  string `json:"text"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	Href  string `json:"href"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Form  string `json:"form"`
	// The consent op's findings.
	Banner   string `json:"banner"`
	Via      string `json:"via"`
	Selector string `json:"selector"`
	Phrase   string `json:"phrase"`
	Lang     string `json:"lang"`
	// The where op's.
	URL   string `json:"url"`
	Title string `json:"title"`
	Error string `json:"error"`
}

// evalPage runs page.js's op with arg in a new isolated world of the main
// frame. A page that is between documents (its context destroyed by a
// navigation) is tried again, up to three times.
func evalPage(ctx context.Context, op string, arg any) (pageResult, error) {
	a, err := json.Marshal(arg)
	if err != nil {
		return pageResult{}, fmt.Errorf("visit: page op %s: %w", op, err)
	}
	expr := "(" + pageJS + ")(" + strconv.Quote(op) + ", " + string(a) + ")"
	var last error
	for try := 0; try < 3; try++ {
		if try > 0 {
			if err := sleep(ctx, 200*time.Millisecond); err != nil {
				return pageResult{}, err
			}
		}
		tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return pageResult{}, err
		}
		if tree.FrameTree == nil || tree.FrameTree.Frame == nil {
			return pageResult{}, fmt.Errorf("visit: the page has no main frame")
		}
		world, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{
			FrameID: tree.FrameTree.Frame.ID, WorldName: worldName,
		})
		if err != nil {
			last = err
			continue
		}
		r, err := chromedp.Run(ctx, chromedp.Evaluate[pageResult](expr, func(p *runtime.EvaluateParams) {
			p.ContextID = world.ExecutionContextID
		}))
		if err != nil && ctx.Err() == nil && betweenDocuments(err) {
			last = err
			continue
		}
		return r, err
	}
	return pageResult{}, last
}

// betweenDocuments reports an error of a script run while the page was
// navigating.
func betweenDocuments(err error) bool {
	s := err.Error()
	return strings.Contains(s, "context was destroyed") || strings.Contains(s, "Cannot find context") ||
		strings.Contains(s, "No frame") || strings.Contains(s, "Cannot find default execution context")
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// element describes what page.js found, for a step's detail:
// <button> "Report domestic abuse", <input name="email"> (label "Your email").
func (r pageResult) element() string {
	var b strings.Builder
	b.WriteString("<" + r.Tag)
	switch {
	case r.Name != "":
		fmt.Fprintf(&b, " name=%q", r.Name)
	case r.ID != "":
		fmt.Fprintf(&b, " id=%q", r.ID)
	}
	b.WriteString(">")
	if r.Text != "" {
		fmt.Fprintf(&b, " %q", r.Text)
	}
	if r.Label != "" {
		fmt.Fprintf(&b, " (label %q)", r.Label)
	}
	if r.Href != "" {
		fmt.Fprintf(&b, " → %s", r.Href)
	}
	return b.String()
}
