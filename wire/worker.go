package wire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/opsh/opsh/internal/memlimit"
)

// Handler is what a worker runs: the evaluator implements it. The worker
// calls one method at a time, in the order the requests arrive (see
// "Requests and replies"), so a Handler needs no locking of its own for
// these calls; goroutines the cells start are another matter.
type Handler interface {
	// Execute runs a cell, sending its output, values and errors through
	// out as they happen. ctx is cancelled when the front-end interrupts
	// the cell. A nil error ends the cell with StatusOK; an error ends it
	// with StatusError (StatusInterrupted when ctx was cancelled) and is
	// sent as an Error event first: an *Error as it is, any other error as
	// an Error of class "error", and ErrReported not at all (the handler
	// sent its Error events itself). A panic is caught and reported as an
	// Error of class "panic". A held cell (Execute.Hold) is called after
	// its Release, unless the Handler is a Preparer.
	Execute(ctx context.Context, req *Execute, out *Emitter) error
	// Complete returns completions (nil for none).
	Complete(ctx context.Context, req *Complete) (*Completions, error)
	// Inspect says what a name is (nil for nothing to say).
	Inspect(ctx context.Context, req *Inspect) (*Inspection, error)
	// IsComplete says whether code is a whole cell.
	IsComplete(ctx context.Context, req *IsComplete) (*Completeness, error)
	// Reset forgets every value the user made.
	Reset(ctx context.Context) error
	// Call answers a query the protocol does not name.
	Call(ctx context.Context, req *Call) ([]byte, error)
}

// A Preparer is a Handler that prepares a held cell while the front-end
// puts its input on disk (see "Held cells"): the Server calls its Execute
// at once, and Execute calls out.Proceed after preparing the cell and
// before running any of it. Only the Handler knows where that is.
type Preparer interface {
	Handler
	// PreparesHeldCells marks the Handler as one whose Execute calls
	// out.Proceed.
	PreparesHeldCells()
}

// Errors a Handler and the code it runs may meet.
var (
	// ErrReported, returned by Handler.Execute, fails the cell without
	// another Error event: the handler sent its own.
	ErrReported = errors.New("the failure was reported")
	// ErrNoInput is what Emitter.Input returns when the front-end cannot
	// answer (a script, a notebook run without input).
	ErrNoInput = errors.New("read input: the front-end cannot ask for input here")
	// ErrInputCancelled is what Emitter.Input returns when the user gave up.
	ErrInputCancelled = errors.New("read input: cancelled")
)

// WorkerFD is the file descriptor on which a worker finds its end of the
// socket pair (the first of exec.Cmd.ExtraFiles).
const WorkerFD = 3

// shutdownGrace is how long a Shutdown waits for a running handler that
// ignores its cancelled context before the worker answers and exits.
const shutdownGrace = time.Second

// Serve answers the front-end on conn with h until the front-end shuts the
// worker down (nil), closes the connection (nil), or ctx ends or the
// connection fails (an error). It does not touch the process's standard
// output, error or limits; RunWorker does.
func Serve(ctx context.Context, conn io.ReadWriteCloser, h Handler) error {
	return (&Server{Handler: h}).Serve(ctx, conn)
}

