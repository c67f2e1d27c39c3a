package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
)

// Options adjust [Build]. Nothing the report contains comes from the
// clock, the host or the environment: what is not given here is absent.
type Options struct {
	Title  string // the report's title; "" makes one from the first parties
	CaseID string // the case reference, shown at the top
	// GeneratedAt is shown and recorded as given (--generated-at); it is
	// the only time in a report that is not from the captures.
	GeneratedAt string
	// Location shows times in a zone (--tz) in report.html, report.md and
	// the CSV files; nil is UTC. JSON files always carry UTC.
	Location *time.Location
	// Arguments are the command's arguments in canonical form, recorded
	// in the manifest.
	Arguments []string
	// Tool identifies the program; see [BuildTool].
	Tool Tool
	// KnownGiven says --known-email or --known-phone was given (the
	// analysis was made with them), for the methodology.
	KnownGiven bool
	// Routes are the decoder routes the analysis used, recorded in the
	// manifest; nil means [decode.Builtin].
	Routes []decode.Route
	// SensitiveTerms records the provenance of the sensitive-content
	// list the analysis applied (report.Options.Sensitive); an analysis
	// made without one has no findings, and the report says so.
	SensitiveTerms *SensitiveTerms
	// RevealSecrets says the analysis showed login secrets as sent
	// (decode.Registry.RevealSecrets, --reveal-secrets) instead of
	// masked; the manifest records it ("secrets": "revealed").
	RevealSecrets bool
	// PDF says that the folder will hold report.pdf, printed from
	// report.html ([Bundle.AddPDF]): report.html lists it among the
	// folder's files.
	PDF bool

	routes []decode.Route
}

// File is one file of an evidence folder.
type File struct {
	Name string
	Data []byte
}

// Bundle is an evidence folder held in memory: the files in the order
// they are written, manifest.json last.
type Bundle struct {
	Files    []File
	Manifest *Manifest
}

// ErrNotEmpty is returned by [Bundle.WriteDir] for a folder that already
// holds files, unless asked to overwrite.
var ErrNotEmpty = errors.New("evidence: output folder is not empty")

// Build renders the evidence folder of an analysis. a must come from
// [report.Analyze] with Options.Generic and Options.Navigations set, so
// that every third-party request counts and timelines show the pages
// opened. Input names must be unique (a source names its file by name).
func Build(a *report.Analysis, opt Options) (*Bundle, error) {
	seen := map[string]bool{}
	for _, f := range a.Files {
		if seen[f.Name] {
			return nil, fmt.Errorf("evidence: two inputs are named %q: a report names inputs by name, so names must differ", f.Name)
		}
		seen[f.Name] = true
	}
	opt.routes = opt.Routes
	if opt.routes == nil {
		opt.routes = decode.Builtin()
	}
	ps, err := a.Parties()
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	c, err := buildCase(a, ps, &opt)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	vs := a.Visitors()
	d := render.Options{Location: opt.Location}
	thirdParty := func(yield func(*decode.Event, error) bool) {
		for ev, err := range a.Events() {
			if err != nil || ev.Kind != decode.KindNavigation {
				if !yield(ev, err) {
					return
				}
			}
		}
	}
	b := &Bundle{}
	printed := "" // the report hash report.html prints
	add := func(name string, render func(*bytes.Buffer) error) error {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return fmt.Errorf("evidence: rendering %s: %w", name, err)
		}
		b.Files = append(b.Files, File{Name: name, Data: buf.Bytes()})
		return nil
	}
	steps := []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"report.html", func(w *bytes.Buffer) error {
			html, h, err := withReportHash(c, func(c *caseView) ([]byte, error) {
				var buf bytes.Buffer
				err := writeHTML(&buf, c)
				return buf.Bytes(), err
			})
			printed = h
			w.Write(html)
			return err
		}},
		{"report.md", func(w *bytes.Buffer) error { return writeMarkdown(w, c) }},
		{"events.csv", func(w *bytes.Buffer) error { return render.Events(w, render.FormatCSV, a.Files, thirdParty, d) }},
		{"events.ndjson", func(w *bytes.Buffer) error { return render.Events(w, render.FormatNDJSON, a.Files, thirdParty, d) }},
		{"timeline.csv", func(w *bytes.Buffer) error { return render.Timeline(w, render.FormatCSV, a, vs, d) }},
		{"timeline.json", func(w *bytes.Buffer) error { return render.Timeline(w, render.FormatJSON, a, vs, d) }},
		{"parties.csv", func(w *bytes.Buffer) error { return render.Parties(w, render.FormatCSV, a.Files, ps, d) }},
	}
	for _, s := range steps {
		if err := add(s.name, s.render); err != nil {
			return nil, err
		}
	}

	m := &Manifest{Format: ManifestFormat, Tool: opt.Tool, Arguments: opt.Arguments, Title: c.Title, CaseID: opt.CaseID,
		GeneratedAt: opt.GeneratedAt, TimeZone: c.Zone, Inputs: []ManifestInput{}, Decoders: NewDecoderTable(opt.routes),
		Entities: EntitySources(opt.Tool), Sensitive: opt.SensitiveTerms}
	if opt.RevealSecrets {
		m.Secrets = SecretsRevealed
	}
	if m.Arguments == nil {
		m.Arguments = []string{}
	}
	for _, f := range a.Files {
		m.Inputs = append(m.Inputs, ManifestInput{Name: f.Name, Size: f.Size, SHA256: f.SHA256, Entries: f.Entries, Error: f.Error})
	}
	for _, f := range b.Files {
		mf := ManifestFile{Name: f.Name, Size: int64(len(f.Data)), SHA256: sha256Hex(f.Data)}
		if f.Name == "report.html" {
			mf.PrintedHash = printed
		}
		m.Outputs = append(m.Outputs, mf)
	}
	b.Manifest = m
	if err := b.remarshal(); err != nil {
		return nil, err
	}
	return b, nil
}

// WriteDir writes the bundle into dir, creating it if needed. A folder
// that already holds anything is refused with [ErrNotEmpty] unless force
// is set; then the bundle's files replace those of the same name and
// other files are left (and [Verify] will name them). Each file is
// written under a temporary name in dir, synced, and renamed into place,
// so an interrupted run leaves no half-written file; manifest.json is
// written last.
func (b *Bundle) WriteDir(dir string, force bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("evidence: creating output folder: %w", err)
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("evidence: reading output folder: %w", err)
	}
	if len(des) > 0 && !force {
		return fmt.Errorf("%w: %s holds %d file(s)", ErrNotEmpty, dir, len(des))
	}
	for _, f := range b.Files {
		if err := writeAtomic(dir, f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(dir, name string, data []byte) (err error) {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	if err = os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	return nil
}

// outputNames are the names Build writes, manifest last.
func outputNames() []string {
	var out []string
	for _, d := range outputDocs {
		out = append(out, d.Name)
	}
	return out
}
