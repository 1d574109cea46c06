package engine

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/traefik/yaegi/interp"
)

// A value of a type the session declared becomes an error, for compiled
// code, as a struct of yaegi's (interp._error) holding the value (its
// IValue field) and a function for each method: for Error only, unless the
// wrapper yaegi picks has more. Go's errors package sees through it
// neither to the value (errors.As panics: the session's type does not
// implement error for reflect) nor to its Unwrap, Is and As methods, and
// two such wrappers cannot be compared (errors.Is(err, ErrMine) is false).
//
// So the session's errors.Is, errors.As and errors.Unwrap are the ones
// below, which compare and assign the value a wrapper holds; and yaegi is
// told (through MapTypes, keyed by its error wrapper) of wrappers that also
// carry Unwrap, Is and As, picked for a type of the session with those
// methods, which Go's errors package and these functions then call.

// bindErrors replaces errors.Is, errors.As and errors.Unwrap in the
// session's tables and gives in's error wrapper the wrappers below.
func bindErrors(t *sessionTables, in *interp.Interpreter) {
	t.rebind("errors/errors", "Is", errorsIs)
	t.rebind("errors/errors", "As", errorsAs)
	t.rebind("errors/errors", "Unwrap", errorsUnwrap)
	types := t.mapTypes()
	if types == nil {
		return
	}
	if wrapper, ok := in.Symbols("")[""]["_error"]; ok {
		types[wrapper] = errorWrappers
	}
	// fmt's print functions (and log's) wrap the session's values in the
	// interfaces MapTypes gives them, Formatter and Stringer in the
	// standard library's table: error goes between them, in fmt's order
	// (Format, then Error, then String), so that Println shows Error and
	// %w finds an error. A verb that does not print through the methods
	// gets the value back (unwrapVerbs).
	stringer, errorType := reflect.TypeFor[fmt.Stringer](), reflect.TypeFor[error]()
	for fn, ts := range types {
		if i := slices.Index(ts, stringer); i >= 0 && !slices.Contains(ts, errorType) {
			types[fn] = slices.Insert(slices.Clone(ts), i, errorType)
		}
	}
	// A struct with a String method of a value receiver, wrapped as a
	// fmt.Stringer: the wrapper that also carries the value (selfMethod),
	// for %#v and the verbs that print no method.
	if wrapper, ok := t.tables["fmt/fmt"]["_Stringer"]; ok {
		types[wrapper] = []reflect.Type{reflect.TypeFor[selfStringer]()}
	}
	// errors.Join's ...error: a value of the session's is wrapped as an
	// error only if yaegi is told to.
	if join, ok := t.tables["errors/errors"]["Join"]; ok {
		types[join] = []reflect.Type{errorType}
	}
}

// errorWrappers are the wrappers below, most methods first: yaegi takes the
// first whose methods the type has.
var errorWrappers = []reflect.Type{
	reflect.TypeFor[selfUnwrapIsAs](), reflect.TypeFor[selfUnwrapIs](), reflect.TypeFor[selfUnwrapAs](), reflect.TypeFor[selfIsAs](),
	reflect.TypeFor[selfUnwrap](), reflect.TypeFor[selfIs](), reflect.TypeFor[selfAs](), reflect.TypeFor[selfError](),
	reflect.TypeFor[errorUnwrapIsAs](), reflect.TypeFor[errorUnwrapIs](), reflect.TypeFor[errorUnwrapAs](), reflect.TypeFor[errorIsAs](),
	reflect.TypeFor[errorUnwrap](), reflect.TypeFor[errorIs](), reflect.TypeFor[errorAs](),
}

// isErrorWrapper reports whether t is one of errorWrappers.
func isErrorWrapper(t reflect.Type) bool {
	for _, w := range errorWrappers {
		if t == w {
			return true
		}
	}
	return false
}