// RunWorker is the whole body of the worker's hidden subcommand: it takes
// the connection on file descriptor WorkerFD, answers the handshake,
// applies the memory limit the front-end sends, captures the process's
// standard output and error, and only then calls newHandler (so the
// interpreter it makes sees the captured os.Stdout and os.Stderr, and the
// front-end's Start returns without waiting for it: the first request
// waits instead). Then it serves requests until the front-end shuts the
// worker down. The subcommand exits with status 0 when it returns nil and
// 1 otherwise. The error is written to descriptor 2 as well, where the
// front-end reads it as the reason the worker died.
//
// Output written outside the Emitter, by interpreted code or by programs
// it starts, still reaches the front-end as Stream events:
//
//   - file descriptor 1 is pointed at a pipe the worker reads, so
//     os.Stdout, fmt.Print and child processes given os.Stdout are captured;
//   - os.Stderr (and the standard log package's output) is replaced by
//     the write end of a second such pipe, so os.Stderr in Go code and
//     child processes given os.Stderr are captured;
//   - file descriptor 2 itself is left to the front-end: the Go runtime
//     writes its crash reports ("fatal error: concurrent map writes") there,
//     and the front-end must be able to read them from a dying process. A
//     pipe the dying worker had to drain itself would fill up and hang it.
//     Direct writes to descriptor 2 (the runtime, C code) are therefore not
//     session output: the front-end keeps them only to explain a death.
//
// Captured output is sent for the execute that runs when it is read; the
// worker drains both pipes before it sends an execute's Done, and before
// any event but a Stream, so a Result never overtakes the output printed
// before it. An evaluator may therefore give its interpreter os.Stdout and
// os.Stderr as they are, rather than an Emitter's writers.
//
// Standard input is /dev/null; a cell reads a line through Emitter.Input.
func RunWorker(ctx context.Context, newHandler func() (Handler, error)) error {
	conn, err := inheritedConn()
	if err != nil {
		return err
	}
	s := &Server{NewHandler: newHandler, ApplyLimits: true, CaptureStdio: true}
	err = s.Serve(ctx, conn)
	if err != nil {
		// Descriptor 2 is the front-end's diagnostics pipe (see above):
		// whatever ends the worker, the front-end can say what it was.
		fmt.Fprintf(os.NewFile(2, "diagnostics"), "%s%v\n", diagPrefix, err)
	}
	return err
}

// diagPrefix starts a line the worker writes to descriptor 2 to say why
// it cannot go on; the front-end takes such a line as the reason.
const diagPrefix = "opsh worker: "

// newHandlerError is a failure of Server.NewHandler.
type newHandlerError struct{ err error }

func (e *newHandlerError) Error() string { return "start the evaluator: " + e.err.Error() }
func (e *newHandlerError) Unwrap() error { return e.err }

// inheritedConn returns the socket the front-end passed as WorkerFD.
func inheritedConn() (net.Conn, error) {
	f := os.NewFile(WorkerFD, "opsh-wire")
	if f == nil {
		return nil, errors.New("worker: no connection on descriptor 3: the worker is started by the front-end")
	}
	defer f.Close()
	syscall.CloseOnExec(WorkerFD)
	c, err := net.FileConn(f)
	if err != nil {
		return nil, fmt.Errorf("worker: descriptor 3 is not the front-end's socket (the worker is started by the front-end): %w", err)
	}
	return c, nil
}

// A Server is the worker's end of the protocol. Its zero value with a
// Handler serves a connection as Serve does.
type Server struct {
	// Handler runs the requests.
	Handler Handler
	// NewHandler, when Handler is nil, makes it after the handshake and
	// the set-up below, while requests already queue (see RunWorker).
	// Serve returns its error.
	NewHandler func() (Handler, error)
	// ApplyLimits applies the memory limit of the front-end's Hello to
	// this process (memlimit.Apply). Only for a worker process.
	ApplyLimits bool
	// CaptureStdio points the process's standard output and error at the
	// front-end, as RunWorker describes. It changes the process for good:
	// only for a worker process.
	CaptureStdio bool

	fc      *frameConn
	stdio   *stdio
	current atomic.Uint64 // the ID of the running execute, 0 if none

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []request
	closed  bool
	cancels map[uint64]context.CancelFunc
	inputs  map[uint64]chan *InputReply
	holds   map[uint64]chan struct{} // closed by the held execute's Release
}

// request is a request waiting for, or in, the handler.
type request struct {
	id      uint64
	m       Message
	ctx     context.Context
	release <-chan struct{} // a held execute's; nil if not held
}

