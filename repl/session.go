// Package repl is opsh's read-eval-print loop: it reads cells of Go source,
// evaluates them with yaegi (see Evaluator), binds `_` and `_N`, shows
// results, answers meta-commands, completes names, and hands each cell to
// the history and the session recorder.
//
// Everything the loop touches comes through Config: the line reader, the
// output writers, the history store, the recorder, the theme and the clock.
// Nothing here reads os.Stdin, the environment or signals; cmd/opsh wires
// those in.
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/ansi"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/internal/version"
	"github.com/opsh/opsh/repl/docs"
	"github.com/opsh/opsh/sessions"
	"github.com/opsh/opsh/wire"
)

// LineReader is where the loop's input comes from: a line editor on a
// terminal, a script, or a list of lines in tests.
type LineReader interface {
	// ReadLine shows prompt and returns the next line without its
	// newline. It returns io.EOF at the end of input and
	// ErrPromptInterrupted when the user presses Ctrl-C at the prompt.
	ReadLine(prompt string) (string, error)
}

// IndentingReader is a LineReader that can start a line with text
// already typed: the terminal starts a continuation line indented to the
// depth of the open braces, four spaces a level.
type IndentingReader interface {
	ReadLineWith(prompt, text string) (string, error)
}

// ErrPromptInterrupted is returned by a LineReader when Ctrl-C is pressed
// while it reads: the loop drops the line and prompts again.
var ErrPromptInterrupted = errors.New("interrupted at the prompt")

// History stores each cell the user typed (history.Store is one).
type History interface {
	Add(entry string) error
	Last(n int) ([]string, error)
}

// Recorder receives each cell as it runs, to write the session's
// transcript; *sessions.Recorder is one.
type Recorder interface {
	// Stage is called before the cell runs, with its input: it writes
	// the input and returns the function that puts it on disk, which
	// returns before the cell runs (sessions.Recorder.Stage).
	Stage(cell int, at time.Time, src string) (sync func() error, err error)
	// Output is called after it, with what the cell showed.
	Output(cell int, out sessions.Output) error
	// Note records a Markdown paragraph (:note).
	Note(text string) error
	// Context records a fact learnt during the session (the AWS account).
	Context(key, value string) error
	// Path is the transcript's file; Meta its header.
	Path() string
	Meta() sessions.Meta
}

// Config is everything a Session works with.
type Config struct {
	Reader LineReader
	Stdout io.Writer
	Stderr io.Writer
	Theme  *Theme
	// Interactive shows prompts, cuts long output and goes on after a
	// failed cell; a script stops at the first failure.
	Interactive bool
	// Terminal reports whether Stdout is a terminal (progress bars redraw).
	Terminal bool
	History  History  // may be nil
	Recorder Recorder // may be nil
	// Backend runs the cells: the worker process (a *wire.Client).
	Backend Backend
	// BuiltinNames are the short names of the builtins, for :help.
	BuiltinNames []string
	// Display receives what a cell displays (display.HTML(...)) in every
	// form it has, by MIME type; nil prints the plain text.
	Display func(data map[string]string)
	// Params are the values param(name, default) gives, by name (opsh run
	// -p name=value); a name not here gets its default.
	Params map[string]string
	// Args are os.Args as the session's code sees them (a script's name
	// and arguments); nil leaves the worker's own.
	Args []string
	// Meta adds meta-commands (":save", ":session" ...) to the built-in ones.
	Meta map[string]MetaCommand
	// Docs answers :doc; nil means the documentation embedded in opsh.
	Docs DocLookup
	Now  func() time.Time
	// MaxLines is how many lines of a value are shown before it is cut
	// (interactive only); 0 means 200.
	MaxLines int
	// Shell runs the commands of `!cmd` cells ($SHELL); "" means /bin/sh.
	Shell string
	// Quiet shows only what cells print themselves, and errors: a cell's
	// value is not echoed, yet is recorded (and compared by --check).
	Quiet bool
	// Targets, in a replay, are the recorded targets the worker checks
	// those it reaches against (opsh run); nil checks nothing.
	Targets *engine.TargetCheck
	// ReadOnly refuses, in the worker, every call that changes something
	// (opsh run --read-only); AllowCommands are the programs that may run
	// anyway, matched on a command's first argument.
	ReadOnly      bool
	AllowCommands []string
}

