package repl

import "github.com/opsh/opsh/engine"

// WorkerConfig is what the session's worker is told of the session (at
// its start, and by the Call "configure"): the parameters, the command
// line, the read-only policy, the targets a replay checks, and whether it
// runs a script.
func (c Config) WorkerConfig() engine.Config {
	return engine.Config{Params: c.Params, Args: c.Args, ReadOnly: c.ReadOnly, AllowCommands: c.AllowCommands, Targets: c.Targets, Script: !c.Interactive}
}
