// Package stdlib holds the symbol tables of Go's standard library for the
// yaegi interpreter, generated with yaegi's extractor under the Go toolchain
// opsh is built with (Go 1.26), where yaegi v0.16.1's own tables stop at Go
// 1.22.
//
// Symbols is the sandboxed table, like yaegi's stdlib.Symbols: os.Exit,
// log.Fatal and friends panic instead of ending the process, and os/exec and
// syscall are absent. Package unrestricted adds the real ones. Load both
// with Use:
//
//	i := interp.New(interp.Options{Unrestricted: true})
//	i.Use(stdlib.Symbols())
//	i.Use(unrestricted.Symbols())
//
// Generic-only packages have no compiled symbols: cmp, iter, maps and
// slices come as interpreted source from package gosrc; the others are
// listed in Unavailable with the reason, as are the packages that cannot be
// offered at all.
//
// Because the tables hold "fmt/fmt", yaegi's Use also rebinds fmt, log,
// flag and os to the interpreter's own streams, and compiles yaegi's
// bundled generic sources of cmp, maps and slices (see gosrc for how those
// are replaced, and the engine for how it avoids both).
package stdlib

import (
	"reflect"

	"github.com/traefik/yaegi/interp"

	"github.com/opsh/opsh/engine/stdlib/internal/lazy"
)

//go:generate go run ./internal/gen

// symbols maps "import/path/name" to the exported symbols of each standard
// package; Symbols fills it on first use.
var symbols = interp.Exports{}

// fills fill symbols, a package each.
var fills lazy.Fills

// onFirstUse registers a generated table's filling; each generated file
// calls it from its init function.
func onFirstUse(fill func()) { fills.Add(fill) }

func init() {
	onFirstUse(func() { symbols["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)} })
}

// Symbols returns the tables, for interp.Interpreter.Use: "import/path/name"
// to the exported symbols of each standard package. The "." entry carries
// MapTypes. They are made on the first call, not as the program starts: a
// process that never interprets (opsh's front-end) does not pay the
// millisecond and the megabytes of making them. Use them read-only: every
// caller shares them.
func Symbols() interp.Exports {
	fills.Run()
	return symbols
}

// MapTypes tells yaegi which interfaces an interpreted value passed to a
// compiled function must be wrapped in for that function to see its
// methods (fmt calls String, encoding/json calls MarshalJSON...).
var MapTypes = map[reflect.Value][]reflect.Type{}
