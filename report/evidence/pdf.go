package evidence

import (
	"errors"
	"fmt"
	"slices"
)

// PDFName is the name of the printed report in an evidence folder.
const PDFName = "report.pdf"

// The values of [ManifestFile].Compare.
const (
	// CompareSamePrinter: the same report.html printed by the same
	// browser version, with the same fonts, gives the same bytes; another
	// version or other fonts give another PDF of the same report.
	CompareSamePrinter = "same printer"
	// CompareExcluded: the printer gave different bytes for the same
	// report.html, so the file is left out of any byte-for-byte
	// comparison of two folders; verify still checks its SHA-256, and the
	// rest of the folder is reproducible as ever.
	CompareExcluded = "excluded"
)

// Print describes how report.pdf was made, for the manifest.
type Print struct {
	// By names the browser that printed it, as it names itself:
	// "HeadlessChrome/156.0.8078.79".
	By string
	// Repeatable says that printing the same report.html again gave the
	// same bytes (the printer's two runs were compared).
	Repeatable bool
}

// AddPDF adds report.pdf, printed from the bundle's report.html, after
// report.html, and updates the manifest to cover it: its SHA-256, who
// printed it, and whether another print is expected to give the same
// bytes ([ManifestFile].Compare). It must come before [Bundle.Sign].
func (b *Bundle) AddPDF(pdf []byte, p Print) error {
	if len(b.Manifest.Signers) > 0 {
		return errors.New("evidence: adding " + PDFName + " to a signed bundle")
	}
	if slices.ContainsFunc(b.Files, func(f File) bool { return f.Name == PDFName }) {
		return errors.New("evidence: the bundle already holds " + PDFName)
	}
	i := slices.IndexFunc(b.Files, func(f File) bool { return f.Name == "report.html" })
	if i < 0 {
		return errors.New("evidence: the bundle has no report.html to print")
	}
	b.Files = slices.Insert(b.Files, i+1, File{Name: PDFName, Data: pdf})
	mf := pdfFile(ManifestFile{Name: PDFName, Size: int64(len(pdf)), SHA256: sha256Hex(pdf)}, p)
	j := slices.IndexFunc(b.Manifest.Outputs, func(f ManifestFile) bool { return f.Name == "report.html" })
	b.Manifest.Outputs = slices.Insert(b.Manifest.Outputs, j+1, mf)
	return b.remarshal()
}

// pdfFile completes the manifest's entry of report.pdf: what it was
// printed from and by, and whether a reprint should give its bytes.
func pdfFile(f ManifestFile, p Print) ManifestFile {
	f.PrintedFrom, f.PrintedBy, f.Compare = "report.html", p.By, CompareSamePrinter
	if !p.Repeatable {
		f.Compare = CompareExcluded
	}
	return f
}

// remarshal writes the manifest into the bundle's manifest.json again.
func (b *Bundle) remarshal() error {
	mb, err := marshalManifest(b.Manifest)
	if err != nil {
		return fmt.Errorf("evidence: rendering %s: %w", ManifestName, err)
	}
	i := slices.IndexFunc(b.Files, func(f File) bool { return f.Name == ManifestName })
	if i < 0 {
		b.Files = append(b.Files, File{Name: ManifestName, Data: mb})
		return nil
	}
	b.Files[i].Data = mb
	return nil
}

// File returns the data of the bundle's file called name, or nil.
func (b *Bundle) File(name string) []byte {
	for _, f := range b.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}
