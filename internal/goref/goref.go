// Package goref says which identifiers of Go source are references to a
// declared name and which only stand in the syntax, and which name types:
// the rules the evaluator's renaming rewrites and the Go export's renaming
// share.
package goref

import (
	"go/ast"
	"go/token"
)

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

// RenameTypes renames, under root, the identifiers that may name a type
// of names (old name → new): those TypeRefs gives.
func RenameTypes(root ast.Node, names map[string]string) {
	for _, id := range TypeRefs(root, names) {
		id.Name = names[id.Name]
	}
}

// TypeRefs lists, under root in source order, the identifiers named as a
// key of names that may name a type: the references NotReferences leaves,
// less the names that declarations give to fields, parameters, functions,
// methods and imports. (A struct that embeds a renamed type names its
// field after the new name.)
func TypeRefs(root ast.Node, names map[string]string) []*ast.Ident {
	if len(names) == 0 {
		return nil
	}
	skip := NotReferences(root)
	ast.Inspect(root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Field:
			for _, id := range x.Names {
				skip[id] = true
			}
		case *ast.FuncDecl:
			skip[x.Name] = true
		case *ast.ImportSpec:
			if x.Name != nil {
				skip[x.Name] = true
			}
		}
		return true
	})
	var refs []*ast.Ident
	ast.Inspect(root, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !skip[id] {
			if _, ok := names[id.Name]; ok {
				refs = append(refs, id)
			}
		}
		return true
	})
	return refs
}

// TypeSpecs are the type declarations of f's top level.
func TypeSpecs(f *ast.File) []*ast.TypeSpec {
	var specs []*ast.TypeSpec
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, sp := range g.Specs {
				specs = append(specs, sp.(*ast.TypeSpec))
			}
		}
	}
	return specs
}

// ReceiverType is the name of a method receiver's type: T of T, *T, T[K]
// and *T[K]; "" for another expression.
func ReceiverType(t ast.Expr) string {
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// EmbeddedName is the name of a struct's embedded field of type t: T of
// T, *T and pkg.T.
func EmbeddedName(t ast.Expr) string {
	switch x := t.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.StarExpr:
		return EmbeddedName(x.X)
	}
	return ""
}
