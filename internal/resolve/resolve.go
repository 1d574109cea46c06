// Package resolve says which import path a short package name means in an
// opsh session (json → encoding/json, web → opsh's web builtin), and holds
// the symbol tables behind those paths. The REPL resolves the names a cell
// uses without importing them by this rule, and the Go export writes the
// same imports, so an exported session compiles against the packages the
// session used:
//
//   - a package the session imported explicitly wins (the caller checks
//     its own imports first);
//   - then a builtin, by its short name: crypto is opsh's crypto (an
//     explicit import "crypto" still gives Go's);
//   - then, where several standard packages share a name, the one
//     goimports would pick for ops code (Preferred: rand is math/rand,
//     template is text/template);
//   - then the one package of that name, or the shortest path (and the
//     first in order) among several.
//
// Paths under an "internal" folder, and names starting with "_", are never
// resolved.
package resolve

import (
	"path"
	"reflect"
	"sort"
	"strings"
)

// Table is a yaegi symbol table (interp.Exports): "import/path/name" → the
// package's exported symbols.
type Table = map[string]map[string]reflect.Value

// preferred names the package a bare name means when several standard
// packages share it.
var preferred = map[string]string{
	"rand":     "math/rand",
	"template": "text/template",
	"scanner":  "text/scanner",
	"pprof":    "runtime/pprof",
	"trace":    "runtime/trace",
	"big":      "math/big",
	"cmplx":    "math/cmplx",
	"constant": "go/constant",
	"format":   "go/format",
	"doc":      "go/doc",
	"parser":   "go/parser",
	"printer":  "go/printer",
	"token":    "go/token",
	"ast":      "go/ast",
	"build":    "go/build",
	"types":    "go/types",
	"fcgi":     "net/http/fcgi",
	"syslog":   "log/syslog",
	"driver":   "database/sql/driver",
	"dwarf":    "debug/dwarf",
	"elf":      "debug/elf",
	"errors":   "errors",
	"ecdh":     "crypto/ecdh",
	"hash":     "hash",
	"json":     "encoding/json",
	"url":      "net/url",
	"signal":   "os/signal",
}

// Preferred returns the standard package a name shared by several means,
// if it is one of those.
func Preferred(name string) (string, bool) {
	p, ok := preferred[name]
	return p, ok
}

// Index maps short package names to import paths, and import paths to
// their symbols, for the tables it was made from.
type Index struct {
	byName map[string]string
	keys   map[string]string // import path → table key
	syms   map[string]map[string]reflect.Value
	paths  []string // every import path, sorted
}

// New indexes builtins (whose short names win) and the other tables (the
// standard library's, in order).
func New(builtins Table, tables ...Table) *Index {
	x := &Index{byName: map[string]string{}, keys: map[string]string{}, syms: map[string]map[string]reflect.Value{}}
	for _, t := range tables {
		for key, syms := range t {
			p, name := split(key)
			if _, seen := x.keys[p]; seen || strings.Contains(p, "internal") || strings.HasPrefix(name, "_") {
				continue
			}
			x.add(p, key, syms)
			old, taken := x.byName[name]
			switch {
			case !taken:
				x.byName[name] = p
			case preferred[name] != "":
				x.byName[name] = preferred[name]
			case len(p) < len(old) || len(p) == len(old) && p < old:
				x.byName[name] = p
			}
		}
	}
	for name, p := range preferred {
		if _, ok := x.keys[p]; ok {
			x.byName[name] = p
		}
	}
	for key, syms := range builtins {
		p, name := split(key)
		x.byName[name] = p
		if _, seen := x.keys[p]; !seen {
			x.add(p, key, syms)
		}
	}
	sort.Strings(x.paths)
	return x
}

// split splits a table key "import/path/name" into path and name.
func split(key string) (p, name string) {
	p, name = path.Split(key)
	return strings.TrimSuffix(p, "/"), name
}

func (x *Index) add(p, key string, syms map[string]reflect.Value) {
	x.keys[p] = key
	x.syms[p] = syms
	x.paths = append(x.paths, p)
}

// Lookup returns the import path a bare package name means. A nil Index
// knows no name.
func (x *Index) Lookup(name string) (string, bool) {
	if x == nil {
		return "", false
	}
	p, ok := x.byName[name]
	return p, ok
}

// Names returns every short name the index resolves, sorted.
func (x *Index) Names() []string {
	out := make([]string, 0, len(x.byName))
	for n := range x.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Paths returns every import path the index holds, sorted.
func (x *Index) Paths() []string { return x.paths }

// Key returns the symbol table key of an import path ("encoding/json" →
// "encoding/json/json"), "" if the index does not hold it.
func (x *Index) Key(importPath string) string { return x.keys[importPath] }

// Symbols returns the exported symbols of an import path, nil if the
// index does not hold it. A function is its value; a type is a nil
// pointer to it (yaegi's convention).
func (x *Index) Symbols(importPath string) map[string]reflect.Value {
	if x == nil {
		return nil
	}
	return x.syms[importPath]
}

// Symbol returns the symbol sym of the package a bare name means.
func (x *Index) Symbol(pkgName, sym string) (reflect.Value, bool) {
	p, ok := x.Lookup(pkgName)
	if !ok {
		return reflect.Value{}, false
	}
	v, ok := x.syms[p][sym]
	return v, ok
}

// printFuncs are fmt's print functions.
var printFuncs = map[string]bool{
	"Print": true, "Printf": true, "Println": true, "Fprint": true, "Fprintf": true, "Fprintln": true,
}

// Discarded reports whether a session takes a call of name in the package
// importPath as giving nothing: fmt's print functions, whose byte count and
// write error nobody reads at a prompt (fmt.Println(x) is not a (T, error)
// value to unwrap).
func Discarded(importPath, name string) bool {
	return importPath == "fmt" && printFuncs[name]
}
