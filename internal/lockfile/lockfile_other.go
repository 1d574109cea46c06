//go:build !unix

package lockfile

import (
	"errors"
	"fmt"
	"os"
)

// TryLock is not supported here: it returns errors.ErrUnsupported.
func TryLock(f *os.File) error {
	return fmt.Errorf("lock %s: %w", f.Name(), errors.ErrUnsupported)
}

// Lock is not supported here: it returns errors.ErrUnsupported.
func Lock(f *os.File) error {
	return fmt.Errorf("lock %s: %w", f.Name(), errors.ErrUnsupported)
}

// Unlock has nothing to release here.
func Unlock(*os.File) error { return nil }

// Held cannot tell here: it reports false.
func Held(*os.File) bool { return false }
