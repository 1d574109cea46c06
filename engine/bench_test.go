package engine

import (
	"context"
	"io"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
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
