//go:build unix

package wire

import (
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

// pollWindow is how long a connection that expects a reply polls for it
// before it sleeps. A trivial cell's reply comes within tens of
// microseconds; a thread asleep in the kernel takes about as long again
// to wake when it does (on a virtual machine, more), which was half of
// the round trip. Polling for longer than the window costs a processor
// for nothing: a cell that runs longer is waited for asleep.
const pollWindow = 500 * time.Microsecond

// A pollingConn is a socket whose reads, while a reply is expected (see
// expect), poll the socket instead of sleeping until it is readable.
// Outside the window it reads as any connection does. expect wakes a
// sleeping read with a read deadline in the past, which the read then
// clears: a read deadline of the user's own set in the window may be lost
// (the protocol sets deadlines in its handshake only, before any window).
type pollingConn struct {
	net.Conn
	raw syscall.RawConn

	until  atomic.Int64 // Unix nanoseconds: poll until then
	asleep atomic.Bool  // a read waits in the runtime's poller
	woken  atomic.Bool  // expect set a past deadline to wake it
	wakes  atomic.Int64 // reads expect woke
}

// polling returns rwc as a pollingConn if it is a socket, else rwc.
func polling(rwc io.ReadWriteCloser) io.ReadWriteCloser {
	nc, ok := rwc.(net.Conn)
	if !ok {
		return rwc
	}
	sc, ok := rwc.(syscall.Conn)
	if !ok {
		return rwc
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return rwc
	}
	return &pollingConn{Conn: nc, raw: raw}
}

// expect opens the window: reads poll for the next pollWindow. A read
// already asleep is woken to poll (off the reply's path: the peer is
// still working on it).
func (c *pollingConn) expect() {
	c.until.Store(time.Now().Add(pollWindow).UnixNano())
	if c.asleep.Load() {
		c.woken.Store(true)
		_ = c.Conn.SetReadDeadline(time.Unix(1, 0))
	}
}

// settle closes the window: the reply came.
func (c *pollingConn) settle() { c.until.Store(0) }

// polls reports whether the window is open. A read about to sleep says
// so first, and expect opens the window first, so one of them sees the
// other: no read sleeps through an open window.
func (c *pollingConn) polls() bool {
	if time.Now().UnixNano() < c.until.Load() {
		return true
	}
	c.asleep.Store(true)
	if time.Now().UnixNano() < c.until.Load() {
		c.asleep.Store(false)
		return true
	}
	return false
}

func (c *pollingConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		var n int
		var rerr error
		err := c.raw.Read(func(fd uintptr) bool {
			c.asleep.Store(false)
			for {
				n, rerr = syscall.Read(int(fd), p)
				switch {
				case rerr == syscall.EINTR:
				case rerr != syscall.EAGAIN:
					return true
				case !c.polls():
					return false // sleep until readable
				default:
					runtime.Gosched() // the reply's reader may need this processor
				}
			}
		})
		c.asleep.Store(false)
		switch {
		case err != nil && c.woken.Swap(false) && errors.Is(err, os.ErrDeadlineExceeded):
			_ = c.Conn.SetReadDeadline(time.Time{})
			c.wakes.Add(1)
			continue // woken by expect: poll
		case err != nil:
			return 0, err
		case rerr != nil:
			return 0, &net.OpError{Op: "read", Net: "unix", Err: rerr}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}
