package repl

import (
	"fmt"
	"io"

	"github.com/opsh/opsh/wire"
)

// Stray shows what the worker sent outside any cell: what a cell's
// goroutines print after it ended. It is not part of a cell's output.
func (s *Session) Stray(ev wire.Event) {
	switch e := ev.(type) {
	case *wire.Stream:
		w := s.cfg.Stdout
		if e.Name == wire.StderrName {
			w = s.cfg.Stderr
		}
		_, _ = io.WriteString(w, e.Text)
	case *wire.Display:
		if e.Metadata["kind"] != "fact" {
			fmt.Fprintln(s.cfg.Stderr, s.cfg.Theme.Dim(e.Data["text/plain"]))
		}
	}
}
