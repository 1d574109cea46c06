// Command opsh is an interactive Go shell for operations work: Go evaluated
// as you type, with builtins for HTTP APIs, SSH hosts, Docker engines, AWS
// and cryptography, and every session recorded to a Markdown transcript
// that replays as a script. Run `opsh --help` for its usage.
package main

import (
	"context"
	"os"
	"runtime"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != workerCommand {
		frontEndProcs()
	}
	os.Exit(run(context.Background(), os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv))
}

// frontEndProcs runs the front-end's goroutines on one processor, unless
// GOMAXPROCS says otherwise: it only moves bytes between the terminal, the
// transcript and the worker, and a trivial cell's time is mostly the
// hand-offs between its goroutines, which on one processor need no idle
// thread woken (about a tenth of a cell's round trip). The worker keeps
// every processor for the user's code.
func frontEndProcs() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
}
