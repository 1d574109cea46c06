//go:build race

package wire

// raceEnabled reports a -race build: ThreadSanitizer reserves terabytes of
// address space, so a worker under a memory limit cannot run under it.
const raceEnabled = true
