package jupyter

import "context"

// Backend is what evaluates cells for the kernel: today the in-process
// REPL (NewREPLBackend), tomorrow a worker process. The kernel owns the
// protocol, the execution count and the history; a Backend knows nothing of
// ZeroMQ or Jupyter messages.
//
// The kernel calls Execute, Complete, Inspect and IsComplete from one
// goroutine, one call at a time; Interrupt may come from another goroutine
// while Execute runs.
type Backend interface {
	// Execute runs one cell. It calls emit for each output as it happens
	// (Stream, Display, Result), in order, from any goroutine but never
	// concurrently, and returns how the cell ended. It returns once the
	// cell has finished or has been interrupted.
	Execute(ctx context.Context, req ExecuteRequest, emit func(Event)) ExecuteResult
	// Complete lists the completions of the word before cursor (a byte
	// offset in code) and the byte range [start, end) of code they replace.
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect describes the name at cursor: its documentation, or the type
	// and value of a variable. detail 0 is the short form, 1 more. found
	// is false when there is nothing to say.
	Inspect(code string, cursor, detail int) (data MIMEBundle, found bool)
	// IsComplete says whether code can run as it is: "complete",
	// "incomplete" (with the indent of the next line) or "invalid".
	IsComplete(code string) (status, indent string)
	// Interrupt stops the running cell, if any; that Execute then returns
	// an error result.
	Interrupt()
	// Shutdown ends the backend; restart says the kernel will be started
	// again (Jupyter's restart), so state that outlives a run may be kept.
	Shutdown(restart bool) error
}

// ExecuteRequest is one cell to run.
type ExecuteRequest struct {
	Code string
	// Count is the execution count the cell gets: the N of `_N` and the
	// transcript's cell number.
	Count int
	// Silent cells show nothing and are not recorded.
	Silent bool
	// Input asks the user for a line of input (a secret prompt asks with
	// password set, and the answer is not echoed). It is nil when the
	// front-end cannot answer input requests (allow_stdin false); a cell
	// asking then fails with an error saying so.
	Input func(prompt string, password bool) (string, error)
}

// ExecuteResult is how a cell ended: Err is nil when it succeeded.
type ExecuteResult struct {
	Err *Error
}

// MIMEBundle maps MIME types ("text/plain", "text/html",
// "application/json", "image/png") to the data for each: strings, and for
// application/json any JSON value; image data is base64, as the protocol
// carries it.
type MIMEBundle map[string]any

// Event is one output of a running cell: Stream, Display or Result. How
// the cell ended (an Error) is Execute's result.
type Event interface{ event() }

// Stream is text the cell printed, sent as it happens. Name is "stdout" or
// "stderr".
type Stream struct {
	Name string
	Text string
}

// Display is a value shown during the cell (display_data), in every form
// the backend has for it.
type Display struct {
	Data     MIMEBundle
	Metadata map[string]any
}

// Result is the cell's value (execute_result).
type Result struct {
	Data     MIMEBundle
	Metadata map[string]any
}

// Error is why a cell failed: a name for its kind ("error", "panic",
// "interrupted"), its message, and the lines to show, which name the
// user's own line where one is known.
type Error struct {
	Name      string
	Value     string
	Traceback []string
}

func (Stream) event()  {}
func (Display) event() {}
func (Result) event()  {}
