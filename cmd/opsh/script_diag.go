package main

import (
	"io"
	"sync"

	"github.com/opsh/opsh/internal/lazyre"
)

// failedCell matches the line a replay writes to its diagnostics when a
// cell fails: "FILE:LINE: cell N failed: ERROR", the error possibly on
// several lines.
var failedCell = lazyre.New(`(?s)^([^\n]*:\d+: cell \d+ failed): .*\z`)

// onceErrors passes a replay's diagnostics to w, but for the error of a
// failed cell: the session has shown it already, in the error style, just
// before. "FILE:LINE: cell N failed: ERROR" becomes "FILE:LINE: cell N
// failed", which says where, as a piped script's "stopped at line N" does.
// The replay writes each diagnostic with one write.
func onceErrors(w io.Writer) io.Writer { return &onceErrorsWriter{w: w} }

type onceErrorsWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (o *onceErrorsWriter) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := b
	if m := failedCell.FindSubmatch(b); m != nil {
		out = append(append([]byte(nil), m[1]...), '\n')
	}
	if _, err := o.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}
