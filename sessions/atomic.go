package sessions

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// fileMode says what mode writeFileAtomic gives the file it replaces.
type fileMode int

const (
	private  fileMode = iota // 0600, whatever the old file's mode
	keepMode                 // the old file's mode (0600 for a new file)
)

// WriteFile replaces path with data, atomically, as writeFileAtomic does,
// and makes it private to the user (0600) even over a file others could
// read: a session may hold what they must not read. It is how :save writes.
func WriteFile(path string, data []byte) error {
	return writeFileAtomic(path, data, private)
}

// writeFileAtomic replaces path with data: a temporary file in the same
// folder, .NAME.PID.tmp, synced, then renamed over path. A process killed
// while writing leaves its temporary file behind: the next write of the
// same path removes those whose process is gone.
func writeFileAtomic(path string, data []byte, mode fileMode) error {
	perm := os.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil && mode == keepMode {
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	removeStaleTemps(dir, base)
	tmp := filepath.Join(dir, "."+base+"."+strconv.Itoa(os.Getpid())+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// removeStaleTemps removes the temporary files of earlier writes of base
// in dir (.NAME.PID.tmp, and .NAME.NNN.tmp as older versions named them)
// whose process no longer runs.
func removeStaleTemps(dir, base string) {
	matches, _ := filepath.Glob(filepath.Join(dir, "."+escapeGlob(base)+".*.tmp"))
	for _, m := range matches {
		mid := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "."+base+"."), ".tmp")
		pid, err := strconv.Atoi(mid)
		if err == nil && pid != os.Getpid() && processAlive(pid) {
			continue // another process is writing it now
		}
		os.Remove(m)
	}
}

// escapeGlob quotes the characters filepath.Match treats specially.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
