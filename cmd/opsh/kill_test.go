package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/testenv"
	"github.com/opsh/opsh/sessions"
)

// TestKilledSessionLeavesReadableTranscript kills opsh with SIGKILL while a
// cell runs: the transcript keeps every finished cell and the input of the
// running one, and the index shows the session as interrupted.
func TestKilledSessionLeavesReadableTranscript(t *testing.T) {
	cmd, path := startPiped(t, "x := 41\nx + 1\ntime.Sleep(time.Hour)\n", "time.Sleep(time.Hour)")
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := sessions.Parse(path, data)
	if err != nil {
		t.Fatalf("the transcript of a killed session does not parse: %v", err)
	}
	if got, want := len(tr.Cells), 3; got != want {
		t.Fatalf("%d cells, want %d", got, want)
	}
	if out := tr.Cells[1].Output; out == nil || strings.TrimSpace(out.Text) != "42" {
		t.Fatalf("finished cell 2 lost its output: %+v", out)
	}
	if tr.Cells[2].Output != nil || tr.Ended {
		t.Fatalf("the running cell or the session looks finished: %+v ended=%v", tr.Cells[2].Output, tr.Ended)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("transcript mode %v, want 0600", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(filepath.Dir(path)); fi.Mode().Perm() != 0o700 {
		t.Errorf("sessions folder mode %v, want 0700", fi.Mode().Perm())
	}
	list, err := sessions.List(filepath.Dir(path))
	if err != nil || len(list) != 1 || !list[0].Interrupted {
		t.Fatalf("index = %+v, %v; want one interrupted session", list, err)
	}
}

// TestTerminatedSessionEndsItsTranscript: SIGTERM (a stopped service, a
// closed terminal's SIGHUP) interrupts the running cell, writes the
// transcript's end, and exits with 128+15.
func TestTerminatedSessionEndsItsTranscript(t *testing.T) {
	cmd, path := startPiped(t, "x := 41\ntime.Sleep(time.Hour)\n", "time.Sleep(time.Hour)")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 143 {
		t.Fatalf("exit: %v, want status 143", err)
	}
	data, _ := os.ReadFile(path)
	tr, err := sessions.Parse(path, data)
	if err != nil || !tr.Ended {
		t.Fatalf("transcript not ended (%v):\n%s", err, data)
	}
}

// startPiped runs opsh reading input from a pipe, and waits until the
// transcript holds the input of the cell whose source contains running.
// It returns the command and the transcript's path.
func startPiped(t *testing.T, input, running string) (*exec.Cmd, string) {
	t.Helper()
	bin := buildOpsh(t)
	home := t.TempDir()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "OPSH_HOME="+home, "NO_COLOR=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	io.WriteString(in, input)
	var path string
	testenv.WaitFor(t, 10*time.Second, "the running cell's input in the transcript", func() error {
		matches, _ := filepath.Glob(filepath.Join(home, "sessions", "*.md"))
		if len(matches) != 1 {
			return os.ErrNotExist
		}
		path = matches[0]
		if data, _ := os.ReadFile(path); !strings.Contains(string(data), running) {
			return os.ErrNotExist
		}
		return nil
	})
	return cmd, path
}
