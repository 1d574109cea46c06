package wire

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/opsh/opsh/internal/memlimit"
)

// ErrWorkerDied matches every *WorkerDiedError (errors.Is).
var ErrWorkerDied = errors.New("the worker died")

// WorkerDiedError is what a call returns when the worker process ended
// under it: a crash, a signal, an exit, or the front-end stopping it. The
// Client has already begun starting a fresh worker; every value the user
// made is gone.
type WorkerDiedError struct {
	// Reason is one line: the runtime's own words when it crashed
	// ("fatal error: concurrent map writes", "fatal error: stack
	// overflow", "fatal error: out of memory", "panic: ..."), why the
	// front-end stopped it, or how the process ended ("signal: killed",
	// "exit status 3").
	Reason string
	// Stopped reports that the front-end stopped the worker (an interrupt
	// it ignored, a second interrupt, its memory limit, a restart).
	Stopped bool
	// Status is how the process ended, in os.ProcessState's words.
	Status string
	// Output is the last lines the worker wrote to its descriptor 2 (its
	// crash report). It may contain secrets: redact it before showing or
	// recording it.
	Output string
	// PID is the dead worker's process ID.
	PID int

	reported atomic.Bool
}

// Error says that the worker died, and why.
func (e *WorkerDiedError) Error() string {
	if e.Stopped {
		return "the worker was stopped: " + e.Reason
	}
	return "the worker died: " + e.Reason
}

// Is reports whether target is ErrWorkerDied.
func (e *WorkerDiedError) Is(target error) bool { return target == ErrWorkerDied }

// report marks the death as told to the front-end and returns it.
func (e *WorkerDiedError) report() *WorkerDiedError {
	e.reported.Store(true)
	return e
}

// A worker is one worker process and the connection to it.
type worker struct {
	c       *Client
	cmd     *exec.Cmd
	pid     int
	started time.Time
	fc      *frameConn
	diag    *diagnostics

	readerDone chan struct{}
	dead       chan struct{} // closed once died is set
	died       *WorkerDiedError

	mu         sync.Mutex
	pending    map[uint64]*call
	killReason string
	exited     bool // the process ended; once it is reaped its PID may be reused
}

// A call is a request waiting for its frames.
type call struct {
	frames chan Message
	gone   chan struct{} // closed when the caller stops listening
	final  func(Message) bool
}

// spawn starts a worker process and completes the handshake.
func (c *Client) spawn(ctx context.Context) (*worker, error) {
	conn, child, err := socketPair()
	if err != nil {
		return nil, err
	}
	dr, dw, err := os.Pipe()
	if err != nil {
		conn.Close()
		child.Close()
		return nil, fmt.Errorf("start worker: %w", err)
	}
	cmd := exec.Command(c.opts.Command[0], c.opts.Command[1:]...)
	cmd.Env, cmd.Dir = c.opts.Env, c.opts.Dir
	cmd.Stdout, cmd.Stderr = dw, dw
	cmd.ExtraFiles = []*os.File{child}
	cmd.SysProcAttr = workerAttr()
	err = cmd.Start()
	// The worker has its own copies now; without ours, its death is an
	// end of file here.
	child.Close()
	dw.Close()
	if err != nil {
		conn.Close()
		dr.Close()
		return nil, fmt.Errorf("start worker %s: %w", c.opts.Command[0], err)
	}
	w := &worker{
		c: c, cmd: cmd, pid: cmd.Process.Pid, started: time.Now(), fc: newFrameConn(conn),
		diag: newDiagnostics(dr), readerDone: make(chan struct{}),
		dead: make(chan struct{}), pending: map[uint64]*call{},
	}
	if err := w.handshake(ctx, conn); err != nil {
		w.kill("the handshake failed")
		_ = cmd.Wait()
		w.diag.wait(time.Second)
		if tail := w.diag.lastLine(); tail != "" {
			err = fmt.Errorf("%w (the worker said: %s)", err, tail)
		}
		conn.Close()
		return nil, err
	}
	go w.read()
	return w, nil
}

// watchOver starts the goroutines that notice the worker's end and its
// memory. The Client calls it once w is its current worker, so that the
// news of a death always finds the worker it is about.
func (w *worker) watchOver() {
	go w.monitor()
	go w.watch(w.c.opts.MemoryLimit, w.c.opts.WatchInterval)
}

