// Package jupyter is opsh's Jupyter front-end: a kernel speaking the
// Jupyter messaging protocol 5.3 over ZeroMQ (github.com/go-zeromq/zmq4,
// pure Go), and the kernelspec that tells Jupyter how to start it.
//
// The kernel owns the protocol: the five sockets, message signing, the
// execution count, the history, busy/idle status around every request. It
// hands the cells to a Backend (see backend.go), which evaluates them and
// reports what they print and show. NewREPLBackend is the Backend over
// opsh's REPL.
package jupyter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Config is what a Kernel runs with.
type Config struct {
	Conn *ConnectionInfo
	// Backend runs the cells. Or StartBackend makes it, in the background
	// once the sockets listen, so that Jupyter hears from the kernel
	// (kernel_info) while the evaluator starts; requests that need it wait.
	Backend      Backend
	StartBackend func() (Backend, error)
	// Log receives the kernel's own messages (dropped messages, send
	// failures); Jupyter shows a kernel's stderr in its server log. nil
	// discards them.
	Log *log.Logger
	// Version is opsh's version, the kernel's implementation_version.
	Version string
	// LanguageVersion is the Go version cells are written in.
	LanguageVersion string
	// Banner is shown by consoles when they connect.
	Banner string
	// Listening, if set, is called once the sockets listen, with Conn: a
	// TCP port given as 0 is then the one the system chose.
	Listening func(*ConnectionInfo)
}

// Kernel is one running Jupyter kernel.
type Kernel struct {
	cfg     Config
	signer  *Signer
	session string

	shell, control, stdin, iopub, hb zmq4.Socket

	pubMu sync.Mutex // one message at a time on iopub

	stdinIn chan *Message // input replies
	inputMu sync.Mutex    // one input request at a time

	runMu      sync.Mutex
	cancelCell context.CancelFunc // cancels the running cell's context
	cellOut    *outputs           // the running (or last) cell's outputs
	syncers    []func()           // wait for redirected stdout and stderr to be read

	backendReady chan struct{} // closed once backend (or backendErr) is set
	backend      Backend
	backendErr   error

	count   int // execution count of the last cell stored in history
	history history

	done     chan struct{} // closed on shutdown_request
	doneOnce sync.Once
}

// New makes a kernel; Run starts it.
func New(cfg Config) (*Kernel, error) {
	if cfg.Conn == nil || (cfg.Backend == nil && cfg.StartBackend == nil) {
		return nil, errors.New("new kernel: a connection and a backend are needed")
	}
	if cfg.Log == nil {
		cfg.Log = log.New(io.Discard, "", 0)
	}
	signer, err := NewSigner(cfg.Conn.SignatureScheme, cfg.Conn.Key)
	if err != nil {
		return nil, fmt.Errorf("new kernel: %w", err)
	}
	return &Kernel{
		cfg:          cfg,
		signer:       signer,
		session:      newID(),
		stdinIn:      make(chan *Message, 4),
		done:         make(chan struct{}),
		backendReady: make(chan struct{}),
	}, nil
}

// startBackend sets the backend, made by Config.StartBackend if need be.
func (k *Kernel) startBackend() {
	defer close(k.backendReady)
	if k.cfg.Backend != nil {
		k.backend = k.cfg.Backend
		return
	}
	k.backend, k.backendErr = k.cfg.StartBackend()
	if k.backendErr != nil {
		k.backendErr = fmt.Errorf("start the evaluator: %w", k.backendErr)
		k.cfg.Log.Print(k.backendErr)
	}
}

