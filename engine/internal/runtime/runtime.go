// Package runtime holds the session's runtime.TypeAssertionError: what a
// failed type assertion of the interpreter's panics with, recovered, as
// Go's does (%T of it is *runtime.TypeAssertionError, it is a
// runtime.Error). It takes the place of package runtime's type in the
// session's symbol tables, under the same name, so that the session's
// r.(*runtime.TypeAssertionError) finds it.
package runtime

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
