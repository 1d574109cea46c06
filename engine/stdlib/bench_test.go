package stdlib_test

import (
	"testing"

	"github.com/opsh/opsh/engine/stdlib"
	"github.com/opsh/opsh/engine/stdlib/unrestricted"
	"github.com/traefik/yaegi/interp"
	yaegistd "github.com/traefik/yaegi/stdlib"
	yaegiunrestricted "github.com/traefik/yaegi/stdlib/unrestricted"
)

// BenchmarkUse measures a new interpreter loaded with these tables against
// one loaded with yaegi's own (Go 1.22) tables.
func BenchmarkUse(b *testing.B) {
	for _, bb := range []struct {
		name   string
		tables []interp.Exports
	}{
		{"yaegi", []interp.Exports{yaegistd.Symbols, yaegiunrestricted.Symbols}},
		{"engine", []interp.Exports{stdlib.Symbols(), unrestricted.Symbols()}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				i := interp.New(interp.Options{Unrestricted: true})
				for _, t := range bb.tables {
					if err := i.Use(t); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
