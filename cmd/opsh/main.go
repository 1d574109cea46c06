// Command opsh is an interactive Go shell for operations work: Go evaluated
// as you type, with builtins for HTTP APIs, SSH hosts, Docker engines, AWS
// and cryptography, and every session recorded to a Markdown transcript
// that replays as a script. Run `opsh --help` for its usage.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv))
}
