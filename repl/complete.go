package repl

import (
	"context"
	"strings"
)

// Complete returns the completions of the word before pos in line, as
// whole words, and how many bytes of the word are already typed: the
// meta-commands here, Go names (package members, the session's variables
// with their fields and methods, the builtins) from the worker. It never
// runs a call.
func (s *Session) Complete(line string, pos int) ([]string, int) {
	if pos > len(line) {
		pos = len(line)
	}
	before := line[:pos]
	if strings.HasPrefix(before, ":") && !strings.Contains(before, " ") {
		return filterPrefix(s.MetaNames(), before), len(before)
	}
	c, err := s.backend.Complete(context.Background(), line, pos)
	if err != nil || c == nil {
		return nil, 0
	}
	return c.Matches, c.End - c.Start
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
