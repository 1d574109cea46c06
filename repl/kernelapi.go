package repl

import (
	"strings"

	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/wire"
)

// The methods below let another front-end (the Jupyter kernel) drive a
// Session: number its cells, reach the richer forms of a cell's value, and
// describe a name without printing.

// SetNextCell numbers the next Go cell n, so that `_N` and the transcript
// follow the front-end's own count (Jupyter's execution_count).
func (s *Session) SetNextCell(n int) { s.cell = n - 1 }

// LastResult is the value the last cell that showed one showed, in every
// form the worker sent (plain text, HTML, JSON), or nil.
func (s *Session) LastResult() *wire.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// Describe says what name is, without running calls: for a variable of the
// session its type, value and methods, otherwise its documentation as :doc
// shows it (strings.Split, web.Get, r.Check).
func (s *Session) Describe(name string) (string, bool) {
	var text string
	if err := s.call(engine.CallDescribe, name, &text); err == nil && text != "" {
		return text, true
	}
	doc, ok := s.cfg.Docs.Doc(s.docName(name))
	return strings.TrimRight(doc, "\n"), ok
}
