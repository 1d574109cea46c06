//go:build unix

package lockfile

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func open(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestTryLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	a, b := open(t, path), open(t, path)
	if err := TryLock(a); err != nil {
		t.Fatalf("first lock: %v", err)
	}
	if !Held(b) {
		t.Error("Held = false while another open file holds the lock")
	}
	if err := TryLock(b); !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	if err := Unlock(a); err != nil {
		t.Fatal(err)
	}
	if Held(b) {
		t.Error("Held = true after Unlock")
	}
	if err := TryLock(b); err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	b.Close()
	if err := Lock(a); err != nil {
		t.Fatalf("lock after close: %v", err)
	}
}

// TestReleasedWhenProcessDies kills (SIGKILL) a child process holding the
// lock: the kernel releases it.
func TestReleasedWhenProcessDies(t *testing.T) {
	if path := os.Getenv("LOCKFILE_TEST_HOLD"); path != "" {
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err == nil {
			err = TryLock(f)
		}
		if err != nil {
			os.Stdout.WriteString("error " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("held\n")
		os.Stdin.Read(make([]byte, 1)) // blocks until killed: the parent never writes
		os.Exit(1)
	}
	path := filepath.Join(t.TempDir(), "x.lock")
	f := open(t, path)
	cmd := exec.Command(os.Args[0], "-test.run=^TestReleasedWhenProcessDies$")
	cmd.Env = append(os.Environ(), "LOCKFILE_TEST_HOLD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "held\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child: %q", line)
	}
	if err := TryLock(f); !errors.Is(err, ErrLocked) {
		t.Errorf("lock held by a live child: %v, want ErrLocked", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if err := TryLock(f); err != nil {
		t.Errorf("lock after the child was killed: %v", err)
	}
}
