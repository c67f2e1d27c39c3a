package sshsig

import (
	"bytes"
	"encoding/base64"
	"fmt"
)

const (
	armorBegin = "-----BEGIN SSH SIGNATURE-----"
	armorEnd   = "-----END SSH SIGNATURE-----"
	// armorWrap is the line length of ssh-keygen's base64 (sshbuf_dtob64).
	armorWrap = 70
)

// Armor encodes a signature blob exactly as ssh-keygen -Y sign writes
// it: the BEGIN line, the standard base64 in lines of 70 characters, the
// END line, each ending in a newline.
func Armor(blob []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(blob)
	var b bytes.Buffer
	b.WriteString(armorBegin + "\n")
	for len(enc) > armorWrap {
		b.WriteString(enc[:armorWrap] + "\n")
		enc = enc[armorWrap:]
	}
	if enc != "" {
		b.WriteString(enc + "\n")
	}
	b.WriteString(armorEnd + "\n")
	return b.Bytes()
}

// Unarmor returns the blob of an armoured signature. Like OpenSSH it
// requires the BEGIN line at the very start and the END line after a
// newline, ignores what follows the END line, and accepts base64 broken
// into lines of any length (with \n or \r\n). Errors wrap [ErrMalformed]
// and give the byte offset.
func Unarmor(data []byte) ([]byte, error) {
	body, ok := bytes.CutPrefix(data, []byte(armorBegin+"\n"))
	if !ok {
		body, ok = bytes.CutPrefix(data, []byte(armorBegin+"\r\n"))
	}
	if !ok {
		return nil, fmt.Errorf("%w: byte 0: missing the %q line", ErrMalformed, armorBegin)
	}
	start := len(data) - len(body)
	end := bytes.Index(body, []byte("\n"+armorEnd))
	if end < 0 {
		return nil, fmt.Errorf("%w: missing the %q line (cut short?)", ErrMalformed, armorEnd)
	}
	body = body[:end]
	enc := make([]byte, 0, len(body))
	for i, c := range body {
		switch {
		case c == '\n' || c == '\r':
		case c == '+' || c == '/' || c == '=' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z':
			enc = append(enc, c)
		default:
			return nil, fmt.Errorf("%w: byte %d: %q is not base64", ErrMalformed, start+i, c)
		}
	}
	blob := make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
	n, err := base64.StdEncoding.Decode(blob, enc)
	if err != nil {
		return nil, fmt.Errorf("%w: base64 (line breaks removed): %v", ErrMalformed, err)
	}
	return blob[:n], nil
}
