package yaegitest_test

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/opsh/opsh/internal/yaegitest"
)

func TestNew(t *testing.T) {
	// Two tables for one package merge symbol by symbol.
	a := interp.Exports{"example.com/pkg/pkg": {"A": reflectValue(1)}}
	b := interp.Exports{"example.com/pkg/pkg": {"B": reflectValue(2)}}
	i := yaegitest.New(t, []interp.Exports{a, b}, "example.com/pkg", "strings", "os/exec")
	if got := yaegitest.Value(t, i, `pkg.A + pkg.B`); got != 3 {
		t.Errorf("pkg.A + pkg.B = %v, want 3", got)
	}
	if got := yaegitest.Value(t, i, `strings.ToUpper("x")`); got != "X" {
		t.Errorf(`strings.ToUpper("x") = %v, want "X"`, got)
	}
	// os/exec comes from the unrestricted table, as in the REPL.
	if got := yaegitest.Value(t, i, `exec.Command("true").Run() == nil`); got != true {
		t.Errorf(`exec.Command("true").Run() == nil = %v`, got)
	}
	if got := yaegitest.Value(t, i, `x := 1`); got != 1 {
		t.Errorf("x := 1 = %v, want 1", got)
	}
	if got := yaegitest.Value(t, i, ``); got != nil {
		t.Errorf("an empty cell's value = %v, want nil", got)
	}
	if v := yaegitest.EvalTimeout(t, i, time.Minute, `x + 1`); v.Int() != 2 {
		t.Errorf("x + 1 = %v, want 2", v)
	}
}

// TestEvalFails checks that a cell that does not evaluate fails the test
// with its source, and that EvalTimeout stops a cell that runs too long.
func TestEvalFails(t *testing.T) {
	i := yaegitest.New(t, nil)
	for name, eval := range map[string]func(tb testing.TB){
		"error":   func(tb testing.TB) { yaegitest.Eval(tb, i, `undefined + 1`) },
		"timeout": func(tb testing.TB) { yaegitest.EvalTimeout(tb, i, 50*time.Millisecond, `for {}`) },
	} {
		r := &recorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			eval(r)
		}()
		<-done
		if !strings.HasPrefix(r.msg, "undefined + 1: ") && !strings.HasPrefix(r.msg, "for {}: ") {
			t.Errorf("%s: failure %q, want the source and the error", name, r.msg)
		}
	}
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v) }

// recorder keeps the message of a Fatalf and ends its goroutine, as
// testing.T does, without failing the test it wraps.
type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
