//go:build unix

package sessions

import (
	"errors"
	"os"
	"syscall"

	"github.com/opsh/opsh/internal/lockfile"
)

// lockFile marks f as being recorded: List and Show tell a running session
// from an interrupted one by this lock, which the kernel drops when the
// process ends, however it ends.
func lockFile(f *os.File) { _ = lockfile.TryLock(f) }

// locked reports whether a live recorder holds f's file.
func locked(f *os.File) bool { return lockfile.Held(f) }

// processAlive reports whether a process numbered pid runs (signal 0
// checks without sending anything; EPERM means it runs as another user).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