// getBackend waits for the backend to be ready.
func (k *Kernel) getBackend(ctx context.Context) (Backend, error) {
	select {
	case <-k.backendReady:
		return k.backend, k.backendErr
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readyBackend is the backend if it is ready, else nil.
func (k *Kernel) readyBackend() Backend {
	select {
	case <-k.backendReady:
		return k.backend
	default:
		return nil
	}
}

// Run binds the sockets and serves requests until a shutdown_request
// arrives or ctx ends.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := k.listen(ctx); err != nil {
		return err
	}
	defer k.closeSockets()
	shellIn := make(chan *Message, 64)
	controlIn := make(chan *Message, 16)
	var wg sync.WaitGroup
	for _, r := range []struct {
		sock zmq4.Socket
		name string
		out  chan *Message
	}{{k.shell, "shell", shellIn}, {k.control, "control", controlIn}, {k.stdin, "stdin", k.stdinIn}} {
		wg.Add(1)
		go func() { defer wg.Done(); k.receive(ctx, r.sock, r.name, r.out) }()
	}
	wg.Add(4)
	go func() { defer wg.Done(); k.startBackend() }()
	go func() { defer wg.Done(); k.heartbeat(ctx) }()
	go func() { defer wg.Done(); k.serve(ctx, k.control, controlIn) }()
	go func() { defer wg.Done(); k.serveShell(ctx, shellIn) }()
	k.publish(nil, "status", map[string]string{"execution_state": "starting"})
	select {
	case <-ctx.Done():
	case <-k.done:
	}
	k.Interrupt()
	cancel()
	k.closeSockets()
	stopped := make(chan struct{})
	go func() { wg.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(stopWait):
		k.cfg.Log.Printf("a cell did not stop within %v of the shutdown; exiting anyway", stopWait)
	}
	return nil
}

// stopWait is how long Run waits, at shutdown, for a running cell to
// return after its interrupt.
const stopWait = 2 * time.Second

// Interrupt stops the running cell, as an interrupt_request does; opsh
// calls it on SIGINT.
func (k *Kernel) Interrupt() {
	k.runMu.Lock()
	if k.cancelCell != nil {
		k.cancelCell()
	}
	k.runMu.Unlock()
	if b := k.readyBackend(); b != nil {
		b.Interrupt()
	}
}

// Output returns a writer whose text reaches the notebook as the stream
// name ("stdout" or "stderr") of the running cell, or of the last one
// between cells. RedirectStdio points the process's own stdout and stderr
// at it.
func (k *Kernel) Output(name string) io.Writer { return streamWriter{k, name} }

type streamWriter struct {
	k    *Kernel
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.k.runMu.Lock()
	out := w.k.cellOut
	w.k.runMu.Unlock()
	if out == nil {
		out = &outputs{k: w.k}
	}
	out.emit(Stream{Name: w.name, Text: string(p)})
	return len(p), nil
}

func (k *Kernel) listen(ctx context.Context) error {
	ci := k.cfg.Conn
	k.shell = zmq4.NewRouter(ctx)
	k.control = zmq4.NewRouter(ctx)
	k.stdin = zmq4.NewRouter(ctx)
	k.iopub = zmq4.NewPub(ctx)
	k.hb = zmq4.NewRep(ctx)
	for _, s := range []struct {
		sock zmq4.Socket
		name string
		port *int
	}{{k.shell, "shell", &ci.ShellPort}, {k.control, "control", &ci.ControlPort}, {k.stdin, "stdin", &ci.StdinPort}, {k.iopub, "iopub", &ci.IOPubPort}, {k.hb, "heartbeat", &ci.HBPort}} {
		if err := s.sock.Listen(ci.endpoint(*s.port)); err != nil {
			k.closeSockets()
			return fmt.Errorf("listen %s on %s: %w", s.name, ci.endpoint(*s.port), err)
		}
		if a, ok := s.sock.Addr().(*net.TCPAddr); ok && *s.port == 0 {
			*s.port = a.Port
		}
	}
	if k.cfg.Listening != nil {
		k.cfg.Listening(ci)
	}
	return nil
}

func (k *Kernel) closeSockets() {
	for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
		if s != nil {
			_ = s.Close()
		}
	}
}

// receive reads messages from sock, checks their signatures and passes
// them on. A message that fails its check is logged and dropped.
func (k *Kernel) receive(ctx context.Context, sock zmq4.Socket, name string, out chan<- *Message) {
	for {
		zm, err := sock.Recv()
		if err != nil {
			if ctx.Err() == nil {
				k.cfg.Log.Printf("%s: receive: %v", name, err)
			}
			return
		}
		msg, err := k.signer.Decode(zm.Frames)
		if err != nil {
			k.cfg.Log.Printf("%s: dropped a message: %v", name, err)
			continue
		}
		select {
		case out <- msg:
		case <-ctx.Done():
			return
		}
	}
}