// MetaCommand is a command typed as ":name args".
type MetaCommand struct {
	Usage string // ":save FILE [N-M]"
	Help  string // one line
	Run   func(s *Session, args string) error
}

// Session is one REPL session: the front-end of a worker that holds the
// interpreter, and the history of the session's cells.
type Session struct {
	cfg     Config
	backend Backend
	out     *captureWriter
	errw    *captureWriter
	mu      sync.Mutex
	cell    int // number of the last Go cell
	// deferred is whether a cell since the last RunDeferred may have
	// deferred a call (it said defer).
	deferred bool
	// interrupted is when Interrupt was last called.
	interrupted time.Time
	// lost are the cells the last dead worker had run well, for :restore.
	lost    []int
	gen     int    // the backend's worker generation the session configured
	lastOut string // the last value shown, uncut, for :more
	// lastName is the variable the last value shown is bound to (_N),
	// which :more asks the worker to show whole.
	lastName string
	// last is the value of the last cell that showed one, in the forms the
	// worker sent (Jupyter shows its HTML and JSON).
	last *wire.Result
	// record is the session so far, for :save and :session.
	record sessions.Transcript
	line   int // input lines read so far
	quit   bool
}

// New starts a session.
func New(cfg Config) (*Session, error) {
	if cfg.Theme == nil {
		cfg.Theme = PlainTheme()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Docs == nil {
		cfg.Docs = docs.Embedded
	}
	if cfg.MaxLines == 0 {
		cfg.MaxLines = 200
	}
	s := &Session{cfg: cfg}
	s.record.Kind = sessions.KindTranscript
	s.record.Meta = sessions.Meta{Start: cfg.Now(), Version: version.Version}
	if cfg.Recorder != nil {
		s.record.Meta = cfg.Recorder.Meta()
	}
	s.out = &captureWriter{w: cfg.Stdout}
	s.errw = &captureWriter{w: cfg.Stderr, shared: s.out}
	if cfg.Backend == nil {
		return nil, errors.New("repl: no backend to run cells")
	}
	s.backend = cfg.Backend
	return s, nil
}

// Interrupt cancels the running cell, if any; if it has not stopped after
// the backend's grace period (2 s), or on a second Interrupt, the worker is
// restarted. cmd/opsh calls it on SIGINT. Calls that come together (a
// kernel that cancels the cell's context and interrupts) count as one.
func (s *Session) Interrupt() {
	s.mu.Lock()
	now := s.cfg.Now()
	again := now.Sub(s.interrupted) < interruptTogether
	s.interrupted = now
	s.mu.Unlock()
	if !again {
		s.backend.Interrupt()
	}
}

// interruptTogether is how close two interrupts are to count as one: less
// than a person takes to press Ctrl-C twice.
const interruptTogether = 150 * time.Millisecond

// Quit ends the loop after the current cell.
func (s *Session) Quit() { s.quit = true }

// Theme is the session's theme.
func (s *Session) Theme() *Theme { return s.cfg.Theme }

// Stdout is where the session's output goes (captured for the transcript).
func (s *Session) Stdout() io.Writer { return s.out }

// Transcript returns the session so far: its cells with their outputs,
// its notes and facts.
func (s *Session) Transcript() *sessions.Transcript {
	t := s.record
	t.Cells = append([]*sessions.Cell(nil), s.record.Cells...)
	t.Notes = append([]sessions.Note(nil), s.record.Notes...)
	t.Facts = append([]sessions.Fact(nil), s.record.Facts...)
	return &t
}

// CellError is a failed cell of a script: where it was and why.
type CellError struct {
	Cell int
	Line int // the input line the cell started on
	Err  error
}

func (e *CellError) Error() string {
	return fmt.Sprintf("line %d (cell %d): %v", e.Line, e.Cell, e.Err)
}

func (e *CellError) Unwrap() error { return e.Err }

// Run reads and runs cells until the input ends or :quit, then the calls
// its top-level defer statements deferred (RunDeferred). A script (not
// Interactive) stops at the first failing cell and returns a *CellError,
// or at os.Exit, which runs no deferred call, and returns an *ExitError.
func (s *Session) Run(ctx context.Context) error {
	err := s.runCells(ctx)
	var exit *ExitError
	if errors.As(err, &exit) {
		return err
	}
	if derr := s.RunDeferred(ctx); derr != nil && err == nil && !s.cfg.Interactive {
		err = &CellError{Cell: s.cell, Line: s.line, Err: derr}
	}
	return err
}

// RunDeferred runs, last first, the calls the session's top-level defer
// statements deferred, showing what they print and how they fail: the
// session's cells are a program's main, whose deferred calls run when it
// returns, so `defer f.Close()` keeps f open for the cells after it. Run
// calls it at the end of the input or :quit, :reset before it resets; a
// session that wrote no defer has nothing to run.
func (s *Session) RunDeferred(ctx context.Context) error {
	if !s.deferred {
		return nil
	}
	s.deferred = false
	s.out.begin("")
	res := s.execute(ctx, "", wire.ExecOptions{Silent: true, Deferred: true})
	s.out.end()
	if res.err != nil {
		s.showError(res.err)
	}
	return res.err
}

// runCells reads and runs cells until the input ends or :quit.
func (s *Session) runCells(ctx context.Context) error {
	for !s.quit {
		s.noticeDeath()
		src, startLine, err := s.readCell()
		if errors.Is(err, ErrPromptInterrupted) {
			continue
		}
		if err == io.EOF && strings.TrimSpace(src) == "" {
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		if strings.TrimSpace(src) == "" {
			continue
		}
		engine.RegisterLiteralSecrets(src)
		if s.cfg.Interactive && s.cfg.History != nil && !redact.Contains(src) {
			_ = s.cfg.History.Add(src)
		}
		r := s.Do(ctx, src)
		var exit *ExitError
		if errors.As(r.Err, &exit) && !s.cfg.Interactive {
			return exit
		}
		if r.Failed && !s.cfg.Interactive {
			return &CellError{Cell: r.Cell, Line: inputLine(src, startLine, r.Err), Err: r.Err}
		}
		if err == io.EOF {
			return nil
		}
	}
	return nil
}

// prompt is the prompt for the next cell, numbered like `_N`.
func (s *Session) prompt() string {
	if !s.cfg.Interactive {
		return ""
	}
	return s.cfg.Theme.Prompt(fmt.Sprintf("[%d]› ", s.cell+1))
}

func (s *Session) continuation() string {
	if !s.cfg.Interactive {
		return ""
	}
	n := len(fmt.Sprintf("[%d]", s.cell+1))
	return s.cfg.Theme.Continue(strings.Repeat(" ", n-1) + "…  ")
}

// inputLine is the input's line where the cell src, read from line start
// on, failed with err: the line the error names, else start. readCell
// puts the comment lines above the cell's first line before it.
func inputLine(src string, start int, err error) int {
	var at *engine.LocatedError
	if !errors.As(err, &at) {
		return start
	}
	comments := 0
	for _, l := range strings.Split(src, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "//") {
			break
		}
		comments++
	}
	if at.Line <= comments {
		return start
	}
	return start + at.Line - comments - 1
}

// readCell reads one cell: a line, and more lines while the input is
// incomplete (an open brace, an unterminated raw string).
func (s *Session) readCell() (string, int, error) {
	comments, line, err := s.readFirstLine()
	if err != nil {
		return line, s.line + 1, err
	}
	start := s.line
	src := comments + line
	for engine.Incomplete(src) {
		more, err := s.readContinuation(src)
		if err != nil {
			if errors.Is(err, ErrPromptInterrupted) || (err == io.EOF && s.cfg.Interactive) {
				// Ctrl-C, or Ctrl-D on a continuation line, drops the cell.
				return "", start, ErrPromptInterrupted
			}
			return src, start, err
		}
		s.line++
		src += "\n" + more
	}
	return src, start, nil
}

// readContinuation reads the next line of the incomplete cell src,
// indented to its depth on a terminal.
func (s *Session) readContinuation(src string) (string, error) {
	r, ok := s.cfg.Reader.(IndentingReader)
	if !ok || !s.cfg.Interactive {
		return s.cfg.Reader.ReadLine(s.continuation())
	}
	depth := strings.Count(engine.Completeness(src).Indent, "\t")
	return r.ReadLineWith(s.continuation(), strings.Repeat("    ", depth))
}

// readFirstLine reads a cell's first line. In a script, comment-only
// lines (and blank lines after them) are not cells of their own: they
// come back with the line of code that follows them, as `opsh run`
// splits a script; at the end of the input they are dropped.
func (s *Session) readFirstLine() (comments, line string, err error) {
	var b strings.Builder
	for {
		line, err = s.cfg.Reader.ReadLine(s.prompt())
		if err != nil {
			return "", line, err
		}
		s.line++
		trimmed := strings.TrimSpace(line)
		switch {
		case s.cfg.Interactive:
		case strings.HasPrefix(trimmed, "//"):
			b.WriteString(line + "\n")
			continue
		case trimmed == "" && b.Len() > 0:
			continue
		}
		return b.String(), line, nil
	}
}

// CellResult is what Do reports about one cell.
type CellResult struct {
	Cell   int
	Failed bool
	Err    error
	Output sessions.Output
}

// Do runs one cell, Go source or a meta-command, shows its result, and
// records it.
func (s *Session) Do(ctx context.Context, src string) CellResult {
	s.noticeDeath()
	src = habit(strings.TrimSpace(src))
	if strings.HasPrefix(src, ":") || strings.HasPrefix(src, "%") {
		err := magic(src)
		if src[0] == ':' {
			err = s.meta(src)
		}
		if err != nil {
			s.showError(err)
		}
		return CellResult{Failed: err != nil, Err: err}
	}
	if s.isShell(src) {
		src = s.shellCell(strings.TrimSpace(src[1:]))
	}
	n := s.cell + 1
	s.cell = n
	engine.RegisterLiteralSecrets(src)
	start := s.cfg.Now()
	c := &sessions.Cell{N: n, At: start, Src: src}
	s.record.Cells = append(s.record.Cells, c)
	var sync func()
	if s.cfg.Recorder != nil {
		staged, err := s.cfg.Recorder.Stage(n, start, src)
		s.transcriptError(err)
		if staged != nil {
			// The worker prepares the cell while its input goes to disk.
			sync = func() { s.transcriptError(staged()) }
		}
	}
	s.out.begin(s.spillPath(n))
	res := s.execute(ctx, src, wire.ExecOptions{Cell: n, BeforeRun: sync})
	if res.err != nil && plainError(res.err) {
		res.err = s.suggestError(res.err, src)
	}
	s.show(res)
	if s.cfg.Interactive {
		s.out.endLine()
	}
	text := s.out.end()
	if saved := s.out.saved(); saved != "" && s.cfg.Interactive {
		fmt.Fprintln(s.cfg.Stderr, s.cfg.Theme.Dim("the transcript keeps the head and tail of this output; "+saved))
	}

	out := sessions.Output{Text: text, Status: sessions.StatusOK, Dur: s.cfg.Now().Sub(start)}
	if r := res.value; r != nil && r.Name != "" {
		out.Value = &sessions.ValueInfo{Type: r.Type, Bound: true, Pair: r.Pair}
	}
	switch {
	case errors.Is(res.err, ErrInterrupted):
		out.Status = sessions.StatusInterrupted
	case res.err != nil:
		out.Status = sessions.StatusError
	}
	failed := res.err != nil
	if errors.Is(res.err, ErrReturned) {
		// main returned: a script ends here, and well.
		failed, out.Status = false, sessions.StatusOK
		if !s.cfg.Interactive {
			s.quit = true
		}
	}
	var exit *ExitError
	if errors.As(res.err, &exit) {
		// A script ends here with the code; a person at the prompt goes on.
		failed = exit.Code != 0 && !s.cfg.Interactive
		if failed {
			out.Status = sessions.StatusError
		} else {
			out.Status = sessions.StatusOK
		}
		if !s.cfg.Interactive {
			s.quit = true
		}
	}
	c.Output = &out
	if s.cfg.Recorder != nil {
		s.transcriptError(s.cfg.Recorder.Output(n, out))
	}
	return CellResult{Cell: n, Failed: failed, Err: res.err, Output: out}
}

// spillPath is where cell n's output is saved whole when it is too large
// for the transcript: beside the transcript, ID.cell-N.out; none when the
// session is not recorded.
func (s *Session) spillPath(n int) string {
	if s.cfg.Recorder == nil || s.cfg.Recorder.Path() == "" {
		return ""
	}
	return fmt.Sprintf("%s.cell-%d.out", strings.TrimSuffix(s.cfg.Recorder.Path(), ".md"), n)
}

// habit turns what IPython and shell users type by reflex into the
// meta-command they mean: exit and quit leave, help and ? help, NAME? is
// :doc NAME.
func habit(src string) string {
	switch src {
	case "exit", "exit()", "quit", "quit()":
		return ":quit"
	case "help", "help()", "?":
		return ":help"
	}
	if name, ok := strings.CutSuffix(src, "??"); ok && name != "" && !strings.ContainsAny(name, " ?()\"'`") {
		return ":source " + name
	}
	if name, ok := strings.CutSuffix(src, "?"); ok && name != "" && !strings.ContainsAny(name, " ?()\"'`") {
		return ":doc " + name
	}
	return src
}

// plainError reports whether err is the cell's own failure (a compile
// error, an error value), not a panic, an exit, an interrupt or a dead
// worker.
func plainError(err error) bool {
	var (
		exit  *ExitError
		panic *PanicError
		died  *WorkerDiedError
	)
	return !errors.As(err, &exit) && !errors.As(err, &panic) && !errors.As(err, &died) && !errors.Is(err, ErrInterrupted) && !errors.Is(err, ErrReturned)
}

// fact records what a builtin learnt about the session's context.
func (s *Session) fact(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.record.Facts {
		if f.Key == key && f.Value == value {
			return
		}
	}
	s.record.Facts = append(s.record.Facts, sessions.Fact{Key: key, Value: value, After: len(s.record.Cells)})
	if s.cfg.Recorder != nil {
		s.transcriptError(s.cfg.Recorder.Context(key, value))
	}
}

// transcriptError reports a failure to write the transcript; the session
// goes on.
func (s *Session) transcriptError(err error) {
	if err != nil {
		fmt.Fprintln(s.cfg.Stderr, s.cfg.Theme.Error("transcript: "+err.Error()))
	}
}

// show displays a cell's value or its error, on a line of its own (a
// progress line an interrupted call left open is ended first).
func (s *Session) show(res cellRun) {
	if s.cfg.Interactive && (res.err != nil || res.value != nil) {
		s.out.endLine()
	}
	var exit *ExitError
	if errors.As(res.err, &exit) {
		// a script ends with the code, saying nothing, as a program does
		if s.cfg.Interactive {
			fmt.Fprintln(s.errw, s.cfg.Theme.Note(fmt.Sprintf("os.Exit(%d) ends a script; this session goes on (:quit or Ctrl-D leave it)", exit.Code)))
		}
		return
	}
	if errors.Is(res.err, ErrReturned) {
		if s.cfg.Interactive {
			fmt.Fprintln(s.errw, s.cfg.Theme.Note("return ends a script here, as main returns; this session goes on (:quit or Ctrl-D leave it)"))
		}
		return
	}
	if res.err != nil {
		s.showError(res.err)
		return
	}
	if res.value == nil {
		return
	}
	text := res.value.Plain
	s.lastOut, s.lastName = text, res.value.Name
	if s.cfg.Interactive {
		if shown, cutAt := cut(text, s.cfg.MaxLines); cutAt {
			more := strings.Count(text, "\n") + 1 - s.cfg.MaxLines
			text = shown + "\n" + s.cfg.Theme.Dim(fmt.Sprintf("… %d more lines (:more shows all)", more))
		}
	}
	style := s.cfg.Theme.Result
	if res.value.Type == "error" {
		style = s.cfg.Theme.Error
	}
	if s.cfg.Quiet {
		s.out.recordOnly(text + "\n")
		return
	}
	fmt.Fprintln(s.out, style(text))
}

// cut shortens text to max lines.
func cut(text string, max int) (string, bool) {
	n := strings.Count(text, "\n") + 1
	if n <= max {
		return text, false
	}
	lines := strings.SplitN(text, "\n", max+1)
	return strings.Join(lines[:max], "\n"), true
}

func (s *Session) showError(err error) {
	msg := err.Error()
	if errors.Is(err, ErrInterrupted) {
		msg = "interrupted"
	} else if !strings.HasPrefix(msg, "panic:") {
		msg = "error: " + msg
	}
	fmt.Fprintln(s.errw, s.cfg.Theme.Error(msg))
}

// captureWriter writes through to the terminal and keeps, while a cell
// runs, a plain copy of what was written for the transcript. The error
// writer shares its buffer with the output writer so the copy keeps their
// order.
type captureWriter struct {
	mu     sync.Mutex
	w      io.Writer
	buf    keptOutput // what the cell printed, as the transcript keeps it
	on     bool
	shared *captureWriter
	// midLine is set when what was last written did not end a line.
	midLine bool
}

func (c *captureWriter) target() *captureWriter {
	if c.shared != nil {
		return c.shared
	}
	return c
}

// begin starts capturing a cell's output; a large output is saved whole
// to spill ("" saves none).
func (c *captureWriter) begin(spill string) {
	t := c.target()
	t.mu.Lock()
	t.buf.reset(spill)
	t.on = true
	t.mu.Unlock()
}

func (c *captureWriter) end() string {
	t := c.target()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on = false
	t.buf.close()
	return ansi.Strip(t.buf.String())
}

func (c *captureWriter) Write(p []byte) (int, error) {
	t := c.target()
	t.mu.Lock()
	if t.on {
		t.buf.Write(p)
	}
	if len(p) > 0 {
		t.midLine = p[len(p)-1] != '\n'
	}
	t.mu.Unlock()
	return c.w.Write(p)
}

// recordOnly adds text to the cell's copy without showing it (a value
// under Config.Quiet).
func (c *captureWriter) recordOnly(text string) {
	t := c.target()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.on {
		t.buf.Write([]byte(text))
	}
}

// saved says where the last cell's output was saved whole, if it was too
// large for the transcript.
func (c *captureWriter) saved() string {
	t := c.target()
	t.mu.Lock()
	defer t.mu.Unlock()
	where := t.buf.Saved()
	if t.buf.saved {
		return "the whole of it is in " + where
	}
	return where
}

// endLine ends a line the cell's output left open (fmt.Print("x")), so
// the next prompt does not draw over it.
func (c *captureWriter) endLine() {
	t := c.target()
	t.mu.Lock()
	open := t.midLine
	t.mu.Unlock()
	if open {
		c.Write([]byte("\n"))
	}
}
