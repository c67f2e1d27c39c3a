//go:build race

package har

// raceEnabled says whether the race detector is on: tests that read
// megabytes one byte at a time read less under it, which makes such a
// read some fifty times slower.
const raceEnabled = true