// heartbeat echoes every ping, so that clients know the kernel is alive.
func (k *Kernel) heartbeat(ctx context.Context) {
	for ctx.Err() == nil {
		m, err := k.hb.Recv()
		if err != nil {
			return
		}
		if err := k.hb.Send(m); err != nil && ctx.Err() == nil {
			k.cfg.Log.Printf("heartbeat: %v", err)
		}
	}
}

// serve handles the messages of one channel, one at a time.
func (k *Kernel) serve(ctx context.Context, sock zmq4.Socket, in <-chan *Message) {
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-in:
			k.handle(ctx, sock, msg)
		}
	}
}

// serveShell is serve for the shell channel, where a failed cell with
// stop_on_error aborts the cells queued behind it.
func (k *Kernel) serveShell(ctx context.Context, in <-chan *Message) {
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-in:
			if k.handle(ctx, k.shell, msg) == errStopOnError {
				k.abortQueued(ctx, in)
			}
		}
	}
}

// abortWindow is how long after a failed cell the kernel looks for execute
// requests to abort: "Run all" sends every cell at once, and the later ones
// may still be on their way (ipykernel's stop_on_error_timeout).
const abortWindow = 200 * time.Millisecond

// abortQueued answers with "aborted" the execute requests sent before the
// failed cell's reply (queued behind it, or arriving within abortWindow),
// and handles the others as usual. A request sent after the client saw
// the failure is the user going on, and ends the aborting.
func (k *Kernel) abortQueued(ctx context.Context, in <-chan *Message) {
	failedAt := time.Now()
	window := time.NewTimer(abortWindow)
	defer window.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-in:
			if msg.Header.MsgType != "execute_request" {
				k.handle(ctx, k.shell, msg)
				continue
			}
			if !sentBefore(msg, failedAt) {
				k.handle(ctx, k.shell, msg)
				return
			}
			k.status(msg, "busy")
			k.send(k.shell, msg, "execute_reply", map[string]any{"status": "aborted", "execution_count": k.count})
			k.status(msg, "idle")
		case <-window.C:
			return
		}
	}
}

// sentBefore reports whether msg's header dates it before t. A message
// without a readable date counts as sent before: it was queued behind the
// failure.
func sentBefore(msg *Message, t time.Time) bool {
	d, err := time.Parse(time.RFC3339Nano, msg.Header.Date)
	return err != nil || d.Before(t)
}

// send replies to parent on sock.
func (k *Kernel) send(sock zmq4.Socket, parent *Message, msgType string, content any) {
	m, err := reply(parent, k.session, msgType, content)
	if err == nil {
		err = k.write(sock, m)
	}
	if err != nil {
		k.cfg.Log.Printf("send %s: %v", msgType, err)
	}
}

func (k *Kernel) write(sock zmq4.Socket, m *Message) error {
	frames, err := k.signer.Encode(m)
	if err != nil {
		return err
	}
	// SendMulti writes the frames with one system call (where the socket
	// type keeps it: PUB does, ROUTER writes frame by frame).
	return sock.SendMulti(zmq4.NewMsgFrom(frames...))
}

// publish sends a message on iopub, with parent as its parent (nil for
// none). Its topic is its type, as ipykernel's subscribers expect none in
// particular.
func (k *Kernel) publish(parent *Message, msgType string, content any) {
	if parent == nil {
		parent = &Message{}
	}
	m, err := reply(parent, k.session, msgType, content)
	if err == nil {
		m.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
		k.pubMu.Lock()
		err = k.write(k.iopub, m)
		k.pubMu.Unlock()
	}
	if err != nil {
		k.cfg.Log.Printf("publish %s: %v", msgType, err)
	}
}

func (k *Kernel) status(parent *Message, state string) {
	k.publish(parent, "status", map[string]string{"execution_state": state})
}

func (k *Kernel) shutdown() { k.doneOnce.Do(func() { close(k.done) }) }
