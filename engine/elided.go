package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
)

// Go lets a composite literal of a slice, array or map type leave out the
// &T of its elements, keys and values of a pointer type *T:
// fstest.MapFS{"x.yaml": {Data: b}} is fstest.MapFS{"x.yaml":
// &fstest.MapFile{Data: b}}. yaegi v0.16.1 takes that from the literal's
// type written out (map[string]*fstest.MapFile{…}) or from a type of the
// session's, but panics on a compiled package's named type ("CFG
// post-order panic: … nil pointer dereference"). writeElidedPointers
// writes the &T in.

// writeElidedPointers gives the elements, keys and values of a composite
// literal of a compiled package's slice, array or map type that are
// pointers to a named type, written without their &T (a composite
// literal of no type), the &T.
func (rw *rewriter) writeElidedPointers(node ast.Node) {
	if rw.packageType == nil || rw.typeSource == nil {
		return
	}
	ast.Inspect(node, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || lit.Type == nil || !hasElided(lit) {
			return true
		}
		t := rw.packageType(lit.Type)
		if t == nil {
			return true
		}
		var key reflect.Type
		switch t.Kind() {
		case reflect.Map:
			key = t.Key()
		case reflect.Slice, reflect.Array:
		default:
			return true
		}
		for i, x := range lit.Elts {
			kv, ok := x.(*ast.KeyValueExpr)
			switch {
			case !ok:
				lit.Elts[i] = rw.withAddress(x, t.Elem())
			case key != nil:
				kv.Key = rw.withAddress(kv.Key, key)
				fallthrough
			default:
				kv.Value = rw.withAddress(kv.Value, t.Elem())
			}
		}
		return true
	})
}

// hasElided reports whether an element, key or value of lit is a
// composite literal without its type.
func hasElided(lit *ast.CompositeLit) bool {
	elided := func(x ast.Expr) bool {
		c, ok := x.(*ast.CompositeLit)
		return ok && c.Type == nil
	}
	for _, x := range lit.Elts {
		if kv, ok := x.(*ast.KeyValueExpr); ok && (elided(kv.Key) || elided(kv.Value)) || elided(x) {
			return true
		}
	}
	return false
}

// withAddress is x, an element of a composite literal of the type t, with
// the &T it leaves out written in: x itself unless x is a composite
// literal without its type and t a pointer to a named type.
func (rw *rewriter) withAddress(x ast.Expr, t reflect.Type) ast.Expr {
	lit, ok := x.(*ast.CompositeLit)
	if !ok || lit.Type != nil || t.Kind() != reflect.Pointer || t.Elem().Name() == "" {
		return x
	}
	src, ok := rw.typeSource(t.Elem())
	if !ok {
		return x
	}
	typ, err := parser.ParseExpr(src)
	if err != nil {
		return x
	}
	lit.Type = typ
	return &ast.UnaryExpr{OpPos: lit.Lbrace, Op: token.AND, X: lit}
}