// Serve answers the front-end on conn, as the function Serve does.
func (s *Server) Serve(ctx context.Context, conn io.ReadWriteCloser) error {
	s.fc = newFrameConn(conn)
	defer s.fc.close()
	stop := context.AfterFunc(ctx, func() { s.fc.close() })
	defer stop()
	hello, err := s.handshake()
	if err != nil {
		return err
	}
	s.setUp(hello)
	s.cond = sync.NewCond(&s.mu)
	s.cancels = map[uint64]context.CancelFunc{}
	s.inputs = map[uint64]chan *InputReply{}
	s.holds = map[uint64]chan struct{}{}
	runCtx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan struct{})
	made := make(chan error, 1)
	go func() {
		err := s.makeHandler()
		made <- err
		if err != nil {
			s.fc.close() // ends read
			close(ran)
			return
		}
		s.run(ran)
	}()
	err = s.read(runCtx, ran)
	s.stopAll()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	select {
	case hErr := <-made:
		if hErr != nil {
			return hErr
		}
	default:
	}
	return err
}

// makeHandler calls NewHandler when there is no Handler.
func (s *Server) makeHandler() error {
	if s.Handler != nil {
		return nil
	}
	if s.NewHandler == nil {
		return &newHandlerError{errors.New("the server has no Handler")}
	}
	err := protect(func() (err error) {
		s.Handler, err = s.NewHandler()
		return err
	})
	if err == nil && s.Handler == nil {
		err = errors.New("no Handler")
	}
	if err != nil {
		return &newHandlerError{err}
	}
	return nil
}

// handshake reads the front-end's Hello and answers with the worker's.
func (s *Server) handshake() (*Hello, error) {
	_, m, err := s.fc.recv()
	if err != nil {
		return nil, fmt.Errorf("worker handshake: %w", err)
	}
	hello, ok := m.(*Hello)
	if !ok {
		return nil, fmt.Errorf("worker handshake: got %T, want Hello", m)
	}
	if err := s.fc.send(0, &Hello{Version: Version, PID: os.Getpid()}); err != nil {
		return nil, fmt.Errorf("worker handshake: %w", err)
	}
	if hello.Version != Version {
		return nil, fmt.Errorf("worker handshake: the front-end speaks protocol version %d, the worker %d", hello.Version, Version)
	}
	return hello, nil
}

// setUp applies the limits and captures standard output, as configured;
// a failure is told to the front-end, and the worker goes on without.
func (s *Server) setUp(hello *Hello) {
	if s.ApplyLimits {
		if err := memlimit.Apply(hello.MemoryLimit); err != nil {
			s.notice(err)
		}
	}
	if s.CaptureStdio {
		st, err := captureStdio(s.emitStray)
		if err != nil {
			s.notice(err)
		}
		s.stdio = st
	}
}

// notice tells the front-end about a problem of the worker itself, as
// standard error outside any request.
func (s *Server) notice(err error) {
	_ = s.fc.send(0, &Stream{Name: StderrName, Text: "opsh worker: " + err.Error() + "\n"})
}

// emitStray sends output captured from the process's descriptors, for the
// execute that is running or for ID 0.
func (s *Server) emitStray(name, text string) {
	_ = s.fc.send(s.current.Load(), &Stream{Name: name, Text: text})
}

// read reads requests until Shutdown or the end of the connection.
func (s *Server) read(ctx context.Context, ran <-chan struct{}) error {
	for {
		id, m, err := s.fc.recv()
		if errors.Is(err, io.EOF) {
			return nil // the front-end closed the connection
		}
		if err != nil {
			return fmt.Errorf("read request: %w", err)
		}
		switch m := m.(type) {
		case *Interrupt:
			s.cancel(id)
		case *InputReply:
			s.answerInput(id, m)
		case *Release:
			s.release(id)
		case *Shutdown:
			s.stopAll()
			select {
			case <-ran:
			case <-time.After(shutdownGrace):
			}
			return s.fc.send(id, &Done{Status: StatusOK})
		case *Execute, *Complete, *Inspect, *IsComplete, *Reset, *Call:
			s.enqueue(ctx, id, m)
		default:
			_ = s.fc.send(id, &Fault{Message: fmt.Sprintf("the worker does not take %T requests", m)})
		}
	}
}

// enqueue queues a request for the handler, with a context an Interrupt
// with its ID cancels.
func (s *Server) enqueue(ctx context.Context, id uint64, m Message) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		cancel()
		return
	}
	s.cancels[id] = cancel
	r := request{id: id, m: m, ctx: ctx}
	if x, ok := m.(*Execute); ok && x.Hold {
		ch := make(chan struct{})
		s.holds[id] = ch
		r.release = ch
	}
	s.queue = append(s.queue, r)
	s.cond.Signal()
}

