package main

import (
	"flag"
	"strings"

	"github.com/opsh/opsh/internal/readonly"
	"github.com/opsh/opsh/repl"
)

// Environment variables of a read-only session: OPSH_READ_ONLY=1 makes
// every session of the process read-only (as --read-only), and
// OPSH_ALLOW_COMMANDS names the programs that may run anyway, separated
// by commas (as --allow-command).
const (
	envReadOnly      = "OPSH_READ_ONLY"
	envAllowCommands = "OPSH_ALLOW_COMMANDS"
)

// readOnlyFlags are --read-only and --allow-command.
type readOnlyFlags struct {
	on    bool
	allow string
}

// bind adds the flags to fs.
func (f *readOnlyFlags) bind(fs *flag.FlagSet) {
	fs.BoolVar(&f.on, "read-only", false, "refuse every call that changes something (writes, deletes, non-GET requests, commands): look, change nothing")
	fs.StringVar(&f.allow, "allow-command", "", "with --read-only, the `PROGRAMS` (comma-separated: uptime,df,journalctl) that may run, matched on a command's first argument")
}

// env returns getenv with the flags' policy in the read-only variables,
// so that every session the command opens obeys it.
func (f *readOnlyFlags) env(getenv func(string) string) func(string) string {
	if !f.on {
		return getenv
	}
	return func(name string) string {
		switch name {
		case envReadOnly:
			return "1"
		case envAllowCommands:
			return strings.Join(append(readonly.ParseAllow(getenv(envAllowCommands)), readonly.ParseAllow(f.allow)...), ",")
		}
		return getenv(name)
	}
}

// applyReadOnly sets cfg's read-only policy from the environment (see
// envReadOnly); a policy already on stays on.
func applyReadOnly(cfg *repl.Config, getenv func(string) string) {
	if v := getenv(envReadOnly); v != "" && v != "0" {
		cfg.ReadOnly = true
	}
	if cfg.ReadOnly {
		cfg.AllowCommands = append(cfg.AllowCommands, readonly.ParseAllow(getenv(envAllowCommands))...)
	}
}

// readOnlyLine is what an interactive session says of its read-only
// policy as it starts, "" when it has none.
func readOnlyLine(getenv func(string) string) string {
	var cfg repl.Config
	applyReadOnly(&cfg, getenv)
	if !cfg.ReadOnly {
		return ""
	}
	line := "read-only: calls that change something are refused"
	if len(cfg.AllowCommands) > 0 {
		line += "; commands allowed: " + strings.Join(cfg.AllowCommands, ", ")
	}
	return line
}
