package sys

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/readonly"
)

// grace is how long an interrupted or timed-out command's process group has
// between SIGTERM and SIGKILL.
const grace = 400 * time.Millisecond

// pipeDelay is how long Run waits, once the command has exited or been
// killed, for processes it left behind (a daemon started in the background)
// to close its output before it stops reading.
const pipeDelay = 600 * time.Millisecond

// Option changes how Run and Capture run a command: Stdin, Env, Dir,
// Timeout, Stdout, Stream. Options go among the arguments, anywhere.
type Option struct {
	apply func(*config) error
}

type config struct {
	stdin   io.Reader
	env     []string
	dir     string
	timeout time.Duration
	stdout  io.Writer
	stream  bool
}

// Stdin feeds the command's standard input from v: a string, a []byte, a
// secret.Value (its plain bytes, which are never displayed), or an
// io.Reader such as an *os.File. Without it the command reads /dev/null.
//
//	sys.Run("sort", sys.Stdin("b\na\n"))
//	f, _ := os.Open("mail.txt"); sys.Run("sendmail", "-t", sys.Stdin(f))
func Stdin(v any) Option {
	return Option{func(c *config) error {
		switch x := v.(type) {
		case string:
			c.stdin = strings.NewReader(x)
		case []byte:
			c.stdin = bytes.NewReader(x)
		case secret.Value:
			c.stdin = bytes.NewReader(x.Reveal())
		case *secret.Value:
			c.stdin = bytes.NewReader(x.Reveal())
		case io.Reader:
			c.stdin = x
		case nil:
			c.stdin = nil
		default:
			return fmt.Errorf("sys.Stdin: want a string, []byte, secret.Value or io.Reader, got %T", v)
		}
		return nil
	}}
}

// Env adds variables, each "NAME=value", to the environment the command
// inherits from opsh; a name given twice takes the last value.
//
//	sys.Run("date", sys.Env("TZ=UTC", "LC_ALL=C"))
func Env(vars ...string) Option {
	return Option{func(c *config) error {
		for _, kv := range vars {
			if i := strings.IndexByte(kv, '='); i <= 0 {
				return fmt.Errorf("sys.Env: %q is not NAME=value", kv)
			}
			c.env = append(c.env, kv)
		}
		return nil
	}}
}

// Dir runs the command in directory path ("~/src" and "~ann" expand).
func Dir(path string) Option {
	return Option{func(c *config) error {
		p, err := ExpandUser(path)
		c.dir = p
		return err
	}}
}

// Timeout stops the command when it runs longer than d: its process group
// gets SIGTERM, then SIGKILL, and the error says it timed out.
func Timeout(d time.Duration) Option {
	return Option{func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("sys.Timeout: %v is not a positive duration", d)
		}
		c.timeout = d
		return nil
	}}
}

// Stdout sends the command's standard output to w (a file, a buffer)
// instead of capturing it: Run then returns "". For output too big to hold.
//
//	f, _ := os.Create("db.sql"); sys.Run("pg_dump", "app", sys.Stdout(f))
func Stdout(w io.Writer) Option {
	return Option{func(c *config) error {
		if w == nil {
			return errors.New("sys.Stdout: nil writer")
		}
		c.stdout = w
		return nil
	}}
}

// Stream shows the command's output and errors as they arrive, on the
// cell's output, while still capturing them: for long commands
// (apt-get, a build) whose progress you want to watch.
func Stream() Option {
	return Option{func(c *config) error { c.stream = true; return nil }}
}

// Result is what a command did: its output, errors and exit status.
// Capture returns one whatever the exit status.
type Result struct {
	// Cmd is the argument list that ran, program first.
	Cmd []string
	// Stdout and Stderr are the command's output, as written.
	Stdout string
	Stderr string
	// ExitCode is the exit status, or -1 when a signal killed the command.
	ExitCode int
	// Signal names the signal that killed the command ("killed",
	// "terminated"), or is empty.
	Signal string
	// Duration is how long the command ran.
	Duration time.Duration
}

// OK reports whether the command exited with status 0.
func (r *Result) OK() bool { return r.ExitCode == 0 && r.Signal == "" }

// Check returns nil when the command succeeded, else an *ExitError (as Run
// would have): subprocess's check_returncode.
func (r *Result) Check() error {
	if r.OK() {
		return nil
	}
	return &ExitError{Cmd: r.Cmd, Code: r.ExitCode, Signal: r.Signal, Stdout: r.Stdout, Stderr: r.Stderr}
}

// Lines returns the standard output split into lines.
func (r *Result) Lines() []string { return Lines(r.Stdout) }

// String returns the standard output, so fmt.Print(r) prints what the
// command printed.
func (r *Result) String() string { return r.Stdout }

