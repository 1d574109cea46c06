package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/repl"
	"github.com/opsh/opsh/sessions"
)

// REPLConfig configures NewREPLBackend.
type REPLConfig struct {
	// Worker runs the cells: the session's worker process (a
	// *wire.Client), which holds the interpreter and the builtins.
	Worker repl.Backend
	// Recorder writes the session's transcript; nil records nothing.
	Recorder repl.Recorder
	// Params are the values param(name, default) gives, by name.
	Params map[string]string
	// Docs answers :doc and inspection; nil is opsh's embedded docs.
	Docs repl.DocLookup
}

// Marks the kernel's theme puts around a cell's value and its error, so
// that the text the REPL writes can be told apart from what the cell
// printed. They are private CSI sequences: the transcript's copy of the
// output drops them as it drops colors.
const (
	resultStart = "\x1b[?7701h"
	resultEnd   = "\x1b[?7701l"
	errorStart  = "\x1b[?7702h"
	errorEnd    = "\x1b[?7702l"
)

// replBackend runs cells in an in-process REPL session.
type replBackend struct {
	s   *repl.Session
	rec *quietRecorder

	mu     sync.Mutex // guards what the writers share while a cell runs
	emit   func(Event)
	result string   // the value's text, once the REPL has shown it
	failed []string // error texts written by the REPL, the last one last
}

var _ Backend = (*replBackend)(nil)

// NewREPLBackend returns a Backend running cells in a REPL session, as the
// terminal does: `_`, `_N`, meta-commands, param(...), transcripts and
// secret redaction behave the same. It adds the display package, whose
// functions show values as rich output (display.HTML, display.PNG ...).
func NewREPLBackend(cfg REPLConfig) (Backend, error) {
	b := &replBackend{emit: func(Event) {}}
	if cfg.Recorder != nil {
		b.rec = &quietRecorder{Recorder: cfg.Recorder}
	}
	theme := repl.PlainTheme()
	theme.Result = func(s string) string { return resultStart + s + resultEnd }
	theme.Error = func(s string) string { return errorStart + s + errorEnd }
	rc := repl.Config{
		Reader:      noReader{},
		Stdout:      &roleWriter{b: b, name: "stdout"},
		Stderr:      &roleWriter{b: b, name: "stderr"},
		Theme:       theme,
		Interactive: true, // long values are cut with a note (:more), os.Exit does not end the kernel
		Backend:     cfg.Worker,
		Params:      cfg.Params,
		Docs:        cfg.Docs,
		Display: func(data map[string]string) {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.emit(Display{Data: bundle(data)})
		},
	}
	if b.rec != nil {
		rc.Recorder = b.rec
	}
	s, err := repl.New(rc)
	if err != nil {
		return nil, fmt.Errorf("start the REPL: %w", err)
	}
	b.s = s
	return b, nil
}

// Execute runs one cell through the REPL session.
func (b *replBackend) Execute(ctx context.Context, req ExecuteRequest, emit func(Event)) ExecuteResult {
	b.mu.Lock()
	b.emit, b.result, b.failed = emit, "", nil
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.emit = func(Event) {}
		b.mu.Unlock()
	}()
	if b.rec != nil {
		b.rec.quiet.Store(req.Silent)
	}
	restore := redact.SetPrompter(prompter(req.Input))
	defer redact.SetPrompter(restore)
	b.s.SetNextCell(req.Count)
	r := b.s.Do(ctx, req.Code)
	if errors.Is(r.Err, repl.ErrReturned) {
		r.Err = nil // a note says it: a notebook goes on, as the prompt does
	}

	b.mu.Lock()
	result, failed := b.result, b.failed
	b.failed = nil
	b.mu.Unlock()
	if r.Err != nil && len(failed) > 0 {
		last := failed[len(failed)-1]
		b.stderrText(failed[:len(failed)-1])
		return ExecuteResult{Err: cellError(r.Err, last)}
	}
	b.stderrText(failed)
	if r.Err != nil {
		return ExecuteResult{Err: cellError(r.Err, r.Err.Error())}
	}
	if result != "" {
		data := MIMEBundle{"text/plain": result}
		if v := b.s.LastResult(); v != nil && v.Cell == req.Count {
			if v.HTML != "" {
				data["text/html"] = v.HTML
			}
			if v.JSON != "" {
				var doc any
				if json.Unmarshal([]byte(v.JSON), &doc) == nil {
					data["application/json"] = doc
				}
			}
		}
		emit(Result{Data: data})
	}
	return ExecuteResult{}
}

// stderrText sends error texts that did not end the cell (a panic in a
// goroutine) as stderr.
func (b *replBackend) stderrText(texts []string) {
	for _, t := range texts {
		b.emit(Stream{Name: "stderr", Text: t + "\n"})
	}
}

// cellError names the kind of failure, for Jupyter's ename.
func cellError(err error, text string) *Error {
	name := "error"
	var p *repl.PanicError
	switch {
	case errors.Is(err, repl.ErrInterrupted):
		name = "interrupted"
	case errors.As(err, &p):
		name = "panic"
	}
	text = strings.TrimRight(text, "\n")
	return &Error{Name: name, Value: redact.String(err.Error()), Traceback: strings.Split(text, "\n")}
}

