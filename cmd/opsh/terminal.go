package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/chzyer/readline"

	"github.com/opsh/opsh/history"
	"github.com/opsh/opsh/internal/lazyre"
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
		Stdout:                 upLines(std.out),
		Stderr:                 std.err,
		AutoComplete:           t,
		DisableAutoSaveHistory: true,
		HistoryLimit:           10000,
		HistorySearchFold:      true,
		Listener:               readline.FuncListener(dedent),
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
	return t.ReadLineWith(prompt, "")
}

// ReadLineWith implements repl.IndentingReader: the line starts with text
// (a continuation line's indentation) already typed.
func (t *terminal) ReadLineWith(prompt, text string) (string, error) {
	t.rl.SetPrompt(prompt)
	setEcho(t.fd, true)
	t.prompting.Store(true)
	line, err := t.rl.ReadlineWithDefault(text)
	t.prompting.Store(false)
	setEcho(t.fd, false) // see setEcho: typed-ahead text waits for the prompt
	switch {
	case errors.Is(err, readline.ErrInterrupt):
		return "", repl.ErrPromptInterrupted
	case err != nil:
		return "", io.EOF
	}
	return fromEditor(line), nil
}

// upLines fixes how the editor moves the cursor back over a line it
// wrapped: it writes backspaces to the first column, then "up one line,
// to the last column" — but many terminals (tmux, VTE) take a backspace
// at the first column of a wrapped line back to the line above already,
// so the cursor landed a line too high and the next redraw erased a line
// of output. A carriage return before going up means the same on every
// terminal.
func upLines(w io.Writer) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		if !bytes.Contains(p, []byte("\x1b[A\r\x1b[")) {
			return w.Write(p)
		}
		if _, err := w.Write(wrapBack.ReplaceAll(p, []byte("\r\x1b[A\x1b[${1}C"))); err != nil {
			return 0, err
		}
		return len(p), nil
	})
}

// wrapBack is the editor's move back over a wrapped line's start.
var wrapBack = lazyre.New(`\x08+\x1b\[A\r\x1b\[(\d+)C`)

// newlineMark stands for a line break of a cell in the editor: a cell of
// several lines, recalled from history, is edited as one line, which the
// editor redraws in place at any width (it cannot redraw a buffer holding
// line breaks). Enter gives the cell back its lines.
const newlineMark = "␤"

func toEditor(s string) string   { return strings.ReplaceAll(s, "\n", newlineMark) }
func fromEditor(s string) string { return strings.ReplaceAll(s, newlineMark, "\n") }

// indentUnit is one level of a continuation line's indentation.
const indentUnit = "    "

// dedent is the editor's listener: a closing brace typed first on an
// indented line takes one level of indentation away.
func dedent(line []rune, pos int, key rune) ([]rune, int, bool) {
	if key != '}' && key != ')' || pos == 0 || pos > len(line) || line[pos-1] != key {
		return nil, 0, false
	}
	before := string(line[:pos-1])
	if strings.TrimLeft(before, " ") != "" || len(before) == 0 {
		return nil, 0, false
	}
	cut := min(len(indentUnit), len(before))
	out := append([]rune(before[cut:]+string(key)), line[pos:]...)
	return out, pos - cut, true
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
		if len(q) > 0 && q[len(q)-1] != '\n' && len(bytes.ReplaceAll(q, clearLine, nil)) > 0 {
			q = append(q[:len(q):len(q)], '\n')
		}
		if _, err := edited.Write(q); err != nil {
			return 0, err
		}
		return len(p), nil
	})
}

// clearLine is what a progress line writes to clear itself: it needs no
// line of its own.
var clearLine = []byte("\r\x1b[K")

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
		_ = e.rl.SaveHistory(toEditor(entry))
	}
	return e.Store.Add(entry)
}

// editorSaver puts history entries into the editor's memory as it edits
// them (see newlineMark).
type editorSaver struct{ rl *readline.Instance }

func (e editorSaver) SaveHistory(entry string) error { return e.rl.SaveHistory(toEditor(entry)) }

// Close closes the editor and gives the terminal its echo back.
func (t *terminal) Close() error {
	err := t.rl.Close()
	setEcho(t.fd, true)
	return err
}
