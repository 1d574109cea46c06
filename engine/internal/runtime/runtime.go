// Package runtime holds the session's runtime.TypeAssertionError: what a
// failed type assertion of the interpreter's panics with, recovered, as
// Go's does (%T of it is *runtime.TypeAssertionError, it is a
// runtime.Error). It takes the place of package runtime's type in the
// session's symbol tables, under the same name, so that the session's
// r.(*runtime.TypeAssertionError) finds it. The other run-time errors
// recovered are of the types Go's runtime gives them, under their names
// (NewError).
package runtime

import "strings"

// A TypeAssertionError is a failed type assertion, in Go's words
// ("interface conversion: interface {} is string, not int").
type TypeAssertionError struct {
	msg string
}

// NewTypeAssertionError is the error whose message is msg.
func NewTypeAssertionError(msg string) *TypeAssertionError { return &TypeAssertionError{msg} }

// RuntimeError marks the error a runtime.Error.
func (*TypeAssertionError) RuntimeError() {}

func (e *TypeAssertionError) Error() string { return e.msg }

// NewError is the run-time error of Go's whose message is msg, of the
// type Go's runtime gives it, so that %T of it recovered names Go's:
// runtime.boundsError for an index or a slice's bounds out of range,
// runtime.errorString for the others (a nil pointer followed, an integer
// divided by zero).
func NewError(msg string) error {
	if strings.Contains(msg, "out of range") && !strings.Contains(msg, "make") { // (makeslice's is an errorString)
		return boundsError(msg)
	}
	return errorString(msg)
}

// boundsError is an index or a slice's bounds out of range.
type boundsError string

// RuntimeError marks the error a runtime.Error.
func (boundsError) RuntimeError() {}

func (e boundsError) Error() string { return string(e) }

// errorString is another run-time error.
type errorString string

// RuntimeError marks the error a runtime.Error.
func (errorString) RuntimeError() {}

func (e errorString) Error() string { return string(e) }
