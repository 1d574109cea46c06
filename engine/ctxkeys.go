package engine

import (
	"go/ast"
	"go/token"
	"strconv"
)

// The keys of context values are, in Go, values of a type of their own:
//
//	type authKey int; type traceKey int
//	ctx = context.WithValue(ctx, userKey, "alice") // userKey authKey = 0
//	ctx = context.WithValue(ctx, spanKey, "span-7") // spanKey traceKey = 0
//
// yaegi v0.16.1 makes a named basic type the type it is made of, and two
// struct types of the same fields one type: both keys above were the int
// 0, and ctx.Value(userKey) gave "span-7"; type userKey struct{} and type
// traceKey struct{} collided the same way. wrapContextKeys gives a key of a
// type of the session, where the context is made and where it is read,
// the type's name:
//
//	context.WithValue(ctx, _opshrt.ContextKey(userKey, "authKey"), "alice")
//	ctx.Value(_opshrt.ContextKey(userKey, "authKey"))
//
// The reading is a call of a method Value of one argument whose receiver
// is no value of the session's own types (a context.Context, or one the
// source does not show).

// contextKey is a key of a context value of a type of the session.
type contextKey struct {
	typ string // the type's name, as the session knows it
	v   any
}

// String is how a context (its String) shows the key: the type's name,
// as Go's does for a key of no String method.
func (k contextKey) String() string { return "main." + userTypeName(k.typ) }

// wrapContextKeys wraps the keys of the session's types node gives to
// context.WithValue and to the Value method of a context.
func (rw *rewriter) wrapContextKeys(node ast.Node) {
	eachSelectorCall(node, func(call *ast.CallExpr, sel *ast.SelectorExpr) {
		switch {
		case sel.Sel.Name == "WithValue" && len(call.Args) == 3 && rw.isPackage(sel.X, "context"):
			call.Args[1] = rw.contextKey(call.Args[1])
		case sel.Sel.Name == "Value" && len(call.Args) == 1 && !rw.ofSessionType(sel.X):
			call.Args[0] = rw.contextKey(call.Args[0])
		}
	})
}

// contextKey is key, wrapped if of a named type of the session.
func (rw *rewriter) contextKey(key ast.Expr) ast.Expr {
	t, kind, ok := rw.staticType(key)
	id, named := t.(*ast.Ident)
	if !ok || kind != token.ILLEGAL || !named || !rw.sessionType(id.Name) {
		return key
	}
	return &ast.CallExpr{Fun: rtFunc("ContextKey"), Args: []ast.Expr{key, &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(id.Name)}}}
}

// sessionType reports whether name is a type the node or the session
// declares.
func (rw *rewriter) sessionType(name string) bool {
	if predeclaredTypes[name] && rw.types[name] == nil {
		return false
	}
	return rw.types[name] != nil || rw.isType != nil && rw.isType(name)
}

// ofSessionType reports whether the source shows x to be of a type of the
// session's (or a pointer to one).
func (rw *rewriter) ofSessionType(x ast.Expr) bool {
	t, _, ok := rw.staticType(x)
	if !ok {
		return false
	}
	if star, isPtr := t.(*ast.StarExpr); isPtr {
		t = star.X
	}
	id, named := t.(*ast.Ident)
	return named && rw.sessionType(id.Name)
}