// socketPair returns the front-end's end of a new socket pair as a
// connection, and the worker's end as a file to pass on.
func socketPair() (net.Conn, *os.File, error) {
	syscall.ForkLock.RLock() // no other program may inherit these
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fds[0])
		syscall.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, fmt.Errorf("start worker: socket pair: %w", err)
	}
	parent := os.NewFile(uintptr(fds[0]), "opsh-wire")
	child := os.NewFile(uintptr(fds[1]), "opsh-wire-worker")
	conn, err := net.FileConn(parent)
	parent.Close()
	if err != nil {
		child.Close()
		return nil, nil, fmt.Errorf("start worker: socket pair: %w", err)
	}
	return conn, child, nil
}

// handshake sends the front-end's Hello and reads the worker's.
func (w *worker) handshake(ctx context.Context, conn net.Conn) error {
	deadline := time.Now().Add(w.c.opts.StartTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = conn.SetDeadline(deadline)
	defer conn.SetDeadline(time.Time{})
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	if err := w.fc.send(0, &Hello{Version: Version, MemoryLimit: max(w.c.opts.MemoryLimit, 0)}); err != nil {
		return fmt.Errorf("start worker: handshake: %w", err)
	}
	_, m, err := w.fc.recv()
	if err != nil {
		return fmt.Errorf("start worker: handshake: %w", err)
	}
	h, ok := m.(*Hello)
	if !ok {
		return fmt.Errorf("start worker: handshake: got %T, want Hello", m)
	}
	if h.Version != Version {
		return fmt.Errorf("start worker: the worker speaks protocol version %d, the front-end %d", h.Version, Version)
	}
	return nil
}

// read hands each frame from the worker to the call waiting for it, or
// to Options.Stray. A Secret goes to Options.OnSecret first, before any
// later frame is handed on.
func (w *worker) read() {
	defer close(w.readerDone)
	for {
		id, m, err := w.fc.recv()
		if err != nil {
			return
		}
		if s, ok := m.(*Secret); ok && w.c.opts.OnSecret != nil {
			w.c.opts.OnSecret(s)
		}
		w.dispatch(id, m)
	}
}

// dispatch hands one frame on.
func (w *worker) dispatch(id uint64, m Message) {
	w.mu.Lock()
	cl := w.pending[id]
	if cl != nil && cl.final(m) {
		delete(w.pending, id)
	}
	w.mu.Unlock()
	if cl == nil {
		if ev, ok := m.(Event); ok && w.c.opts.Stray != nil {
			w.c.opts.Stray(ev)
		}
		return
	}
	select {
	case cl.frames <- m:
	case <-cl.gone:
	}
}

// register makes a call waiting for the frames of request id; final says
// which frame is its last.
func (w *worker) register(id uint64, buffer int, final func(Message) bool) *call {
	cl := &call{frames: make(chan Message, buffer), gone: make(chan struct{}), final: final}
	w.mu.Lock()
	w.pending[id] = cl
	w.mu.Unlock()
	return cl
}

// unregister ends a call: later frames for it are dropped.
func (w *worker) unregister(id uint64, cl *call) {
	w.mu.Lock()
	if w.pending[id] == cl {
		delete(w.pending, id)
	}
	w.mu.Unlock()
	close(cl.gone)
}

// kill stops the worker and the programs it started (its process group)
// with SIGKILL; the first reason given is the one reported.
func (w *worker) kill(reason string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.exited {
		return
	}
	if w.killReason == "" {
		w.killReason = reason
	}
	if err := syscall.Kill(-w.pid, syscall.SIGKILL); err != nil {
		_ = w.cmd.Process.Kill()
	}
}

// markExited records that the process ended: kill sends no signal after
// that, so it cannot reach a process that reuses the PID once Wait has
// reaped the worker. (waitExit calls it before the worker is reaped.)
func (w *worker) markExited() {
	w.mu.Lock()
	w.exited = true
	w.mu.Unlock()
}

// afterDeath bounds how long the front-end reads from a dead worker.
const afterDeath = 500 * time.Millisecond

// monitor waits for the worker to end, works out why, and tells the
// Client.
func (w *worker) monitor() {
	w.waitExit()
	// The programs the worker started die with it: nothing is left to
	// read their output or wait for them. (Its process group is still
	// its own while the worker is not reaped.)
	_ = syscall.Kill(-w.pid, syscall.SIGKILL)
	_ = w.cmd.Wait()
	w.markExited()
	// The worker is gone: read what it sent before it died (its output up
	// to the crash) and its crash report, then stop reading. Both end at
	// once unless a program that escaped the process group holds a copy
	// of the connection or of descriptor 2; then the wait is bounded.
	deadline := time.Now().Add(afterDeath)
	select {
	case <-w.readerDone:
	case <-time.After(time.Until(deadline)):
	}
	w.fc.close()
	w.diag.wait(time.Until(deadline))
	w.mu.Lock()
	reason, stopped := w.killReason, w.killReason != ""
	w.mu.Unlock()
	if crash := w.diag.reason(); crash != "" {
		reason, stopped = crash, false
	}
	status := w.cmd.ProcessState.String()
	if reason == "" {
		reason = status
	}
	w.died = &WorkerDiedError{Reason: reason, Stopped: stopped, Status: status, Output: w.diag.text(), PID: w.pid}
	// The Client forgets w before anyone learns of its death, so a call
	// made after a death was reported goes to the fresh worker.
	w.c.workerDied(w)
	close(w.dead)
}

// watch kills the worker when its resident memory passes limit, checking
// every interval, until it dies.
func (w *worker) watch(limit int64, interval time.Duration) {
	if limit <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-w.dead:
			return
		case <-t.C:
		}
		rss, err := memlimit.RSS(w.pid)
		if err == nil && rss > limit {
			w.kill(fmt.Sprintf("it used %s of memory, over its limit of %s", memlimit.Format(rss), memlimit.Format(limit)))
			return
		}
	}
}