// The wrappers: an exported-looking field per method, after IValue, as
// yaegi fills them (the field's name without its first letter is the
// method's). Unwrap, Is and As are held as any: yaegi sets them to the
// session's method whatever its signature, and the methods below call it
// if it has the one Go's errors package knows.
type (
	errorUnwrapIsAs struct {
		IValue       any
		WError       func() string
		WUnwrap, WIs any
		WAs          any
	}
	errorUnwrapIs struct {
		IValue       any
		WError       func() string
		WUnwrap, WIs any
	}
	errorUnwrapAs struct {
		IValue       any
		WError       func() string
		WUnwrap, WAs any
	}
	errorIsAs struct {
		IValue   any
		WError   func() string
		WIs, WAs any
	}
	errorUnwrap struct {
		IValue  any
		WError  func() string
		WUnwrap any
	}
	errorIs struct {
		IValue any
		WError func() string
		WIs    any
	}
	errorAs struct {
		IValue any
		WError func() string
		WAs    any
	}
)

// The wrappers of a struct type whose Error method has a value receiver:
// yaegi's wrapper holds the struct's last field instead of the struct (its
// getConcreteValue takes a struct without methods for its own emulated
// interface), so such a type is given a method that returns the value
// (selfMethod) and these wrappers a field for it, which sessionValue calls.
type (
	selfUnwrapIsAs struct {
		IValue            any
		WError            func() string
		WUnwrap, WIs, WAs any
		W_opshSelf        func() any
	}
	selfUnwrapIs struct {
		IValue       any
		WError       func() string
		WUnwrap, WIs any
		W_opshSelf   func() any
	}
	selfUnwrapAs struct {
		IValue       any
		WError       func() string
		WUnwrap, WAs any
		W_opshSelf   func() any
	}
	selfIsAs struct {
		IValue     any
		WError     func() string
		WIs, WAs   any
		W_opshSelf func() any
	}
	selfUnwrap struct {
		IValue     any
		WError     func() string
		WUnwrap    any
		W_opshSelf func() any
	}
	selfIs struct {
		IValue     any
		WError     func() string
		WIs        any
		W_opshSelf func() any
	}
	selfAs struct {
		IValue     any
		WError     func() string
		WAs        any
		W_opshSelf func() any
	}
	selfError struct {
		IValue     any
		WError     func() string
		W_opshSelf func() any
	}
)

// selfStringer is the fmt.Stringer wrapper of a struct type whose String
// method has a value receiver, with the selfMethod.
type selfStringer struct {
	IValue     any
	WString    func() string
	W_opshSelf func() any
}

func (w selfStringer) String() string { return w.WString() }
func (w selfStringer) self() any      { return w.W_opshSelf() }

func (w selfUnwrapIsAs) Error() string        { return w.WError() }
func (w selfUnwrapIsAs) Unwrap() error        { return errors.Join(callUnwrap(w.WUnwrap)...) }
func (w selfUnwrapIsAs) Is(target error) bool { return callIs(w.WIs, target) }
func (w selfUnwrapIsAs) As(target any) bool   { return callAs(w.WAs, target) }
func (w selfUnwrapIsAs) unwrapFunc() any      { return w.WUnwrap }
func (w selfUnwrapIsAs) self() any            { return w.W_opshSelf() }

func (w selfUnwrapIs) Error() string        { return w.WError() }
func (w selfUnwrapIs) Unwrap() error        { return errors.Join(callUnwrap(w.WUnwrap)...) }
func (w selfUnwrapIs) Is(target error) bool { return callIs(w.WIs, target) }
func (w selfUnwrapIs) unwrapFunc() any      { return w.WUnwrap }
func (w selfUnwrapIs) self() any            { return w.W_opshSelf() }

func (w selfUnwrapAs) Error() string      { return w.WError() }
func (w selfUnwrapAs) Unwrap() error      { return errors.Join(callUnwrap(w.WUnwrap)...) }
func (w selfUnwrapAs) As(target any) bool { return callAs(w.WAs, target) }
func (w selfUnwrapAs) unwrapFunc() any    { return w.WUnwrap }
func (w selfUnwrapAs) self() any          { return w.W_opshSelf() }

func (w selfIsAs) Error() string        { return w.WError() }
func (w selfIsAs) Is(target error) bool { return callIs(w.WIs, target) }
func (w selfIsAs) As(target any) bool   { return callAs(w.WAs, target) }
func (w selfIsAs) self() any            { return w.W_opshSelf() }

