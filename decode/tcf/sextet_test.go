package tcf_test

import (
	"strings"
	"testing"

	"github.com/haruspex/haruspex/decode/tcf"
)

// TestSextet checks every byte against the base64url alphabet of RFC 4648
// §5, the one TC and GPP strings use: a character's value is its index.
func TestSextet(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for c := range 256 {
		want := strings.IndexByte(alphabet, byte(c))
		v, ok := tcf.Sextet(byte(c))
		switch {
		case want < 0 && ok:
			t.Errorf("Sextet(%q) = %d, true; want false: not base64url", byte(c), v)
		case want >= 0 && (!ok || int(v) != want):
			t.Errorf("Sextet(%q) = %d, %v; want %d, true", byte(c), v, ok, want)
		}
	}
}
