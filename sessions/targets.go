package sessions

import "github.com/opsh/opsh/internal/cell"

// Targets are the targets the transcript records (facts "target KIND
// NAME: ID (DETAIL)", see cell.Target.Fact), in the order they were first
// reached. A transcript written before targets were recorded has none.
func (t *Transcript) Targets() []cell.Target {
	var out []cell.Target
	for _, f := range t.Facts {
		if tg, ok := cell.TargetOfFact(f.Key, f.Value); ok {
			out = append(out, tg)
		}
	}
	return out
}

// CommandKey is the key of the fact that records a meta-command that
// changes what later cells see: "- command: :reset" or "- command: :load
// FILE". A replay redoes it at the same place.
const CommandKey = "command"

// Command is a recorded meta-command (:reset, :load FILE).
type Command struct {
	Text  string // as typed: ":reset", ":load runbook.md"
	Line  int
	After int // how many cells precede it
}

// Commands are the meta-commands the transcript records, in order.
func (t *Transcript) Commands() []Command {
	var out []Command
	for _, f := range t.Facts {
		if f.Key == CommandKey {
			out = append(out, Command{Text: f.Value, Line: f.Line, After: f.After})
		}
	}
	return out
}
