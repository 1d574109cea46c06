package jupyter

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/opsh/opsh/internal/testenv"
)

// countingBackend counts the cells it is asked to run. The tests using it
// are about the protocol layer (sockets, signatures, replies), so no
// evaluator is needed behind it.
type countingBackend struct {
	mu    sync.Mutex
	cells []string
}

func (b *countingBackend) Execute(_ context.Context, req ExecuteRequest, emit func(Event)) ExecuteResult {
	b.mu.Lock()
	b.cells = append(b.cells, req.Code)
	b.mu.Unlock()
	emit(Stream{Name: "stdout", Text: "ran " + req.Code + "\n"})
	return ExecuteResult{}
}
func (b *countingBackend) Complete(string, int) ([]string, int, int)   { return nil, 0, 0 }
func (b *countingBackend) Inspect(string, int, int) (MIMEBundle, bool) { return nil, false }
func (b *countingBackend) IsComplete(string) (string, string)          { return "complete", "" }
func (b *countingBackend) Interrupt()                                  {}
func (b *countingBackend) Shutdown(bool) error                         { return nil }
func (b *countingBackend) executed() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.cells...)
}

// startKernel runs a kernel over b on 127.0.0.1 and returns its
// connection info and a buffer of its log; the kernel is shut down when the
// test ends.
func startKernel(t *testing.T, b Backend) (*ConnectionInfo, *testenv.Buffer) {
	t.Helper()
	ci := tcpConn()
	return ci, runKernel(t, ci, b)
}

// tcpConn is a connection on 127.0.0.1 whose ports the kernel chooses
// (runKernel waits for them).
func tcpConn() *ConnectionInfo {
	return &ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256", Key: "the-key"}
}

// runKernel runs a kernel over b on ci until the test ends, and returns a
// buffer of its log.
func runKernel(t *testing.T, ci *ConnectionInfo, b Backend) *testenv.Buffer {
	t.Helper()
	logBuf := &testenv.Buffer{}
	stop := serveKernel(t, Config{Conn: ci, Backend: b, Log: log.New(logBuf, "", 0), Version: "test"})
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("kernel: %v", err)
		}
	})
	return logBuf
}

// serveKernel runs a kernel with cfg and returns once its sockets listen,
// cfg.Conn then holding the ports it chose; stop ends it and returns what
// Run returned.
func serveKernel(t *testing.T, cfg Config) (stop func() error) {
	t.Helper()
	listening := make(chan struct{})
	cfg.Listening = func(*ConnectionInfo) { close(listening) }
	k, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	select {
	case <-listening:
	case err := <-done:
		t.Fatalf("kernel: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the kernel did not listen within 10 s")
	}
	return func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("the kernel did not stop within 10 s")
		}
	}
}

// client is a minimal Jupyter client: a DEALER on the shell channel.
type client struct {
	t      *testing.T
	shell  zmq4.Socket
	signer *Signer
}

func dialShell(t *testing.T, ci *ConnectionInfo) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	shell := zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("test-client")), zmq4.WithDialerRetry(50*time.Millisecond))
	if err := shell.Dial(ci.endpoint(ci.ShellPort)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shell.Close() })
	s, _ := NewSigner(ci.SignatureScheme, ci.Key)
	return &client{t: t, shell: shell, signer: s}
}

