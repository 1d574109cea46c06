package repl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/sessions"
	"github.com/opsh/opsh/wire"
)

// Backend runs a session's cells in the worker process that holds the
// interpreter and every value the user made; *wire.Client is the one opsh
// uses. The front-end keeps the terminal, the history and the transcript,
// so they outlive a worker that dies.
type Backend interface {
	Execute(ctx context.Context, code string, opts wire.ExecOptions, onEvent func(wire.Event)) (*wire.Done, error)
	Complete(ctx context.Context, code string, cursor int) (*wire.Completions, error)
	Inspect(ctx context.Context, code string, cursor, detail int) (*wire.Inspection, error)
	Reset(ctx context.Context) error
	Call(ctx context.Context, method string, args []byte) ([]byte, error)
	Interrupt()
	// Generation counts the workers started so far: it changes when a
	// worker died and a fresh one took its place.
	Generation() int
}

var _ Backend = (*wire.Client)(nil)

// Errors a cell can fail with, beyond its own.
var (
	ErrInterrupted = errors.New("interrupted")
	// ErrReturned is a cell that ran a return outside any function: main
	// returned, and a script ends there, successfully.
	ErrReturned = errors.New("return")
)

// ExitError is a cell calling os.Exit(Code).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("os.Exit(%d)", e.Code) }

// PanicError is a panic in the user's code, as the worker words it
// ("panic: boom\n  at: the line").
type PanicError struct{ Message string }

func (p *PanicError) Error() string { return p.Message }

// WorkerDiedError is a cell whose worker process died under it (a stack
// overflow, concurrent map writes, out of memory, killed from outside):
// a fresh worker has taken its place, without the session's values.
type WorkerDiedError struct {
	Reason string
	// Cells are the numbers of the cells that ran well before, for
	// :restore.
	Cells []int
}

func (e *WorkerDiedError) Error() string {
	msg := "the worker died: " + e.Reason + " — variables are lost"
	if n := len(e.Cells); n > 0 {
		msg += fmt.Sprintf("; :restore re-runs cells %s", cellList(e.Cells))
	}
	return msg
}

// cellRun is what running one cell in the worker gave.
type cellRun struct {
	value *wire.Result
	err   error
}

// execute runs a Go cell in the worker, showing its output as it comes.
func (s *Session) execute(ctx context.Context, src string, opts wire.ExecOptions) cellRun {
	if err := s.configure(ctx); err != nil {
		return cellRun{err: err}
	}
	var run cellRun
	var failure *wire.Error
	opts.Terminal, opts.Input = s.cfg.Terminal, s.input
	if !opts.Deferred && strings.Contains(src, "defer") {
		s.deferred = true // perhaps a top-level defer: see RunDeferred
	}
	// The caller's context ending interrupts the cell, as Interrupt does.
	stop := context.AfterFunc(ctx, s.Interrupt)
	defer stop()
	done, err := s.backend.Execute(context.WithoutCancel(ctx), src, opts, func(ev wire.Event) {
		switch e := ev.(type) {
		case *wire.Stream:
			s.stream(e)
		case *wire.Display:
			s.display(e)
		case *wire.Result:
			run.value = e
			s.mu.Lock()
			s.last = e
			s.mu.Unlock()
		case *wire.Error:
			failure = e
		}
	})
	var died *wire.WorkerDiedError
	switch {
	case errors.As(err, &died):
		lost := s.restorable()
		s.mu.Lock()
		s.lost = lost
		s.mu.Unlock()
		run.err = &WorkerDiedError{Reason: died.Reason, Cells: lost}
	case err != nil:
		run.err = err
	case done != nil && done.Status == wire.StatusInterrupted:
		run.err = ErrInterrupted
	case failure != nil:
		run.err = cellError(failure)
	case done != nil && done.Status != wire.StatusOK:
		run.err = errors.New(done.Message)
	}
	if run.err != nil {
		run.value = nil
	}
	return run
}

// cellError is the front-end's error for a failure the worker reported.
func cellError(e *wire.Error) error {
	switch e.Class {
	case engine.ErrorClassExit:
		return &ExitError{Code: e.Line}
	case engine.ErrorClassReturn:
		return ErrReturned
	case wire.ErrorClassInterrupted:
		return ErrInterrupted
	}
	var err error = &PanicError{Message: e.Message}
	if e.Class != wire.ErrorClassPanic {
		err = errors.New(e.Message)
	}
	if e.Line > 0 {
		// where in the cell, which a replay turns into the file's line
		return &engine.LocatedError{Err: err, Line: e.Line, Col: e.Column}
	}
	return err
}

// stream writes a chunk of the cell's output where it belongs.
func (s *Session) stream(e *wire.Stream) {
	w := s.out
	if e.Name == wire.StderrName {
		w = s.errw
	}
	_, _ = w.Write([]byte(e.Text))
}

