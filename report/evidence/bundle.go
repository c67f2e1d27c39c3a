package evidence

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/evidence/sshsig"
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
	// MaxRows is how many rows each table of report.html and report.md
	// lists — a visitor's timeline (the visitors together twice that),
	// the sensitive findings, the requests sent without consent — before
	// it says how many more the CSV and JSON files hold; 0 means 2,000.
	// Each value a party received lists its first 100 requests and
	// events, each site-wide match its first 100 events.
	MaxRows int
	// PDF says that the folder will hold report.pdf, printed from
	// report.html (PrintPDF, or [Bundle.AddPDF] after [Build]):
	// report.html lists it among the folder's files.
	PDF bool
	// PrintPDF, when set, prints report.html (given whole) to
	// report.pdf, which the folder then holds right after it: what
	// `report --pdf` does with headless Chromium (package
	// report/evidence/pdf). PDF must be set too.
	PrintPDF func(html []byte) ([]byte, Print, error)

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

// ErrSign wraps the error of a signer that could not sign the manifest
// ([WriteFolder]).
var ErrSign = errors.New("evidence: signing " + ManifestName)

// ErrPrint wraps the error of Options.PrintPDF.
var ErrPrint = errors.New("evidence: printing " + PDFName)

// Build renders the evidence folder of an analysis, in memory. a must
// come from [report.Analyze] with Options.Generic, Options.Navigations
// and Options.Consent set, so that every third-party request counts and
// timelines show the pages opened and the consent signals. Input names must be unique (a source
// names its file by name). The files of a large analysis are large:
// [WriteFolder] writes them straight to disk.
func Build(a *report.Analysis, opt Options) (*Bundle, error) {
	b := &Bundle{}
	m, err := buildFolder(a, opt, func(name string, render func(io.Writer) error) (ManifestFile, error) {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return ManifestFile{}, fmt.Errorf("evidence: rendering %s: %w", name, err)
		}
		b.Files = append(b.Files, File{Name: name, Data: buf.Bytes()})
		return ManifestFile{Name: name, Size: int64(buf.Len()), SHA256: sha256Hex(buf.Bytes())}, nil
	}, func(name string) ([]byte, error) { return b.File(name), nil })
	if err != nil {
		return nil, err
	}
	mb, err := marshalManifest(m)
	if err != nil {
		return nil, fmt.Errorf("evidence: rendering %s: %w", ManifestName, err)
	}
	b.Files = append(b.Files, File{Name: ManifestName, Data: mb})
	b.Manifest = m
	return b, nil
}

// WriteFolder renders the evidence folder of an analysis straight into
// dir, each file hashed as it is written: the same folder as [Build],
// [Bundle.Sign] with signers and [Bundle.WriteDir] make, byte for byte,
// without ever holding a file in memory, whatever the size of the
// analysis. dir is created if needed; a folder that already holds
// anything is refused with [ErrNotEmpty] unless force is set. Each file
// is written under a temporary name, synced and renamed into place;
// manifest.json and the signatures come last. The Bundle returned lists
// the files written: the rendered ones with Data nil, manifest.json and
// the signatures with theirs.
func WriteFolder(dir string, force bool, a *report.Analysis, opt Options, rand io.Reader, signers ...Signer) (*Bundle, error) {
	if err := prepareDir(dir, force); err != nil {
		return nil, err
	}
	b := &Bundle{}
	m, err := buildFolder(a, opt, func(name string, render func(io.Writer) error) (ManifestFile, error) {
		f, err := writeStreamed(dir, name, render)
		if err == nil {
			b.Files = append(b.Files, File{Name: name})
		}
		return f, err
	}, func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) })
	if err != nil {
		return nil, err
	}
	for _, s := range signers {
		m.Signers = append(m.Signers, s.record())
	}
	mb, err := marshalManifest(m)
	if err != nil {
		return nil, fmt.Errorf("evidence: rendering %s: %w", ManifestName, err)
	}
	// The signatures are made before anything more is written: a key
	// that cannot sign leaves no manifest behind.
	var sigs []File
	for n, s := range signers {
		sig, err := sshsig.Sign(rand, s.Signer, SignatureNamespace, bytes.NewReader(mb))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrSign, err)
		}
		sigs = append(sigs, File{Name: SignatureFileName(n + 1), Data: sig.MarshalArmored()})
	}
	for _, f := range append([]File{{Name: ManifestName, Data: mb}}, sigs...) {
		if err := writeAtomic(dir, f.Name, f.Data); err != nil {
			return nil, err
		}
		b.Files = append(b.Files, f)
	}
	b.Manifest = m
	return b, nil
}

