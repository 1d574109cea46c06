package wire

import (
	"fmt"
	"log"
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// stdio holds the pipes that capture the worker's standard output and
// error (see RunWorker).
type stdio struct {
	out, err *capture
}

// captureStdio points descriptor 1 and os.Stderr at pipes whose contents
// go to emit, as Stream events named "stdout" and "stderr".
func captureStdio(emit func(name, text string)) (*stdio, error) {
	out, w1, err := newCapture(StdoutName, emit)
	if err != nil {
		return nil, err
	}
	// Fd puts the write end in blocking mode, which programs that inherit
	// it expect.
	if err := unix.Dup2(int(w1.Fd()), 1); err != nil {
		w1.Close()
		return nil, fmt.Errorf("capture standard output: %w", err)
	}
	w1.Close()
	errc, w2, err := newCapture(StderrName, emit)
	if err != nil {
		return &stdio{out: out}, err
	}
	w2.Fd() // blocking, as for w1
	os.Stderr = w2
	log.SetOutput(w2)
	return &stdio{out: out, err: errc}, nil
}

// drain sends whatever has been written to either pipe and not sent yet;
// when it returns, everything written before it was called is sent. It
// does nothing on a nil stdio.
func (s *stdio) drain() {
	if s == nil {
		return
	}
	s.out.drain()
	if s.err != nil {
		s.err.drain()
	}
}

// drainStream is drain of the one pipe that captures the stream name.
func (s *stdio) drainStream(name string) {
	switch {
	case s == nil:
	case name == StdoutName:
		s.out.drain()
	case name == StderrName && s.err != nil:
		s.err.drain()
	}
}

// A capture reads one pipe and sends what it reads. Its reading goroutine
// and drain read under mu, each sending what it read before letting go,
// so when drain finds the pipe empty nothing read is still unsent.
type capture struct {
	name string
	emit func(name, text string)
	rc   syscall.RawConn

	mu  sync.Mutex
	buf []byte
}

// newCapture makes a pipe, starts reading it and returns its write end.
func newCapture(name string, emit func(name, text string)) (*capture, *os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, fmt.Errorf("capture %s: %w", name, err)
	}
	// The read end stays non-blocking (never call its Fd): the runtime's
	// poller wakes the reading goroutine, and drain reads until EAGAIN.
	rc, err := r.SyscallConn()
	if err != nil {
		r.Close()
		w.Close()
		return nil, nil, fmt.Errorf("capture %s: %w", name, err)
	}
	c := &capture{name: name, emit: emit, rc: rc, buf: make([]byte, 32<<10)}
	go func() {
		defer r.Close()
		c.loop()
	}()
	return c, w, nil
}

// loop reads the pipe until every write end is closed.
func (c *capture) loop() {
	for {
		var n int
		var rerr error
		err := c.rc.Read(func(fd uintptr) bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			n, rerr = syscall.Read(int(fd), c.buf)
			if rerr == syscall.EAGAIN {
				return false // wait until readable
			}
			if n > 0 {
				c.emit(c.name, string(c.buf[:n]))
			}
			return true
		})
		if err != nil || (rerr != nil && rerr != syscall.EINTR) || (rerr == nil && n == 0) {
			return
		}
	}
}

// maxDrain bounds one drain, so a goroutine that never stops writing
// cannot hold a cell's end back for ever.
const maxDrain = 64

// drain sends what the pipe holds now.
func (c *capture) drain() {
	_ = c.rc.Control(func(fd uintptr) {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i := 0; i < maxDrain; i++ {
			n, err := syscall.Read(int(fd), c.buf)
			if n <= 0 || err != nil {
				return
			}
			c.emit(c.name, string(c.buf[:n]))
		}
	})
}
