package dockertest

import "syscall"

// SyscallKill0 reports whether the daemon process still exists.
func SyscallKill0(e *Engine) error { return syscall.Kill(e.cmd.Process.Pid, 0) }
