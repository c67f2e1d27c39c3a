// Package samples holds captures a new user can try haruspex on at once.
// It contains no code; see README.md for what each capture shows and how
// it was made. Regenerate with `go generate ./samples`.
package samples

//go:generate go run ./internal/mksample -o police-visit.har
