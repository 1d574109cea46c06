package wire

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// workerAttr puts the worker in its own process group (the terminal's
// Ctrl-C goes to the front-end only, and a kill reaches the programs the
// worker started) and has the kernel kill it when the front-end dies.
func workerAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// waitExit waits for the worker to end without reaping it (waitid with
// WNOWAIT), then marks it exited.
func (w *worker) waitExit() {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, w.pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err != unix.EINTR {
			break
		}
	}
	w.markExited()
}
