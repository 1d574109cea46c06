package engine

import (
	"context"
	"fmt"
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

// rangeText is the loop BenchmarkRangeStringIndex and its baseline run:
// the byte position of a text's last newline, over 64 KiB.
var rangeText = []string{
	`import "strings"`,
	`func lastNewline(text string) (at int) { for i, c := range text { if c == '\n' { at = i } }; return }`,
	`text := strings.Repeat("abcdefgh\n", 7282)`,
}

// BenchmarkRangeStringIndex is a range over a string that uses the index,
// in opsh (where it is a loop decoding the runes).
func BenchmarkRangeStringIndex(b *testing.B) {
	e, err := NewEvaluator(EvalOptions{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	benchRange(b, func(src string) error { return e.Eval(context.Background(), src).Err })
}

// BenchmarkBareYaegiRangeStringIndex is the baseline: the same loop in bare
// yaegi, which finds each rune's byte position from the start of the
// string (quadratic in its length).
func BenchmarkBareYaegiRangeStringIndex(b *testing.B) {
	in := interp.New(interp.Options{Stdout: io.Discard, Stderr: io.Discard})
	if err := in.Use(stdlib.Symbols); err != nil {
		b.Fatal(err)
	}
	benchRange(b, func(src string) error { _, err := in.Eval(src); return err })
}

func benchRange(b *testing.B, eval func(string) error) {
	for _, src := range rangeText {
		if err := eval(src); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if err := eval("lastNewline(text)"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCellInTypedSession is the per-cell cost of a cell that makes
// values of the session's types interfaces and asserts them, in a session
// that declared 40 struct types with methods (every fourth embedding
// another): the rewrites read the session's method sets.
func BenchmarkCellInTypedSession(b *testing.B) {
	e, err := NewEvaluator(EvalOptions{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	cells := []string{"type Named interface{ Name() string }", "type Sized interface{ Size() int }"}
	for i := range 40 {
		embed := ""
		if i%4 == 3 {
			embed = fmt.Sprintf("T%d; ", i-1)
		}
		cells = append(cells,
			fmt.Sprintf("type T%d struct{ %sN int }", i, embed),
			fmt.Sprintf("func (t *T%d) Name() string { return \"t%d\" }", i, i),
			fmt.Sprintf("func (t T%d) Size() int { return t.N }", i))
	}
	cells = append(cells, "var all []Named")
	for _, c := range cells {
		if r := e.Eval(ctx, c); r.Err != nil {
			b.Fatalf("%s: %v", c, r.Err)
		}
	}
	cell := "all = append(all[:0], &T7{N: 1}); s, ok := all[0].(Sized)"
	for b.Loop() {
		if r := e.Eval(ctx, cell); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
}