// send sends a request signed with signer and returns its msg_id.
func (c *client) send(signer *Signer, msgType string, content any) string {
	c.t.Helper()
	body, _ := json.Marshal(content)
	m := &Message{Header: newHeader("client-session", "tester", msgType), Content: body}
	frames, err := signer.Encode(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.shell.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
	return m.Header.MsgID
}

// recv reads the next shell reply, within 10 s.
func (c *client) recv() *Message {
	c.t.Helper()
	got := make(chan zmq4.Msg, 1)
	go func() {
		m, err := c.shell.Recv()
		if err == nil {
			got <- m
		}
	}()
	select {
	case zm := <-got:
		m, err := c.signer.Decode(zm.Frames)
		if err != nil {
			c.t.Fatalf("reply: %v", err)
		}
		return m
	case <-time.After(10 * time.Second):
		c.t.Fatal("no reply within 10 s")
	}
	return nil
}

func parentID(t *testing.T, m *Message) string {
	var h Header
	if err := json.Unmarshal(m.ParentHeader, &h); err != nil {
		t.Fatal(err)
	}
	return h.MsgID
}

func TestBadlySignedRequestIsNeverExecuted(t *testing.T) {
	b := &countingBackend{}
	ci, logBuf := startKernel(t, b)
	c := dialShell(t, ci)
	forger, _ := NewSigner("hmac-sha256", "a-guessed-key")
	c.send(forger, "execute_request", map[string]any{"code": "forged()"})
	infoID := c.send(c.signer, "kernel_info_request", map[string]any{})
	r := c.recv()
	if r.Header.MsgType != "kernel_info_reply" || parentID(t, r) != infoID {
		t.Fatalf("first reply is %s to %s, want the kernel_info_reply: the forged request was answered", r.Header.MsgType, parentID(t, r))
	}
	execID := c.send(c.signer, "execute_request", map[string]any{"code": "genuine()"})
	r = c.recv()
	if r.Header.MsgType != "execute_reply" || parentID(t, r) != execID {
		t.Fatalf("reply %s to %s, want execute_reply to %s", r.Header.MsgType, parentID(t, r), execID)
	}
	if got := b.executed(); len(got) != 1 || got[0] != "genuine()" {
		t.Errorf("executed %q, want only genuine()", got)
	}
	if !bytes.Contains([]byte(logBuf.String()), []byte("dropped a message: bad message signature")) {
		t.Errorf("the log does not mention the dropped message:\n%s", logBuf.String())
	}
}

func TestExecuteCountsAndAnswersKernelInfo(t *testing.T) {
	ci, _ := startKernel(t, &countingBackend{})
	c := dialShell(t, ci)
	c.send(c.signer, "kernel_info_request", map[string]any{})
	var info struct {
		ProtocolVersion string `json:"protocol_version"`
		LanguageInfo    struct {
			Name          string `json:"name"`
			FileExtension string `json:"file_extension"`
		} `json:"language_info"`
	}
	if err := json.Unmarshal(c.recv().Content, &info); err != nil {
		t.Fatal(err)
	}
	if info.ProtocolVersion != "5.3" || info.LanguageInfo.Name != "go" || info.LanguageInfo.FileExtension != ".go" {
		t.Errorf("kernel_info = %+v", info)
	}
	for want := 1; want <= 3; want++ {
		c.send(c.signer, "execute_request", map[string]any{"code": "x", "store_history": want != 2})
		var r struct {
			Status string `json:"status"`
			Count  int    `json:"execution_count"`
		}
		if err := json.Unmarshal(c.recv().Content, &r); err != nil {
			t.Fatal(err)
		}
		// The second cell is not stored: it does not advance the count.
		wantCount := map[int]int{1: 1, 2: 2, 3: 2}[want]
		if r.Status != "ok" || r.Count != wantCount {
			t.Errorf("cell %d: status %s count %d, want ok %d", want, r.Status, r.Count, wantCount)
		}
	}
}

func TestIPCTransport(t *testing.T) {
	// jupyter_client's ipc transport: IP is a path prefix, each socket the
	// file PREFIX-PORT.
	ci := &ConnectionInfo{Transport: "ipc", IP: filepath.Join(t.TempDir(), "kernel"), ShellPort: 1, ControlPort: 2, IOPubPort: 3, StdinPort: 4, HBPort: 5, SignatureScheme: "hmac-sha256", Key: "k"}
	b := &countingBackend{}
	runKernel(t, ci, b)
	c := dialShell(t, ci)
	id := c.send(c.signer, "execute_request", map[string]any{"code": "over ipc"})
	if r := c.recv(); r.Header.MsgType != "execute_reply" || parentID(t, r) != id {
		t.Fatalf("reply %s", r.Header.MsgType)
	}
	if got := b.executed(); len(got) != 1 || got[0] != "over ipc" {
		t.Errorf("executed %q", got)
	}
}

func TestKernelInfoComesBeforeTheBackendIsReady(t *testing.T) {
	release := make(chan struct{})
	b := &countingBackend{}
	ci := tcpConn()
	stop := serveKernel(t, Config{Conn: ci, StartBackend: func() (Backend, error) { <-release; return b, nil }})
	defer func() { close(release); stop() }()
	c := dialShell(t, ci)
	c.send(c.signer, "kernel_info_request", map[string]any{})
	if r := c.recv(); r.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("reply %s, want kernel_info_reply while the backend starts", r.Header.MsgType)
	}
	execID := c.send(c.signer, "execute_request", map[string]any{"code": "waits"})
	release <- struct{}{} // StartBackend returns: the cell runs
	if r := c.recv(); r.Header.MsgType != "execute_reply" || parentID(t, r) != execID {
		t.Fatalf("reply %s", r.Header.MsgType)
	}
	if got := b.executed(); len(got) != 1 || got[0] != "waits" {
		t.Errorf("executed %q", got)
	}
}

func TestABackendThatCannotStartFailsTheCell(t *testing.T) {
	ci := tcpConn()
	stop := serveKernel(t, Config{Conn: ci, StartBackend: func() (Backend, error) { return nil, errors.New("no worker binary") }})
	defer stop()
	c := dialShell(t, ci)
	c.send(c.signer, "execute_request", map[string]any{"code": "x"})
	var r struct {
		Status string `json:"status"`
		Evalue string `json:"evalue"`
	}
	if err := json.Unmarshal(c.recv().Content, &r); err != nil {
		t.Fatal(err)
	}
	if r.Status != "error" || r.Evalue != "start the evaluator: no worker binary" {
		t.Errorf("reply %+v, want the error saying why the evaluator did not start", r)
	}
}

func TestHeartbeatEchoes(t *testing.T) {
	ci, _ := startKernel(t, &countingBackend{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := zmq4.NewReq(ctx, zmq4.WithDialerRetry(50*time.Millisecond))
	defer req.Close()
	if err := req.Dial(ci.endpoint(ci.HBPort)); err != nil {
		t.Fatal(err)
	}
	for _, ping := range []string{"ping", "\x00binary\xff"} {
		if err := req.Send(zmq4.NewMsgString(ping)); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 1)
		go func() {
			if m, err := req.Recv(); err == nil {
				got <- string(m.Bytes())
			}
		}()
		select {
		case pong := <-got:
			if pong != ping {
				t.Errorf("heartbeat answered %q to %q", pong, ping)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no heartbeat within 10 s")
		}
	}
}
