package engine

import (
	"go/ast"
	"path"
)

// yaegi v0.16.1 cannot infer the type parameter of slices.Collect (and
// the other functions of slices and maps that take an iterator) from an
// iterator a compiled package made: slices.Collect(strings.Lines(out))
// failed with "undefined type for E". Given a function literal of the
// iterator's type that runs it, it infers it. wrapIterArgs writes that
// literal where the source shows the iterator's type:
//
//	slices.Collect(func(yield func(string) bool) { (strings.Lines(out))(yield) })

// seqArgs are the functions of slices and maps that take an iterator, by
// the index of that argument.
var seqArgs = map[string]int{
	"slices.Collect": 0, "slices.Sorted": 0, "slices.SortedFunc": 0, "slices.SortedStableFunc": 0,
	"slices.AppendSeq": 1, "maps.Collect": 0, "maps.Insert": 1,
}

// wrapIterArgs gives each call of seqArgs its iterator in a function
// literal of the iterator's type.
func (rw *rewriter) wrapIterArgs(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		at, ok := seqArgs[rw.stdFunc(call)]
		if !ok || at >= len(call.Args) {
			return true
		}
		if _, lit := unparen(call.Args[at]).(*ast.FuncLit); lit {
			return true
		}
		types, ok := rw.yieldTypes(call.Args[at])
		if !ok {
			return true
		}
		var params []*ast.Field
		for _, t := range types {
			pt := parsedType(t)
			if pt == nil {
				return true
			}
			params = append(params, &ast.Field{Type: pt})
		}
		arg := call.Args[at]
		yield := &ast.FuncType{Params: &ast.FieldList{List: params}, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}}
		call.Args[at] = &ast.FuncLit{
			Type: &ast.FuncType{Func: arg.Pos(), Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent("yield")}, Type: yield}}}},
			Body: &ast.BlockStmt{Lbrace: arg.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
				Fun: &ast.ParenExpr{Lparen: arg.Pos(), X: arg, Rparen: arg.End()}, Args: []ast.Expr{ast.NewIdent("yield")},
			}}}, Rbrace: arg.End()},
		}
		return true
	})
}

// keepArgType are the functions of slices and maps that return a value
// of their first argument's type, which opsh's declare as []E (or
// map[K]V): yaegi infers no S ~[]E from a slice alone. Given a named
// type (Hosts, net.IP, http.Header), they returned the plain type, and
// its methods were gone: slices.Clone(hosts).String() was "undefined
// selector".
var keepArgType = map[string]bool{
	"slices.Clone": true, "slices.Compact": true, "slices.Clip": true, "slices.Grow": true,
	"slices.Insert": true, "slices.Concat": true, "slices.Repeat": true, "slices.Delete": true,
	"slices.Replace": true, "maps.Clone": true,
}

// keepNamedTypes converts the result of each call of keepArgType whose
// first argument the source shows to be of a named type back to it:
// Hosts(slices.Clone(hosts)).
func (rw *rewriter) keepNamedTypes(node ast.Node) {
	converted := map[ast.Expr]ast.Expr{}
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || !keepArgType[rw.stdFunc(call)] {
			return true
		}
		t, ok := rw.keptType(call.Args[0])
		if !ok {
			return true
		}
		if t = parsedType(exprString(nil, t)); t == nil {
			return true // (written anew: the source's node has its positions)
		}
		if _, compiled := t.(*ast.SelectorExpr); compiled {
			// a compiled type is given as what it is made of too: yaegi
			// infers nothing from it (slices.Clone(ip) of a net.IP)
			made, ok := rw.compiledComposite(t)
			if !ok {
				return true
			}
			call.Args[0] = conversion(made, call.Args[0])
		} else if !rw.namedContainer(t) {
			return true
		}
		converted[call] = conversion(t, call)
		return true
	})
	if len(converted) > 0 {
		replaceExprs(node, func(x ast.Expr) ast.Expr { return converted[x] })
	}
}

// stdFunc is the name (slices.Clone) of the function of a package call
// calls, where the cell has not hidden the package under a name of its
// own; "" for another call. A package imported under a name of its own
// is named by its path's (pkgName): sl.Clone is slices.Clone.
func (rw *rewriter) stdFunc(call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !isPkgSelector(sel) || rw.defined != nil && rw.defined(sel.X.(*ast.Ident).Name) {
		return ""
	}
	return rw.pkgName(sel.X.(*ast.Ident).Name) + "." + sel.Sel.Name
}

// pkgName is the name of the package a cell knows as name by its path's,
// where it is imported under a name of its own (import sl "slices" in the
// rewritten node, or an earlier cell: sl is slices); name otherwise.
func (rw *rewriter) pkgName(name string) string {
	if n, ok := importedName(rw.imports, name); ok {
		return n
	}
	if rw.importPath != nil {
		if p := rw.importPath(name); p != "" {
			return path.Base(p)
		}
	}
	return name
}

// keptType is the type of x as the source shows it, where a call of
// keepArgType has its first argument's: slices.Compact(slices.Clone(h)).
func (rw *rewriter) keptType(x ast.Expr) (ast.Expr, bool) {
	if call, ok := x.(*ast.CallExpr); ok && len(call.Args) > 0 && keepArgType[rw.stdFunc(call)] {
		return rw.keptType(call.Args[0])
	}
	t, _, ok := rw.staticType(x)
	return t, ok
}

// namedContainer reports whether t is a named slice or map type of the
// session's (type Hosts []string).
func (rw *rewriter) namedContainer(t ast.Expr) bool {
	if _, named := t.(*ast.Ident); !named {
		return false
	}
	switch def := rw.underlying(t).(type) {
	case *ast.ArrayType:
		return def.Len == nil
	case *ast.MapType:
		return true
	}
	return false
}
