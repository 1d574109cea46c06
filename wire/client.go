package wire

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opsh/opsh/internal/memlimit"
)

// Options configure a Client.
type Options struct {
	// Command is the worker's program and arguments: the front-end's own
	// executable (os.Executable) with the hidden subcommand, which calls
	// RunWorker. Required.
	Command []string
	// Env is the worker's environment; nil means the front-end's.
	Env []string
	// Dir is the worker's working directory; "" means the front-end's.
	Dir string
	// MemoryLimit is the memory the worker may use, in bytes: 0 means
	// memlimit's default share of the machine, a negative number
	// (memlimit.Off) no limit. The front-end passes what memlimit.Resolve
	// makes of OPSH_MEMORY_LIMIT.
	MemoryLimit int64
	// InterruptGrace is how long a cell has to stop after Interrupt before
	// the worker is killed and restarted; 0 means 2 s.
	InterruptGrace time.Duration
	// WatchInterval is how often the worker's resident memory is checked
	// against MemoryLimit; 0 means 100 ms.
	WatchInterval time.Duration
	// StartTimeout bounds a worker's start, up to its handshake; 0 means
	// 10 s.
	StartTimeout time.Duration
	// OnSecret is called with every Secret the worker sends, before any
	// frame that follows it is handed on (see "Secrets come first"): the
	// front-end registers it with its redactor here. It runs on the
	// Client's reading goroutine: it must be quick and must not call the
	// Client.
	OnSecret func(*Secret)
	// Stray receives events outside any call: output a cell's goroutines
	// write after it ended, or between cells. Same rules as OnSecret.
	Stray func(Event)
}

// ExecOptions are the options of one Execute.
type ExecOptions struct {
	// Cell is the cell's number (see Execute.Cell).
	Cell int
	// Silent, Terminal, Width and Deferred are sent as Execute's fields.
	Silent   bool
	Terminal bool
	Width    int
	Deferred bool
	// Input answers the cell's requests for a line of input (no echo
	// when req.Password). nil: the cell cannot ask. An error answers
	// "cancelled". Its ctx ends when the cell is interrupted or the
	// worker dies.
	Input func(ctx context.Context, req *InputRequest) (string, error)
	// BeforeRun, if set, is called once the worker has the cell, which
	// runs only after BeforeRun returns: the worker prepares it meanwhile
	// (Execute.Hold; see "Held cells"). The front-end puts the cell's
	// input on disk in it.
	BeforeRun func()
}

// ErrClosed is what calls return after Shutdown.
var ErrClosed = errors.New("the worker is shut down")

// A Client is the front-end's end of the protocol: it starts the worker,
// sends it requests, and starts a fresh worker when one dies. Its methods
// are safe for concurrent use; one Execute runs at a time.
type Client struct {
	opts   Options
	nextID atomic.Uint64

	mu        sync.Mutex
	w         *worker       // the current worker, nil while one starts
	starting  chan struct{} // closed when the start under way ends
	startErr  error
	gen       int
	closed    bool
	running   *execution
	lastDeath *WorkerDiedError
	// quickDeaths counts the workers in a row that died within quickDeath
	// of their start.
	quickDeaths int
}

// A worker that dies within quickDeath of its start, maxQuickDeaths times
// in a row, is not restarted at once: the next call starts one. A worker
// that cannot live does not make the front-end spin.
const (
	quickDeath     = time.Second
	maxQuickDeaths = 3
)

// Start starts a worker and returns the Client that talks to it, once the
// worker has answered the handshake.
func Start(ctx context.Context, opts Options) (*Client, error) {
	c, err := Launch(opts)
	if err != nil {
		return nil, err
	}
	if _, err := c.Ready(ctx); err != nil {
		_ = c.Shutdown(context.Background())
		return nil, err
	}
	return c, nil
}

