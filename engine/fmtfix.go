package engine

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opsh/opsh/engine/stdlib"
)

// A value of a type the session declared with a String (or Error, Format)
// method reaches fmt wrapped in a struct of yaegi's that carries the
// method, so that %v, %s, %q, %x and %X call it, as Go's fmt does. Under
// any other verb (%d of a level, %o of a mode) fmt would print that
// struct. The session's formatting functions therefore hand fmt the
// wrapped value itself wherever its verb does not print through the
// method.

// bindFmt replaces fmt's printing functions in the session's tables: Print,
// Println and Printf write to the session's stdout, and every one of them
// opens yaegi's boxes in its arguments (boxes.go) and hands fmt, under a
// verb that does not print through a method, the value yaegi wrapped.
func bindFmt(t *sessionTables, stdout io.Writer, b *boxes) {
	args, argsf := b.printArgs, b.printfArgs
	t.rebind("fmt/fmt", "Print", func(a ...any) (int, error) { return fmt.Fprint(stdout, args(a)...) })
	t.rebind("fmt/fmt", "Println", func(a ...any) (int, error) { return fmt.Fprintln(stdout, args(a)...) })
	t.rebind("fmt/fmt", "Printf", func(f string, a ...any) (int, error) {
		f, a = argsf(f, a)
		return fmt.Fprintf(stdout, f, a...)
	})
	t.rebind("fmt/fmt", "Sprint", func(a ...any) string { return fmt.Sprint(args(a)...) })
	t.rebind("fmt/fmt", "Sprintln", func(a ...any) string { return fmt.Sprintln(args(a)...) })
	t.rebind("fmt/fmt", "Sprintf", func(f string, a ...any) string {
		f, a = argsf(f, a)
		return fmt.Sprintf(f, a...)
	})
	t.rebind("fmt/fmt", "Fprint", func(w io.Writer, a ...any) (int, error) { return fmt.Fprint(w, args(a)...) })
	t.rebind("fmt/fmt", "Fprintln", func(w io.Writer, a ...any) (int, error) { return fmt.Fprintln(w, args(a)...) })
	t.rebind("fmt/fmt", "Fprintf", func(w io.Writer, f string, a ...any) (int, error) {
		f, a = argsf(f, a)
		return fmt.Fprintf(w, f, a...)
	})
	t.rebind("fmt/fmt", "Errorf", func(f string, a ...any) error {
		f, a = argsf(f, a)
		return fmt.Errorf(f, a...)
	})
	t.rebind("fmt/fmt", "Append", func(b []byte, a ...any) []byte { return fmt.Append(b, args(a)...) })
	t.rebind("fmt/fmt", "Appendln", func(b []byte, a ...any) []byte { return fmt.Appendln(b, args(a)...) })
	t.rebind("fmt/fmt", "Appendf", func(b []byte, f string, a ...any) []byte {
		f, a = argsf(f, a)
		return fmt.Appendf(b, f, a...)
	})
}

// heldText is the value of an interface of the session's with a String
// or Error method that fmt is given (heldCall): direct, as yaegi hands it
// over, if it has the method, is nil, or is a struct or a pointer, which
// fmt's functions find the session's methods of (byTextMethods); else the
// value converted to the compiled interface, wrapped, which has the
// method: the one element of what convert returns.
func heldText(direct, convert any) any {
	switch direct.(type) {
	case nil, error, fmt.Stringer:
		return direct
	}
	if k := reflect.ValueOf(direct).Kind(); k == reflect.Struct || k == reflect.Pointer {
		return direct
	}
	if f := reflect.ValueOf(convert); f.Kind() == reflect.Func && f.Type().NumIn() == 0 && f.Type().NumOut() == 1 {
		if v := f.Call(nil)[0]; v.Kind() == reflect.Slice && v.Len() == 1 {
			return v.Index(0).Interface()
		}
	}
	return direct
}

// printArgs are the arguments of Print and Println (and of the log
// package's) as the session hands them to fmt.
func (b *boxes) printArgs(a []any) []any {
	a = unforwarded(a)
	_, a = b.typedArgs("", nil, nil, a)
	return stringTexts(b.forFmtArgs(b.byTextMethods("", nil, nil, a)))
}

// stringTexts are the arguments of Print and Sprint with each value of a
// type of the session's made of a string (type Unit string) that yaegi
// wrapped for its String or Error method made a stringText of what the
// method says: fmt.Sprint puts no space beside a string, and a wrapper is
// none (Sprint(1, Unit("x"), 2) was "1 x 2", not "1x2").
func stringTexts(a []any) []any {
	return replaceArgs(a, func(_ int, x any) (any, bool) {
		inner, ok := yaegiWrappedValue(reflect.ValueOf(x))
		if !ok || inner.Kind() != reflect.String {
			return nil, false
		}
		s, found, ok := try(func() (string, bool) {
			if e, ok := x.(error); ok {
				return e.Error(), true
			}
			if st, ok := x.(fmt.Stringer); ok {
				return st.String(), true
			}
			return "", false
		})
		return stringText(s), found && ok
	})
}

