package engine

import (
	"fmt"
	"io"
	"reflect"
	"unicode/utf8"
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
	args := b.forFmtArgs
	argsf := func(f string, a []any) []any { return unwrapVerbs(f, args(a)) }
	t.rebind("fmt/fmt", "Print", func(a ...any) (int, error) { return fmt.Fprint(stdout, args(a)...) })
	t.rebind("fmt/fmt", "Println", func(a ...any) (int, error) { return fmt.Fprintln(stdout, args(a)...) })
	t.rebind("fmt/fmt", "Printf", func(f string, a ...any) (int, error) { return fmt.Fprintf(stdout, f, argsf(f, a)...) })
	t.rebind("fmt/fmt", "Sprint", func(a ...any) string { return fmt.Sprint(args(a)...) })
	t.rebind("fmt/fmt", "Sprintln", func(a ...any) string { return fmt.Sprintln(args(a)...) })
	t.rebind("fmt/fmt", "Sprintf", func(f string, a ...any) string { return fmt.Sprintf(f, argsf(f, a)...) })
	t.rebind("fmt/fmt", "Fprint", func(w io.Writer, a ...any) (int, error) { return fmt.Fprint(w, args(a)...) })
	t.rebind("fmt/fmt", "Fprintln", func(w io.Writer, a ...any) (int, error) { return fmt.Fprintln(w, args(a)...) })
	t.rebind("fmt/fmt", "Fprintf", func(w io.Writer, f string, a ...any) (int, error) {
		return fmt.Fprintf(w, f, argsf(f, a)...)
	})
	t.rebind("fmt/fmt", "Errorf", func(f string, a ...any) error { return fmt.Errorf(f, argsf(f, a)...) })
	t.rebind("fmt/fmt", "Append", func(b []byte, a ...any) []byte { return fmt.Append(b, args(a)...) })
	t.rebind("fmt/fmt", "Appendln", func(b []byte, a ...any) []byte { return fmt.Appendln(b, args(a)...) })
	t.rebind("fmt/fmt", "Appendf", func(b []byte, f string, a ...any) []byte { return fmt.Appendf(b, f, argsf(f, a)...) })
}

// unwrapVerbs gives back, in a, the values yaegi wrapped whose verb in
// format does not print through their methods (all but %v, %s, %q, %x,
// %X and %w).
// A format with explicit argument indexes is left as it is.
func unwrapVerbs(format string, a []any) []any {
	verbs, ok := formatVerbs(format)
	if !ok {
		return a
	}
	var out []any
	for i, v := range verbs {
		if i >= len(a) {
			break
		}
		switch v {
		case 'v', 's', 'q', 'x', 'X', 'w', '*':
			continue
		}
		if inner, ok := yaegiWrapped(a[i]); ok {
			if out == nil {
				out = append([]any(nil), a...)
			}
			out[i] = inner
		}
	}
	if out == nil {
		return a
	}
	return out
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
	if !isErrorWrapper(rv.Type()) && (rv.Type().Name() == "" || rv.Type().Name()[0] != '_') {
		return reflect.Value{}, false
	}
	inner := rv.Field(0).Elem()
	return inner, inner.IsValid()
}

// formatVerbs lists, argument by argument, the verb each is printed with
// ('*' for a width or precision taken from the arguments); false for a
// format with explicit argument indexes.
func formatVerbs(format string) ([]rune, bool) {
	var verbs []rune
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
				return nil, false
			case format[i] == '*':
				verbs = append(verbs, '*')
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
		i += size - 1
		if r != '%' {
			verbs = append(verbs, r)
		}
	}
	return verbs, true
}