// display shows what the worker displays: a note about the cell, a fact
// learnt about the session, or a value.
func (s *Session) display(e *wire.Display) {
	text := e.Data["text/plain"]
	switch e.Metadata["kind"] {
	case "note":
		fmt.Fprintln(s.errw, s.cfg.Theme.Dim(text))
	case "fact":
		s.fact(e.Metadata["key"], text)
	default:
		if s.cfg.Display != nil {
			s.cfg.Display(e.Data)
			return
		}
		fmt.Fprintln(s.out, s.cfg.Theme.Result(text))
	}
}

// input answers the worker's request for a line: a secret without echo
// through the secret prompter, a line through the session's reader.
func (s *Session) input(_ context.Context, req *wire.InputRequest) (string, error) {
	if req.Password {
		v, err := redact.Ask(req.Prompt)
		return string(v), err
	}
	if !s.cfg.Interactive {
		return "", errors.New("no input in a script")
	}
	return s.cfg.Reader.ReadLine(req.Prompt)
}

// configure tells a worker the session's parameters and command line: the
// first, and every fresh one after a death.
func (s *Session) configure(ctx context.Context) error {
	gen := s.backend.Generation()
	if gen == s.gen {
		return nil
	}
	args, err := json.Marshal(s.cfg.WorkerConfig())
	if err != nil {
		return err
	}
	if _, err := s.backend.Call(ctx, engine.CallConfigure, args); err != nil {
		return fmt.Errorf("start the worker: %w", err)
	}
	s.gen = gen
	return nil
}

// call asks the worker a question and decodes its JSON answer.
func (s *Session) call(method string, arg any, reply any) error {
	ctx := context.Background()
	if err := s.configure(ctx); err != nil {
		return err
	}
	b, err := json.Marshal(arg)
	if err != nil {
		return err
	}
	out, err := s.backend.Call(ctx, method, b)
	if err != nil {
		return err
	}
	return json.Unmarshal(out, reply)
}

// noticeDeath says that the worker died between cells (a panic on a
// goroutine of compiled code, its memory limit), which no cell returned,
// before the next prompt or cell, and keeps the cells :restore runs
// again. Without it the next cell found its variables gone, and :restore
// said no worker had died.
func (s *Session) noticeDeath() {
	b, ok := s.backend.(interface{ Restarted() *wire.WorkerDiedError })
	if !ok {
		return
	}
	died := b.Restarted()
	if died == nil {
		return
	}
	lost := s.restorable()
	s.mu.Lock()
	s.lost = lost
	s.mu.Unlock()
	s.showError(&WorkerDiedError{Reason: died.Reason, Cells: lost})
}

// restorable are the cells a fresh worker can run again: Go cells that
// ran well, in order.
func (s *Session) restorable() []int {
	var ns []int
	for _, c := range s.record.Cells {
		if c.Output != nil && c.Output.Status == sessions.StatusOK {
			ns = append(ns, c.N)
		}
	}
	return ns
}

// cellList writes cell numbers as ranges: 1–4, 6.
func cellList(ns []int) string {
	var out string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if out != "" {
			out += ", "
		}
		if j > i {
			out += fmt.Sprintf("%d–%d", ns[i], ns[j])
		} else {
			out += fmt.Sprint(ns[i])
		}
		i = j + 1
	}
	return out
}

// restore runs again, in the fresh worker, the cells that had run well
// before the last worker died, after saying which and asking (they may
// have side effects): `:restore yes` does not ask.
func (s *Session) restore(args string) error {
	s.mu.Lock()
	cells := s.lost
	s.mu.Unlock()
	if len(cells) == 0 {
		return errors.New("nothing to restore: no worker died in this session, or its cells are restored")
	}
	if args != "yes" && args != "-y" {
		if !s.cfg.Interactive {
			return errors.New(":restore in a script needs `:restore yes`")
		}
		answer, err := s.cfg.Reader.ReadLine(fmt.Sprintf("re-run cells %s (%d cells; they may change things again)? [y/N] ", cellList(cells), len(cells)))
		if err != nil || (answer != "y" && answer != "yes") {
			fmt.Fprintln(s.errw, s.cfg.Theme.Dim("not restored"))
			return nil
		}
	}
	src := map[int]string{}
	for _, c := range s.record.Cells {
		src[c.N] = c.Src
	}
	ctx := context.Background()
	for _, n := range cells {
		fmt.Fprintln(s.errw, s.cfg.Theme.Dim(fmt.Sprintf("[%d] %s", n, firstLine(src[n]))))
		if r := s.execute(ctx, src[n], wire.ExecOptions{Cell: n}); r.err != nil {
			s.showError(r.err)
			return fmt.Errorf("cell %d failed again; the cells after it were not restored", n)
		}
	}
	s.mu.Lock()
	s.lost = nil
	s.mu.Unlock()
	return s.note(fmt.Sprintf("`:restore` ran cells %s again in a fresh worker.", cellList(cells)))
}
