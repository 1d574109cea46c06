package engine

import (
	"go/ast"
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
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !isPkgSelector(sel) || rw.defined != nil && rw.defined(sel.X.(*ast.Ident).Name) {
			return true
		}
		at, ok := seqArgs[exprString(nil, sel)]
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
