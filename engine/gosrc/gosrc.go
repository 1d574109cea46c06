// Package gosrc holds the generic packages of Go's standard library that
// compiled symbol tables cannot carry — cmp, iter, maps and slices — as Go
// source written for yaegi v0.16.1's generics, embedded in the binary and
// interpreted.
//
// yaegi's Use of a standard library table (one holding "fmt/fmt") compiles
// yaegi's own bundled copies of cmp, maps and slices, from Go 1.22, which
// then shadow any source package of those names; Load compiles these
// packages after that, so their declarations replace yaegi's. (The engine
// keeps yaegi from compiling its copies at all, and calls Load when a cell
// first imports one of the packages.) Compiled by Load, the generic
// functions instantiate; imported
// from FS as source packages, a generic function calling another with a
// closure of its type parameter does not ("undefined type for E"), which
// is why FS is not the way in.
//
// The symbol tables given to Use must not hold compiled entries for these
// packages: engine/stdlib has none, while yaegi's stdlib.Symbols has empty
// ones, with which Load fails ("cmp/_.go redeclared in this block").
//
// Each package's doc comment lists where it differs from Go's (shapes of
// generic code yaegi cannot run). What the interpreter still cannot do with
// them, whatever the source: range over the iterators (`for k := range
// maps.Keys(m)`) needs a rewrite to a call with a yield func; and results of
// generic calls assigned at the top level of a REPL session may fail (see
// the tests).
package gosrc

import (
	"embed"
	"fmt"
	"io/fs"
	"path"

	"github.com/traefik/yaegi/interp"
)

//go:embed src
var files embed.FS

// FS is the source tree: src/<package>/<package>.go for each of Packages.
// Given to an interpreter as its source filesystem, it lets `import
// "iter"` find that package without Load.
var FS fs.FS = files

// Packages are the packages of FS, in the order Load compiles them (each
// after those it imports).
var Packages = []string{"cmp", "iter", "slices", "maps"}

// Load compiles and initialises each of Packages in i, replacing yaegi's
// bundled cmp, maps and slices. Call it after i.Use of the standard library
// symbols, before user code imports the packages.
func Load(i *interp.Interpreter) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("load generic standard packages: interpreter panicked: %v", r)
		}
	}()
	for _, pkg := range Packages {
		if err := loadOne(i, pkg); err != nil {
			return err
		}
	}
	return nil
}

// loadOne compiles and runs the source of pkg.
func loadOne(i *interp.Interpreter, pkg string) error {
	src, err := fs.ReadFile(files, path.Join("src", pkg, pkg+".go"))
	if err != nil {
		return fmt.Errorf("load %s: %w", pkg, err)
	}
	prog, err := i.Compile(string(src))
	if err != nil {
		return fmt.Errorf("load %s: compile: %w", pkg, err)
	}
	if _, err := i.Execute(prog); err != nil {
		return fmt.Errorf("load %s: run: %w", pkg, err)
	}
	return nil
}
