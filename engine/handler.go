package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"

	sessionjson "github.com/opsh/opsh/engine/internal/json"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/readonly"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/wire"
)

// Handler is the worker's side of a session (wire.Handler): it runs cells
// in an Evaluator and sends what they print, show and fail with as wire
// events. It never writes to a terminal or a file of its own.
type Handler struct {
	opts HandlerOptions

	ev   *Evaluator
	conf Config
	// ready is closed once the first interpreter, started by NewHandler
	// while the worker connects, is made; evErr is why it could not be.
	ready chan struct{}
	evErr error
	// life is the context of the current interpreter's cells: Reset
	// cancels it, stopping the goroutines earlier cells started.
	life    context.Context
	endLife context.CancelFunc

	// out is where the interpreter writes: the emitter of the last cell,
	// which its goroutines keep writing to after it ends.
	mu  sync.Mutex
	out *wire.Emitter
	// reached are the targets already told to the front-end (targets.go).
	reached sync.Map
}

// HandlerOptions configure a Handler.
type HandlerOptions struct {
	// Builtins are the builtins' symbol tables (builtins/all.Symbols).
	Builtins interp.Exports
	// GoPath is where source packages are imported from ($GOPATH).
	GoPath string
	// Config is the session's configuration as the worker starts; the
	// front-end may change it with the Call "configure".
	Config Config
}

// Config is what the front-end tells the worker about the session, with
// the Call "configure" (JSON): the values given to param() and the
// script's own command line.
type Config struct {
	Params map[string]string `json:"params,omitempty"`
	Args   []string          `json:"args,omitempty"`
	// ReadOnly refuses every call that changes something (opsh run
	// --read-only); AllowCommands are the programs that may run anyway.
	ReadOnly      bool     `json:"read_only,omitempty"`
	AllowCommands []string `json:"allow_commands,omitempty"`
	// Targets, in a replay, are what the targets it reaches are checked
	// against (targets.go); nil checks nothing.
	Targets *TargetCheck `json:"targets,omitempty"`
	// Script is a session that runs a script (opsh run, piped input): a
	// goroutine's panic fails it, as it ends a Go program.
	Script bool `json:"script,omitempty"`
}

// args is the session code's os.Args: the script's command line, or
// "opsh" alone, never the worker's own.
func (c Config) args() []string {
	if c.Args == nil {
		return []string{"opsh"}
	}
	return c.Args
}

// ConfigEnv is the environment variable a worker finds its first
// configuration in (JSON), so that its interpreter is made while it
// connects.
const ConfigEnv = "OPSH_WORKER_CONFIG"

// Methods of wire.Call a Handler answers. Arguments and results are JSON.
const (
	CallConfigure = "configure" // Config → nothing
	CallType      = "type"      // expression → its type
	CallDocName   = "docname"   // name → the name of its documentation
	CallDescribe  = "describe"  // name → what the variable is ("" if none)
	CallVariables = "variables" // nothing → []Variable
)

// NewHandler returns a Handler. Its interpreter is made at once, in the
// background, so that it is ready by the time the first request comes.
func NewHandler(opts HandlerOptions) *Handler {
	h := &Handler{opts: opts, conf: opts.Config, ready: make(chan struct{})}
	redact.OnRegister(h.secretRegistered)
	redact.SetPrompter(h.prompt)
	go func() {
		defer close(h.ready)
		h.ev, h.evErr = h.newEvaluator()
	}()
	return h
}

var _ wire.Preparer = (*Handler)(nil)

// PreparesHeldCells marks the Handler as a wire.Preparer: Execute prepares a
// held cell, and the evaluator waits for the cell's Release before it runs
// any of it (Evaluator.Hold).
func (*Handler) PreparesHeldCells() {}

// Ready is closed once the interpreter NewHandler started making is made
// (or failed).
func (h *Handler) Ready() <-chan struct{} { return h.ready }

// evaluator returns the session's interpreter, making one if there is
// none (after Reset or a new configuration).
func (h *Handler) evaluator() (*Evaluator, error) {
	<-h.ready
	quietCompilerLog() // again: the worker may have moved the log's output
	if h.ev != nil || h.evErr != nil {
		return h.ev, h.evErr
	}
	h.ev, h.evErr = h.newEvaluator()
	return h.ev, h.evErr
}

// newEvaluator makes an interpreter with the session's configuration.
func (h *Handler) newEvaluator() (*Evaluator, error) {
	builtins := interp.Exports{}
	for _, t := range []interp.Exports{h.opts.Builtins, h.displaySymbols()} {
		for k, v := range t {
			builtins[k] = v
		}
	}
	conf := h.conf
	ev, err := NewEvaluator(EvalOptions{
		Stdout:   writerFunc(func(p []byte) (int, error) { return h.emitter().Stdout().Write(p) }),
		Stderr:   writerFunc(func(p []byte) (int, error) { return h.emitter().Stderr().Write(p) }),
		Builtins: builtins,
		Param: func(name, def string) string {
			if v, ok := conf.Params[name]; ok {
				return v
			}
			return def
		},
		GoPath:       h.opts.GoPath,
		Args:         conf.args(),
		ReadOnly:     readonly.Policy{On: conf.ReadOnly, AllowCommands: conf.AllowCommands},
		GoPanicFails: conf.Script,
	})
	if err != nil {
		return nil, err
	}
	if h.endLife != nil {
		h.endLife()
	}
	h.life, h.endLife = context.WithCancel(context.Background())
	return ev, nil
}

