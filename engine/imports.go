package engine

import (
	"github.com/traefik/yaegi/interp"

	"github.com/opsh/opsh/engine/stdlib"
	"github.com/opsh/opsh/engine/stdlib/unrestricted"
	"github.com/opsh/opsh/internal/resolve"
)

// packageIndex is how a session finds the package a bare name means
// (strings, web, rand): internal/resolve's rule, the one the Go export
// uses too, over the session's symbol tables.
type packageIndex struct{ *resolve.Index }

// newPackageIndex indexes the symbol tables; the builtins' short names win
// over the standard library's (crypto is opsh's crypto; `import "crypto"`
// still gives Go's).
func newPackageIndex(builtins interp.Exports, tables ...interp.Exports) *packageIndex {
	rt := make([]resolve.Table, len(tables))
	for i, t := range tables {
		rt[i] = t
	}
	return &packageIndex{resolve.New(builtins, rt...)}
}

// key returns the symbol table key of an import path the index has.
func (idx *packageIndex) key(p string) (string, bool) {
	k := idx.Key(p)
	return k, k != ""
}

// lookup returns the import path a bare package name means.
func (idx *packageIndex) lookup(name string) (string, bool) { return idx.Lookup(name) }

// names returns every package short name, sorted.
func (idx *packageIndex) names() []string { return idx.Names() }

// PackageIndex is the index of the packages a session has: the builtins
// given and Go's standard library as the interpreter offers it. The Go
// export resolves names with it, as the session does.
func PackageIndex(builtins interp.Exports) *resolve.Index {
	return newPackageIndex(builtins, stdlib.Symbols(), unrestricted.Symbols(), goSrcTable).Index
}
