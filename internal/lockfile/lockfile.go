// Package lockfile holds advisory locks on open files with flock(2). The
// kernel drops a lock when the last descriptor of the open file is closed,
// so a process that ends, however it ends (kill -9 included), leaves no lock
// behind. The locks are advisory: they bind only programs that ask for them.
//
// opsh locks a transcript while a recorder writes it (the index tells a
// running session from an interrupted one), the history file while an entry
// is appended, and a named runbook lock while `opsh run --lock NAME` runs:
//
//	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
//	...
//	if err := lockfile.TryLock(f); errors.Is(err, lockfile.ErrLocked) {
//		// another process holds it
//	}
//	defer f.Close() // releases the lock
//
// A lock belongs to the open file description, not to the process: a second
// os.OpenFile of the same path in the same process does not share it. On
// systems without flock(2) the functions return errors.ErrUnsupported and
// Held reports false.
package lockfile

import "errors"

// ErrLocked is returned (wrapped) by TryLock when another open file holds a
// lock on the same file.
var ErrLocked = errors.New("locked by another process")
