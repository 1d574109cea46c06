package sys_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/builtins/sys"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/testenv"
)

func TestRunReturnsStdoutExactly(t *testing.T) {
	out, err := sys.Run("printf", `a\nb\n\000\377`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out, "a\nb\n\x00\xff"; got != want {
		t.Fatalf("Run = %q, want %q", got, want)
	}
}

func TestRunArgumentsAreNotParsedByAShell(t *testing.T) {
	args := []string{"$HOME", "a b", "'q'", "`id`", "*", "; rm -rf /"}
	out, err := sys.Run("printf", `%s\n`, args)
	if err != nil {
		t.Fatal(err)
	}
	if got := sys.Lines(out); !reflect.DeepEqual(got, args) {
		t.Fatalf("args came back as %q, want %q", got, args)
	}
}

func TestRunMixedArguments(t *testing.T) {
	out, err := sys.Run("echo", "a", []string{"b", "c"}, 4, int64(5), uint8(6), sys.Env("X=1"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out, "a b c 4 5 6\n"; got != want {
		t.Fatalf("Run = %q, want %q", got, want)
	}
}

func TestRunBadArguments(t *testing.T) {
	for _, tt := range []struct {
		args []any
		want string
	}{
		{[]any{1.5}, "run echo: argument 1 is a float64; want a string, []string, integer or sys option"},
		{[]any{"x", secret.New("pw", []byte("hunter2"))}, "run echo: argument 2 is a secret; arguments show in ps, so pass it with sys.Stdin"},
		{[]any{sys.Env("NOEQUALS")}, `sys.Env: "NOEQUALS" is not NAME=value`},
		{[]any{sys.Timeout(0)}, "sys.Timeout: 0s is not a positive duration"},
		{[]any{sys.Stdin(42)}, "sys.Stdin: want a string, []byte, secret.Value or io.Reader, got int"},
	} {
		_, err := sys.Run("echo", tt.args...)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Run(echo, %v) error = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestExitError(t *testing.T) {
	out, err := sys.Run("sh", "-c", "echo partial; echo oops >&2; exit 3")
	var e *sys.ExitError
	if !errors.As(err, &e) {
		t.Fatalf("err = %#v, want *sys.ExitError", err)
	}
	if e.Code != 3 || e.Stderr != "oops\n" || e.Stdout != "partial\n" || e.Signal != "" {
		t.Errorf("ExitError = %+v", e)
	}
	if want := []string{"sh", "-c", "echo partial; echo oops >&2; exit 3"}; !reflect.DeepEqual(e.Cmd, want) {
		t.Errorf("Cmd = %q, want %q", e.Cmd, want)
	}
	if got, want := err.Error(), "sh -c 'echo partial; echo oops >&2; exit 3': exit status 3: oops"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if out != "partial\n" {
		t.Errorf("Run returned %q with the error, want the output so far", out)
	}

	_, err = sys.Run("false")
	if got, want := err.Error(), "false: exit status 1"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestExitErrorQuotesTheEndOfStderr(t *testing.T) {
	_, err := sys.Run("sh", "-c", "for i in $(seq 1 15); do echo line $i >&2; done; exit 2")
	want := "sh -c 'for i in $(seq 1 15); do echo line $i >&2; done; exit 2': exit status 2:\n" +
		"  ... (5 lines before)\n  line 6\n  line 7\n  line 8\n  line 9\n  line 10\n  line 11\n  line 12\n  line 13\n  line 14\n  line 15"
	if err == nil || err.Error() != want {
		t.Fatalf("Error() =\n%v\nwant\n%s", err, want)
	}
}

func TestKilledBySignal(t *testing.T) {
	_, err := sys.Run("sh", "-c", "kill -KILL $$")
	var e *sys.ExitError
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *sys.ExitError", err)
	}
	if e.Code != -1 || e.Signal != "killed" {
		t.Errorf("Code, Signal = %d, %q; want -1, killed", e.Code, e.Signal)
	}
	if got, want := err.Error(), "sh -c 'kill -KILL $$': signal: killed"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestNotFound(t *testing.T) {
	_, err := sys.Run("no-such-program-opsh")
	if !errors.Is(err, exec.ErrNotFound) {
		t.Fatalf("err = %v, want exec.ErrNotFound", err)
	}
	_, err = sys.Run("ls -l")
	if !errors.Is(err, exec.ErrNotFound) || !strings.Contains(err.Error(), `Try: sys.Run("ls", "-l", ...): the program and each argument are separate strings`) {
		t.Fatalf("err = %v, want a hint to split the arguments", err)
	}
	_, err = sys.Run("./no/such/dir/prog")
	if !errors.Is(err, os.ErrNotExist) || err.Error() != "run ./no/such/dir/prog: no such file or directory" {
		t.Fatalf("err = %v, want os.ErrNotExist", err)
	}
	_, err = sys.Run(t.TempDir())
	if !errors.Is(err, os.ErrPermission) {
		t.Fatalf("running a directory: err = %v, want os.ErrPermission", err)
	}
}

func TestStdin(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in")
	if err := os.WriteFile(path, []byte("from a file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, tt := range map[string]struct {
		in   any
		want string
	}{
		"string": {"b\na\n", "a\nb\n"},
		"bytes":  {[]byte("z\ny\n"), "y\nz\n"},
		"reader": {strings.NewReader("2\n1\n"), "1\n2\n"},
		"file":   {f, "from a file\n"},
		"secret": {secret.New("pw", []byte("s2\ns1\n")), "s1\ns2\n"},
	} {
		out, err := sys.Run("sort", sys.Stdin(tt.in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out != tt.want {
			t.Errorf("%s: Run = %q, want %q", name, out, tt.want)
		}
	}
}

func TestStdinDefaultsToDevNull(t *testing.T) {
	out, err := sys.Run("cat", sys.Timeout(5*time.Second))
	if err != nil || out != "" {
		t.Fatalf("cat with no stdin = %q, %v; want it to read /dev/null", out, err)
	}
}

func TestEnvAndDir(t *testing.T) {
	t.Setenv("OPSH_INHERITED", "yes")
	t.Setenv("OPSH_OVERRIDDEN", "old")
	dir := t.TempDir()
	out, err := sys.Run("sh", "-c", `echo "$OPSH_INHERITED $OPSH_OVERRIDDEN $OPSH_NEW"; pwd`,
		sys.Env("OPSH_OVERRIDDEN=new", "OPSH_NEW=a=b"), sys.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(dir)
	if got, want := sys.Lines(out), []string{"yes new a=b", real}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestTimeoutKillsTheProcessGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	start := time.Now()
	// sleep runs in the background, a grandchild that outlives sh unless
	// the whole group is killed; sh ignores SIGTERM so SIGKILL must follow.
	_, err := sys.Run("sh", "-c", `trap "" TERM; sleep 30 & echo $! > `+pidFile+`; wait`, sys.Timeout(200*time.Millisecond))
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Run returned after %v, want within 1s", elapsed)
	}
	if !errors.Is(err, context.DeadlineExceeded) || err.Error() != `run sh -c 'trap "" TERM; sleep 30 & echo $! > `+pidFile+`; wait': timed out after 200ms` {
		t.Fatalf("err = %v, want a time-out", err)
	}
	waitGone(t, pidFile)
}

func TestInterruptKillsTheProcessGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	prev := cell.Set(&cell.State{Ctx: ctx, Stdout: os.Stdout, Stderr: os.Stderr})
	t.Cleanup(func() { cell.Set(prev) })
	errc := make(chan error, 1)
	go func() {
		_, err := sys.Run("sh", "-c", "sleep 30 & echo $! > "+pidFile+"; wait")
		errc <- err
	}()
	testenv.WaitFor(t, 5*time.Second, "the pid file", func() error {
		b, err := os.ReadFile(pidFile)
		if err == nil && !bytes.HasSuffix(b, []byte("\n")) {
			err = errors.New("not written yet")
		}
		return err
	})
	start := time.Now()
	cancel()
	err := <-errc
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Run returned %v after the interrupt, want within 1s", elapsed)
	}
	if !errors.Is(err, context.Canceled) || !strings.HasSuffix(err.Error(), ": interrupted") {
		t.Fatalf("err = %v, want interrupted", err)
	}
	waitGone(t, pidFile)
}

func TestAlreadyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := sys.RunContext(ctx, "true")
	if !errors.Is(err, context.Canceled) || err.Error() != "run true: interrupted" {
		t.Fatalf("err = %v, want interrupted", err)
	}
}

// waitGone waits for the process whose pid is in file to be gone.
func waitGone(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	testenv.WaitFor(t, 2*time.Second, fmt.Sprintf("background process %d to die", pid), func() error {
		if alive(pid) {
			return errors.New("still running")
		}
		return nil
	})
}

// alive reports whether pid is a process that has not exited (a zombie
// waiting for its parent counts as exited).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z") && !strings.HasPrefix(rest, "X")
}

// A daemon started by the command keeps its stdout open; Run returns once
// the command itself has exited, with what it wrote.
func TestBackgroundChildDoesNotHang(t *testing.T) {
	start := time.Now()
	out, err := sys.Run("sh", "-c", "sleep 30 & echo $$")
	if err != nil {
		t.Fatal(err)
	}
	pgid, _ := strconv.Atoi(strings.TrimSpace(out))
	t.Cleanup(func() { syscall.Kill(-pgid, syscall.SIGKILL) })
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Run took %v with a background child holding stdout", elapsed)
	}
}

func TestStream(t *testing.T) {
	var so, se bytes.Buffer
	prev := cell.Set(&cell.State{Ctx: context.Background(), Stdout: &so, Stderr: &se})
	t.Cleanup(func() { cell.Set(prev) })
	out, err := sys.Run("sh", "-c", "echo one; echo two >&2; echo three", sys.Stream())
	if err != nil {
		t.Fatal(err)
	}
	if out != "one\nthree\n" || so.String() != "one\nthree\n" || se.String() != "two\n" {
		t.Fatalf("captured %q, streamed %q and %q", out, so.String(), se.String())
	}
}

func TestStdoutOption(t *testing.T) {
	var buf bytes.Buffer
	out, err := sys.Run("seq", "3", sys.Stdout(&buf))
	if err != nil {
		t.Fatal(err)
	}
	if out != "" || buf.String() != "1\n2\n3\n" {
		t.Fatalf("Run = %q, writer got %q", out, buf.String())
	}
}

func TestCapture(t *testing.T) {
	r, err := sys.Capture("sh", "-c", "echo out; echo err >&2; exit 4")
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || r.ExitCode != 4 || r.Stdout != "out\n" || r.Stderr != "err\n" || r.Duration <= 0 {
		t.Fatalf("Result = %+v", r)
	}
	if got, want := r.Display(), "out\nstderr:\nerr\nexit status 4"; got != want {
		t.Errorf("Display = %q, want %q", got, want)
	}
	var e *sys.ExitError
	if err := r.Check(); !errors.As(err, &e) || e.Code != 4 {
		t.Errorf("Check = %v, want an ExitError with code 4", err)
	}
	r, err = sys.Capture("echo", "fine")
	if err != nil || !r.OK() || r.Check() != nil || r.Display() != "fine" || r.String() != "fine\n" {
		t.Fatalf("Capture(echo) = %+v, %v", r, err)
	}
	if got := r.Lines(); !reflect.DeepEqual(got, []string{"fine"}) {
		t.Errorf("Lines = %q", got)
	}
}

func TestLines(t *testing.T) {
	for in, want := range map[string][]string{
		"":             nil,
		"\n":           {""},
		"a":            {"a"},
		"a\nb\n":       {"a", "b"},
		"a\r\nb\r\n":   {"a", "b"},
		"a\n\nb":       {"a", "", "b"},
		"trailing\n\n": {"trailing", ""},
	} {
		if got := sys.Lines(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Lines(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCommandLine(t *testing.T) {
	got := sys.CommandLine([]string{"ssh", "-o", "BatchMode=yes", "web-1", "echo it's", ""})
	if want := `ssh -o BatchMode=yes web-1 'echo it'\''s' ''`; got != want {
		t.Fatalf("CommandLine = %s, want %s", got, want)
	}
	// What CommandLine renders, sh reads back as the same arguments.
	args := []string{"a b", "it's", "$x", "`y`", "*", "\\", "\n"}
	out, err := sys.Run("sh", "-c", `printf '%s\0' `+sys.CommandLine(args))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(strings.TrimSuffix(out, "\x00"), "\x00"); !reflect.DeepEqual(got, args) {
		t.Fatalf("sh read back %q, want %q", got, args)
	}
}

func TestWhich(t *testing.T) {
	p, err := sys.Which("sh")
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := exec.LookPath("sh"); p != want {
		t.Errorf("Which(sh) = %q, want %q", p, want)
	}
	if _, err := sys.Which("no-such-program-opsh"); !errors.Is(err, exec.ErrNotFound) {
		t.Errorf("Which(missing) = %v, want exec.ErrNotFound", err)
	}
	notExec := filepath.Join(t.TempDir(), "data")
	os.WriteFile(notExec, nil, 0o644)
	if _, err := sys.Which(notExec); !errors.Is(err, os.ErrPermission) {
		t.Errorf("Which(non-executable) = %v, want a permission error", err)
	}
}
