package ssh

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// CommandConn runs a command on the host (its arguments quoted, as RunArgs
// quotes them) and returns its standard input and output as a net.Conn:
// what a program that speaks over stdio on the far side needs, such as
// `docker system dial-stdio` (how the docker CLI reaches an ssh:// engine)
// or `nc HOST PORT`. Closing the connection closes the command's input and
// its session. ctx bounds opening the session only.
func (h *Host) CommandConn(ctx context.Context, args ...string) (net.Conn, error) {
	if h == nil {
		return nil, errNilHost
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("ssh %s: CommandConn: no program given", h.Name)
	}
	if err := h.refuseConn(args); err != nil {
		return nil, err
	}
	s, release, err := h.session(ctx)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (net.Conn, error) {
		s.Close()
		release()
		return nil, fmt.Errorf("ssh %s: %s: %w", h.Name, args[0], err)
	}
	w, err := s.StdinPipe()
	if err != nil {
		return fail(err)
	}
	r, err := s.StdoutPipe()
	if err != nil {
		return fail(err)
	}
	c := &commandConn{w: w, r: r, host: h.Addr, cmd: strings.Join(args, " "), done: make(chan struct{})}
	s.Stderr = &c.stderr
	if err := s.Start(Quote(args...)); err != nil {
		return fail(err)
	}
	go func() { s.Wait(); close(c.done) }() // its stderr copied in full
	c.close = func() {
		w.Close()
		s.Close()
		release()
	}
	return c, nil
}

// commandConn is a remote command's stdin and stdout.
type commandConn struct {
	w      io.WriteCloser
	r      io.Reader
	host   string
	cmd    string
	stderr lockedBuffer
	once   sync.Once
	close  func()
	done   chan struct{} // closed when the command has exited
}

func (c *commandConn) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if err == io.EOF && n == 0 {
		select {
		case <-c.done:
		case <-time.After(2 * time.Second):
		}
		if msg := strings.TrimSpace(c.stderr.String()); msg != "" {
			return 0, fmt.Errorf("%s ended: %s", c.cmd, msg)
		}
	}
	return n, err
}

func (c *commandConn) Write(b []byte) (int, error) { return c.w.Write(b) }

func (c *commandConn) Close() error {
	c.once.Do(c.close)
	return nil
}

func (c *commandConn) LocalAddr() net.Addr  { return pipeAddr("ssh-command:0") }
func (c *commandConn) RemoteAddr() net.Addr { return pipeAddr(c.host) }

// Deadlines do not apply to a remote command's pipes; closing the
// connection ends it.
func (c *commandConn) SetDeadline(time.Time) error      { return nil }
func (c *commandConn) SetReadDeadline(time.Time) error  { return nil }
func (c *commandConn) SetWriteDeadline(time.Time) error { return nil }

// lockedBuffer is a bytes.Buffer safe for one writer and other readers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 64<<10 { // keep what explains a failure, not a flood
		return len(p), nil
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
