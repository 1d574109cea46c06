package sys

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/readonly"
)

// Interactive runs a program that needs the terminal (an editor, a pager,
// top, a password prompt) the way a shell runs it: its standard input,
// output and errors are the controlling terminal, its process group is
// the terminal's foreground group, so the keys, Ctrl-C included, go to it,
// and the terminal's modes are restored when it ends. The options of Run
// apply (Dir, Env); Stdin, Stdout and Stream do not.
//
//	sys.Interactive("vim", "/etc/app.conf")
//	sys.Interactive("less", "+F", "/var/log/syslog")
//
// A non-zero exit is an *ExitError. Where there is no terminal (a script
// run from cron, a notebook) it fails at once, saying so.
func Interactive(name string, args ...any) error {
	return InteractiveContext(cell.Context(), name, args...)
}

// InteractiveContext is Interactive with an explicit context: when ctx is
// done the program is stopped (its process group gets SIGTERM).
func InteractiveContext(ctx context.Context, name string, args ...any) error {
	argv, cfg, err := parseArgs(name, args)
	if err != nil {
		return err
	}
	if err := readonly.Command("runs a program", "sys.Interactive", argv); err != nil {
		return err
	}
	if cfg.stdin != nil || cfg.stdout != nil || cfg.stream {
		return fmt.Errorf("interactive %s: the program has the terminal: Stdin, Stdout and Stream do not apply", CommandLine(argv))
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("interactive %s: no terminal to give it (%v); Try: sys.Run for programs that do not need one", CommandLine(argv), err)
	}
	defer tty.Close()
	fd := int(tty.Fd())
	saved, err := term.GetState(fd)
	if err != nil {
		return fmt.Errorf("interactive %s: %w", CommandLine(argv), err)
	}
	// The group in the foreground now (opsh's terminal front-end, which
	// may be another process than this one) gets the terminal back, in
	// the modes it had.
	fg, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP)
	if err != nil {
		fg = unix.Getpgrp()
	}
	defer giveBack(fd, fg, saved)

	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = cfg.dir
	if len(cfg.env) > 0 {
		cmd.Env = append(cmd.Environ(), cfg.env...)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Foreground: true, Ctty: fd}
	if err := cmd.Start(); err != nil {
		return startError(argv, err)
	}
	stop := context.AfterFunc(ctx, func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) })
	err = cmd.Wait()
	stop()
	if ctx.Err() != nil {
		return &runError{"interactive " + CommandLine(argv) + ": interrupted", ctx.Err()}
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		e := &ExitError{Cmd: argv, Code: ee.ExitCode()}
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			e.Signal = ws.Signal().String()
		}
		return e
	}
	if err != nil {
		return fmt.Errorf("interactive %s: %w", CommandLine(argv), err)
	}
	return nil
}

// giveBack restores the terminal's modes and makes pgrp its foreground
// group again. This process is in the background by then, and a
// background group that changes the terminal gets SIGTTOU: it is ignored
// for the moment of the calls.
func giveBack(fd, pgrp int, modes *term.State) {
	signal.Ignore(syscall.SIGTTOU)
	defer signal.Reset(syscall.SIGTTOU)
	term.Restore(fd, modes)
	unix.IoctlSetPointerInt(fd, unix.TIOCSPGRP, pgrp)
}