func (w selfUnwrap) Error() string   { return w.WError() }
func (w selfUnwrap) Unwrap() error   { return errors.Join(callUnwrap(w.WUnwrap)...) }
func (w selfUnwrap) unwrapFunc() any { return w.WUnwrap }
func (w selfUnwrap) self() any       { return w.W_opshSelf() }

func (w selfIs) Error() string        { return w.WError() }
func (w selfIs) Is(target error) bool { return callIs(w.WIs, target) }
func (w selfIs) self() any            { return w.W_opshSelf() }

func (w selfAs) Error() string      { return w.WError() }
func (w selfAs) As(target any) bool { return callAs(w.WAs, target) }
func (w selfAs) self() any          { return w.W_opshSelf() }

func (w selfError) Error() string { return w.WError() }
func (w selfError) self() any     { return w.W_opshSelf() }

func (w errorUnwrapIsAs) Error() string        { return w.WError() }
func (w errorUnwrapIsAs) Unwrap() error        { return errors.Join(callUnwrap(w.WUnwrap)...) }
func (w errorUnwrapIsAs) Is(target error) bool { return callIs(w.WIs, target) }
func (w errorUnwrapIsAs) As(target any) bool   { return callAs(w.WAs, target) }
func (w errorUnwrapIsAs) unwrapFunc() any      { return w.WUnwrap }

func (w errorUnwrapIs) Error() string        { return w.WError() }
func (w errorUnwrapIs) Unwrap() error        { return errors.Join(callUnwrap(w.WUnwrap)...) }
func (w errorUnwrapIs) Is(target error) bool { return callIs(w.WIs, target) }
func (w errorUnwrapIs) unwrapFunc() any      { return w.WUnwrap }

func (w errorUnwrapAs) Error() string      { return w.WError() }
func (w errorUnwrapAs) Unwrap() error      { return errors.Join(callUnwrap(w.WUnwrap)...) }
func (w errorUnwrapAs) As(target any) bool { return callAs(w.WAs, target) }
func (w errorUnwrapAs) unwrapFunc() any    { return w.WUnwrap }

func (w errorIsAs) Error() string        { return w.WError() }
func (w errorIsAs) Is(target error) bool { return callIs(w.WIs, target) }
func (w errorIsAs) As(target any) bool   { return callAs(w.WAs, target) }

func (w errorUnwrap) Error() string   { return w.WError() }
func (w errorUnwrap) Unwrap() error   { return errors.Join(callUnwrap(w.WUnwrap)...) }
func (w errorUnwrap) unwrapFunc() any { return w.WUnwrap }

func (w errorIs) Error() string        { return w.WError() }
func (w errorIs) Is(target error) bool { return callIs(w.WIs, target) }

func (w errorAs) Error() string      { return w.WError() }
func (w errorAs) As(target any) bool { return callAs(w.WAs, target) }

// unwrapMethod calls a session's Unwrap method, of either of the
// signatures Go's errors package knows.
func callUnwrap(m any) []error {
	switch f := m.(type) {
	case func() error:
		if err := f(); err != nil {
			return []error{err}
		}
	case func() []error:
		return f()
	}
	return nil
}

func callIs(m any, target error) bool {
	f, ok := m.(func(error) bool)
	return ok && f(target)
}

func callAs(m any, target any) bool {
	f, ok := m.(func(any) bool)
	return ok && f(target)
}

// unwrapList is what err wraps: Unwrap() error's one error, Unwrap()
// []error's list, and either for a wrapper of a session's type.
func unwrapList(err error) []error {
	switch x := err.(type) {
	case interface{ unwrapFunc() any }:
		return callUnwrap(x.unwrapFunc())
	case interface{ Unwrap() []error }:
		return x.Unwrap()
	case interface{ Unwrap() error }:
		if u := x.Unwrap(); u != nil {
			return []error{u}
		}
	}
	return nil
}

// errorsUnwrap is errors.Unwrap: the result of err's Unwrap() error
// method, nil for an Unwrap() []error.
func errorsUnwrap(err error) error {
	if x, ok := err.(interface{ unwrapFunc() any }); ok {
		if f, ok := x.unwrapFunc().(func() error); ok {
			return f()
		}
		return nil
	}
	return errors.Unwrap(err)
}

