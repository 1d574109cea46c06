//go:build unix

package jupyter

import (
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// RedirectStdio points the process's stdout and stderr (file descriptors 1
// and 2) at the kernel's stream output, as ipykernel does: a subprocess
// started with os.Stdout, or code writing to os.Stderr, reaches the
// notebook instead of the server's log. It returns a file on the original
// stderr, for the kernel's own log; a Go runtime crash is written there too.
func (k *Kernel) RedirectStdio() (*os.File, error) {
	fd, err := unix.Dup(2)
	if err != nil {
		return nil, fmt.Errorf("redirect stdio: %w", err)
	}
	logFile := os.NewFile(uintptr(fd), "stderr")
	_ = debug.SetCrashOutput(logFile, debug.CrashOptions{})
	for _, s := range []struct {
		file *os.File
		name string
	}{{os.Stdout, "stdout"}, {os.Stderr, "stderr"}} {
		r, w, err := os.Pipe()
		if err != nil {
			return logFile, fmt.Errorf("redirect %s: %w", s.name, err)
		}
		if err := unix.Dup2(int(w.Fd()), int(s.file.Fd())); err != nil {
			return logFile, fmt.Errorf("redirect %s: %w", s.name, err)
		}
		w.Close()
		p := &fdPipe{k: k, name: s.name, w: s.file, synced: make(chan struct{}, 1)}
		go p.copy(r)
		k.syncers = append(k.syncers, p.sync)
	}
	return logFile, nil
}

// syncMark is written through a redirected descriptor to learn that
// everything written before it has been read (a pipe keeps the order, and
// a write this short is never split).
const syncMark = "\x00\x1b[?7703h\x00"

// fdPipe copies what is written to a redirected descriptor to the kernel.
type fdPipe struct {
	k      *Kernel
	name   string
	w      *os.File // the descriptor's write end
	mu     sync.Mutex
	synced chan struct{}
}

func (p *fdPipe) copy(r *os.File) {
	buf := make([]byte, 32*1024)
	var pending []byte
	for {
		n, err := r.Read(buf)
		pending = append(pending, buf[:n]...)
		for {
			i := bytes.Index(pending, []byte(syncMark))
			if i < 0 {
				break
			}
			p.emit(pending[:i])
			pending = pending[i+len(syncMark):]
			select {
			case p.synced <- struct{}{}:
			default:
			}
		}
		keep := partialMark(pending)
		p.emit(pending[:len(pending)-keep])
		pending = append(pending[:0], pending[len(pending)-keep:]...)
		if err != nil {
			return
		}
	}
}

func (p *fdPipe) emit(b []byte) {
	if len(b) > 0 {
		_, _ = p.k.Output(p.name).Write(b)
	}
}

// partialMark is how many bytes at the end of b may start a syncMark.
func partialMark(b []byte) int {
	for n := min(len(b), len(syncMark)-1); n > 0; n-- {
		if bytes.HasSuffix([]byte(syncMark[:n]), b[len(b)-n:]) && bytes.HasPrefix([]byte(syncMark), b[len(b)-n:]) {
			return n
		}
	}
	return 0
}

// sync waits (at most 200 ms) until what was written to the descriptor so
// far has reached the kernel, so that a cell's last lines come before its
// reply.
func (p *fdPipe) sync() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.synced: // a stale signal
	default:
	}
	if _, err := p.w.WriteString(syncMark); err != nil {
		return
	}
	select {
	case <-p.synced:
	case <-time.After(200 * time.Millisecond):
	}
}
