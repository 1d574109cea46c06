package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/opsh/opsh/repl"
	"github.com/opsh/opsh/sessions"
)

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

const runUsage = `Usage: opsh run [flags] FILE

Replays a transcript, a Go script or a notebook: runs its cells in order,
printing as the REPL would, and stops at the first failing cell.
Exit status: 0 all passed, 1 a cell failed or its output changed, 2 bad usage
or an unreadable file.

Examples:
  opsh run incident-42.md -p host=web-2
  opsh run --check smoke.md          # compare outputs with the recorded ones
  opsh run --update smoke.md         # rewrite the recorded outputs

Flags:
`

// runFile is `opsh run`.
func runFile(ctx context.Context, args []string, std stdio, getenv func(string) string) int {
	fs := flag.NewFlagSet("opsh run", flag.ContinueOnError)
	fs.SetOutput(std.err)
	ps := params{}
	fs.Var(ps, "p", "set parameter `name=value` (repeatable); also gives a redacted value")
	check := fs.Bool("check", false, "compare each cell's output with the recorded one; exit 1 on a difference")
	update := fs.Bool("update", false, "rewrite the recorded outputs with the replay's, in place")
	keepGoing := fs.Bool("keep-going", false, "run every cell and report every failure")
	recordIt := fs.Bool("record", false, "record this replay as a session of its own")
	// Signatures (signing.go).
	requireSigned := fs.Bool("require-signed", false, "refuse a transcript not validly signed by an allowed signer (for cron and CI)")
	allowedPath := fs.String("allowed-signers", "", "allowed signers `FILE` (default $OPSH_ALLOWED_SIGNERS, else allowed_signers in the state folder)")
	fs.Usage = func() { fmt.Fprint(std.err, runUsage); fs.PrintDefaults() }
	if err := parseInterspersed(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitUsage
	}
	t, err := sessions.Parse(file, data)
	if err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitUsage
	}
	if code := preflight(t, data, preflightOptions{update: *update, requireSigned: *requireSigned, allowed: *allowedPath}, std, getenv); code != exitOK {
		return code
	}
	if *check && *update {
		fmt.Fprintln(std.err, "opsh run: --check and --update exclude each other: check first, then update")
		return exitUsage
	}
	if (*check || *update) && t.Kind == sessions.KindScript {
		fmt.Fprintf(std.err, "opsh run: %s is a Go script: it has no recorded outputs to check or update (record it: opsh run --record, or :save FILE.md)\n", file)
		return exitUsage
	}
	if err := sessions.CheckParams(t, ps); err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitUsage
	}
	cfg := repl.Config{Reader: noInput{}, Param: func(name, def string) string {
		if v, ok := ps[name]; ok {
			return v
		}
		return def
	}}
	cfg.Args = []string{file}
	s, closeSession, err := open(cfg, *recordIt, std, getenv)
	if err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitFailed
	}
	defer closeSession()
	rep := s.Replay(ctx, t, repl.ReplayOptions{File: file, Check: *check, KeepGoing: *keepGoing, Values: ps, Diag: std.err})
	if *update {
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
	if rep.Failed > 0 || (*check && rep.Mismatched > 0) {
		if *check || *keepGoing {
			fmt.Fprintf(std.err, "opsh run: %d cells ran, %d failed, %d differ\n", rep.Ran, rep.Failed, rep.Mismatched)
		}
		return exitFailed
	}
	return exitOK
}

// parseInterspersed parses flags that may come after positional arguments
// (opsh run FILE -p k=v).
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
