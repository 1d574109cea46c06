package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/opsh/opsh/builtins/all"
	"github.com/opsh/opsh/history"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/internal/version"
	"github.com/opsh/opsh/repl"
	"github.com/opsh/opsh/wire"
)

// stdio is the process's standard streams.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// Exit codes: 0 all passed, 1 a cell failed, 2 bad usage or unreadable input.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
	// exitInterrupted is a script stopped by Ctrl-C (SIGINT), as shells say.
	exitInterrupted = 130
	usageHeader     = `opsh — an interactive Go shell for operations work

Usage:
  opsh                          interactive session, recorded (unless --no-record); piped input runs as a script
  opsh -e 'EXPR'                evaluate, print, exit (1 if the cell fails); --record keeps a transcript
  opsh run FILE [-p k=v]...     replay a transcript, Go script or notebook (--check, --update,
                                --keep-going, --record; opsh run --help)
  opsh sessions                 list recorded sessions (show, export, verify, sign; opsh sessions --help)
  opsh kernel install           make opsh a Jupyter kernel (opsh kernel --help)
  opsh --version                print the version

Examples:
  opsh -e 'strings.ToUpper("hello")'
  opsh -e 'sys.Run("uname", "-a")'
  echo 'x := 40; x + 2' | opsh
  opsh run --check incident-42.md -p host=web-2

In the REPL, :help lists the preloaded builtins and the commands.
Sessions are kept in $OPSH_HOME (default $XDG_STATE_HOME/opsh, else ~/.local/state/opsh).
`
)

