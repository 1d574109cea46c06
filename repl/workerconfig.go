package repl

import "github.com/opsh/opsh/engine"

// WorkerConfig is what the session's worker is told of the session (at
// its start, and by the Call "configure"): the parameters, the command
// line, the read-only policy and the targets a replay checks.
func (c Config) WorkerConfig() engine.Config {
	return engine.Config{Params: c.Params, Args: c.Args, ReadOnly: c.ReadOnly, AllowCommands: c.AllowCommands, Targets: c.Targets}
}