// asFunc is errors.As into a variable of an interface type the session
// declared (see rewriteInterfaceAsserts): try asserts an error to that
// type, and sets the variable, which compiled code cannot.
func asFunc(err error, try func(error) bool) bool {
	if err == nil {
		return false
	}
	if try(err) {
		return true
	}
	for _, u := range unwrapList(err) {
		if asFunc(u, try) {
			return true
		}
	}
	return false
}

// concrete is the value x holds, out of yaegi's wrapper of an error of the
// session's type, or of the wrapper of another package's interface (an
// io.Writer) (see rewriteInterfaceAsserts); x itself otherwise.
func concrete(x any) any {
	if err, ok := x.(error); ok {
		if v := sessionValue(err); v.IsValid() && v.CanInterface() {
			return v.Interface()
		}
	}
	if v, ok := yaegiWrappedValue(reflect.ValueOf(x)); ok && v.CanInterface() {
		return v.Interface()
	}
	return x
}

// sessionValue is the value an error wrapper of yaegi's holds, or err's own.
func sessionValue(err error) reflect.Value {
	v := reflect.ValueOf(err)
	if s, ok := err.(interface{ self() any }); ok {
		if self, ok := selfValue(v); ok {
			return self
		}
		return unboxed(reflect.ValueOf(s.self()))
	}
	if inner, ok := yaegiWrappedValue(v); ok {
		return inner
	}
	return v
}

// errorsIs is errors.Is, comparing the values wrappers hold.
func errorsIs(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	t := sessionValue(target)
	if !t.Comparable() {
		t = reflect.Value{}
	}
	return is(err, target, t)
}

func is(err, target error, t reflect.Value) bool {
	if t.IsValid() && sameError(err, target, t) {
		return true
	}
	if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
		return true
	}
	for _, u := range unwrapList(err) {
		if u != nil && is(u, target, t) {
			return true
		}
	}
	return false
}

// interpPath is the path of yaegi's package, whose own types stand for
// some of the session's.
var interpPath = reflect.TypeFor[interp.Panic]().PkgPath()

// sameError reports whether err == target, t being the value target
// holds. yaegi's wrapper of a struct type whose Error method has a value
// receiver holds the struct's last field instead of the struct: two such
// errors must also say the same.
func sameError(err, target error, t reflect.Value) bool {
	v := sessionValue(err)
	if v.Type() != t.Type() || !v.Comparable() || !v.Equal(t) {
		return false
	}
	_, wrapped := yaegiWrappedValue(reflect.ValueOf(err))
	return !wrapped || err.Error() == target.Error()
}

// errorsAs is errors.As, which finds the value a wrapper holds for a
// target of a session's type.
func errorsAs(err error, target any) bool {
	if err == nil {
		return false
	}
	if target == nil {
		panic("errors: target cannot be nil")
	}
	val := reflect.ValueOf(target)
	if val.Kind() != reflect.Pointer || val.IsNil() {
		panic("errors: target must be a non-nil pointer")
	}
	targetType := val.Type().Elem()
	if targetType.PkgPath() == interpPath {
		// A variable of an interface type the session declared holds
		// yaegi's own value of it, which compiled code cannot make.
		panic("errors.As into a variable of an interface type you declared is beyond the interpreter (an error loses its methods there): give it a variable of the error's own type, var t *MyErr (see :help limits)")
	}
	// The session's types are unnamed or predeclared ones for reflect,
	// without their methods: only a compiled package's type can be told
	// not to be an error.
	named := targetType
	if named.Kind() == reflect.Pointer {
		named = named.Elem()
	}
	if targetType.Kind() != reflect.Interface && named.PkgPath() != "" && !targetType.Implements(reflect.TypeFor[error]()) {
		panic("errors: *target must be interface or implement error")
	}
	return as(err, target, val, targetType)
}

func as(err error, target any, val reflect.Value, targetType reflect.Type) bool {
	v := reflect.ValueOf(err)
	if targetType.Kind() != reflect.Interface {
		v = sessionValue(err)
	}
	if v.Type().AssignableTo(targetType) {
		val.Elem().Set(v)
		return true
	}
	if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
		return true
	}
	for _, u := range unwrapList(err) {
		if u != nil && as(u, target, val, targetType) {
			return true
		}
	}
	return false
}