// buildFolder renders the files of an evidence folder, in order, through emit
// (which writes one and says what it wrote), and returns the manifest
// that lists them; read gives back a file emit wrote (report.html, to
// print it).
func buildFolder(a *report.Analysis, opt Options, emit func(name string, render func(io.Writer) error) (ManifestFile, error),
	read func(name string) ([]byte, error)) (*Manifest, error) {
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
			if err != nil || ev.Kind != decode.KindNavigation && ev.Kind != decode.KindConsent {
				if !yield(ev, err) {
					return
				}
			}
		}
	}
	steps := []struct {
		name   string
		render func(io.Writer) error
	}{
		// report.html prints its own report hash (reporthash.go): it is
		// rendered once with the hash as zeros, only to hash, then with
		// the hash.
		{"report.html", func(w io.Writer) error {
			c.ReportHash = reportHashZero
			h := sha256.New()
			if err := writeHTML(h, c); err != nil {
				return err
			}
			c.ReportHash = hex.EncodeToString(h.Sum(nil))[:ReportHashDigits]
			return writeHTML(w, c)
		}},
		{"report.md", func(w io.Writer) error { return writeMarkdown(w, c) }},
		{"events.csv", func(w io.Writer) error { return render.Events(w, render.FormatCSV, a.Files, thirdParty, d) }},
		{"events.ndjson", func(w io.Writer) error { return render.Events(w, render.FormatNDJSON, a.Files, thirdParty, d) }},
		{"timeline.csv", func(w io.Writer) error { return render.Timeline(w, render.FormatCSV, a, vs, d) }},
		{"timeline.json", func(w io.Writer) error { return render.Timeline(w, render.FormatJSON, a, vs, d) }},
		{"parties.csv", func(w io.Writer) error { return render.Parties(w, render.FormatCSV, a.Files, ps, d) }},
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
	for _, s := range steps {
		f, err := emit(s.name, s.render)
		if err != nil {
			return nil, err
		}
		if s.name == "report.html" {
			f.PrintedHash = c.ReportHash
		}
		m.Outputs = append(m.Outputs, f)
		if s.name == "report.html" && opt.PrintPDF != nil {
			html, err := read(s.name)
			if err != nil {
				return nil, err
			}
			pdf, p, err := opt.PrintPDF(html)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrPrint, err)
			}
			f, err := emit(PDFName, func(w io.Writer) error { _, err := w.Write(pdf); return err })
			if err != nil {
				return nil, err
			}
			m.Outputs = append(m.Outputs, pdfFile(f, p))
		}
	}
	return m, nil
}

// WriteDir writes the bundle into dir, creating it if needed. A folder
// that already holds anything is refused with [ErrNotEmpty] unless force
// is set; then the bundle's files replace those of the same name and
// other files are left (and [Verify] will name them). Each file is
// written under a temporary name in dir, synced, and renamed into place,
// so an interrupted run leaves no half-written file; manifest.json is
// written last.
func (b *Bundle) WriteDir(dir string, force bool) error {
	if err := prepareDir(dir, force); err != nil {
		return err
	}
	for _, f := range b.Files {
		if err := writeAtomic(dir, f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// prepareDir creates dir if needed and refuses one that holds anything,
// unless force is set.
func prepareDir(dir string, force bool) error {
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
	return nil
}

func writeAtomic(dir, name string, data []byte) error {
	_, err := writeStreamed(dir, name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	return err
}

// writeStreamed writes the file name in dir as render writes it,
// counting and hashing its bytes on the way, under a temporary name,
// synced and renamed into place.
func writeStreamed(dir, name string, render func(io.Writer) error) (_ ManifestFile, err error) {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return ManifestFile{}, fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(tmp, h), 256<<10)
	cw := &countWriter{w: bw}
	if err = render(cw); err != nil {
		return ManifestFile{}, fmt.Errorf("evidence: rendering %s: %w", name, err)
	}
	if err = bw.Flush(); err != nil {
		return ManifestFile{}, fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return ManifestFile{}, fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	if err = tmp.Sync(); err != nil {
		return ManifestFile{}, fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	if err = tmp.Close(); err != nil {
		return ManifestFile{}, fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	if err = os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return ManifestFile{}, fmt.Errorf("evidence: writing %s: %w", name, err)
	}
	return ManifestFile{Name: name, Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// countWriter counts what passes through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// outputNames are the names Build writes, manifest last.
func outputNames() []string {
	var out []string
	for _, d := range outputDocs {
		out = append(out, d.Name)
	}
	return out
}
