package sshdtest

import (
	"net"
	"sync"
	"testing"
	"time"
)

// DelayProxy is a TCP proxy on 127.0.0.1 that forwards to a target and
// holds every chunk of data for half the round-trip delay in each direction:
// loopback with a real network's latency (the kernel here has no netem).
// Throughput is not limited; data in flight is pipelined.
type DelayProxy struct {
	Addr string // where to connect instead of the target

	l     net.Listener
	delay time.Duration // one way
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

// Delay starts a proxy to target adding rtt of round-trip delay, closed when
// the test ends.
func Delay(t testing.TB, target string, rtt time.Duration) *DelayProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &DelayProxy{Addr: l.Addr().String(), l: l, delay: rtt / 2, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.serve(target)
	t.Cleanup(p.Close)
	return p
}

// Close stops accepting, closes every proxied connection and waits for the
// proxy's goroutines.
func (p *DelayProxy) Close() {
	p.l.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *DelayProxy) track(c net.Conn, add bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if add {
		if p.conns == nil {
			return false
		}
		p.conns[c] = struct{}{}
	} else if p.conns != nil {
		delete(p.conns, c)
	}
	return true
}

func (p *DelayProxy) serve(target string) {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer c.Close()
			u, err := net.DialTimeout("tcp", target, 5*time.Second)
			if err != nil {
				return
			}
			defer u.Close()
			if !p.track(c, true) || !p.track(u, true) {
				return
			}
			defer p.track(c, false)
			defer p.track(u, false)
			var both sync.WaitGroup
			both.Add(2)
			go func() { defer both.Done(); p.pump(u, c) }()
			go func() { defer both.Done(); p.pump(c, u) }()
			both.Wait()
		}()
	}
}

type chunk struct {
	b  []byte
	at time.Time
}

// pump copies src to dst, each chunk delayed by p.delay after it was read.
func (p *DelayProxy) pump(dst, src net.Conn) {
	q := make(chan chunk, 1024)
	go func() {
		defer close(q)
		for {
			b := make([]byte, 32<<10)
			n, err := src.Read(b)
			if n > 0 {
				q <- chunk{b[:n], time.Now().Add(p.delay)}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range q {
		if d := time.Until(c.at); d > 0 {
			time.Sleep(d)
		}
		if _, err := dst.Write(c.b); err != nil {
			src.Close()
			for range q {
			}
			return
		}
	}
	// src reached EOF: pass the half-close on.
	if tc, ok := dst.(*net.TCPConn); ok {
		tc.CloseWrite()
	} else {
		dst.Close()
	}
}
