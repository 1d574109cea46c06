package engine

import (
	"context"
	"io"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/opsh/opsh/builtins/all"
)

// BenchmarkTrivialCell is the REPL's per-cell cost for `x := 1`.
func BenchmarkTrivialCell(b *testing.B) {
	e, err := NewEvaluator(EvalOptions{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if r := e.Eval(ctx, "x := 1"); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
}

// BenchmarkBareYaegiCell is the baseline: yaegi alone evaluating `x := 1`.
func BenchmarkBareYaegiCell(b *testing.B) {
	in := interp.New(interp.Options{Stdout: io.Discard, Stderr: io.Discard})
	in.Use(stdlib.Symbols)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := in.EvalWithContext(ctx, "x := 1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewEvaluator is a session's interpreter start: the standard
// library and the builtins' tables, the prelude.
func BenchmarkNewEvaluator(b *testing.B) {
	for b.Loop() {
		if _, err := NewEvaluator(EvalOptions{Stdout: io.Discard, Stderr: io.Discard, Builtins: all.Symbols}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareYaegiNew is the baseline: yaegi's interpreter with its own
// standard library tables (which compile its bundled generic packages).
func BenchmarkBareYaegiNew(b *testing.B) {
	for b.Loop() {
		in := interp.New(interp.Options{Stdout: io.Discard, Stderr: io.Discard})
		if err := in.Use(stdlib.Symbols); err != nil {
			b.Fatal(err)
		}
	}
}
