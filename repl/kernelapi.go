package repl

import (
	"fmt"
	"reflect"
	"strings"
)

// The methods below let another front-end (the Jupyter kernel) drive a
// Session: number its cells, reach a cell's value for richer displays, and
// describe a name without printing.

// SetNextCell numbers the next Go cell n, so that `_N` and the transcript
// follow the front-end's own count (Jupyter's execution_count).
func (s *Session) SetNextCell(n int) { s.ev.cell = n - 1 }

// CellValue is the value of cell n (`_N`), if it has one.
func (s *Session) CellValue(n int) (reflect.Value, bool) {
	name := fmt.Sprintf("_%d", n)
	if !s.ev.globals[name] {
		return reflect.Value{}, false
	}
	v, err := s.ev.quietEval(name)
	return v, err == nil && v.IsValid()
}

// Format shows v as the session shows a cell's value.
func (s *Session) Format(v reflect.Value) string { return s.pretty.Format(v) }

// Describe says what name is, without running calls: for a variable of the
// session its type and value, otherwise its documentation as :doc shows it
// (strings.Split, web.Get, r.Check).
func (s *Session) Describe(name string) (string, bool) {
	if s.ev.globals[name] {
		if v, err := s.ev.quietEval(name); err == nil && v.IsValid() {
			return name + " " + s.pretty.typeString(v.Type()) + "\n" + s.pretty.Format(v), true
		}
	}
	text, ok := s.cfg.Docs.Doc(s.docName(name))
	return strings.TrimRight(text, "\n"), ok
}
