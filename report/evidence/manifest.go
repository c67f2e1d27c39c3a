package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"runtime/debug"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report/entity"
)

// ManifestName is the name of the manifest in an evidence folder.
const ManifestName = "manifest.json"

// ManifestFormat names the version of the manifest's layout.
const ManifestFormat = "haruspex-evidence/1"

// SecretsRevealed is [Manifest].Secrets of a folder made with login
// secrets shown as sent (--reveal-secrets).
const SecretsRevealed = "revealed"

// Tool identifies the program that wrote a report.
type Tool struct {
	Name     string `json:"name"`               // "haruspex"
	Module   string `json:"module,omitempty"`   // main module path
	Version  string `json:"version"`            // module version, "(devel)" for a local build
	Revision string `json:"revision,omitempty"` // VCS revision the binary was built from
	Time     string `json:"vcs_time,omitempty"` // commit time of that revision
	Modified bool   `json:"vcs_modified,omitempty"`
	Go       string `json:"go,omitempty"` // Go toolchain version
}

// BuildTool describes the running binary from [debug.ReadBuildInfo]: the
// module version, the VCS revision and whether the work tree had local
// changes (-buildvcs, on by default for go build), and the Go version.
func BuildTool() Tool {
	t := Tool{Name: "haruspex", Version: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return t
	}
	t.Module, t.Version, t.Go = bi.Main.Path, bi.Main.Version, bi.GoVersion
	if t.Version == "" {
		t.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			t.Revision = s.Value
		case "vcs.time":
			t.Time = s.Value
		case "vcs.modified":
			t.Modified = s.Value == "true"
		}
	}
	return t
}

// Manifest is the record, written as manifest.json, that lets a second
// expert check an evidence folder: what made it, from which inputs, with
// which data, and the SHA-256 of every other file in it.
type Manifest struct {
	Format      string          `json:"format"`
	Tool        Tool            `json:"tool"`
	Arguments   []string        `json:"arguments"`
	Title       string          `json:"title,omitempty"`
	CaseID      string          `json:"case_id,omitempty"`
	GeneratedAt string          `json:"generated_at,omitempty"`
	TimeZone    string          `json:"time_zone"`
	Inputs      []ManifestInput `json:"inputs"`
	Decoders    DecoderTable    `json:"decoders"`
	Entities    []DataSource    `json:"entity_data"`
	Sensitive   *SensitiveTerms `json:"sensitive_terms"`
	// Secrets is [SecretsRevealed] when the folder shows login secrets
	// (session cookies, Authorization headers) as sent; absent when they
	// are masked, as by default.
	Secrets string         `json:"secrets,omitempty"`
	Outputs []ManifestFile `json:"outputs"`
	// Signers are the examiners whose signatures (manifest.json.sig, ...)
	// were made with the folder; see [Bundle.Sign]. Absent if unsigned.
	Signers []ManifestSigner `json:"signers,omitempty"`
}

// ManifestInput is one capture the report was made from.
type ManifestInput struct {
	Name    string `json:"name"` // base name
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256"`
	Entries int    `json:"entries"`
	Error   string `json:"error,omitempty"` // where reading stopped
}

// ManifestFile is one output file.
type ManifestFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// PrintedHash is, for report.html, the report hash it prints on
	// every page ([ReportHash]).
	PrintedHash string `json:"printed_hash,omitempty"`
	// PrintedFrom and PrintedBy are, for report.pdf, the file it was
	// printed from and the browser that printed it; Compare says whether
	// it takes part in a byte-for-byte comparison of two folders
	// ([CompareSamePrinter], [CompareExcluded]). A file without Compare
	// is the same bytes whenever the same inputs and arguments are given
	// to the same haruspex version.
	PrintedFrom string `json:"printed_from,omitempty"`
	PrintedBy   string `json:"printed_by,omitempty"`
	Compare     string `json:"byte_comparison,omitempty"`
}

// DecoderTable records the decoder routes used (decode.Builtin unless
// the caller chose others) and the SHA-256 of their canonical listing
// (one "host path vendor name" line per route, in table order).
type DecoderTable struct {
	SHA256 string         `json:"sha256"`
	Routes []DecoderRoute `json:"routes"`
}

// DecoderRoute is one row of the decoder table.
type DecoderRoute struct {
	Host   string `json:"host"`
	Path   string `json:"path"`
	Vendor string `json:"vendor"`
	Name   string `json:"name"`
}

// DataSource is a data set a report relies on: its version, licence and,
// where known, the SHA-256 of the upstream file it was generated from.
type DataSource struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Licence string `json:"licence"`
	SHA256  string `json:"sha256,omitempty"`
	Note    string `json:"note,omitempty"`
}

// NewDecoderTable lists routes as a manifest records them, with the
// SHA-256 of their canonical listing. "haruspex version --verbose" prints
// the same value for [decode.Builtin].
func NewDecoderTable(routes []decode.Route) DecoderTable {
	t := DecoderTable{Routes: []DecoderRoute{}}
	var b strings.Builder
	for _, r := range routes {
		dr := DecoderRoute{Host: r.Host, Path: r.Path, Vendor: r.Vendor.String(), Name: r.Name}
		t.Routes = append(t.Routes, dr)
		b.WriteString(dr.Host + " " + dr.Path + " " + dr.Vendor + " " + dr.Name + "\n")
	}
	t.SHA256 = sha256Hex([]byte(b.String()))
	return t
}

// EntitySources lists the company data a report made by tool relies on,
// with their versions and licences, as a manifest records them.
func EntitySources(tool Tool) []DataSource {
	return []DataSource{
		{Name: "haruspex curated entity table", Version: "haruspex " + tool.Version, Licence: "part of haruspex",
			Note: "legal entity, parent and country for every tracker haruspex decodes, each with the document it comes from"},
		{Name: "third-party-web entity list", Version: entity.ThirdPartyWebVersion, Licence: "MIT (Copyright (c) 2019 Patrick Hulce)",
			SHA256: entity.ThirdPartyWebSHA256, Note: "dist/entities.json of the npm package third-party-web"},
	}
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// marshalManifest writes the manifest as indented JSON, HTML characters
// unescaped, ending in a newline.
func marshalManifest(m *Manifest) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// ReadManifest parses manifest.json.
func ReadManifest(b []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}
