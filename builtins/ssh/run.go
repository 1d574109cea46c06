package ssh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/lazyre"
	"github.com/opsh/opsh/internal/readonly"
)

// Result is what a remote command did.
type Result struct {
	Host     string        // the host's name
	Command  string        // the command as sent (after quoting, sudo)
	Stdout   string        // standard output (empty for Stream)
	Stderr   string        // standard error (empty for Stream)
	ExitCode int           // exit status; -1 if the command ended without one (killed, interrupted)
	Signal   string        // the signal that ended the command (TERM, KILL), if one did
	Duration time.Duration // from start to exit
}

// OK reports whether the command exited with status 0.
func (r *Result) OK() bool { return r.ExitCode == 0 && r.Signal == "" }

// Lines splits Stdout into lines, without the trailing empty one.
func (r *Result) Lines() []string {
	s := strings.TrimRight(r.Stdout, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// String is the command's standard output with surrounding space trimmed:
// what `$(cmd)` gives in a shell.
func (r *Result) String() string { return strings.TrimSpace(r.Stdout) }

// Display shows the exit status, duration and output.
func (r *Result) Display() string {
	var b strings.Builder
	status := fmt.Sprintf("exit %d", r.ExitCode)
	if r.Signal != "" {
		status = "killed by SIG" + r.Signal
	}
	fmt.Fprintf(&b, "%s: %s in %s", r.Host, status, round(r.Duration))
	if r.Stdout != "" {
		b.WriteString("\n" + strings.TrimRight(r.Stdout, "\n"))
	}
	if r.Stderr != "" {
		b.WriteString("\nstderr:\n" + strings.TrimRight(r.Stderr, "\n"))
	}
	return b.String()
}

func round(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	case d > time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d
}

// ExitError is the error of a command that exited with a non-zero status
// or was killed by a signal. It carries the Result, output included.
type ExitError struct {
	Result *Result
	Hint   string // what the user can do, when known (sudo wants a password)
}

// Error gives the host, command, exit status, the last lines of stderr
// and the hint.
func (e *ExitError) Error() string {
	r := e.Result
	status := fmt.Sprintf("exit status %d", r.ExitCode)
	if r.Signal != "" {
		status = "killed by SIG" + r.Signal
	}
	msg := fmt.Sprintf("ssh %s: %s: %s", r.Host, r.Command, status)
	if tail := lastLines(r.Stderr, 3); tail != "" {
		msg += ": " + tail
	}
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Run runs cmd on the host through the login shell, as `ssh host cmd` does,
// and returns its output. A non-zero exit is an *ExitError that carries the
// Result; the Result is returned too. Interrupting the cell (or cancelling
// WithContext's context) sends the command SIGINT, then closes its session
// a second later, and returns.
func (h *Host) Run(cmd string, opts ...Option) (*Result, error) {
	if err := h.refuseShell("Run", cmd); err != nil {
		return nil, err
	}
	s := apply(opts)
	if h != nil {
		// Still waiting after 2 s, the cell says for how long, on a terminal.
		defer progress.Waiting(fmt.Sprintf("ssh %s: %s", h.Name, firstLine(cmd)))()
	}
	return h.run(ctxOf(s), cmd, s, nil, nil)
}

// RunContext is Run stopped by ctx instead of the running cell.
func (h *Host) RunContext(ctx context.Context, cmd string, opts ...Option) (*Result, error) {
	if err := h.refuseShell("RunContext", cmd); err != nil {
		return nil, err
	}
	return h.run(ctx, cmd, apply(opts), nil, nil)
}

// RunArgs runs a program with arguments, each quoted for the remote shell,
// so a value with spaces, quotes, `;`, `$(…)` or newlines arrives as one
// literal argument: h.RunArgs("ls", "-l", dir). Use Run(Quote(…), opts…)
// to give options.
func (h *Host) RunArgs(args ...string) (*Result, error) {
	if h == nil {
		return nil, errNilHost
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("ssh %s: RunArgs: no program given", h.Name)
	}
	if err := readonly.Command("runs a command on "+h.Name, "Host.RunArgs", args); err != nil {
		return nil, err
	}
	s := apply(nil)
	return h.run(ctxOf(s), Quote(args...), s, nil, nil)
}

// Stream runs cmd with its output written to the cell's output as it
// arrives (stdout and stderr), until the command ends or the cell is
// interrupted: h.Stream("journalctl -f -n 20"). The Result has no output.
func (h *Host) Stream(cmd string, opts ...Option) (*Result, error) {
	if err := h.refuseShell("Stream", cmd); err != nil {
		return nil, err
	}
	s := apply(opts)
	return h.run(ctxOf(s), cmd, s, cell.Stdout(), cell.Stderr())
}

// StreamTo is Stream writing to the given writers.
func (h *Host) StreamTo(stdout, stderr io.Writer, cmd string, opts ...Option) (*Result, error) {
	if err := h.refuseShell("StreamTo", cmd); err != nil {
		return nil, err
	}
	s := apply(opts)
	return h.run(ctxOf(s), cmd, s, stdout, stderr)
}

// errNilHost is what a method of a nil *Host returns: in the REPL, the
// Host of a Dial that failed.
var errNilHost = errors.New("ssh: no connection (nil *ssh.Host: did Dial fail?)")

var safeArg = lazyre.New(`^[A-Za-z0-9_@%+=:,./-]+$`)

// Quote quotes each argument for a POSIX shell and joins them with spaces:
// Quote("printf", "%s\n", "a b") is `printf '%s\n' 'a b'`.
func Quote(args ...string) string {
	q := make([]string, len(args))
	for i, a := range args {
		switch {
		case a == "":
			q[i] = "''"
		case safeArg.MatchString(a):
			q[i] = a
		default:
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

// command applies Env and Sudo to cmd.
func command(cmd string, s settings) string {
	if len(s.env) > 0 {
		names := make([]string, 0, len(s.env))
		for n := range s.env {
			names = append(names, n)
		}
		sort.Strings(names)
		var pre []string
		for _, n := range names {
			pre = append(pre, "export "+n+"="+Quote(s.env[n])+";")
		}
		cmd = strings.Join(pre, " ") + " " + cmd
	}
	if s.sudo {
		argv := []string{"sudo", "-n"}
		if s.sudoUser != "" {
			argv = append(argv, "-u", s.sudoUser)
		}
		cmd = Quote(argv...) + " -- sh -c " + Quote(cmd)
	}
	return cmd
}

func (h *Host) run(ctx context.Context, cmd string, s settings, stdout, stderr io.Writer) (*Result, error) {
	if h == nil {
		return nil, errNilHost
	}
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	full := command(cmd, s)
	r := &Result{Host: h.Name, Command: cmd, ExitCode: -1}
	sess, release, err := h.session(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	defer sess.Close()

	var outBuf, errBuf bytes.Buffer
	if stdout == nil {
		stdout, stderr = &outBuf, &errBuf
	}
	sess.Stdout, sess.Stderr = stdout, stderr
	if s.stdin != nil {
		sess.Stdin = s.stdin
	}
	start := time.Now()
	if err := sess.Start(full); err != nil {
		return nil, fmt.Errorf("ssh %s: start %q: %w", h.Name, cmd, err)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	var interrupted error
	select {
	case err = <-done:
	case <-ctx.Done():
		interrupted = ctx.Err()
		// Like Ctrl-C in a terminal: SIGINT to the remote process group,
		// then, if it is still running a second later, close the session
		// (sshd then hangs up on it).
		sess.Signal(xssh.SIGINT)
		select {
		case err = <-done:
		case <-time.After(time.Second):
			sess.Close()
			select {
			case err = <-done:
			case <-time.After(2 * time.Second):
			}
		}
	}
	r.Duration = time.Since(start)
	r.Stdout, r.Stderr = outBuf.String(), errBuf.String()

	var ee *xssh.ExitError
	switch {
	case err == nil:
		r.ExitCode = 0
	case errors.As(err, &ee):
		r.ExitCode = ee.ExitStatus()
		if ee.Signal() != "" {
			r.Signal = ee.Signal()
			r.ExitCode = -1
		}
	case interrupted == nil:
		var missing *xssh.ExitMissingError
		if errors.As(err, &missing) {
			return r, fmt.Errorf("ssh %s: %s: connection lost before the command exited", h.Name, cmd)
		}
		return r, fmt.Errorf("ssh %s: %s: %w", h.Name, cmd, err)
	}
	if interrupted != nil {
		if s.timeout > 0 && errors.Is(interrupted, context.DeadlineExceeded) {
			return r, fmt.Errorf("ssh %s: %s: timed out after %v: %w", h.Name, cmd, s.timeout, interrupted)
		}
		return r, fmt.Errorf("ssh %s: %s: stopped: %w", h.Name, cmd, interrupted)
	}
	if !r.OK() {
		e := &ExitError{Result: r}
		if s.sudo && strings.Contains(r.Stderr, "sudo: a password is required") {
			e.Hint = "sudo wants a password for " + h.User + " here; ssh.Sudo() never types one: allow the command with NOPASSWD in sudoers, or log in as root"
		} else if s.sudo && r.ExitCode == 127 && strings.Contains(r.Stderr, "sudo") {
			e.Hint = "sudo is not installed on " + h.Name
		}
		return r, e
	}
	return r, nil
}
