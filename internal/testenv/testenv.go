// Package testenv helps tests that need real servers (sshd, dockerd, MinIO)
// and programs (python3 with the users' libraries, openssl). A test that
// cannot find what it needs skips when run locally and fails when
// OPSH_REQUIRE_SERVERS=1, as the README's test command sets it.
package testenv

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// Required reports whether missing servers fail tests (OPSH_REQUIRE_SERVERS=1).
func Required() bool { return os.Getenv("OPSH_REQUIRE_SERVERS") == "1" }

// Missing ends the test because something it needs is not here: a skip
// locally, a failure under OPSH_REQUIRE_SERVERS=1.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if Required() {
		t.Fatalf("OPSH_REQUIRE_SERVERS=1 and %s", msg)
	}
	t.Skipf("skipping: %s (set OPSH_REQUIRE_SERVERS=1 to fail instead)", msg)
}

// LookPath returns the path of the first of names found on PATH or in
// /usr/sbin and /sbin (where sshd and dockerd live), or ends the test
// through Missing.
func LookPath(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
		for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
			p := dir + "/" + n
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return p
			}
		}
	}
	Missing(t, "none of %v is installed", names)
	return ""
}

// Python returns Debian's python3 (which has the Debian python3-* libraries
// the fixtures come from) after checking that it can import every module in
// mods, or ends the test through Missing.
func Python(t testing.TB, mods ...string) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		Missing(t, "%s is not installed", py)
	}
	for _, m := range mods {
		if out, err := exec.Command(py, "-c", "import "+m).CombinedOutput(); err != nil {
			Missing(t, "python module %s is not installed: %s", m, out)
		}
	}
	return py
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// WaitFor calls cond until it returns nil or timeout passes, then fails the
// test with cond's last error, naming what it waited for.
func WaitFor(t testing.TB, timeout time.Duration, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	delay := 5 * time.Millisecond
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		time.Sleep(delay)
		if delay < 200*time.Millisecond {
			delay *= 2
		}
	}
}

// Buffer is a bytes.Buffer that is safe to read while other goroutines
// write it (a stream, a progress bar).
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
