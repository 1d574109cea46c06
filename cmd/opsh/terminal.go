package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/chzyer/readline"

	"github.com/opsh/opsh/history"
	"github.com/opsh/opsh/repl"
)

// terminal is the interactive line editor: emacs keys, Ctrl-R search,
// history and tab completion. readline is read and closed from the loop's
// goroutine only (chzyer/readline#217).
type terminal struct {
	rl *readline.Instance
	// candidates completes the word before pos (Session.Candidates).
	candidates func(line string, pos int) ([]repl.Candidate, int)
	theme      *repl.Theme
	// prompting is set while ReadLine waits for the user: output then
	// goes through the editor, which redraws the prompt below it.
	prompting atomic.Bool
	// fd is the terminal's descriptor, -1 if input is no terminal.
	fd int
}

func newTerminal(std stdio) (*terminal, error) {
	t := &terminal{fd: -1}
	if f, ok := std.in.(*os.File); ok {
		t.fd = int(f.Fd())
	}
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
	setEcho(t.fd, true)
	t.prompting.Store(true)
	line, err := t.rl.Readline()
	t.prompting.Store(false)
	setEcho(t.fd, false) // see setEcho: typed-ahead text waits for the prompt
	switch {
	case errors.Is(err, readline.ErrInterrupt):
		return "", repl.ErrPromptInterrupted
	case err != nil:
		return "", io.EOF
	}
	return line, nil
}

// Do implements readline.AutoCompleter over the session's Candidates:
// one candidate, or several sharing more than what is typed, are
// completed in the line; several that do not are listed above the prompt
// with their kinds and types, as IPython does.
func (t *terminal) Do(line []rune, pos int) ([][]rune, int) {
	if t.candidates == nil {
		return nil, 0
	}
	s := string(line)
	bytePos := len(string(line[:pos]))
	cands, typed := t.candidates(s, bytePos)
	if len(cands) == 0 || typed > bytePos {
		return nil, 0
	}
	word := s[bytePos-typed : bytePos]
	names := make([]string, 0, len(cands))
	for _, c := range cands {
		if strings.HasPrefix(c.Name, word) {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		return nil, 0
	}
	prefix := commonPrefix(names)
	if len(names) == 1 || len(prefix) > len(word) {
		return [][]rune{[]rune(prefix[len(word):])}, len([]rune(word))
	}
	t.list(cands)
	return nil, 0
}

// maxListed is how many candidates a Tab lists.
const maxListed = 40

// list shows candidates above the prompt: name, kind, type.
func (t *terminal) list(cands []repl.Candidate) {
	width := 0
	for _, c := range cands {
		width = max(width, min(len(c.Name), 32))
	}
	var b strings.Builder
	for i, c := range cands {
		if i == maxListed {
			fmt.Fprintf(&b, "… %d more\n", len(cands)-i)
			break
		}
		detail := strings.TrimSpace(c.Kind + "  " + c.Type)
		if len(detail) > 64 {
			detail = detail[:63] + "…"
		}
		fmt.Fprintf(&b, "%-*s  %s\n", width, c.Name, t.theme.Dim(detail))
	}
	_, _ = io.WriteString(t.rl.Stdout(), b.String())
}

// commonPrefix is the longest prefix all names share.
func commonPrefix(names []string) string {
	p := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// output is the terminal's stream out (stdout or stderr) as the session
// writes to it: straight to the terminal while a cell runs, and through
// the editor while the prompt is shown, so that what a goroutine prints
// then lands above the prompt. The editor redraws the prompt over the
// line it is on, so text that ends mid-line is ended with a newline
// there; otherwise it would vanish under the prompt.
func (t *terminal) output(direct, edited io.Writer) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		if !t.prompting.Load() {
			return direct.Write(p)
		}
		q := p
		if len(q) > 0 && q[len(q)-1] != '\n' {
			q = append(q[:len(q):len(q)], '\n')
		}
		if _, err := edited.Write(q); err != nil {
			return 0, err
		}
		return len(p), nil
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

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

// Close closes the editor and gives the terminal its echo back.
func (t *terminal) Close() error {
	err := t.rl.Close()
	setEcho(t.fd, true)
	return err
}