// printfArgs are the format and arguments of Printf (and of the log
// package's) as the session hands them to fmt.
func (b *boxes) printfArgs(f string, a []any) (string, []any) {
	a = unforwarded(a)
	verbs, at, ok := formatVerbs(f)
	if !ok {
		// explicit argument indexes: an argument may be printed by
		// several verbs (%[1]v %[1]d), so a wrapped one is given to fmt
		// as a Formatter that picks, verb by verb, the wrapper or the value
		_, a = b.typedArgs(f, []rune{}, nil, a)
		return f, b.forFmtArgs(replaceArgs(a, func(_ int, x any) (any, bool) {
			if _, isErr := x.(error); isErr {
				return nil, false
			}
			inner, ok := yaegiWrapped(x)
			if named, ok := b.namedFields(inner); ok {
				inner = named
			}
			return eitherVerb{x, inner}, ok
		}))
	}
	f, a = b.typedArgs(f, verbs, at, a)
	a = b.sharpArgs(f, verbs, at, a)
	f, a = b.typeVerbs(f, verbs, at, a)
	a = b.byTextMethods(f, verbs, at, a)
	a = b.plusArgs(f, verbs, at, a)
	return f, b.forFmtArgs(unwrapVerbs(f, verbs, at, a))
}

// eitherVerb prints, under a verb that prints through a String method,
// the wrapper that carries it, and under any other the value itself.
type eitherVerb struct{ wrapped, value any }

func (e eitherVerb) Format(f fmt.State, verb rune) {
	x, format := e.value, fmt.FormatString(f, verb)
	if printsText(format, verb, len(format)-1) {
		x = e.wrapped
	}
	fmt.Fprintf(f, format, x)
}

// unwrapVerbs gives back, in a, the values yaegi wrapped whose verb (of
// verbs and at, formatVerbs' for the format) does not print through their
// methods (all but %v, %s, %q, %x, %X and %w; %#v does not).
func unwrapVerbs(format string, verbs []rune, at []int, a []any) []any {
	return replaceArgs(a, func(i int, x any) (any, bool) {
		if i >= len(verbs) || verbs[i] == 'w' || verbs[i] == '*' || printsText(format, verbs[i], at[i]) {
			return nil, false
		}
		return yaegiWrapped(x)
	})
}

// replaceArgs returns fmt's arguments a with each that f gives another
// for replaced, in a copy; a itself when f replaces none.
func replaceArgs(a []any, f func(i int, x any) (any, bool)) []any {
	var out []any
	for i, x := range a {
		y, ok := f(i, x)
		if !ok {
			continue
		}
		if out == nil {
			out = append([]any(nil), a...)
		}
		out[i] = y
	}
	if out == nil {
		return a
	}
	return out
}

// typeVerbs gives %T of a value of the session's types Go's name for the
// type (main.Host, []*main.Host), where fmt would print reflect's (struct {
// Name string }) or the type of a box or wrapper of yaegi's or opsh's: each
// such %T becomes %s of the name (in format and in verbs, formatVerbs'
// for it, at their places at).
func (b *boxes) typeVerbs(format string, verbs []rune, at []int, a []any) (string, []any) {
	a = replaceArgs(a, func(i int, x any) (any, bool) {
		if i >= len(verbs) || verbs[i] != 'T' || x == nil {
			return nil, false
		}
		name, ok := b.goTypeName(reflect.ValueOf(x))
		if ok {
			format = format[:at[i]] + "s" + format[at[i]+1:]
			verbs[i] = 's'
		}
		return name, ok
	})
	return format, a
}

// goTypeName is what Go's %T prints for v when it names one of the
// session's types, which reflect does not know by name: false when
// reflect's name is Go's.
func (b *boxes) goTypeName(v reflect.Value) (string, bool) {
	if t, ok := v.Interface().(typedNil); ok {
		return b.goTypeString(reflect.TypeOf(t.ptr)), true // the pointer's type
	}
	if inner, ok := yaegiWrappedValue(v); ok {
		// a value of the session's held by an interface of a compiled
		// package's (a fmt.Stringer): Go names the value's type
		if name, ok := b.goTypeName(inner); ok {
			return name, true
		}
		return inner.Type().String(), true
	}
	if isBox(v.Type()) {
		if n := boxTypeName(v); n != "" {
			return "main." + n, true
		}
		if inner := boxed(v); inner.IsValid() && inner.Type() != v.Type() {
			return b.goTypeName(inner) // a pointer to a struct of the session's
		}
		return "", false
	}
	s := b.goTypeString(v.Type())
	return s, s != v.Type().String()
}