// emitter is the emitter output goes to now; a discarding one before the
// first cell.
func (h *Handler) emitter() outputs {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.out == nil {
		return discard{}
	}
	return h.out
}

type outputs interface {
	Stdout() io.Writer
	Stderr() io.Writer
}

type discard struct{}

func (discard) Stdout() io.Writer { return io.Discard }
func (discard) Stderr() io.Writer { return io.Discard }

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// Execute runs a cell.
func (h *Handler) Execute(ctx context.Context, req *wire.Execute, out *wire.Emitter) error {
	ev, err := h.evaluator()
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.out = out
	h.mu.Unlock()
	// The cell's context lives on for the goroutines it starts: the
	// front-end's interrupt cancels it, the cell ending does not.
	cellCtx, cancel := context.WithCancel(h.life)
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	check := h.conf.Targets
	var leavers leftovers
	cell.Set(&cell.State{Ctx: cellCtx, Stdout: out.Stdout(), Stderr: out.Stderr(), Terminal: req.Terminal,
		Leaving:       leavers.add,
		UnmarshalJSON: func(data []byte, v any) error { return ev.jsonDecode(data, v, sessionjson.DecodeOptions{}) },
		Fact:          func(key, value string) { h.fact(out, key, value) },
		Reach:         func(t cell.Target) error { return h.reach(out, check, t) }})
	if req.Deferred {
		if err := out.Proceed(ctx); err != nil {
			return err
		}
		if err := ev.RunDeferred(); err != nil {
			return wireError(err)
		}
		return nil
	}
	RegisterLiteralSecrets(req.Code)
	if req.Cell > 0 {
		ev.SetCell(req.Cell - 1)
	}
	ev.Hold(func() error { return out.Proceed(ctx) })
	res := ev.Eval(cellCtx, req.Code)
	for _, n := range res.Notes {
		_ = out.Emit(&wire.Display{Data: map[string]string{"text/plain": n}, Metadata: map[string]string{"kind": "note"}})
	}
	if errors.Is(res.Err, ErrInterrupted) {
		if v := leavers.wait(time.Second); v != nil {
			// What the interrupted builtin had finished is kept in _.
			if name, err := ev.BindInterrupted(v); err == nil {
				_ = out.Emit(&wire.Display{Data: map[string]string{"text/plain": "what it had finished is in _ (and " + name + ")"}, Metadata: map[string]string{"kind": "note"}})
			}
		}
	}
	if res.Err != nil {
		return wireError(res.Err)
	}
	if len(res.Values) == 0 || req.Silent {
		return nil
	}
	// Showing a value may call its String method: the user's code.
	if err := out.Proceed(ctx); err != nil {
		return err
	}
	var parts []string
	shown := ev.ShownAs(res.Bound)
	for _, v := range res.Values {
		parts = append(parts, shown.Format(v))
	}
	r := &wire.Result{Cell: res.Cell, Name: res.Bound, Pair: res.Pair, Plain: strings.Join(parts, "\n")}
	if len(res.Values) == 1 && res.Values[0].IsValid() {
		r.Type = shown.ValueType(res.Values[0])
		if isNonNilError(res.Values[0]) {
			r.Type = "error"
		}
		forms := map[string]string{}
		richForms(res.Values[0], r.Plain, forms)
		r.HTML, r.JSON = forms["text/html"], forms["application/json"]
		if png := forms["image/png"]; png != "" {
			if err := out.Emit(&wire.Display{Data: map[string]string{"image/png": png, "text/plain": r.Plain}}); err != nil {
				return err
			}
		}
	}
	return out.Emit(r)
}

// leftovers collects what the builtins of an interrupted cell leave (see
// cell.Leaving): the interpreter returns at the interrupt, the builtins a
// moment later, once they have stopped.
type leftovers struct {
	mu      sync.Mutex
	pending int
	value   any
	done    chan struct{}
}

func (l *leftovers) add() func(any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending++
	if l.done == nil {
		l.done = make(chan struct{})
	}
	var once sync.Once
	return func(v any) {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			if v != nil {
				l.value = v
			}
			if l.pending--; l.pending == 0 {
				close(l.done)
			}
		})
	}
}

