package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io/fs"
	"path"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/opsh/opsh/engine/gosrc"
	"github.com/opsh/opsh/engine/stdlib"
)

// The generic packages of the standard library (cmp, iter, maps, slices)
// are interpreted Go source (engine/gosrc), compiled into a session the
// first time a cell imports one of them (or a source package of the
// GOPATH, which may): they take a third of an interpreter's start, which
// most one-line sessions never need.

// loadMethodHelpers declares the prelude's methodHelpers before src,
// generated source about to be compiled, if src declares a method: like the generic packages, most sessions never
// need them, and they cost a fifth of a millisecond at every start.
func (e *Evaluator) loadMethodHelpers(src string) error {
	if e.methodHelpers || !strings.Contains(src, "func (") {
		return nil
	}
	e.methodHelpers = true
	if _, err := e.in.Eval(methodHelpers); err != nil {
		return fmt.Errorf("declare the session's helpers: %w", err)
	}
	return e.boxes.fetch(e.in)
}

// loadGoSrc compiles engine/gosrc's packages before src, generated source
// about to be compiled, if src imports one of them or a source package; a
// source package's import waits for the cell's hold first (see Hold).
func (e *Evaluator) loadGoSrc(src string) error {
	if (e.goSrcLoaded && e.hold == nil) || !strings.Contains(src, "import") {
		return nil
	}
	load := false
	for _, p := range importPaths(src) {
		_, binary := e.index.key(p)
		if !binary && !isGoSrc(p) {
			// The user's source package: importing it runs its init.
			if err := e.proceed(); err != nil {
				return err
			}
		}
		load = load || !binary || isGoSrc(p)
	}
	if !load || e.goSrcLoaded {
		return nil
	}
	e.goSrcLoaded = true
	if err := gosrc.Load(e.in); err != nil {
		return fmt.Errorf("load the standard library's generic packages: %w", err)
	}
	return nil
}

// importPaths are the paths src's import declarations name. src is a
// cell's generated source (statements and declarations, not a file), so
// it is scanned, not parsed.
func importPaths(src string) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	var paths []string
	inImport, group := false, false
	for {
		_, tok, lit := s.Scan()
		switch {
		case tok == token.EOF:
			return paths
		case tok == token.IMPORT:
			inImport, group = true, false
		case !inImport:
		case tok == token.LPAREN:
			group = true
		case tok == token.STRING:
			if p, err := strconv.Unquote(lit); err == nil {
				paths = append(paths, p)
			}
			inImport = group
		case tok == token.RPAREN, tok == token.SEMICOLON && !group:
			inImport = false
		}
	}
}

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