// failed turns an error sending to the worker into the worker's death,
// when that is what it was.
func (w *worker) failed(err error) error {
	select {
	case <-w.dead:
		return w.died.report()
	case <-time.After(2 * time.Second):
		return err
	}
}

// diagnostics keeps what the worker writes to its descriptor 2: the
// first crash header it sees and the last lines.
type diagnostics struct {
	done chan struct{}

	mu     sync.Mutex
	crash  []string // "fatal error: ..." or "panic: ..." and the lines that go with it
	inHead bool     // the lines being read still belong to crash
	tail   []string
}

// Bounds on what diagnostics keep.
const (
	diagTailLines = 40
	diagLineMax   = 400
)

func newDiagnostics(r io.ReadCloser) *diagnostics {
	d := &diagnostics{done: make(chan struct{})}
	go func() {
		defer close(d.done)
		defer r.Close()
		br := bufio.NewReaderSize(r, 4096)
		for {
			line, err := br.ReadString('\n')
			if line != "" {
				d.add(strings.TrimRight(line, "\n"))
			}
			if err != nil {
				return
			}
		}
	}()
	return d
}

// add records one line.
func (d *diagnostics) add(line string) {
	if len(line) > diagLineMax {
		line = line[:diagLineMax] + "…"
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.crash == nil && strings.HasPrefix(line, diagPrefix):
		d.crash = []string{strings.TrimPrefix(line, diagPrefix)}
	case d.crash == nil && (strings.HasPrefix(line, "fatal error: ") || strings.HasPrefix(line, "panic: ")):
		d.crash, d.inHead = []string{line}, true
	case d.inHead && strings.HasPrefix(line, "\tpanic: "):
		d.crash = append(d.crash, strings.TrimSpace(line))
	default:
		d.inHead = false
	}
	d.tail = append(d.tail, line)
	if len(d.tail) > diagTailLines {
		d.tail = d.tail[len(d.tail)-diagTailLines:]
	}
}

// wait waits for the end of the worker's output, at most d.
func (d *diagnostics) wait(limit time.Duration) {
	select {
	case <-d.done:
	case <-time.After(limit):
	}
}

// reason returns the crash header, one line, or "".
func (d *diagnostics) reason() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.crash, "; ")
}

// text returns the last lines.
func (d *diagnostics) text() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.tail, "\n")
}

// lastLine returns the last non-empty line.
func (d *diagnostics) lastLine() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := len(d.tail) - 1; i >= 0; i-- {
		if s := strings.TrimSpace(d.tail[i]); s != "" {
			return s
		}
	}
	return ""
}
