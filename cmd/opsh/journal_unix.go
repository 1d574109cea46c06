//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// isJournal reports whether f is the stream JOURNAL_STREAM names
// ("DEVICE:INODE", in decimal, as systemd writes it).
func isJournal(f *os.File, stream string) bool {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return false
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino) == stream
}