// Launch starts a worker in the background and returns at once the Client
// that will talk to it: the front-end makes its terminal, history and
// transcript while the worker starts. The first call waits for the
// worker; if it could not start, that call returns why.
func Launch(opts Options) (*Client, error) {
	if len(opts.Command) == 0 {
		return nil, errors.New("start worker: no command")
	}
	if opts.MemoryLimit == 0 {
		lim, err := memlimit.Resolve("")
		if err != nil {
			return nil, fmt.Errorf("start worker: %w", err)
		}
		opts.MemoryLimit = lim
	}
	opts.InterruptGrace = orDefault(opts.InterruptGrace, 2*time.Second)
	opts.WatchInterval = orDefault(opts.WatchInterval, 100*time.Millisecond)
	opts.StartTimeout = orDefault(opts.StartTimeout, 10*time.Second)
	c := &Client{opts: opts}
	c.mu.Lock()
	c.startLocked()
	c.mu.Unlock()
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// worker returns the current worker, waiting for one to start if need be.
func (c *Client) worker(ctx context.Context) (*worker, error) {
	for tries := 0; ; tries++ {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return nil, ErrClosed
		}
		if c.w != nil {
			w := c.w
			c.mu.Unlock()
			return w, nil
		}
		if tries > 0 && c.startErr != nil {
			err := c.startErr
			c.mu.Unlock()
			return nil, err
		}
		if c.starting == nil {
			c.startLocked()
		}
		ch := c.starting
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// startLocked starts a fresh worker in the background; c.mu is held.
func (c *Client) startLocked() {
	ch := make(chan struct{})
	c.starting, c.startErr = ch, nil
	// A worker counts from its start on: a front-end that configures
	// its workers by generation configures this one, whose start its
	// call then waits for.
	c.gen++
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), c.opts.StartTimeout)
		defer cancel()
		w, err := c.spawn(ctx)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err == nil {
			w.watchOver()
		}
		if err == nil && c.closed {
			w.kill("the client is shut down")
			err = ErrClosed
		}
		if err == nil {
			c.w = w
		}
		c.startErr = err
		c.starting = nil
		close(ch)
	}()
}

// workerDied is the monitor's news that w ended: a fresh worker starts at
// once, unless the Client is shut down.
func (c *Client) workerDied(w *worker) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.w == w {
		c.w = nil
	}
	if c.closed {
		return
	}
	c.lastDeath = w.died
	if time.Since(w.started) < quickDeath {
		c.quickDeaths++
	} else {
		c.quickDeaths = 0
	}
	if c.starting == nil && c.w == nil && c.quickDeaths < maxQuickDeaths {
		c.startLocked()
	}
}

// Restarted reports, once, a death of the worker that no call returned:
// one that happened between cells. The front-end calls it before it shows
// a prompt, to say that variables are lost. (A death that happened just
// before a call, and was not yet noticed, is returned by that call.)
func (c *Client) Restarted() *WorkerDiedError {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.lastDeath
	if d == nil || d.reported.Swap(true) {
		return nil
	}
	return d
}

// Generation returns how many workers this Client has started, the first
// included: a worker counts from the moment its start begins (one that
// later died, or failed to start, counts too).
func (c *Client) Generation() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// PID returns the current worker's process ID, 0 while none runs.
func (c *Client) PID() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.w == nil {
		return 0
	}
	return c.w.pid
}

// Ready waits until a worker is running and returns its process ID.
func (c *Client) Ready(ctx context.Context) (int, error) {
	w, err := c.worker(ctx)
	if err != nil {
		return 0, err
	}
	return w.pid, nil
}

// An execution is the Execute in flight, for Interrupt.
type execution struct {
	w     *worker
	id    uint64
	grace time.Duration

	mu          sync.Mutex
	interrupted bool
	finished    bool
	timer       *time.Timer
}

// Execute runs a cell in the worker. Its events go to onEvent (on the
// calling goroutine, in order) as they arrive, its InputRequests to
// opts.Input; it returns the cell's Done. When ctx is cancelled the cell
// is interrupted as by Interrupt, and Execute still waits for the cell to
// end (at most InterruptGrace, then the worker is killed). When the worker
// dies under the cell, Execute returns a *WorkerDiedError after the events
// the worker sent before it died; the next call goes to a fresh worker.
func (c *Client) Execute(ctx context.Context, code string, opts ExecOptions, onEvent func(Event)) (*Done, error) {
	w, err := c.worker(ctx)
	if err != nil {
		return nil, err
	}
	id := c.nextID.Add(1)
	cl := w.register(id, 64, func(m Message) bool { _, ok := m.(*Done); return ok })
	defer w.unregister(id, cl)
	x := &execution{w: w, id: id, grace: c.opts.InterruptGrace}
	if err := c.setRunning(x); err != nil {
		return nil, err
	}
	defer c.endRunning(x)
	req := &Execute{Code: code, Cell: opts.Cell, Silent: opts.Silent, Terminal: opts.Terminal, Width: opts.Width, AllowInput: opts.Input != nil, Deferred: opts.Deferred, Hold: opts.BeforeRun != nil}
	if err := w.fc.send(id, req); err != nil {
		return nil, w.failed(err)
	}
	if !req.Hold {
		w.fc.expectReply()
	}
	if opts.BeforeRun != nil {
		opts.BeforeRun()
		if err := w.fc.send(id, &Release{}); err != nil {
			return nil, w.failed(err)
		}
		w.fc.expectReply()
	}
	return x.wait(ctx, cl, opts, onEvent)
}

