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
//	i.Use(stdlib.Symbols)
//	i.Use(unrestricted.Symbols)
//
// Generic-only packages have no compiled symbols: cmp, iter, maps and
// slices come as interpreted source from package gosrc; the others are
// listed in Unavailable with the reason, as are the packages that cannot be
// offered at all.
//
// Because Symbols holds "fmt/fmt", yaegi's Use also rebinds fmt, log, flag
// and os to the interpreter's own streams, and compiles yaegi's bundled
// generic sources of cmp, maps and slices (see gosrc for how those are
// replaced).
package stdlib

import (
	"reflect"

	"github.com/traefik/yaegi/interp"
)

//go:generate go run ./internal/gen

// Symbols maps "import/path/name" to the exported symbols of each standard
// package, for interp.Interpreter.Use. The "." entry carries MapTypes.
var Symbols = interp.Exports{}

// MapTypes tells yaegi which interfaces an interpreted value passed to a
// compiled function must be wrapped in for that function to see its
// methods (fmt calls String, encoding/json calls MarshalJSON...).
var MapTypes = map[reflect.Value][]reflect.Type{}

func init() {
	Symbols["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)}
}
