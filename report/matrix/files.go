package matrix

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Files returns the inputs that paths name: a file as it is, whatever
// its name; a directory walked, at any depth and in lexical order, for
// files named *.har or *.har.gz (in any case; symbolic links to
// directories are not followed). A path that cannot be read, or a part
// of a directory that cannot be walked, is an input whose Open returns
// the error, so that it is listed among the others. Files are opened
// read-only, and only when read.
func Files(paths ...string) []Input {
	var out []Input
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			out = append(out, failed(p, err))
			continue
		}
		if !st.IsDir() {
			out = append(out, file(p, st.Size()))
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, failed(path, err))
				if d != nil && d.IsDir() && path != p {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !IsCapture(path) {
				return nil
			}
			size := int64(-1)
			if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
				size = info.Size()
			}
			out = append(out, file(path, size))
			return nil
		})
		if err != nil {
			out = append(out, failed(p, err))
		}
	}
	return out
}

// IsCapture reports whether a file name is one [Files] takes from a
// directory: *.har or *.har.gz, in any case.
func IsCapture(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".har") || strings.HasSuffix(n, ".har.gz")
}

func file(path string, size int64) Input {
	return Input{Name: path, Size: size, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

func failed(path string, err error) Input {
	return Input{Name: path, Size: -1, Open: func() (io.ReadCloser, error) { return nil, err }}
}