// wait hands the execute's frames on until its Done or the worker's death.
func (x *execution) wait(ctx context.Context, cl *call, opts ExecOptions, onEvent func(Event)) (*Done, error) {
	cancelled := ctx.Done()
	for {
		select {
		case m := <-cl.frames:
			if d, ok := x.handle(ctx, m, opts, onEvent); ok {
				return d, nil
			}
		case <-x.w.dead:
			for drained := false; !drained; {
				select {
				case m := <-cl.frames:
					if _, ok := m.(*InputRequest); !ok {
						x.handle(ctx, m, opts, onEvent)
					}
				default:
					drained = true
				}
			}
			return nil, x.w.died.report()
		case <-cancelled:
			x.interrupt()
			cancelled = nil
		}
	}
}

// handle hands one frame on; it returns the Done that ends the execute.
func (x *execution) handle(ctx context.Context, m Message, opts ExecOptions, onEvent func(Event)) (*Done, bool) {
	switch m := m.(type) {
	case *Done:
		return m, true
	case *InputRequest:
		x.answer(ctx, m, opts.Input)
	case Event:
		if onEvent != nil {
			onEvent(m)
		}
	}
	return nil, false
}

// answer asks input for the line an InputRequest wants and sends it. The
// ctx input gets ends with the Execute's ctx or the worker's death.
func (x *execution) answer(ctx context.Context, req *InputRequest, input func(context.Context, *InputRequest) (string, error)) {
	reply := &InputReply{Cancelled: true}
	if input != nil {
		ctx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-x.w.dead:
				cancel()
			case <-ctx.Done():
			}
		}()
		if v, err := input(ctx, req); err == nil {
			reply = &InputReply{Value: v}
		}
		cancel()
	}
	_ = x.w.fc.send(x.id, reply)
}

// setRunning records the execute in flight; there can be one.
func (c *Client) setRunning(x *execution) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running != nil {
		return errors.New("execute: another cell is running")
	}
	c.running = x
	return nil
}

// endRunning forgets the execute in flight and its interrupt timer.
func (c *Client) endRunning(x *execution) {
	x.mu.Lock()
	x.finished = true
	if x.timer != nil {
		x.timer.Stop()
	}
	x.mu.Unlock()
	c.mu.Lock()
	if c.running == x {
		c.running = nil
	}
	c.mu.Unlock()
}

// Interrupt interrupts the running cell: its context is cancelled in the
// worker. If the cell has not ended InterruptGrace later, or on a second
// Interrupt, the worker is killed (and a fresh one started), so a cell
// that ignores its context cannot keep the prompt away. It does nothing
// when no cell runs.
func (c *Client) Interrupt() {
	c.mu.Lock()
	x := c.running
	c.mu.Unlock()
	if x != nil {
		x.interrupt()
	}
}

// interrupt is Interrupt for one execute.
func (x *execution) interrupt() {
	x.mu.Lock()
	if x.finished {
		x.mu.Unlock()
		return
	}
	if x.interrupted {
		x.mu.Unlock()
		x.w.kill("interrupted twice")
		return
	}
	x.interrupted = true
	grace := x.grace
	x.timer = time.AfterFunc(grace, func() {
		x.w.kill(fmt.Sprintf("the cell did not stop within %v of the interrupt", grace))
	})
	x.mu.Unlock()
	_ = x.w.fc.send(x.id, &Interrupt{})
}