// release lets the held execute with ID id run.
func (s *Server) release(id uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.holds[id]; ch != nil {
		close(ch)
		delete(s.holds, id)
	}
}

// cancel cancels the request with ID id, running or queued.
func (s *Server) cancel(id uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cancels[id]; c != nil {
		c()
	}
}

// stopAll cancels every request and stops the runner after the one it runs.
func (s *Server) stopAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, c := range s.cancels {
		c()
	}
	s.queue = nil
	if s.cond != nil {
		s.cond.Broadcast()
	}
}

// run hands queued requests to the handler, one at a time.
func (s *Server) run(ran chan<- struct{}) {
	defer close(ran)
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.cond.Wait()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		r := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		s.handle(r)
		s.mu.Lock()
		if c := s.cancels[r.id]; c != nil {
			c()
			delete(s.cancels, r.id)
		}
		delete(s.holds, r.id) // a Release after the end changes nothing
		s.mu.Unlock()
	}
}

// handle runs one request and sends its reply.
func (s *Server) handle(r request) {
	h := s.Handler
	var reply Message
	var err error
	switch m := r.m.(type) {
	case *Execute:
		s.execute(r.ctx, r.id, m, r.release)
		return
	case *Complete:
		err = protect(func() (e error) { reply, e = orZero(h.Complete(r.ctx, m)); return e })
	case *Inspect:
		err = protect(func() (e error) { reply, e = orZero(h.Inspect(r.ctx, m)); return e })
	case *IsComplete:
		err = protect(func() (e error) { reply, e = orZero(h.IsComplete(r.ctx, m)); return e })
	case *Reset:
		reply, err = &Done{Status: StatusOK}, protect(func() error { return h.Reset(r.ctx) })
	case *Call:
		err = protect(func() error {
			b, e := h.Call(r.ctx, m)
			reply = &CallReply{Result: b}
			return e
		})
	}
	if err != nil {
		reply = &Fault{Message: err.Error()}
	}
	_ = s.fc.send(r.id, reply)
	s.fc.expectReply()
}

// orZero turns a handler's nil answer into an empty one.
func orZero[T any, P interface {
	*T
	Message
}](p P, err error) (Message, error) {
	if err != nil {
		return nil, err
	}
	if p == nil {
		p = new(T)
	}
	return p, nil
}

// execute runs a cell and sends its Done after all its output.
func (s *Server) execute(ctx context.Context, id uint64, req *Execute, release <-chan struct{}) {
	s.current.Store(id)
	out := &Emitter{s: s, id: id, allowInput: req.AllowInput, release: release}
	err := protect(func() error {
		if _, ok := s.Handler.(Preparer); !ok {
			if err := out.Proceed(ctx); err != nil {
				return err
			}
		}
		return s.Handler.Execute(ctx, req, out)
	})
	out.ended.Store(true)
	s.stdio.drain()
	s.current.Store(0)
	_ = s.fc.send(id, s.outcome(ctx, id, err))
	s.fc.expectReply()
}

// outcome sends the Error event for a handler's error, if any, and
// returns the Done that ends the execute.
func (s *Server) outcome(ctx context.Context, id uint64, err error) *Done {
	if err == nil {
		return &Done{Status: StatusOK}
	}
	status := StatusError
	if ctx.Err() != nil {
		status = StatusInterrupted
	}
	if errors.Is(err, ErrReported) {
		return &Done{Status: status}
	}
	e := asError(ctx, err)
	_ = s.fc.send(id, e)
	return &Done{Status: status, Message: e.Message}
}

// asError turns a handler's error into the Error event that reports it.
func asError(ctx context.Context, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return &Error{Class: ErrorClassInterrupted, Message: "interrupted"}
	}
	return &Error{Class: ErrorClassOther, Message: err.Error()}
}

// protect runs f, turning a panic into an Error of class "panic".
func protect(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &Error{
				Class:     ErrorClassPanic,
				Message:   fmt.Sprint(v),
				Traceback: strings.Split(strings.TrimSpace(string(debug.Stack())), "\n"),
			}
		}
	}()
	return f()
}

