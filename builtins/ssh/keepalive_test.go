package ssh_test

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

// freezer is a TCP proxy that can stop passing data without closing
// anything: a peer that vanished (a crashed host, a dropped route), which
// only keep-alives notice.
type freezer struct {
	l      net.Listener
	frozen atomic.Bool
	mu     sync.Mutex
	conns  []net.Conn
}

func newFreezer(t *testing.T, target string) *freezer {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &freezer{l: l}
	t.Cleanup(func() {
		l.Close()
		f.mu.Lock()
		for _, c := range f.conns {
			c.Close()
		}
		f.mu.Unlock()
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			f.mu.Lock()
			f.conns = append(f.conns, c, u)
			f.mu.Unlock()
			go f.pipe(u, c)
			go f.pipe(c, u)
		}
	}()
	return f
}

// cut closes every connection through the proxy: the server hung up.
func (f *freezer) cut() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.conns {
		c.Close()
	}
	f.conns = nil
}

func (f *freezer) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if f.frozen.Load() {
			continue // swallowed: the peer is gone
		}
		if n > 0 {
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			if err != io.EOF {
				dst.Close()
			}
			return
		}
	}
}

func TestKeepAliveDetectsDeadConnection(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	fr := newFreezer(t, s.Addr)
	addr := fr.l.Addr().String()
	h, err := e.Client.Dial(s.User+"@"+addr, ssh.HostName("127.0.0.1"), ssh.KeepAlive(50*time.Millisecond),
		ssh.KnownHosts(writeKnown(t, addr, s)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Run("true"); err != nil {
		t.Fatal(err)
	}
	fr.frozen.Store(true)
	testenv.WaitFor(t, 10*time.Second, "keep-alive to notice", func() error {
		if h.Alive() {
			return errors.New("still alive")
		}
		return nil
	})
	fr.frozen.Store(false) // the route is back: new connections pass
	r, err := h.Run("echo redialed")
	if err != nil || r.String() != "redialed" {
		t.Fatalf("run after the connection died: %v %v", r, err)
	}
}

func writeKnown(t *testing.T, addr string, s *sshdtest.Server) string {
	p := t.TempDir() + "/known_hosts"
	if err := writeFile(p, sshdtest.KnownHostsLine(addr, s.HostKey)+"\n"); err != nil {
		t.Fatal(err)
	}
	return p
}
