package ssh

import (
	"io"
	"net"
	"os/exec"
	"sync"
	"time"
)

// proxyConn is the connection to a host through a ProxyCommand (ssh -W,
// aws ssm start-session, nc): the command's stdin and stdout. Closing it
// closes the pipes and stops the command by its PID.
type proxyConn struct {
	cmd  *exec.Cmd
	addr string // the target's host:port, as RemoteAddr
	r    io.ReadCloser
	w    io.WriteCloser
	once sync.Once
}

// dialProxyCommand starts command with sh -c, as OpenSSH does.
func dialProxyCommand(command, addr string) (net.Conn, error) {
	cmd := exec.Command("/bin/sh", "-c", "exec "+command)
	w, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	r, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &proxyConn{cmd: cmd, r: r, w: w, addr: addr}, nil
}

func (p *proxyConn) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p *proxyConn) Write(b []byte) (int, error) { return p.w.Write(b) }

func (p *proxyConn) Close() error {
	p.once.Do(func() {
		p.w.Close()
		p.r.Close()
		p.cmd.Process.Kill()
		p.cmd.Wait()
	})
	return nil
}

type pipeAddr string

func (a pipeAddr) Network() string { return "pipe" }
func (a pipeAddr) String() string  { return string(a) }

func (p *proxyConn) LocalAddr() net.Addr  { return pipeAddr("proxycommand:0") }
func (p *proxyConn) RemoteAddr() net.Addr { return pipeAddr(p.addr) }

// Deadlines do not apply to pipes; a cancelled dial closes the connection
// instead.
func (p *proxyConn) SetDeadline(time.Time) error      { return nil }
func (p *proxyConn) SetReadDeadline(time.Time) error  { return nil }
func (p *proxyConn) SetWriteDeadline(time.Time) error { return nil }
