//go:build unix && !linux

package wire

import (
	"syscall"
)

// workerAttr puts the worker in its own process group (the terminal's
// Ctrl-C goes to the front-end only, and a kill reaches the programs the
// worker started). Without Pdeathsig, a worker whose front-end died ends
// when it reads the end of the connection.
func workerAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// waitExit does not wait: without waitid(WNOWAIT) the worker is marked
// exited right after Wait reaps it (see markExited), which leaves a short
// window in which a kill could reach a reused PID.
func (w *worker) waitExit() {}
