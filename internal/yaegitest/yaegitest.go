// Package yaegitest sets up yaegi interpreters for the builtins' tests the
// way the REPL does: unrestricted, with yaegi's standard library and its
// unrestricted packages (os/exec, syscall), then the builtins' symbol
// tables, then the packages a test's cells use imported.
package yaegitest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

// New returns an unrestricted interpreter with the standard library and
// its unrestricted packages loaded, then each of symbols in turn (tables
// for the same package merge symbol by symbol), then each of imports
// evaluated as `import "path"`. It fails the test on any error.
func New(t testing.TB, symbols []interp.Exports, imports ...string) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{Unrestricted: true})
	for _, s := range append([]interp.Exports{stdlib.Symbols, unrestricted.Symbols}, symbols...) {
		if err := i.Use(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, imp := range imports {
		if _, err := i.Eval(`import "` + imp + `"`); err != nil {
			t.Fatalf("import %s: %v", imp, err)
		}
	}
	return i
}

// Eval evaluates src in i until the test ends, and fails the test with src
// and the error if it does not evaluate.
func Eval(t testing.TB, i *interp.Interpreter, src string) reflect.Value {
	t.Helper()
	return eval(t, t.Context(), i, src)
}

// EvalTimeout is Eval given at most d.
func EvalTimeout(t testing.TB, i *interp.Interpreter, d time.Duration, src string) reflect.Value {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	defer cancel()
	return eval(t, ctx, i, src)
}

// Value is Eval's result as an interface, nil where src has no value.
func Value(t testing.TB, i *interp.Interpreter, src string) any {
	t.Helper()
	v := Eval(t, i, src)
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

func eval(t testing.TB, ctx context.Context, i *interp.Interpreter, src string) reflect.Value {
	t.Helper()
	v, err := i.EvalWithContext(ctx, src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}
