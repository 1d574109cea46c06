package engine

import (
	"path"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// ambiguous names the package a bare name means when several standard
// packages share it, as goimports would pick for ops code. An explicit
// import always wins.
var ambiguous = map[string]string{
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

// packageIndex maps a package's short name to its import path, for every
// package whose symbols the interpreter has.
type packageIndex struct {
	byName map[string]string
	keys   map[string]string // import path → symbol table key
	paths  []string          // every import path, sorted
}

// newPackageIndex indexes the symbol tables. Keys of a yaegi table are
// "import/path/name". The builtins' short names win over the standard
// library's (crypto is opsh's crypto; `import "crypto"` still gives Go's).
func newPackageIndex(builtins interp.Exports, tables ...interp.Exports) *packageIndex {
	idx := &packageIndex{byName: map[string]string{}, keys: map[string]string{}}
	seen := map[string]bool{}
	for _, t := range tables {
		for key := range t {
			p, name := path.Split(key)
			p = strings.TrimSuffix(p, "/")
			if seen[p] || strings.Contains(p, "internal") || strings.HasPrefix(name, "_") {
				continue
			}
			seen[p] = true
			idx.keys[p] = key
			idx.paths = append(idx.paths, p)
			if old, ok := idx.byName[name]; ok {
				if pref, ok := ambiguous[name]; ok {
					idx.byName[name] = pref
				} else if len(p) < len(old) || (len(p) == len(old) && p < old) {
					idx.byName[name] = p
				}
				continue
			}
			idx.byName[name] = p
		}
	}
	for name, p := range ambiguous {
		if seen[p] {
			idx.byName[name] = p
		}
	}
	for key := range builtins {
		p, name := path.Split(key)
		p = strings.TrimSuffix(p, "/")
		idx.byName[name] = p
		if !seen[p] {
			seen[p] = true
			idx.keys[p] = key
			idx.paths = append(idx.paths, p)
		}
	}
	sort.Strings(idx.paths)
	return idx
}

// lookup returns the import path a bare package name means.
func (idx *packageIndex) lookup(name string) (string, bool) {
	p, ok := idx.byName[name]
	return p, ok
}

// names returns every package short name, sorted.
func (idx *packageIndex) names() []string {
	out := make([]string, 0, len(idx.byName))
	for n := range idx.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