func run(ctx context.Context, args []string, std stdio, getenv func(string) string) int {
	fs := flag.NewFlagSet("opsh", flag.ContinueOnError)
	fs.SetOutput(std.err)
	expr := fs.String("e", "", "evaluate `EXPR`, print its value, exit")
	showVersion := fs.Bool("version", false, "print the version")
	recordEval := fs.Bool("record", false, "with -e: record the cell as a session")
	noRecord := fs.Bool("no-record", false, "do not record this session (interactive or piped)")
	var ro readOnlyFlags
	ro.bind(fs)
	fs.Usage = func() {
		fmt.Fprint(std.err, usageHeader)
		fmt.Fprintln(std.err, "\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	getenv = ro.env(getenv)
	if *showVersion {
		fmt.Fprintln(std.out, "opsh", version.Version)
		return exitOK
	}
	if fs.NArg() > 0 {
		switch fs.Arg(0) {
		case "run":
			return runFile(ctx, fs.Args()[1:], std, getenv)
		case "sessions":
			return sessionsCmd(fs.Args()[1:], std, getenv)
		case "kernel":
			return kernelCmd(ctx, fs.Args()[1:], std, getenv)
		case workerCommand:
			return workerMain(ctx, getenv)
		}
		fmt.Fprintf(std.err, "opsh: unknown command %q (opsh --help)\n", fs.Arg(0))
		return exitUsage
	}
	if *expr != "" {
		return evalExpr(ctx, *expr, *recordEval, std, getenv)
	}
	if f, ok := std.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return interactive(ctx, !*noRecord, std, getenv)
	}
	return script(ctx, std.in, !*noRecord, journaled(std, getenv), getenv)
}

// stateDir is where history and sessions live: $OPSH_HOME, else
// $XDG_STATE_HOME/opsh, else ~/.local/state/opsh.
func stateDir(getenv func(string) string) string {
	if d := getenv("OPSH_HOME"); d != "" {
		return d
	}
	if d := getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "opsh")
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".local", "state", "opsh")
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newSession makes a REPL session writing to std, with its worker
// process; stop ends the worker as the process exits.
func newSession(cfg repl.Config, std stdio, getenv func(string) string) (s *repl.Session, stop func(), err error) {
	cfg.Stdout, cfg.Stderr = std.out, std.err
	cfg.Terminal = cfg.Interactive || isTerminal(std.out)
	cfg.Theme = repl.ThemeFor(cfg.Terminal, getenv)
	cfg.BuiltinNames = all.Names()
	cfg.Shell = getenv("SHELL")
	applyReadOnly(&cfg, getenv)
	// What a cell's goroutines print after it ended reaches the session.
	var session atomic.Pointer[repl.Session]
	client, err := startWorker(getenv, cfg.WorkerConfig(), func(ev wire.Event) {
		if s := session.Load(); s != nil {
			s.Stray(ev)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	cfg.Backend = client
	s, err = repl.New(cfg)
	if err != nil {
		_ = client.Shutdown(context.Background())
		return nil, nil, err
	}
	session.Store(s)
	// stop runs on the way out of the process: the worker is told to
	// stop, and exits on its own.
	return s, func() { _ = client.Close(context.Background()) }, nil
}

// terminating is set when SIGTERM or SIGHUP arrived: the cell they
// interrupt must not end the process with its own status first (see
// awaitTermination).
var terminating atomic.Bool

// awaitTermination blocks, once a SIGTERM or SIGHUP arrived, until the
// signal's handler has ended the transcript and exited with 128+n.
func awaitTermination() {
	if terminating.Load() {
		select {}
	}
}

// signals cancels the running cell on SIGINT, until stop is called. On
// SIGTERM or SIGHUP (a closed terminal, a stopped service) it cancels the
// cell, runs final (the transcript's footer, the terminal's restore) and
// exits with 128 + the signal's number, as shells do.
func signals(s *repl.Session, final ...func()) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-ch:
				if sig != os.Interrupt {
					terminating.Store(true)
				}
				s.Interrupt()
				if sig == os.Interrupt {
					continue
				}
				finished := make(chan struct{})
				go func() {
					for _, f := range final {
						f()
					}
					close(finished)
				}()
				select {
				case <-finished:
				case <-time.After(2 * time.Second): // never hang on the way out
				}
				os.Exit(128 + int(sig.(syscall.Signal)))
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

func evalExpr(ctx context.Context, expr string, recordIt bool, std stdio, getenv func(string) string) int {
	s, closeSession, err := open(repl.Config{Reader: lineReader{bufio.NewScanner(strings.NewReader(""))}}, recordIt, std, getenv)
	if err != nil {
		fmt.Fprintln(std.err, "opsh:", err)
		return exitFailed
	}
	defer closeSession()
	r := s.Do(ctx, expr)
	var exit *repl.ExitError
	if errors.As(r.Err, &exit) {
		awaitTermination()
		return exit.Code
	}
	deferErr := s.RunDeferred(ctx)
	awaitTermination()
	if r.Failed || deferErr != nil {
		return exitFailed
	}
	return exitOK
}

// open starts a session, recorded when recordIt, whose running cell SIGINT
// cancels (see signals; onExit runs too if a signal ends the process);
// closeSession writes the transcript's footer and unhooks the signals.
func open(cfg repl.Config, recordIt bool, std stdio, getenv func(string) string, onExit ...func()) (s *repl.Session, closeSession func(), err error) {
	stopRecording := func() {}
	if recordIt {
		stopRecording = record(&cfg, std, getenv)
	}
	s, stopWorker, err := newSession(cfg, std, getenv)
	if err != nil {
		stopRecording()
		return nil, nil, err
	}
	unhook := signals(s, append([]func(){stopRecording, stopWorker}, onExit...)...)
	return s, func() { unhook(); stopRecording(); stopWorker() }, nil
}

// script runs piped input: no prompts, stop at the first failing cell.
func script(ctx context.Context, in io.Reader, recordIt bool, std stdio, getenv func(string) string) int {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	s, closeSession, err := open(repl.Config{Reader: lineReader{sc}}, recordIt, std, getenv)
	if err != nil {
		fmt.Fprintln(std.err, "opsh:", err)
		return exitFailed
	}
	defer closeSession()
	err = s.Run(ctx)
	awaitTermination()
	if err != nil {
		var exit *repl.ExitError
		if errors.As(err, &exit) {
			return exit.Code
		}
		var ce *repl.CellError
		if errors.As(err, &ce) {
			fmt.Fprintf(std.err, "opsh: stopped at line %d (cell %d)\n", ce.Line, ce.Cell)
			if errors.Is(ce.Err, repl.ErrInterrupted) {
				return exitInterrupted
			}
			return exitFailed
		}
		fmt.Fprintln(std.err, "opsh:", err)
		return exitUsage
	}
	return exitOK
}

// lineReader reads lines from a scanner, for scripts.
type lineReader struct{ sc *bufio.Scanner }

func (r lineReader) ReadLine(string) (string, error) {
	if r.sc.Scan() {
		return r.sc.Text(), nil
	}
	if err := r.sc.Err(); err != nil {
		return "", err
	}
	return "", io.EOF
}

// recordingLine says, under the banner, where the session is recorded.
func recordingLine(path string, getenv func(string) string) string {
	if path == "" {
		return "not recording (--no-record)"
	}
	return "recording to " + homePath(path, getenv)
}

// recordedLine says, on exit, where the session was recorded.
func recordedLine(path string, getenv func(string) string) string {
	if path == "" {
		return "this session was not recorded"
	}
	if _, err := os.Stat(path); err != nil {
		return "nothing to record: no cell was run"
	}
	return "session recorded in " + homePath(path, getenv)
}

// homePath writes a path under the home folder as ~/….
func homePath(path string, getenv func(string) string) string {
	home := getenv("HOME")
	if rest, ok := strings.CutPrefix(path, home+string(filepath.Separator)); ok && home != "" {
		return "~" + string(filepath.Separator) + rest
	}
	return path
}

func interactive(ctx context.Context, recordIt bool, std stdio, getenv func(string) string) int {
	dir := stateDir(getenv)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		fmt.Fprintln(std.err, "opsh:", err)
		return exitFailed
	}
	hist := history.New(filepath.Join(dir, "history"))
	hist.Secret = redact.Contains
	term, err := newTerminal(std)
	if err != nil {
		fmt.Fprintln(std.err, "opsh:", err)
		return exitFailed
	}
	defer term.Close()
	if _, err := hist.LoadInto(editorSaver{term.rl}); err != nil {
		fmt.Fprintln(std.err, "opsh:", err)
	}
	// Output goes through the editor, so that what a goroutine prints
	// while the prompt is shown lands above the prompt, not inside it.
	edited := stdio{in: std.in, out: term.output(std.out, term.rl.Stdout()), err: term.output(std.err, term.rl.Stderr())}
	s, closeSession, err := open(repl.Config{Reader: term, History: term.historyTo(hist), Interactive: true}, recordIt, edited, getenv, func() { term.Close() })
	if err != nil {
		fmt.Fprintln(std.err, "opsh:", err)
		return exitFailed
	}
	defer closeSession()
	term.candidates, term.theme = s.Candidates, s.Theme()
	restore := redact.SetPrompter(term.readPassword)
	defer redact.SetPrompter(restore)
	fmt.Fprintln(std.out, s.Theme().Dim(fmt.Sprintf("opsh %s · :help for help · Ctrl-D to exit", version.Version)))
	fmt.Fprintln(std.out, s.Theme().Dim(recordingLine(s.TranscriptPath(), getenv)))
	if line := readOnlyLine(getenv); line != "" {
		fmt.Fprintln(std.out, s.Theme().Dim(line))
	}
	err = s.Run(ctx)
	awaitTermination()
	fmt.Fprintln(std.out, s.Theme().Dim(recordedLine(s.TranscriptPath(), getenv)))
	if err != nil {
		fmt.Fprintln(std.err, "opsh:", err)
		return exitFailed
	}
	return exitOK
}
