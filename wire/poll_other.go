//go:build !unix

package wire

import "io"

func polling(rwc io.ReadWriteCloser) io.ReadWriteCloser { return rwc }
