package engine

import (
	"go/ast"
	"reflect"
)

// go/parser resolves the key of a keyed composite literal to the variable
// of that name in scope, if there is one: in Item{value: value} both
// idents are the loop's variable value. A key of a struct literal is a
// field's name, which a rewrite renaming a variable must leave alone
// (a map literal's key is an expression, renamed with its variable).

// fieldKeys are the keys of the node's composite literals that the source
// shows to be fields' names: of a literal whose type, written or elided
// ([]Item{{value: v}}), is a struct type of the node's, the session's or a
// package's.
func (rw *rewriter) fieldKeys(node ast.Node) map[*ast.Ident]bool {
	keys := map[*ast.Ident]bool{}
	var literal func(cl *ast.CompositeLit, typ ast.Expr)
	literal = func(cl *ast.CompositeLit, typ ast.Expr) {
		if cl.Type != nil {
			typ = cl.Type
		}
		if star, ok := typ.(*ast.StarExpr); ok {
			typ = star.X // an elided &T{…}
		}
		var under ast.Expr
		if typ != nil {
			under = rw.underlying(typ)
		}
		isStruct := rw.isStructTypeExpr(under)
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && isStruct {
					keys[id] = true
				}
				if k, _ := mapTypes(under); k != nil {
					if c, ok := kv.Key.(*ast.CompositeLit); ok {
						literal(c, k)
					}
				}
				el = kv.Value
			}
			if c, ok := el.(*ast.CompositeLit); ok && !isStruct {
				literal(c, indexedType(under))
			}
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		if cl, ok := n.(*ast.CompositeLit); ok && cl.Type != nil {
			literal(cl, nil)
		}
		return true
	})
	return keys
}

// isStructTypeExpr reports whether t, a type's definition, is a struct
// type: written out, or a package's.
func (rw *rewriter) isStructTypeExpr(t ast.Expr) bool {
	switch t.(type) {
	case *ast.StructType:
		return true
	case *ast.SelectorExpr:
		if rw.packageType != nil {
			pt := rw.packageType(t)
			return pt != nil && pt.Kind() == reflect.Struct
		}
	}
	return false
}
