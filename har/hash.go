package har

import (
	"crypto/sha256"
	"hash"
	"io"
)

// hashedInput is the input exactly as given (before decompression),
// read ahead on a goroutine of its own (an aheadReader), which also
// counts its bytes and hashes them with SHA-256: the digest that names
// the evidence costs the parsing core nothing.
type hashedInput struct {
	*aheadReader
	h hash.Hash
}

func newHashedInput(src io.Reader) *hashedInput {
	h := sha256.New()
	return &hashedInput{aheadReader: newAheadReader(src, h, false), h: h}
}

// size returns the number of bytes read so far: all of them once the
// input has been drained.
func (in *hashedInput) size() int64 {
	in.pause()
	return in.n
}

// sum returns the SHA-256 of the bytes read so far: of the whole input
// once it has been drained.
func (in *hashedInput) sum() []byte {
	in.pause()
	return in.h.Sum(nil)
}
