package web

import (
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
)

// umask is the process's file mode creation mask, read from
// /proc/self/status (syscall.Umask would have to set it to read it, racing
// with files created meanwhile); 022 where that cannot be read.
var umask = sync.OnceValue(func() fs.FileMode {
	b, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Umask:"); ok {
				if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
					return fs.FileMode(m)
				}
			}
		}
	}
	return 0o022
})
