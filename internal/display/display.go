// Package display names how a value chooses the way a session shows it:
// a builtin's type with a Display method (a response's status line and
// body, a table of containers) is shown by it instead of being
// pretty-printed. Builtins assert, at compile time, that their types
// implement Displayer; the engine calls it.
package display

// Displayer is implemented by values that choose how the REPL shows them.
type Displayer interface {
	Display() string
}
