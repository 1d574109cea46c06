package engine

import (
	"fmt"
	"go/ast"
	"reflect"
)

// fmt calls a type's Format method (fmt.Formatter) under every verb, and
// its GoString method under %#v. To compiled fmt, a value of the
// session's type is its underlying value, without them; where the source
// or reflect shows a value to be of such a type, the session's fmt
// functions hand fmt a value of their own that calls the method instead.

// formatted is a value of the session's type whose Format method fmt
// calls through it.
type formatted struct {
	m textMethod
	v reflect.Value
}

func (f formatted) Format(s fmt.State, verb rune) {
	f.m.call.Call([]reflect.Value{f.v, reflect.ValueOf(s), reflect.ValueOf(verb)})
}

// goStringText is what a GoString method of the session's said, which fmt
// prints under %#v.
type goStringText string

func (g goStringText) GoString() string { return string(g) }

// formatterFor is what fmt should be handed for v, of the type typ (or
// nil, as methodFor), if that type has a Format method of the session's:
// a formatted, whose Format calls it.
func (b *boxes) formatterFor(v reflect.Value, typ ast.Expr) (any, bool) {
	m, recv, ok := b.fmtMethod(v, typ, "Format")
	return formatted{m, recv}, ok
}

// goStringFor is what fmt should print under %#v for v, of the type typ
// (or nil), if that type has a GoString method of the session's (and no
// Format method, which fmt calls first).
func (b *boxes) goStringFor(v reflect.Value, typ ast.Expr) (any, bool) {
	if f, ok := b.formatterFor(v, typ); ok {
		return f, true
	}
	m, recv, ok := b.fmtMethod(v, typ, "GoString")
	if !ok {
		return nil, false
	}
	s, _, ok := try(func() (string, bool) { return m.call.Call([]reflect.Value{recv})[0].String(), true })
	return goStringText(s), ok
}

// fmtMethod is the method of the session's named method of v's type typ
// (or nil), with v as its function takes it.
func (b *boxes) fmtMethod(v reflect.Value, typ ast.Expr, method string) (textMethod, reflect.Value, bool) {
	m, ok := b.ownMethod(v, typ, func(name string) (textMethod, bool) { return b.texts.method(name, method) })
	if !ok {
		return textMethod{}, reflect.Value{}, false
	}
	recv, ok := m.receiver(v)
	return m, recv, ok
}

// receiver is v as the function of m takes it: itself, or the value a
// pointer points to; false if it takes neither, or v is a nil pointer to
// a value m needs.
func (m textMethod) receiver(v reflect.Value) (reflect.Value, bool) {
	want := m.call.Type().In(0)
	switch {
	case v.Type().AssignableTo(want):
		return v, true
	case v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Type().AssignableTo(want):
		return v.Elem(), true
	case v.Type().ConvertibleTo(want) && v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface:
		return v.Convert(want), true
	}
	return reflect.Value{}, false
}
