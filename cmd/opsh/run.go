package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/opsh/opsh/internal/lockfile"
	"github.com/opsh/opsh/repl"
	"github.com/opsh/opsh/sessions"
)

// targetList is the repeatable, comma-separated --allow-target flag.
type targetList []string

func (l *targetList) String() string { return strings.Join(*l, ",") }

func (l *targetList) Set(v string) error {
	for _, t := range strings.Split(v, ",") {
		if kind, id, ok := strings.Cut(t, ":"); !ok || kind == "" || id == "" {
			return fmt.Errorf("want KIND:ID (aws:222233334444, ssh:SHA256:…), got %q", t)
		}
		*l = append(*l, t)
	}
	return nil
}

// params is the repeatable -p name=value flag.
type params map[string]string

func (p params) String() string { return "" }

func (p params) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("want name=value, got %q", v)
	}
	p[name] = value
	return nil
}

const runUsage = `Usage: opsh run [flags] FILE [--PARAM VALUE]... [-- ARGS...]

Replays a transcript, a Go script or a notebook: runs its cells in order,
printing as the REPL would, and stops at the first failing cell.
Exit status: 0 all passed, 1 a cell failed or its output changed, 2 bad usage
or an unreadable file, 75 another run holds the lock.

A file's parameters, param("host", "web-1", "the host to check") in a cell,
are given after it as --host web-2, --host=web-2, --dry-run (a bool) or
-p host=web-2; opsh run FILE --help lists them. Arguments after -- are the
script's os.Args[1:].

A transcript records the targets its session reached (SSH host keys, Docker
engines, AWS accounts, HTTP origins); a replay that reaches another stops
before the call, unless a -p parameter changed it or --allow-target names it.

Examples:
  opsh run incident-42.md -p host=web-2
  opsh run check-disk.md --host web-2 --dry-run -- /var /home
  opsh run --check smoke.md          # compare outputs with the recorded ones
  opsh run --update smoke.md         # rewrite the recorded outputs
  opsh run -q --lock backup nightly.md   # from cron: no echoed values, one run at a time
  opsh run --allow-target aws:222233334444 runbook.md   # recorded against another account: go on
  opsh run --read-only --allow-command uptime,df incident-42.md   # look, change nothing

Flags:
`

// runFile is `opsh run`.
func runFile(ctx context.Context, args []string, std stdio, getenv func(string) string) int {
	std = journaled(std, getenv)
	o, code := parseRun(args, std)
	if o == nil {
		return code
	}
	getenv = o.readOnly.env(getenv)
	lock, err := runLock(o)
	if err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitUsage
	}
	if o.help {
		scriptHelp(std.out, o, lock)
		return exitOK
	}
	file, data, t, ps := o.file, o.data, o.t, o.values
	if code := preflight(t, data, preflightOptions{update: o.update, requireSigned: o.requireSigned, allowed: o.allowed}, std, getenv); code != exitOK {
		return code
	}
	if o.check && o.update {
		fmt.Fprintln(std.err, "opsh run: --check and --update exclude each other: check first, then update")
		return exitUsage
	}
	if (o.check || o.update) && t.Kind == sessions.KindScript {
		fmt.Fprintf(std.err, "opsh run: %s is a Go script: it has no recorded outputs to check or update (record it: opsh run --record, or :save FILE.md)\n", file)
		return exitUsage
	}
	if lock != "" {
		release, err := holdLock(lock, file, getenv)
		if err != nil {
			fmt.Fprintln(std.err, "opsh run:", err)
			if errors.Is(err, lockfile.ErrLocked) {
				return exitTempFail
			}
			return exitFailed
		}
		defer release()
	}
	cfg := repl.Config{Reader: noInput{}, Params: ps, Quiet: o.Quiet, Targets: repl.TargetCheck(t, ps, o.allowTargets)}
	cfg.Args = append([]string{file}, o.scriptArgs...)
	s, closeSession, err := open(cfg, o.record, std, getenv)
	if err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitFailed
	}
	defer closeSession()
	rep := s.Replay(ctx, t, repl.ReplayOptions{File: file, Check: o.check, KeepGoing: o.keepGoing, Values: ps, Diag: onceErrors(std.err)})
	awaitTermination()
	if o.update {
		n, err := sessions.UpdateOutputsCount(file, rep.Outputs)
		if err != nil {
			fmt.Fprintln(std.err, "opsh run:", err)
			return exitFailed
		}
		fmt.Fprintf(std.err, "opsh run: updated the outputs of %d of %d cells in %s\n", n, len(rep.Outputs), file)
	}
	if rep.Exit != nil && rep.Exit.Code != 0 {
		return rep.Exit.Code
	}
	if o.check && len(rep.Targets) > 0 {
		fmt.Fprintln(std.err, "opsh run: targets that differ from the recorded ones:")
		for _, d := range rep.Targets {
			fmt.Fprintln(std.err, "  "+d)
		}
	}
	if rep.Failed > 0 || (o.check && rep.Mismatched > 0) {
		if o.check || o.keepGoing {
			fmt.Fprintf(std.err, "opsh run: %d cells ran, %d failed, %d differ\n", rep.Ran, rep.Failed, rep.Mismatched)
		}
		return exitFailed
	}
	return exitOK
}

// parseInterspersed parses flags that may come after positional arguments
// (opsh sessions export ID --to md).
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(positional)
}

// noInput is the line reader of a replay: cells come from the file.
type noInput struct{}

func (noInput) ReadLine(string) (string, error) { return "", errors.New("no input in a replay") }
