//go:build !unix

package jupyter

import "os"

// RedirectStdio leaves stdout and stderr as they are where file
// descriptors cannot be redirected; it returns the stderr for the log.
func (k *Kernel) RedirectStdio() (*os.File, error) { return os.Stderr, nil }
