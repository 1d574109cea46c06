package docker

import (
	"errors"
	"fmt"

	cerrdefs "github.com/containerd/errdefs"
)

// Sentinels, for errors.Is.
var (
	// ErrNotFound: the engine has no such container or image.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the name is taken, or the container is in the wrong
	// state (removing a running one without Force).
	ErrConflict = errors.New("conflict")
	// ErrTimeout: Wait gave up; the container is left running.
	ErrTimeout = errors.New("timed out")
	// ErrInterrupted: the cell was interrupted (Ctrl-C) or the context
	// given to WithContext was cancelled.
	ErrInterrupted = errors.New("interrupted")
	// ErrUnsafePath: an archive entry's name would land outside the
	// target directory (an absolute or ../ name, or a hard link to one).
	ErrUnsafePath = errors.New("unsafe path in archive")
)

// Error is what every call returns on failure: the operation, the
// container or image it was about, and what the engine (or the client)
// said.
type Error struct {
	Op     string // "run", "wait", "exec"
	Target string // container name or short ID, image reference
	Err    error
	kind   error // a sentinel the error matches besides Err's own chain
}

// Error says "docker OP TARGET: what went wrong".
func (e *Error) Error() string {
	if e.Target == "" {
		return fmt.Sprintf("docker %s: %v", e.Op, e.Err)
	}
	return fmt.Sprintf("docker %s %s: %v", e.Op, e.Target, e.Err)
}

// Unwrap gives errors.Is and errors.As the engine's error.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the package's sentinels: ErrNotFound and ErrConflict by the
// engine's error class, the others by how the call failed.
func (e *Error) Is(target error) bool {
	switch {
	case e.kind != nil && target == e.kind:
		return true
	case target == ErrNotFound:
		return cerrdefs.IsNotFound(e.Err)
	case target == ErrConflict:
		return cerrdefs.IsConflict(e.Err)
	}
	return false
}
