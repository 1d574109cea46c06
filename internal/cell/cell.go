// Package cell carries what the REPL knows about the cell that is running to
// the builtins: its context, cancelled when the user presses Ctrl-C, and the
// writers its output goes to.
//
// The builtins' APIs read well at the call site (h.Run("uptime"), no context
// argument), so they take the running cell's context from here. Used as an
// ordinary Go library, outside opsh, Context is context.Background and the
// writers are os.Stdout and os.Stderr; every builtin also offers a way to pass
// a context explicitly where that matters.
package cell

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"sync/atomic"
)

// State is what a running cell exposes to the builtins.
type State struct {
	Ctx    context.Context
	Stdout io.Writer
	Stderr io.Writer
	// Terminal reports whether Stdout is an interactive terminal, where
	// progress bars may redraw a line in place.
	Terminal bool
	// Fact receives facts a builtin learns about the session's context
	// (the AWS account and region in use), for :session and the
	// transcript. Nil outside opsh.
	Fact func(key, value string)
	// Reach is told each target a builtin reaches (see Reach); an error
	// refuses it. Nil outside opsh.
	Reach func(Target) error
	// Leaving registers a builtin that may leave what it did when
	// interrupted, and returns how it leaves it (see Leaving). Nil outside
	// opsh.
	Leaving func() (leave func(v any))
	// UnmarshalJSON decodes JSON into a value of the session, as the
	// session's json.Unmarshal does (see UnmarshalJSON). Nil outside opsh.
	UnmarshalJSON func(data []byte, v any) error
}

var current atomic.Pointer[State]

// Set makes s the state of the running cell and returns the previous one, so
// a caller can restore it. Only the REPL calls Set.
func Set(s *State) (previous *State) { return current.Swap(s) }

func state() *State {
	if s := current.Load(); s != nil {
		return s
	}
	return &State{Ctx: context.Background(), Stdout: os.Stdout, Stderr: os.Stderr}
}

// UnmarshalJSON decodes data into v as the session's json.Unmarshal does:
// the interpreter's structs are not the compiler's (an embedded struct's
// fields, unexported fields), and a builtin that decodes into the user's
// value (web's Response.Decode) has to fill them as Go would. Outside opsh
// it is json.Unmarshal.
func UnmarshalJSON(data []byte, v any) error {
	if f := state().UnmarshalJSON; f != nil {
		return f(data, v)
	}
	return json.Unmarshal(data, v)
}

// Context returns the running cell's context: done when the cell is
// interrupted. Outside opsh it is context.Background().
func Context() context.Context {
	if ctx := state().Ctx; ctx != nil {
		return ctx
	}
	return context.Background()
}

// Stdout is where a builtin writes output the user asked for as it arrives
// (a followed log, a streamed remote command).
func Stdout() io.Writer { return state().Stdout }

// Stderr is where a builtin writes progress and warnings.
func Stderr() io.Writer { return state().Stderr }

// Terminal reports whether output goes to an interactive terminal.
func Terminal() bool { return state().Terminal }

// Fact tells the REPL a fact about the session's context, such as the AWS
// account, region and endpoint a session uses, so that :session shows it
// and the transcript records it. Outside opsh it does nothing.
func Fact(key, value string) {
	if f := state().Fact; f != nil {
		f(key, value)
	}
}

// Leaving is called by a builtin, as it starts, that can leave the session
// what it had done when the cell is interrupted (the rows of the hosts a
// fleet run had finished). It returns the function to call, once, as the
// builtin returns: with that value when interrupted, else with nil. The
// interrupted cell has no value, but the session binds the one left to _
// so that nothing finished is lost. Outside opsh the function does nothing.
func Leaving() (leave func(v any)) {
	if f := state().Leaving; f != nil {
		return f()
	}
	return func(any) {}
}
