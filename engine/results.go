package engine

import (
	"go/ast"
	"go/token"
)

// yaegi v0.16.1 gives a called function, for its results, the caller's
// places for them, without setting them to zero first: a function whose
// named results it reads before it sets them (sum += n, an err set on one
// path only) saw, called again from the same place (in a loop), the
// value it returned the time before. zeroNamedResults sets each named
// result to its zero value first, as Go does:
//
//	func check(x int) (err error) {
//		err = *new(error)
//		…
func zeroNamedResults(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		ft, body, ok := funcParts(n)
		if !ok || body == nil || ft.Results == nil {
			return true
		}
		var zeros []ast.Stmt
		for _, f := range ft.Results.List {
			for _, name := range f.Names {
				if name.Name == "_" {
					continue
				}
				zero := &ast.StarExpr{X: &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{cloneExpr(f.Type)}}}
				zeros = append(zeros, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(name.Name)}, Tok: token.ASSIGN, Rhs: []ast.Expr{zero}})
			}
		}
		body.List = append(zeros, body.List...)
		return true
	})
}

// funcParts are the type and body of a function declaration or literal;
// false for other nodes.
func funcParts(n ast.Node) (*ast.FuncType, *ast.BlockStmt, bool) {
	switch f := n.(type) {
	case *ast.FuncDecl:
		return f.Type, f.Body, true
	case *ast.FuncLit:
		return f.Type, f.Body, true
	}
	return nil, nil, false
}
