// Package symbols is the yaegi symbol table of the builtins: what lets
// interpreted code call them. Each builtin has a file here holding its
// go:generate line; `go generate ./builtins/symbols` writes the tables with
// `yaegi extract` (files named after the package path, DO NOT EDIT).
//
// The REPL imports every package in Symbols at start under its short name.
package symbols

import "reflect"

// Symbols maps "import/path/name" to the package's exported symbols.
var Symbols = map[string]map[string]reflect.Value{}
