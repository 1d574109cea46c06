package engine

import (
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"strings"
)

// A struct type literal that embeds a package's interfaces, the everyday
//
//	rc := struct {
//		io.Reader
//		io.Closer
//	}{gz, f}
//
// of a decompressing reader closed with its file, is, to yaegi v0.16.1, a
// struct without the interfaces' methods, and made an io.ReadCloser it
// read from the last field (the file's raw bytes), silently. nameEmbedders
// gives each such literal a type of the session's declared with the same
// fields and the methods their interfaces give it (forwardEmbedded's,
// where a program declares a named one):
//
//	type _opshEmb1 struct{ _opshFwdio.Reader; _opshFwdio.Closer }
//	func (_opshFwd _opshEmb1) Read(_opshP0 []byte) (int, error) { return _opshFwd.Reader.Read(_opshP0) }
//	func (_opshFwd _opshEmb1) Close() error { return _opshFwd.Closer.Close() }

// embedderPrefix begins the names of those types.
const embedderPrefix = "_opshEmb"

// nameEmbedders gives the composite literals of node whose type is a
// struct literal embedding a package's interface the session's type of
// its fields and methods (embedder).
func (rw *rewriter) nameEmbedders(node ast.Node) {
	if rw.embedder == nil {
		return
	}
	ast.Inspect(node, func(n ast.Node) bool {
		cl, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		st, ok := cl.Type.(*ast.StructType)
		if !ok || !rw.embedsPackageInterface(st) {
			return true
		}
		if name, ok := rw.embedder(st); ok {
			cl.Type = &ast.Ident{NamePos: st.Pos(), Name: name}
		}
		return true
	})
}

// embedsPackageInterface reports whether the struct type st embeds a
// package's interface with methods and names no type of the session's.
func (rw *rewriter) embedsPackageInterface(st *ast.StructType) bool {
	embeds := false
	for _, f := range st.Fields.List {
		if !rw.compiledOnly(f.Type) {
			return false
		}
		if len(f.Names) == 0 && rw.packageInterface(f.Type) {
			embeds = true
		}
	}
	return embeds
}

// embedder is the name of the session's type of the fields of st with the
// methods its embedded interfaces give it, declared the first time a cell
// needs it; false if it cannot be.
func (e *Evaluator) embedder(st *ast.StructType) (string, bool) {
	key := exprString(nil, st)
	if name, ok := e.embedders[key]; ok {
		return name, name != ""
	}
	name := fmt.Sprintf("%s%d", embedderPrefix, len(e.embedders)+1)
	decls := []ast.Node{&ast.GenDecl{Tok: token.TYPE, Specs: []ast.Spec{&ast.TypeSpec{Name: ast.NewIdent(name), Type: cloneExpr(st)}}}}
	for _, m := range promoted(st, func(t ast.Expr) []forwarded { return e.interfaceSignatures(t, nil) }) {
		decls = append(decls, m.decl(name))
	}
	// The packages named, imported under names of their own: the
	// session may have others under theirs.
	var src, imports strings.Builder
	for _, d := range decls {
		ast.Inspect(d, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name != "_opshFwd" && !strings.HasPrefix(id.Name, forwarderPrefix) {
					id.Name = e.aliasImport(&imports, id.Name)
				}
			}
			return true
		})
		if err := printer.Fprint(&src, token.NewFileSet(), d); err != nil {
			e.embedders[key] = ""
			return "", false
		}
		src.WriteString("\n")
	}
	if _, err := e.quietEval(imports.String() + src.String()); err != nil {
		name = ""
	}
	e.embedders[key] = name
	return name, name != ""
}
