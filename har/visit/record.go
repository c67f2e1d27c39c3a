package visit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// File names in a visit's directory.
const (
	CaptureFile = "capture.har" // the HAR the proxy recorded
	RecordFile  = "visit.json"  // the [Record]
)

// State is how a visit ended.
type State string

// The states. Only [Complete] is a full replication; the others say in
// the record's Error, and in its steps, what went wrong.
const (
	Complete    State = "complete"    // every step ran and found what it looked for
	Incomplete  State = "incomplete"  // the site loaded, but a step found nothing or failed
	Failed      State = "failed"      // the site could not be loaded (DNS, TLS, refused, timeout), or the browser failed
	Interrupted State = "interrupted" // stopped by the caller (Ctrl-C)
	Skipped     State = "skipped"     // not started: the run was interrupted first; nothing written
)

// Outcome is how a step ended.
type Outcome string

// The outcomes.
const (
	OK         Outcome = "ok"
	NotFound   Outcome = "not found" // no element matched (no banner, no button, no field)
	StepFailed Outcome = "error"     // the step failed; Detail says why
)

// Record is what visit.json holds: what was visited, how, with which
// browser and proxy, and every step with its time and outcome. Times are
// UTC, RFC 3339 with milliseconds.
type Record struct {
	URL     string  `json:"url"`
	Site    string  `json:"site"`
	Variant Variant `json:"variant"`
	State   State   `json:"state"`
	// Error says why the visit is not complete.
	Error   string  `json:"error,omitempty"`
	Started string  `json:"started"`
	Ended   string  `json:"ended"`
	Tool    Tool    `json:"tool"`
	Browser Browser `json:"browser"`
	Proxy   Proxy   `json:"proxy"`
	Capture Capture `json:"capture"`
	// Consent is what the consent step found and did.
	Consent ConsentResult `json:"consent"`
	Steps   []StepRecord  `json:"steps"`
	// Dialogs are the JavaScript dialogs the page opened; the visit
	// pressed OK on each (a dialog left open stops the page).
	Dialogs []Dialog `json:"dialogs,omitempty"`

	// Dir is the visit's directory (not written).
	Dir string `json:"-"`
}

// Tool names the program that made the visit.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Browser is the browser a visit ran.
type Browser struct {
	Path      string `json:"path"`
	Product   string `json:"product,omitempty"` // "HeadlessChrome/156.0.8078.114"
	Revision  string `json:"revision,omitempty"`
	UserAgent string `json:"userAgent,omitempty"`
	Protocol  string `json:"protocol,omitempty"` // DevTools protocol version
	// Flags are the switches the visit gave; CommandLine is the browser's
	// whole command line as it ran (with those a wrapper script such as
	// Debian's /usr/bin/chromium adds), when the system shows it. The new
	// profile's directory is written "(a new temporary directory)".
	Flags       []string `json:"flags"`
	CommandLine []string `json:"commandLine,omitempty"`
	// ThirdPartyCookies is "allowed" or "blocked" (see
	// [Options.BlockThirdPartyCookies]).
	ThirdPartyCookies string `json:"thirdPartyCookies"`
}

// Proxy describes the recording proxy's certificate authority, which the
// browser trusted by its SPKI hash.
type Proxy struct {
	CAFingerprint string   `json:"caFingerprint"` // SHA-256 of the CA certificate
	CASPKI        string   `json:"caSPKI"`        // base64 SHA-256 of its public key
	Offline       bool     `json:"offline,omitempty"`
	Resolve       []string `json:"resolve,omitempty"` // HOST:PORT=ADDR:PORT, sorted
}

// Capture is the HAR file of the visit.
type Capture struct {
	File       string `json:"file"`
	SHA256     string `json:"sha256,omitempty"`
	Size       int64  `json:"size"`
	Entries    int    `json:"entries"`
	Incomplete int    `json:"incomplete"` // requests without a response
	Error      string `json:"error,omitempty"`
}

// ConsentResult is what the consent step found and did.
type ConsentResult struct {
	Variant Variant `json:"variant"`
	// Banner is the platform whose banner was displayed (a [CMP] name),
	// "generic" for a banner found by its button texts, "" for none.
	Banner string `json:"banner"`
	// Via is how the button was found: "selector" or "text"; "" when
	// nothing was pressed.
	Via      string `json:"via,omitempty"`
	Selector string `json:"selector,omitempty"`
	Phrase   string `json:"phrase,omitempty"`
	Lang     string `json:"lang,omitempty"`
	// Button is the pressed button's text.
	Button string `json:"button,omitempty"`
	// Pressed reports that a button was pressed.
	Pressed bool `json:"pressed"`
}

// Dialog is a JavaScript dialog the page opened.
type Dialog struct {
	Time    string `json:"time"`
	Type    string `json:"type"` // alert, confirm, prompt, beforeunload
	Message string `json:"message"`
	URL     string `json:"url"`
	Answer  string `json:"answer"` // "ok", or why it could not be answered
}

// StepRecord is one step of a visit, as it happened.
type StepRecord struct {
	N      int    `json:"n"`
	Action Action `json:"action"`
	Arg    string `json:"arg,omitempty"`
	Value  string `json:"value,omitempty"`
	Line   int    `json:"line,omitempty"`
	// Time is when the step acted (the click, the navigation); End is when
	// the network had settled after it (or the wait gave up).
	Time    string  `json:"time"`
	End     string  `json:"end"`
	Outcome Outcome `json:"outcome"`
	// Detail says what happened, in words: `clicked <button> "Report
	// domestic abuse"`. It is the marker a timeline shows.
	Detail string `json:"detail"`
	// Page is the page's URL after the step.
	Page string `json:"page,omitempty"`
	// Network is "settled", or how many requests were still in flight
	// when the step stopped waiting.
	Network string `json:"network,omitempty"`
	// Requests counts the requests the browser started during the step.
	Requests   int    `json:"requests"`
	Screenshot string `json:"screenshot,omitempty"`
}

// MarshalText writes the variant's name.
func (v Variant) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads a variant's name.
func (v *Variant) UnmarshalText(b []byte) error {
	x, err := ParseVariant(string(b))
	*v = x
	return err
}

// MarshalText writes the action's name.
func (a Action) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText reads an action's name.
func (a *Action) UnmarshalText(b []byte) error {
	for i, n := range actionNames {
		if n != "" && n == string(b) {
			*a = Action(i)
			return nil
		}
	}
	return fmt.Errorf("visit: unknown action %q", b)
}

// stamp formats a time as the records do.
func stamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// ReadRecord reads a visit.json.
func ReadRecord(name string) (*Record, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("visit: %w", err)
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("visit: %s: %w", name, err)
	}
	r.Dir = filepath.Dir(name)
	return &r, nil
}

// write writes the record to dir/visit.json, through a temporary file.
func (r *Record) write(dir string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("visit: encoding %s: %w", RecordFile, err)
	}
	return writeFile(filepath.Join(dir, RecordFile), b.Bytes())
}

// writeFile writes a new file through a temporary one, synced, renamed.
func writeFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return fmt.Errorf("visit: writing %s: %w", name, err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("visit: writing %s: %w", name, err)
	}
	return nil
}
