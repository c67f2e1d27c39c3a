package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// haruspex runs the command in-process and returns its stdout; it fails
// the test on a non-zero exit.
func haruspex(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("haruspex %s exited %d: %s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// csvColumn returns the values of a CSV's column.
func csvColumn(t *testing.T, data, column string) []string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.Index(rows[0], column)
	if i < 0 {
		t.Fatalf("no column %q in %v", column, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[i])
	}
	return out
}

// visitorIDs returns a timeline CSV's rows as "VISITOR ID".
func visitorIDs(t *testing.T, data string) []string {
	t.Helper()
	ids := csvColumn(t, data, "id")
	var out []string
	for i, v := range csvColumn(t, data, "visitor") {
		out = append(out, v+" "+ids[i])
	}
	return out
}

// TestIDsEveryCommand: every event has one ID, the same in events,
// timeline, parties and the report, in every format; the report's rows
// are anchored by it; two events of one request have two; and each
// visitor has the same label in timeline and the report.
func TestIDsEveryCommand(t *testing.T) {
	// The sample (a GA4 request of two events, #17.1 and #17.2) and a
	// second capture of another file prefix.
	citeInputs := []string{"../../samples/police-visit.har", "../../samples/chromium-capture.har"}
	// events: NDJSON and CSV.
	var events []string
	for line := range strings.Lines(haruspex(t, append([]string{"events", "-q", "--all", "--format", "ndjson"}, citeInputs...)...)) {
		var ev struct{ ID string }
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatal(err)
		}
		events = append(events, ev.ID)
	}
	if diff := cmp.Diff(events, csvColumn(t, haruspex(t, append([]string{"events", "-q", "--all", "--format", "csv"}, citeInputs...)...), "id")); diff != "" {
		t.Errorf("events CSV IDs differ from NDJSON (-ndjson +csv):\n%s", diff)
	}
	for _, id := range []string{"f9c7f2e4#17.1", "f9c7f2e4#17.2", "f9c7f2e4#11.1"} {
		if !slices.Contains(events, id) {
			t.Errorf("events lacks %s", id)
		}
	}
	seen := map[string]bool{}
	wellFormed := regexp.MustCompile(`^[0-9a-f]{8}#[0-9]+\.[0-9]+$`)
	for _, id := range events {
		if !wellFormed.MatchString(id) || seen[id] {
			t.Errorf("event ID %q is malformed or repeated", id)
		}
		seen[id] = true
	}
	table := haruspex(t, append([]string{"events", "-q", "--all"}, citeInputs...)...)
	for _, id := range events {
		if !strings.Contains(table, id) {
			t.Errorf("the events table does not show %s", id)
		}
	}

	// timeline: JSON and CSV; every event, and the pages opened.
	var tl struct {
		Visitors []struct {
			ID     string
			Events []struct {
				ID   string
				Kind string
			}
		}
	}
	if err := json.Unmarshal([]byte(haruspex(t, append([]string{"timeline", "-q", "--format", "json"}, citeInputs...)...)), &tl); err != nil {
		t.Fatal(err)
	}
	// timeline lists the events' IDs, labelled lists them with their
	// visitor's label: "V2 0a1b2c3d#4.1".
	var timeline, labelled, thirdParty []string
	visitorOf := map[string]string{}
	for _, v := range tl.Visitors {
		for _, ev := range v.Events {
			visitorOf[ev.ID] = v.ID
			timeline = append(timeline, ev.ID)
			labelled = append(labelled, v.ID+" "+ev.ID)
			// events lists neither pages opened nor consent markers
			// (those only with --consent-signals).
			if ev.Kind != "navigation" && ev.Kind != "consent" {
				thirdParty = append(thirdParty, ev.ID)
			}
		}
	}
	timelineCSV := haruspex(t, append([]string{"timeline", "-q", "--format", "csv"}, citeInputs...)...)
	if diff := cmp.Diff(labelled, visitorIDs(t, timelineCSV)); diff != "" {
		t.Errorf("timeline CSV visitors and IDs differ from JSON (-json +csv):\n%s", diff)
	}
	if len(tl.Visitors) < 2 {
		t.Errorf("%d visitor(s) in two captures of two browsers, want 2", len(tl.Visitors))
	}
	slices.Sort(thirdParty)
	sortedEvents := slices.Sorted(slices.Values(events))
	if diff := cmp.Diff(sortedEvents, thirdParty); diff != "" {
		t.Errorf("the timelines' third-party events differ from events --all (-events +timeline):\n%s", diff)
	}

	// parties: each thing received names the events that carried it, and
	// a party's visitors are those of these events, labelled as in
	// timeline.
	var ps struct {
		Parties []struct {
			Domain   string
			Visitors []string
			Received []struct{ Events []string }
		}
	}
	if err := json.Unmarshal([]byte(haruspex(t, append([]string{"parties", "-q", "--format", "json"}, citeInputs...)...)), &ps); err != nil {
		t.Fatal(err)
	}
	cited := map[string]bool{}
	for _, p := range ps.Parties {
		reached := map[string]bool{}
		for _, d := range p.Received {
			if len(d.Events) == 0 {
				t.Errorf("%s: a thing received names no event", p.Domain)
			}
			for _, id := range d.Events {
				if !seen[id] {
					t.Errorf("parties cites %s, which events does not list", id)
				}
				cited[id] = true
				reached[visitorOf[id]] = true
			}
		}
		if diff := cmp.Diff(slices.Sorted(maps.Keys(reached)), p.Visitors); diff != "" {
			t.Errorf("%s: visitors differ from those of the events it cites, as timeline labels them (-timeline +parties):\n%s", p.Domain, diff)
		}
	}
	if !cited["f9c7f2e4#17.2"] {
		t.Error("parties does not cite f9c7f2e4#17.2, the form_submit event")
	}
	partiesCSV := haruspex(t, append([]string{"parties", "-q", "--format", "csv"}, citeInputs...)...)
	if !strings.Contains(strings.Join(csvColumn(t, partiesCSV, "events"), " "), "#17.2") {
		t.Error("parties CSV does not cite #17.2")
	}

	// report: the same IDs in its files, and as report.html's anchors.
	dir := filepath.Join(t.TempDir(), "case")
	haruspex(t, append([]string{"report", "-q", "--out", dir}, citeInputs...)...)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if diff := cmp.Diff(events, csvColumn(t, read("events.csv"), "id")); diff != "" {
		t.Errorf("report's events.csv IDs differ (-events +report):\n%s", diff)
	}
	if diff := cmp.Diff(labelled, visitorIDs(t, read("timeline.csv"))); diff != "" {
		t.Errorf("report's timeline.csv visitors and IDs differ (-timeline +report):\n%s", diff)
	}
	// report.html: each visitor's article, then its rows' anchors.
	var anchors []string
	visitor := ""
	for _, m := range regexp.MustCompile(`<article id="visitor-(V[0-9]+)">|<tr id="ev-([0-9a-f]{8})-([0-9]+)(?:-([0-9]+))?"`).FindAllStringSubmatch(read("report.html"), -1) {
		if m[1] != "" {
			visitor = m[1]
			continue
		}
		id := m[2] + "#" + m[3]
		if m[4] != "" {
			id += "." + m[4]
		}
		anchors = append(anchors, visitor+" "+id)
	}
	if diff := cmp.Diff(labelled, anchors); diff != "" {
		t.Errorf("report.html's visitors and row anchors differ from the timeline's (-timeline +report):\n%s", diff)
	}
}

