package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"reflect"
	"sync"

	"github.com/opsh/opsh/engine/gosrc"
	"github.com/opsh/opsh/engine/stdlib"
)

// The generic packages of the standard library (cmp, iter, maps, slices)
// are interpreted Go source (engine/gosrc), compiled into every session as
// it starts: compiled later, they would reset the variables the session
// already holds.

// isGoSrc reports whether p is one of the interpreted standard packages.
func isGoSrc(p string) bool {
	for _, g := range gosrc.Packages {
		if g == p {
			return true
		}
	}
	return false
}

// goSrcFuncs are the functions of the interpreted standard packages by
// "pkg.Name", parsed once: their result lists say how many values a call
// gives, as a compiled function's type does.
var goSrcFuncs = sync.OnceValue(func() map[string]*ast.FuncType {
	funcs := map[string]*ast.FuncType{}
	for _, pkg := range gosrc.Packages {
		src, err := fs.ReadFile(gosrc.FS, path.Join("src", pkg, pkg+".go"))
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
				funcs[pkg+"."+fd.Name.Name] = fd.Type
			}
		}
	}
	return funcs
})

// unavailable says why a standard package the interpreter lacks is
// missing, by its import path or its short name.
func unavailable(name string) (string, string, bool) {
	for p, why := range stdlib.Unavailable {
		if p == name || path.Base(p) == name {
			return p, why, true
		}
	}
	return "", "", false
}

// goSrcTable lists the interpreted standard packages for the package
// index, so that `slices.Sort` imports slices as `strings.Split` imports
// strings. It is never given to the interpreter's Use.
var goSrcTable = func() map[string]map[string]reflect.Value {
	t := map[string]map[string]reflect.Value{}
	for _, p := range gosrc.Packages {
		t[p+"/"+p] = map[string]reflect.Value{}
	}
	return t
}()