// roundTrip sends a request that has one reply and returns the reply.
func (c *Client) roundTrip(ctx context.Context, m Message) (Message, error) {
	w, err := c.worker(ctx)
	if err != nil {
		return nil, err
	}
	id := c.nextID.Add(1)
	cl := w.register(id, 1, func(Message) bool { return true })
	defer w.unregister(id, cl)
	if err := w.fc.send(id, m); err != nil {
		return nil, w.failed(err)
	}
	w.fc.expectReply()
	select {
	case r := <-cl.frames:
		if f, ok := r.(*Fault); ok {
			return nil, fmt.Errorf("worker: %w", f)
		}
		return r, nil
	case <-w.dead:
		return nil, w.died.report()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ask is roundTrip for a reply of type R.
func ask[R any, P interface {
	*R
	Message
}](ctx context.Context, c *Client, m Message) (P, error) {
	r, err := c.roundTrip(ctx, m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", kindName(m), err)
	}
	p, ok := r.(P)
	if !ok {
		return nil, fmt.Errorf("%s: the worker answered with %T", kindName(m), r)
	}
	return p, nil
}

// kindName names a request in errors.
func kindName(m Message) string {
	switch m.(type) {
	case *Complete:
		return "complete"
	case *Inspect:
		return "inspect"
	case *IsComplete:
		return "is-complete"
	case *Call:
		return "call"
	case *Reset:
		return "reset"
	}
	return fmt.Sprintf("%T", m)
}

// Complete asks for completions of code at byte offset cursor.
func (c *Client) Complete(ctx context.Context, code string, cursor int) (*Completions, error) {
	return ask[Completions](ctx, c, &Complete{Code: code, Cursor: cursor})
}

// Inspect asks what the name at byte offset cursor of code is.
func (c *Client) Inspect(ctx context.Context, code string, cursor, detail int) (*Inspection, error) {
	return ask[Inspection](ctx, c, &Inspect{Code: code, Cursor: cursor, Detail: detail})
}

// IsComplete asks whether code is a whole cell.
func (c *Client) IsComplete(ctx context.Context, code string) (*Completeness, error) {
	return ask[Completeness](ctx, c, &IsComplete{Code: code})
}

// Call sends a query the protocol does not name and returns its result.
func (c *Client) Call(ctx context.Context, method string, args []byte) ([]byte, error) {
	r, err := ask[CallReply](ctx, c, &Call{Method: method, Args: args})
	if err != nil {
		return nil, err
	}
	return r.Result, nil
}

// Reset asks the worker to forget every value the user made.
func (c *Client) Reset(ctx context.Context) error {
	_, err := ask[Done](ctx, c, &Reset{})
	return err
}

// Restart kills the worker and waits for a fresh one (":restart"). The
// death it causes is not reported by Restarted.
func (c *Client) Restart(ctx context.Context) error {
	w, err := c.worker(ctx)
	if err != nil {
		return err
	}
	w.kill("restarted")
	select {
	case <-w.dead:
		w.died.report()
	case <-ctx.Done():
		return ctx.Err()
	}
	_, err = c.worker(ctx)
	return err
}

// Shutdown asks the worker to stop and waits for it to exit; when ctx
// ends first, the worker is killed. No worker is started afterwards.
func (c *Client) Shutdown(ctx context.Context) error { return c.stop(ctx, true) }

// Close is Shutdown for a front-end about to exit: it returns once the
// worker has answered that it stops (or has died), without waiting for
// its process to end, which the kernel's release of the worker's memory
// takes milliseconds to do. The worker then exits on its own.
func (c *Client) Close(ctx context.Context) error { return c.stop(ctx, false) }

// stop is Shutdown, and Close unless waitExit.
func (c *Client) stop(ctx context.Context, waitExit bool) error {
	c.mu.Lock()
	c.closed = true
	w, starting := c.w, c.starting
	c.mu.Unlock()
	if starting != nil {
		<-starting // a worker that started meanwhile is killed by startLocked
	}
	if w == nil {
		return nil
	}
	id := c.nextID.Add(1)
	cl := w.register(id, 1, func(Message) bool { return true })
	defer w.unregister(id, cl)
	if err := w.fc.send(id, &Shutdown{}); err != nil {
		w.kill("shut down")
	}
	var answered <-chan Message
	if !waitExit {
		answered = cl.frames
	}
	select {
	case <-w.dead:
		return nil
	case <-answered:
		return nil
	case <-ctx.Done():
		w.kill("shut down")
		<-w.dead
		return fmt.Errorf("shut down worker: %w", ctx.Err())
	}
}