// Display shows the output, then the errors and the exit status when there
// are any.
func (r *Result) Display() string {
	var b strings.Builder
	b.WriteString(r.Stdout)
	if r.Stderr != "" {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		b.WriteString("stderr:\n")
		b.WriteString(r.Stderr)
	}
	if !r.OK() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		b.WriteString(status(r.ExitCode, r.Signal))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// ExitError is the error of a command that ran and failed: a non-zero exit
// status or death by a signal. Get it with errors.As:
//
//	var e *sys.ExitError
//	if errors.As(err, &e) && e.Code == 1 { ... }
type ExitError struct {
	// Cmd is the argument list that ran, program first.
	Cmd []string
	// Code is the exit status, or -1 when a signal killed the command.
	Code int
	// Signal names the signal that killed the command, or is empty.
	Signal string
	// Stdout and Stderr are what the command wrote before it failed.
	Stdout string
	Stderr string
}

// maxErrLines is how many of the last lines of stderr an error message quotes.
const maxErrLines = 10

// Error says what ran, how it ended and the end of what it wrote to stderr.
func (e *ExitError) Error() string {
	msg := CommandLine(e.Cmd) + ": " + status(e.Code, e.Signal)
	tail := strings.TrimRight(e.Stderr, "\n\r\t ")
	if tail == "" {
		return msg
	}
	lines := strings.Split(tail, "\n")
	if len(lines) == 1 {
		return msg + ": " + lines[0]
	}
	if len(lines) > maxErrLines {
		lines = append([]string{fmt.Sprintf("... (%d lines before)", len(lines)-maxErrLines)}, lines[len(lines)-maxErrLines:]...)
	}
	return msg + ":\n  " + strings.Join(lines, "\n  ")
}

func status(code int, sig string) string {
	if sig != "" {
		return "signal: " + sig
	}
	return "exit status " + strconv.Itoa(code)
}

// CommandLine renders an argument list as a shell would read it back:
// arguments with spaces or shell characters are single-quoted.
func CommandLine(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%^", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Lines splits command output into lines: a final newline does not make an
// empty last line, and a "\r" before each "\n" is dropped. "" gives none.
func Lines(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// Run runs a program with an argument list (never through a shell) and
// returns its standard output, like Python's subprocess.check_output. A
// non-zero exit is an *ExitError carrying the exit code and stderr (the
// output is returned with it). Arguments are strings, []string (spread),
// or integers; Options (Stdin, Env, Dir, Timeout, Stdout, Stream) may go
// anywhere among them. Ctrl-C in opsh stops the command and every process
// it started.
//
//	sys.Run("ls", "-l", dir)
//	sys.Run("git", "log", "-3", "--oneline", sys.Dir(repo))
//	sys.Run("sort", sys.Stdin("b\na\n"), sys.Timeout(5*time.Second))
func Run(name string, args ...any) (string, error) {
	return RunContext(cell.Context(), name, args...)
}

// RunContext is Run with an explicit context: when ctx is done the command
// is stopped as on Ctrl-C.
func RunContext(ctx context.Context, name string, args ...any) (string, error) {
	r, err := CaptureContext(ctx, name, args...)
	if r == nil {
		return "", err
	}
	if err == nil {
		err = r.Check()
	}
	return r.Stdout, err
}

// Capture runs a program like Run but returns a *Result whatever its exit
// status, with its stdout, stderr and exit code: for commands whose failure
// is an answer (grep, diff, systemctl is-active). The error is for a
// command that could not start, was interrupted or timed out; the Result
// then holds what it wrote until then.
//
//	r, _ := sys.Capture("systemctl", "is-active", "nginx")
//	r.ExitCode
func Capture(name string, args ...any) (*Result, error) {
	return CaptureContext(cell.Context(), name, args...)
}

// CaptureContext is Capture with an explicit context.
func CaptureContext(ctx context.Context, name string, args ...any) (*Result, error) {
	argv, cfg, err := parseArgs(name, args)
	if err != nil {
		return nil, err
	}
	if err := readonly.Command("runs a program", "sys.Run", argv); err != nil {
		return nil, err
	}
	return run(ctx, argv, cfg)
}

func parseArgs(name string, args []any) ([]string, *config, error) {
	// The program's path expands like a shell's ("~/bin/deploy"); the
	// arguments are passed exactly as given.
	name, err := ExpandUser(name)
	if err != nil {
		return nil, nil, fmt.Errorf("run: %w", err)
	}
	argv := []string{name}
	cfg := &config{}
	for i, a := range args {
		switch x := a.(type) {
		case string:
			argv = append(argv, x)
		case []string:
			argv = append(argv, x...)
		case Option:
			if x.apply == nil {
				continue
			}
			if err := x.apply(cfg); err != nil {
				return nil, nil, err
			}
		case *Option:
			if x == nil || x.apply == nil {
				continue
			}
			if err := x.apply(cfg); err != nil {
				return nil, nil, err
			}
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			argv = append(argv, fmt.Sprint(x))
		case secret.Value, *secret.Value:
			return nil, nil, fmt.Errorf("run %s: argument %d is a secret; arguments show in ps, so pass it with sys.Stdin", name, i+1)
		default:
			return nil, nil, fmt.Errorf("run %s: argument %d is a %T; want a string, []string, integer or sys option", name, i+1, a)
		}
	}
	if name == "" {
		return nil, nil, errors.New("run: no program given")
	}
	return argv, cfg, nil
}

// lockedWriter serialises the writes of stdout and stderr copiers that
// share one destination.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// runError is an interruption or time-out: a message for the user and the
// context error it wraps for errors.Is.
type runError struct {
	msg string
	err error
}

func (e *runError) Error() string { return e.msg }
func (e *runError) Unwrap() error { return e.err }

func run(parent context.Context, argv []string, cfg *config) (*Result, error) {
	ctx := parent
	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(parent, cfg.timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = cfg.dir
	if len(cfg.env) > 0 {
		cmd.Env = append(cmd.Environ(), cfg.env...)
	}
	cmd.Stdin = cfg.stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if cfg.stdout != nil {
		cmd.Stdout = cfg.stdout
	}
	if cfg.stream {
		mu := new(sync.Mutex)
		cmd.Stdout = io.MultiWriter(cmd.Stdout, lockedWriter{mu, cell.Stdout()})
		cmd.Stderr = io.MultiWriter(cmd.Stderr, lockedWriter{mu, cell.Stderr()})
	}
	// The command leads its own process group, so that stopping it stops
	// every process it started: SIGTERM to the group, SIGKILL after grace.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	done := make(chan struct{})
	var cancelled atomic.Bool
	cmd.Cancel = func() error {
		cancelled.Store(true)
		pgid := cmd.Process.Pid
		err := syscall.Kill(-pgid, syscall.SIGTERM)
		go func() {
			select {
			case <-done:
			case <-time.After(grace):
				syscall.Kill(-pgid, syscall.SIGKILL)
			}
		}()
		return err
	}
	cmd.WaitDelay = pipeDelay

	start := time.Now()
	err := cmd.Start()
	if err != nil {
		if ctxErr := stopped(parent, ctx, argv, cfg); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, startError(argv, err)
	}
	err = cmd.Wait()
	close(done)
	if cancelled.Load() {
		// Whatever of the group survived SIGTERM goes now.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	r := &Result{Cmd: argv, Stdout: stdout.String(), Stderr: stderr.String(), Duration: time.Since(start)}
	if ps := cmd.ProcessState; ps != nil {
		r.ExitCode = ps.ExitCode()
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.Signal = ws.Signal().String()
		}
	}
	if cancelled.Load() {
		if err := stopped(parent, ctx, argv, cfg); err != nil {
			return r, err
		}
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) && !errors.Is(err, exec.ErrWaitDelay) {
		// An I/O error: a Stdout writer or a Stdin reader failed.
		return r, fmt.Errorf("run %s: %w", CommandLine(argv), err)
	}
	return r, nil
}

// stopped returns the error for a command stopped by its caller's context
// (interrupted) or by its Timeout, or nil.
func stopped(parent, ctx context.Context, argv []string, cfg *config) error {
	switch {
	case parent.Err() != nil && errors.Is(parent.Err(), context.Canceled):
		return &runError{"run " + CommandLine(argv) + ": interrupted", parent.Err()}
	case parent.Err() != nil:
		return &runError{"run " + CommandLine(argv) + ": " + parent.Err().Error(), parent.Err()}
	case ctx.Err() != nil:
		return &runError{fmt.Sprintf("run %s: timed out after %v", CommandLine(argv), cfg.timeout), ctx.Err()}
	}
	return nil
}

func startError(argv []string, err error) error {
	cl := CommandLine(argv)
	var pe *os.PathError
	if errors.As(err, &pe) && pe.Path == argv[0] {
		err = pe.Err
	} else if ee := (*exec.Error)(nil); errors.As(err, &ee) {
		err = ee.Err
	}
	if fields := strings.Fields(argv[0]); len(fields) > 1 && (errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist)) {
		return fmt.Errorf("run %s: %w (Try: sys.Run(%q, %q, ...): the program and each argument are separate strings)", cl, err, fields[0], fields[1])
	}
	return fmt.Errorf("run %s: %w", cl, err)
}

// Which returns the path of the program name would run, searching PATH as
// a shell does (shutil.which). A name with a slash is checked as is.
func Which(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", fmt.Errorf("which %s: %w", name, exec.ErrNotFound)
		}
		var ee *exec.Error
		if errors.As(err, &ee) {
			return "", fmt.Errorf("which %s: %w", name, ee.Err)
		}
		return "", fmt.Errorf("which %s: %w", name, err)
	}
	return p, nil
}