// utcTime is a time as the outputs write it in UTC.
var utcTime = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z`)

// TestTZEveryCommand: --tz shows every time of every command in the zone
// (JSON aside, which is always UTC): a file's time span in summary, the
// events' times, identifiers' and links' first sightings, parties' first
// and last requests, and every time of the report (matrix shows none). The decoders' labels of parameter values (a
// pixel's own clock, in the glossary) keep their UTC, marked with Z.
func TestTZEveryCommand(t *testing.T) {
	inputs := []string{"../../samples/police-visit.har"}
	tz := []string{"-q", "--tz", "Asia/Kolkata"}
	outputs := map[string]string{
		"summary table": haruspex(t, append([]string{"summary", "--tz", "Asia/Kolkata"}, inputs...)...),
	}
	for _, cmd := range []string{"events", "timeline", "parties"} {
		for _, f := range []string{"table", "csv"} {
			outputs[cmd+" "+f] = haruspex(t, append(append([]string{cmd, "--format", f}, tz...), inputs...)...)
		}
	}
	dir := filepath.Join(t.TempDir(), "case")
	haruspex(t, append(append([]string{"report", "--out", dir}, tz...), inputs...)...)
	for _, name := range []string{"report.html", "report.md", "events.csv", "timeline.csv", "parties.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, glossary := range []string{`<section id="glossary">`, "## Appendix B Glossary"} {
			if i := strings.Index(text, glossary); i >= 0 {
				text = text[:i] // the decoders' labels, as they decode values
			}
		}
		outputs["report "+name] = regexp.MustCompile(`<span class="u">|</span>|<wbr>`).ReplaceAllString(text, "")
	}
	for _, name := range slices.Sorted(maps.Keys(outputs)) {
		out := outputs[name]
		if m := utcTime.FindString(out); m != "" {
			t.Errorf("%s shows %s, in UTC", name, m)
		}
		if !strings.Contains(out, "+05:30") {
			t.Errorf("%s shows no time in Asia/Kolkata", name)
		}
	}
	for name, want := range map[string]string{
		"timeline table":     "police-visit.har#5, 2025-11-12T14:42:00.303+05:30)",
		"parties table":      "from 2025-11-12T14:42:00.303+05:30 to 2025-11-12T14:43:56.391+05:30",
		"parties csv":        ",2025-11-12T14:42:00.303+05:30,2025-11-12T14:43:56.391+05:30,",
		"report report.html": "police-visit.har#5 2025-11-12T14:42:00.303+05:30",
	} {
		if !strings.Contains(outputs[name], want) {
			t.Errorf("%s lacks %q", name, want)
		}
	}
}
