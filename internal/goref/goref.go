// Package goref says which identifiers of Go source are references to a
// declared name and which only stand in the syntax: the one rule the
// evaluator's renaming rewrites and the Go export's renaming share.
package goref

import "go/ast"

// NotReferences lists the identifiers under root that name no declared
// object by themselves: the selected name of x.Sel, the key of a composite
// literal's key: value (a field name, or a constant the literal's type
// gives meaning to), and labels.
func NotReferences(root ast.Node) map[*ast.Ident]bool {
	skip := map[*ast.Ident]bool{}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.BranchStmt:
			if n.Label != nil {
				skip[n.Label] = true
			}
		case *ast.LabeledStmt:
			skip[n.Label] = true
		}
		return true
	})
	return skip
}
