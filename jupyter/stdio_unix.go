//go:build unix

package jupyter

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

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
		fd   int
		name string
	}{{1, "stdout"}, {2, "stderr"}} {
		r, w, err := os.Pipe()
		if err != nil {
			return logFile, fmt.Errorf("redirect %s: %w", s.name, err)
		}
		if err := unix.Dup2(int(w.Fd()), s.fd); err != nil {
			return logFile, fmt.Errorf("redirect %s: %w", s.name, err)
		}
		w.Close()
		go func() { _, _ = io.Copy(k.Output(s.name), r) }()
	}
	return logFile, nil
}
