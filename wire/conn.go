package wire

import (
	"bufio"
	"fmt"
	"io"
	"sync"
)

// frameConn sends and receives frames over one connection. Sends may come
// from any goroutine (each frame is written whole, in one write, in the
// order the sends took the lock); receives come from one goroutine.
type frameConn struct {
	rwc  io.ReadWriteCloser
	r    *bufio.Reader
	rbuf []byte

	wmu  sync.Mutex
	wbuf []byte
}

func newFrameConn(rwc io.ReadWriteCloser) *frameConn {
	rwc = polling(rwc)
	return &frameConn{rwc: rwc, r: bufio.NewReaderSize(rwc, 64<<10)}
}

// send writes one frame.
func (c *frameConn) send(id uint64, m Message) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.wbuf = AppendFrame(c.wbuf[:0], id, m)
	if n := len(c.wbuf) - 4; n > MaxFrame {
		return fmt.Errorf("send %T: %d bytes, more than the %d allowed", m, n, MaxFrame)
	}
	_, err := c.rwc.Write(c.wbuf)
	if cap(c.wbuf) > 1<<20 {
		c.wbuf = nil // do not keep a large display's buffer for ever
	}
	if err != nil {
		return fmt.Errorf("send %T: %w", m, err)
	}
	return nil
}

// expectReply says that the peer answers soon: a request or a Release
// was sent (the front-end), or a request was answered and the next may
// follow at once (the worker, when cells are piped). Reads poll for a
// while (see pollingConn) instead of sleeping.
func (c *frameConn) expectReply() {
	if p, ok := c.rwc.(*pollingConn); ok {
		p.expect()
	}
}

// recv reads one frame.
func (c *frameConn) recv() (uint64, Message, error) {
	id, m, err := ReadFrame(c.r, &c.rbuf)
	if p, ok := c.rwc.(*pollingConn); ok {
		if e, ok := m.(*Execute); ok && e.Hold {
			p.expect() // its Release follows the input's sync to disk
		} else {
			p.settle()
		}
	}
	if cap(c.rbuf) > 1<<20 {
		c.rbuf = nil // decoded messages hold copies
	}
	return id, m, err
}

func (c *frameConn) close() error { return c.rwc.Close() }