// prompter answers secret.Prompt with an input request marked password.
func prompter(input func(string, bool) (string, error)) redact.Prompter {
	return func(label string) ([]byte, error) {
		if input == nil {
			return nil, errors.New("this front-end does not answer input requests (allow_stdin is false)")
		}
		v, err := input(label+": ", true)
		return []byte(v), err
	}
}

// Complete completes the word before cursor on its line, as the terminal
// does.
func (b *replBackend) Complete(code string, cursor int) ([]string, int, int) {
	start := strings.LastIndexByte(code[:cursor], '\n') + 1
	end := cursor + strings.IndexByte(code[cursor:]+"\n", '\n')
	matches, typed := b.s.Complete(code[start:end], cursor-start)
	return matches, cursor - typed, cursor
}

// Inspect describes the name under the cursor (a dotted name: strings.Split,
// r.Check).
func (b *replBackend) Inspect(code string, cursor, _ int) (MIMEBundle, bool) {
	name := engine.NameAt(code, cursor)
	if name == "" {
		return nil, false
	}
	text, ok := b.s.Describe(name)
	if !ok {
		return nil, false
	}
	return MIMEBundle{"text/plain": redact.String(text)}, true
}

// IsComplete is the session's rule (engine.Completeness), the one the
// terminal's continuation lines follow.
func (b *replBackend) IsComplete(code string) (string, string) {
	c := engine.Completeness(code)
	return c.Status, c.Indent
}

// Interrupt cancels the running cell.
func (b *replBackend) Interrupt() { b.s.Interrupt() }

// Shutdown stops the running cell, then runs the calls the notebook's
// top-level defer statements deferred (a bufio.Writer's Flush, a file's
// Close), as the end of a session does; the transcript is closed by whoever
// made the recorder.
func (b *replBackend) Shutdown(bool) error {
	b.s.Interrupt()
	ctx, cancel := context.WithTimeout(context.Background(), deferredGrace)
	defer cancel()
	_ = b.s.RunDeferred(ctx)
	return nil
}

// deferredGrace bounds the deferred calls a shutdown runs.
const deferredGrace = 5 * time.Second

// roleWriter is the session's stdout or stderr: what a cell prints goes to
// the notebook as it comes; the value and the error the REPL writes, marked
// by the theme, are kept for the result and the error reply.
type roleWriter struct {
	b    *replBackend
	name string
}

func (w *roleWriter) Write(p []byte) (int, error) {
	text := string(p)
	b := w.b
	b.mu.Lock()
	defer b.mu.Unlock()
	for text != "" {
		i, start, end := markAt(text)
		if i < 0 {
			b.emit(Stream{Name: w.name, Text: redact.String(text)})
			break
		}
		if i > 0 {
			b.emit(Stream{Name: w.name, Text: redact.String(text[:i])})
		}
		rest := text[i+len(start):]
		j := strings.Index(rest, end)
		if j < 0 {
			j = len(rest)
		}
		marked := redact.String(rest[:j])
		switch {
		case start == errorStart && w.name == "stderr":
			b.failed = append(b.failed, marked)
		default: // a value (an error value is a value too)
			b.result = marked
		}
		text = strings.TrimPrefix(rest[j:], end)
		text = strings.TrimPrefix(text, "\n") // Fprintln's, after the value
	}
	return len(p), nil
}

// markAt finds the first mark in text: its index and the start and end
// marks; -1 if there is none.
func markAt(text string) (int, string, string) {
	r, e := strings.Index(text, resultStart), strings.Index(text, errorStart)
	switch {
	case r >= 0 && (e < 0 || r < e):
		return r, resultStart, resultEnd
	case e >= 0:
		return e, errorStart, errorEnd
	}
	return -1, "", ""
}

// quietRecorder forwards to the session's recorder, except while a silent
// cell runs (Jupyter's silent executions are not the user's cells).
type quietRecorder struct {
	repl.Recorder
	quiet atomic.Bool
}

func (q *quietRecorder) Stage(cell int, at time.Time, src string) (func() error, error) {
	if q.quiet.Load() {
		return nil, nil
	}
	return q.Recorder.Stage(cell, at, src)
}

func (q *quietRecorder) Output(cell int, out sessions.Output) error {
	if q.quiet.Load() {
		return nil
	}
	return q.Recorder.Output(cell, out)
}

// noReader is the session's line reader: the kernel hands it cells with
// Do, never through its loop.
type noReader struct{}

func (noReader) ReadLine(string) (string, error) { return "", errors.New("the kernel reads no lines") }

// bundle is a display's forms as the protocol sends them: JSON as a
// document, the rest as text.
func bundle(data map[string]string) MIMEBundle {
	out := MIMEBundle{}
	for k, v := range data {
		out[k] = v
		if k == "application/json" {
			var doc any
			if json.Unmarshal([]byte(v), &doc) == nil {
				out[k] = doc
			}
		}
	}
	return out
}