// goTypeString writes t as Go's %T does, with the session's struct types
// by their names in package main.
func (b *boxes) goTypeString(t reflect.Type) string {
	return composeType(t, func(t reflect.Type) (string, bool) {
		if b.typeName != nil {
			if n, ok := b.typeName(t); ok {
				return inMainName(n), true
			}
		}
		if t.Kind() == reflect.Struct && t.Name() == "" {
			return b.structTypeString(t), true
		}
		// A compiled or predeclared type: reflect knows its name.
		return t.String(), t.Name() != ""
	})
}

// structTypeString is the struct type of no name t as %#v writes it, its
// fields named as the source named them.
func (b *boxes) structTypeString(t reflect.Type) string {
	if t.NumField() == 0 {
		return "struct {}"
	}
	fields := make([]string, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		fields[i] = b.goTypeString(f.Type)
		if !f.Anonymous {
			name, _ := yaegiUnexported(f.Name)
			fields[i] = name + " " + fields[i]
		}
		if f.Tag != "" {
			fields[i] += " " + strconv.Quote(string(f.Tag))
		}
	}
	return "struct { " + strings.Join(fields, "; ") + " }"
}

// yaegiWrapped returns the value a wrapper of yaegi's carries.
func yaegiWrapped(v any) (any, bool) {
	inner, ok := yaegiWrappedValue(reflect.ValueOf(v))
	if !ok {
		return nil, false
	}
	return inner.Interface(), true
}

// yaegiWrappedValue returns the value a wrapper of yaegi's (or one of the
// error wrappers of errorsfix.go) carries.
func yaegiWrappedValue(rv reflect.Value) (reflect.Value, bool) {
	if rv.Kind() != reflect.Struct || rv.NumField() == 0 || rv.Type().Field(0).Name != "IValue" {
		return reflect.Value{}, false
	}
	if self, ok := selfValue(rv); ok {
		return self, true
	}
	if !isErrorWrapper(rv.Type()) && !stdlib.IsComposed(rv.Type()) && (rv.Type().Name() == "" || rv.Type().Name()[0] != '_') {
		return reflect.Value{}, false
	}
	inner := rv.Field(0).Elem()
	return inner, inner.IsValid()
}

// selfValue is the value of the session's type a wrapper with its
// selfMethod holds (selfStringer, selfError and the other self
// wrappers): the struct itself, where the wrapper's first field holds its
// last field's value, or the pointer to it the first field holds.
func selfValue(rv reflect.Value) (reflect.Value, bool) {
	s, ok := rv.Interface().(interface{ self() any })
	if !ok {
		return reflect.Value{}, false
	}
	if f := rv.FieldByName("W_opshSelf"); !f.IsValid() || f.IsNil() {
		return reflect.Value{}, false
	}
	held, _, ok := try(func() (any, bool) { return s.self(), true })
	if !ok {
		return reflect.Value{}, false // yaegi's method panicked (a promoted String)
	}
	self := unboxed(reflect.ValueOf(held))
	if inner := rv.Field(0).Elem(); inner.Kind() == reflect.Pointer && !inner.IsNil() && self.IsValid() && inner.Type().Elem() == self.Type() && !lastFieldIs(self, inner) {
		return inner, true // a pointer to the value, which the wrapper holds whole
	}
	return self, self.IsValid()
}

// lastFieldIs reports whether the last field of the struct v is the
// pointer p (what yaegi puts in the wrapper of a value, type E struct{
// …; next *E }, in place of the value).
func lastFieldIs(v, p reflect.Value) bool {
	if v.Kind() != reflect.Struct || v.NumField() == 0 {
		return false
	}
	last := v.Field(v.NumField() - 1)
	return last.Kind() == reflect.Pointer && last.Pointer() == p.Pointer()
}

// formatVerbs lists, argument by argument, the verb each is printed with
// ('*' for a width or precision taken from the arguments), and where in
// format each verb is (-1 for a '*'); false for a format with explicit
// argument indexes.
func formatVerbs(format string) (verbs []rune, at []int, ok bool) {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && (format[i] == '+' || format[i] == '-' || format[i] == '#' || format[i] == ' ' || format[i] == '0') {
			i++
		}
		for part := 0; part < 2 && i < len(format); part++ {
			switch {
			case format[i] == '[':
				return nil, nil, false
			case format[i] == '*':
				verbs, at = append(verbs, '*'), append(at, -1)
				i++
			default:
				for i < len(format) && format[i] >= '0' && format[i] <= '9' {
					i++
				}
			}
			if part == 0 && i < len(format) && format[i] == '.' {
				i++
				continue
			}
			break
		}
		if i >= len(format) {
			break
		}
		r, size := utf8.DecodeRuneInString(format[i:])
		if r != '%' {
			verbs, at = append(verbs, r), append(at, i)
		}
		i += size - 1
	}
	return verbs, at, true
}