// answerInput hands an InputReply to the Input call waiting for it.
func (s *Server) answerInput(id uint64, r *InputReply) {
	s.mu.Lock()
	ch := s.inputs[id]
	delete(s.inputs, id)
	s.mu.Unlock()
	if ch != nil {
		ch <- r // buffered: the waiter may have given up
	}
}

// An Emitter sends one execute's events to the front-end. It is safe for
// concurrent use by the cell's goroutines, and stays usable after the
// execute ends (its output then comes after the execute's Done).
type Emitter struct {
	s          *Server
	id         uint64
	allowInput bool
	release    <-chan struct{} // closed when a held execute may run
	ended      atomic.Bool     // the execute has sent its Done
	inputMu    sync.Mutex
}

// ID returns the ID of the execute the Emitter belongs to.
func (e *Emitter) ID() uint64 { return e.id }

// Proceed returns when the execute may run: at once unless it is held
// (Execute.Hold), else when its Release arrives, or with ctx's error if
// ctx ends first. A Handler calls it after preparing the cell and before
// running any of it; calls after the first return at once.
func (e *Emitter) Proceed(ctx context.Context) error {
	if e.release == nil {
		return nil
	}
	select {
	case <-e.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Emit sends ev to the front-end and returns once it is written to the
// connection, so the front-end sees events in the order they were
// emitted. Send a Secret the moment it is registered: see "Secrets come
// first". An InputRequest goes through Input instead.
func (e *Emitter) Emit(ev Event) error {
	switch ev := ev.(type) {
	case *InputRequest:
		return errors.New("emit: an InputRequest goes through Emitter.Input")
	case *Stream:
		// What went to the same descriptor before (os.Stdout, a child
		// process) goes first: Println and Fprintln(os.Stdout) keep their order.
		e.s.stdio.drainStream(ev.Name)
	default:
		e.s.stdio.drain() // captured output printed before ev goes first
	}
	return e.s.fc.send(e.id, ev)
}

// Input asks the front-end for a line (without echo when password is set)
// and waits for it, or for ctx. It returns ErrNoInput when the front-end
// cannot ask, or the execute has ended (nobody waits for an answer then),
// and ErrInputCancelled when the user gave up. Calls from several
// goroutines are asked one after another.
func (e *Emitter) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !e.allowInput || e.ended.Load() {
		return "", ErrNoInput
	}
	e.inputMu.Lock()
	defer e.inputMu.Unlock()
	ch := make(chan *InputReply, 1)
	e.s.mu.Lock()
	e.s.inputs[e.id] = ch
	e.s.mu.Unlock()
	defer func() {
		e.s.mu.Lock()
		delete(e.s.inputs, e.id)
		e.s.mu.Unlock()
	}()
	e.s.stdio.drain()
	if err := e.s.fc.send(e.id, &InputRequest{Prompt: prompt, Password: password}); err != nil {
		return "", fmt.Errorf("read input: %w", err)
	}
	select {
	case r := <-ch:
		if r.Cancelled {
			return "", ErrInputCancelled
		}
		return r.Value, nil
	case <-ctx.Done():
		return "", fmt.Errorf("read input: %w", ctx.Err())
	}
}

// Stdout returns a writer whose writes become the execute's "stdout"
// Stream events, one or more a write, sent before Write returns.
func (e *Emitter) Stdout() io.Writer { return streamWriter{e, StdoutName} }

// Stderr is Stdout for "stderr".
func (e *Emitter) Stderr() io.Writer { return streamWriter{e, StderrName} }

// streamChunk is the largest Stream event a write is cut into.
const streamChunk = 1 << 20

// streamWriter turns writes into Stream events.
type streamWriter struct {
	e    *Emitter
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	for done := 0; done < len(p); {
		n := min(len(p)-done, streamChunk)
		if err := w.e.Emit(&Stream{Name: w.name, Text: string(p[done : done+n])}); err != nil {
			return done, err
		}
		done += n
	}
	return len(p), nil
}