// wait waits, at most d, for the builtins still running to leave what
// they did, and returns the last value left.
func (l *leftovers) wait(d time.Duration) any {
	l.mu.Lock()
	done := l.done
	l.mu.Unlock()
	if done != nil {
		select {
		case <-done:
		case <-time.After(d):
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.value
}

// Classes of wire.Error beyond wire's own: a cell that called os.Exit,
// and one that returned from main (ErrReturned).
const (
	ErrorClassExit   = "exit"
	ErrorClassReturn = "return"
)

// wireError words a cell's failure for the front-end.
func wireError(err error) *wire.Error {
	var (
		exit  *ExitError
		panic *PanicError
		v     *ValueError
	)
	switch {
	case errors.As(err, &exit):
		return &wire.Error{Class: ErrorClassExit, Message: exit.Error(), Line: exit.Code}
	case errors.Is(err, ErrInterrupted):
		return &wire.Error{Class: wire.ErrorClassInterrupted, Message: "interrupted"}
	case errors.Is(err, ErrReturned):
		return &wire.Error{Class: ErrorClassReturn, Message: err.Error()}
	}
	w := &wire.Error{Class: wire.ErrorClassCompile, Message: err.Error()}
	switch {
	case errors.As(err, &panic):
		w.Class = wire.ErrorClassPanic
	case errors.As(err, &v):
		w.Class = wire.ErrorClassOther
	}
	var at interface{ Position() (line, col int) }
	if errors.As(err, &at) {
		w.Line, w.Column = at.Position()
	}
	return w
}

// fact passes on what a builtin learnt about the session (the AWS
// account), as a display the front-end records.
func (h *Handler) fact(out *wire.Emitter, key, value string) {
	_ = out.Emit(&wire.Display{Data: map[string]string{"text/plain": value}, Metadata: map[string]string{"kind": "fact", "key": key}})
}

// secretRegistered tells the front-end a secret, before any output.
func (h *Handler) secretRegistered(name string, plain []byte) {
	h.mu.Lock()
	out := h.out
	h.mu.Unlock()
	if out != nil {
		_ = out.Emit(&wire.Secret{Name: name, Value: string(plain)})
	}
}

// prompt asks the front-end for a secret, without echo.
func (h *Handler) prompt(label string) ([]byte, error) {
	h.mu.Lock()
	out := h.out
	h.mu.Unlock()
	if out == nil {
		return nil, redact.ErrNoTerminal
	}
	v, err := out.Input(cell.Context(), label, true)
	return []byte(v), err
}

// Complete completes the word before the cursor on its line.
func (h *Handler) Complete(_ context.Context, req *wire.Complete) (*wire.Completions, error) {
	ev, err := h.evaluator()
	if err != nil {
		return nil, err
	}
	cursor := min(max(req.Cursor, 0), len(req.Code))
	start := strings.LastIndexByte(req.Code[:cursor], '\n') + 1
	matches, typed := ev.Complete(req.Code[start:], cursor-start)
	return &wire.Completions{Matches: matches, Start: cursor - typed, End: cursor}, nil
}

// Inspect says what the name under the cursor is, when it is a variable
// of the session (the front-end has the documentation of the rest).
func (h *Handler) Inspect(_ context.Context, req *wire.Inspect) (*wire.Inspection, error) {
	ev, err := h.evaluator()
	if err != nil {
		return nil, err
	}
	name := NameAt(req.Code, req.Cursor)
	text, ok := ev.Describe(name)
	if !ok {
		return &wire.Inspection{}, nil
	}
	return &wire.Inspection{Found: true, Data: map[string]string{"text/plain": text}}, nil
}

// IsComplete says whether code is a whole cell.
func (h *Handler) IsComplete(_ context.Context, req *wire.IsComplete) (*wire.Completeness, error) {
	return Completeness(req.Code), nil
}

// Reset forgets every value the user made and stops the goroutines of
// earlier cells; the cell numbers go on.
func (h *Handler) Reset(context.Context) error {
	<-h.ready
	cellNo := 0
	if h.ev != nil {
		cellNo = h.ev.Cell()
	}
	h.ev, h.evErr = nil, nil
	ev, err := h.evaluator()
	if err != nil {
		return err
	}
	ev.SetCell(cellNo)
	return nil
}

// Call answers the queries named by the Call constants.
func (h *Handler) Call(_ context.Context, req *wire.Call) ([]byte, error) {
	if req.Method == CallConfigure {
		var c Config
		if err := json.Unmarshal(req.Args, &c); err != nil {
			return nil, fmt.Errorf("configure: %w", err)
		}
		<-h.ready
		if !reflect.DeepEqual(c, h.conf) {
			h.conf, h.ev, h.evErr = c, nil, nil
		}
		_, err := h.evaluator()
		return nil, err
	}
	ev, err := h.evaluator()
	if err != nil {
		return nil, err
	}
	var arg string
	if len(req.Args) > 0 {
		if err := json.Unmarshal(req.Args, &arg); err != nil {
			return nil, fmt.Errorf("%s: %w", req.Method, err)
		}
	}
	switch req.Method {
	case CallType:
		t, err := ev.TypeOf(arg)
		if err != nil {
			return nil, err
		}
		return json.Marshal(t)
	case CallDocName:
		return json.Marshal(ev.DocName(arg))
	case CallDescribe:
		text, _ := ev.Describe(arg)
		return json.Marshal(text)
	case CallVariables:
		return json.Marshal(ev.Variables())
	}
	return nil, fmt.Errorf("no such call: %s", req.Method)
}
