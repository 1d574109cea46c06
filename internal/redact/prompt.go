package redact

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/term"
)

// Prompter reads a secret without echo. A front-end installs one that uses
// its own terminal, or asks its client (a Jupyter input request); see
// SetPrompter.
type Prompter func(label string) ([]byte, error)

var (
	promptMu sync.RWMutex
	prompter Prompter = ttyPrompt
)

// SetPrompter installs the function Ask reads with and returns the one it
// replaced. Until one is installed, Ask reads from /dev/tty.
func SetPrompter(p Prompter) Prompter {
	promptMu.Lock()
	defer promptMu.Unlock()
	old := prompter
	prompter = p
	return old
}

// ErrNoTerminal is returned by Ask when there is no terminal to ask on.
var ErrNoTerminal = errors.New("no terminal to prompt on")

func ttyPrompt(label string) ([]byte, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, ErrNoTerminal
	}
	defer tty.Close()
	fmt.Fprintf(tty, "%s: ", label)
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	return b, err
}

// Ask reads a secret with the installed prompter, without registering it:
// the secret builtin's Prompt registers what it reads, and a front-end
// answering another process's prompt passes the answer back.
func Ask(label string) ([]byte, error) {
	promptMu.RLock()
	p := prompter
	promptMu.RUnlock()
	return p(label)
}
