package gosrc_test

import (
	"testing"

	"github.com/opsh/opsh/engine/gosrc"
	"github.com/opsh/opsh/engine/stdlib"
	"github.com/traefik/yaegi/interp"
)

// BenchmarkLoad measures Load into an interpreter that has the standard
// library tables, as opsh starts one.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		i := interp.New(interp.Options{})
		if err := i.Use(stdlib.Symbols()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := gosrc.Load(i); err != nil {
			b.Fatal(err)
		}
	}
}
