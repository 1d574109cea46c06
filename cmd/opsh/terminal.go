package main

import (
	"errors"
	"io"

	"github.com/chzyer/readline"

	"github.com/opsh/opsh/history"
	"github.com/opsh/opsh/repl"
)

// terminal is the interactive line editor: emacs keys, Ctrl-R search,
// history and tab completion. readline is read and closed from the loop's
// goroutine only (chzyer/readline#217).
type terminal struct {
	rl       *readline.Instance
	complete func(line string, pos int) ([]string, int)
}

func newTerminal(std stdio) (*terminal, error) {
	t := &terminal{}
	rl, err := readline.NewEx(&readline.Config{
		Stdin:                  io.NopCloser(std.in),
		Stdout:                 std.out,
		Stderr:                 std.err,
		AutoComplete:           t,
		DisableAutoSaveHistory: true,
		HistoryLimit:           10000,
		HistorySearchFold:      true,
		InterruptPrompt:        "^C",
		EOFPrompt:              "",
	})
	if err != nil {
		return nil, err
	}
	t.rl = rl
	return t, nil
}

// ReadLine implements repl.LineReader.
func (t *terminal) ReadLine(prompt string) (string, error) {
	t.rl.SetPrompt(prompt)
	line, err := t.rl.Readline()
	switch {
	case errors.Is(err, readline.ErrInterrupt):
		return "", repl.ErrPromptInterrupted
	case err != nil:
		return "", io.EOF
	}
	return line, nil
}

// Do implements readline.AutoCompleter over the session's Complete.
func (t *terminal) Do(line []rune, pos int) ([][]rune, int) {
	if t.complete == nil {
		return nil, 0
	}
	s := string(line)
	bytePos := len(string(line[:pos]))
	words, typed := t.complete(s, bytePos)
	out := make([][]rune, 0, len(words))
	for _, w := range words {
		out = append(out, []rune(w[typed:]))
	}
	return out, len([]rune(s[bytePos-typed : bytePos]))
}

func (t *terminal) readPassword(label string) ([]byte, error) {
	return t.rl.ReadPassword(label + ": ")
}

// historyTo stores each cell in the file and in the editor's memory.
func (t *terminal) historyTo(h *history.Store) repl.History {
	return editorHistory{Store: h, rl: t.rl}
}

type editorHistory struct {
	*history.Store
	rl *readline.Instance
}

func (e editorHistory) Add(entry string) error {
	if e.Keep(entry) {
		_ = e.rl.SaveHistory(entry)
	}
	return e.Store.Add(entry)
}

func (t *terminal) Close() error { return t.rl.Close() }
