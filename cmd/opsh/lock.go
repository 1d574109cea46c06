package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/opsh/opsh/internal/lazyre"
	"github.com/opsh/opsh/internal/lockfile"
	"github.com/opsh/opsh/sessions"
)

// exitTempFail is the exit status of a run that did not start because
// another holds its lock: EX_TEMPFAIL of sysexits.h, as flock -n gives.
const exitTempFail = 75

// lockName is what a lock may be called: it names a file in the locks
// folder.
var lockName = lazyre.New(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// runLock is the lock a run asks for: --lock NAME, else the file's lock
// line (sessions.LockLine); "" for none. A bad name is an error.
func runLock(o *runOptions) (string, error) {
	name, line, err := sessions.LockLine(o.t, o.data)
	if err != nil {
		return "", err
	}
	where := fmt.Sprintf("%s:%d: lock line", o.file, line)
	if o.lock != "" {
		name, where = o.lock, "--lock"
	}
	if name != "" && !lockName.MatchString(name) {
		return "", fmt.Errorf("%s: bad lock name %q: letters, digits, '.', '_' and '-', starting with a letter or digit", where, name)
	}
	return name, nil
}

// holdLock takes the named lock for the life of this process: the file
// NAME.lock under $OPSH_HOME/locks (0700; the file 0600), locked with
// flock(2), so that the kernel releases it however the process ends.
// Another process holding it makes an error wrapping lockfile.ErrLocked
// that says which process and since when. release closes the file.
func holdLock(name string, file string, getenv func(string) string) (release func(), err error) {
	dir := filepath.Join(stateDir(getenv), "locks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	path := filepath.Join(dir, name+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if err := lockfile.TryLock(f); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, lockfile.ErrLocked) {
			return nil, fmt.Errorf("another run holds the lock %q (%s): %w", name, describeHolder(holder), lockfile.ErrLocked)
		}
		return nil, err
	}
	// Say who holds it, for the message of the run that finds it taken.
	who := fmt.Sprintf("pid: %d\nsince: %s\nfile: %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339), file)
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(who), 0)
	}
	return func() {
		f.Truncate(0) // the next holder says who it is; a killed one leaves a pid that no longer runs
		f.Close()
	}, nil
}

// running reports whether process pid runs (signal 0 checks without
// sending anything).
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil || pid <= 0 {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// describeHolder turns a lock file's lines "pid: N", "since: TIME" and
// "file: F" into words.
func describeHolder(b []byte) string {
	fields := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ": "); ok {
			fields[k] = v
		}
	}
	pid, err := strconv.Atoi(fields["pid"])
	if err != nil || !running(pid) {
		return "a process that has not said which"
	}
	s := "pid " + fields["pid"]
	if fields["file"] != "" {
		s += " running " + fields["file"]
	}
	if fields["since"] != "" {
		s += " since " + fields["since"]
	}
	return s
}
