package repl

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/opsh/opsh/engine"
)

// Candidate is one completion with its kind and type (see
// engine.Candidate).
type Candidate = engine.Candidate

// Complete returns the completions of the word before pos in line, as
// whole words, and how many bytes of the word are already typed (see
// Candidates).
func (s *Session) Complete(line string, pos int) ([]string, int) {
	cands, typed := s.Candidates(line, pos)
	names := make([]string, len(cands))
	for i, c := range cands {
		names[i] = c.Name
	}
	return names, typed
}

// Candidates returns the completions of the word before pos in line, with
// their kinds and types, and how many bytes of the word are already
// typed: the meta-commands here; from the worker, file paths inside a
// string literal, Go names (package members, the session's variables,
// fields and methods, those of a call's result), the builtins. It never
// runs a call.
func (s *Session) Candidates(line string, pos int) ([]Candidate, int) {
	if pos > len(line) {
		pos = len(line)
	}
	before := line[:pos]
	if strings.HasPrefix(before, ":") && !strings.Contains(before, " ") {
		cmds := s.metaCommands()
		var out []Candidate
		for _, n := range filterPrefix(s.MetaNames(), before) {
			out = append(out, Candidate{Name: n, Kind: "command", Type: cmds[n[1:]].Help})
		}
		return out, len(before)
	}
	args, _ := json.Marshal(engine.CandidatesRequest{Code: line, Cursor: pos})
	if err := s.configure(context.Background()); err == nil {
		if b, err := s.backend.Call(context.Background(), engine.CallCandidates, args); err == nil {
			var c engine.Candidates
			if json.Unmarshal(b, &c) == nil {
				return c.Items, c.End - c.Start
			}
		}
	}
	// A worker that does not know the call: names without kinds.
	c, err := s.backend.Complete(context.Background(), line, pos)
	if err != nil || c == nil {
		return nil, 0
	}
	out := make([]Candidate, len(c.Matches))
	for i, m := range c.Matches {
		out[i] = Candidate{Name: m}
	}
	return out, c.End - c.Start
}

func filterPrefix(names []string, prefix string) []string {
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}
