package engine

import (
	"go/ast"
	"go/token"
	"strings"
)

// yaegi v0.16.1 follows a nil pointer asserting a nil interface value to
// an interface type (yaegi issue 1578): `r := recover(); e, ok :=
// r.(error)` where nothing panicked, `v, ok := ctx.Value(key).(fmt.Stringer)`
// for a key not there, `l, ok := n.(Labeled)` for a nil Named. An
// assertion of a value held in an any, an error or a package's interface
// to an interface that is not one the session declared is written as
// assertFunc's function literal, which gives a nil value Go's answer
// first: false, or Go's panic (nilAssertion). A value of the session's
// interface, and one of the session's interfaces as the result, are lost
// through a function literal (reflect.Set: … interp.valueInterface): a
// comma-ok assertion of either is guarded by statements instead
// (guardNilAsserts).

// nilAssertion is, for an assertion of a value of an any, an error or a
// package's interface to an interface type, the asserted type as Go's
// message names it (main.Sizer, fmt.Stringer); "" for another assertion.
func (rw *rewriter) nilAssertion(ta *ast.TypeAssertExpr, xType ast.Expr, known bool) string {
	if !rw.isInterface(ta.Type) && !rw.compiledInterface(ta.Type) {
		return ""
	}
	if rw.declaredInterface(ta.Type) || !rw.heldInterface(xType, known) {
		return ""
	}
	name := goTypeText(exprString(nil, inMain(ta.Type, func(name string) bool {
		return !predeclaredTypes[name] && (rw.declared[name] || rw.isType != nil && rw.isType(name))
	})))
	return strings.ReplaceAll(name, "interface{", "interface {") // as reflect writes it
}

// guardNilAsserts writes each comma-ok assignment of an assertion to an
// interface type of a value of the session's interface type, or to an
// interface the session declared of a value held in another interface,
// so that a nil value is not asserted:
//
//	l, ok := n.(Labeled)
//
// becomes
//
//	var _opshasserted1 Named = n
//	l, ok := Labeled(nil), false
//	if _opshasserted1 != nil {
//		l, ok = _opshasserted1.(Labeled)
//	}
//
// The value is read first, as the assignment reads it before it declares
// the names on its left.
func (rw *rewriter) guardNilAsserts(node ast.Node) {
	guarded := map[*ast.AssignStmt]bool{}
	editAsserts(node, func(as *ast.AssignStmt) []ast.Stmt {
		if as == nil || guarded[as] || len(as.Lhs) != 2 || len(as.Rhs) != 1 || as.Tok != token.DEFINE && as.Tok != token.ASSIGN {
			return nil
		}
		ta, ok := unparen(as.Rhs[0]).(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil || !rw.isInterface(ta.Type) {
			return nil
		}
		t, _, known := rw.staticType(ta.X)
		if !(known && rw.sessionInterface(t)) && !(rw.declaredInterface(ta.Type) && rw.heldInterface(t, known)) {
			return nil
		}
		def, x := rw.define("asserted", ta.X)
		if known {
			// declared with its type, which the rewrites after read
			spec := &ast.ValueSpec{Names: []*ast.Ident{x}, Type: t, Values: []ast.Expr{ta.X}}
			x.Obj = &ast.Object{Kind: ast.Var, Name: x.Name, Decl: spec}
			def = &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{spec}}}
		}
		use := func() *ast.Ident { return &ast.Ident{Name: x.Name, Obj: x.Obj} }
		none := &ast.AssignStmt{Lhs: as.Lhs, Tok: as.Tok, Rhs: []ast.Expr{
			&ast.CallExpr{Fun: &ast.ParenExpr{X: ta.Type}, Args: []ast.Expr{ast.NewIdent("nil")}},
			ast.NewIdent("false"),
		}}
		var lhs []ast.Expr
		for _, l := range as.Lhs {
			lhs = append(lhs, cloneExpr(l))
		}
		assert := &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: use(), Type: ta.Type}}}
		guarded[assert] = true
		notNil := &ast.BinaryExpr{X: use(), Op: token.NEQ, Y: ast.NewIdent("nil")}
		return []ast.Stmt{def, none, &ast.IfStmt{If: as.Pos(), Cond: notNil, Body: &ast.BlockStmt{List: []ast.Stmt{assert}}}}
	})
}

// declaredInterface reports whether t names an interface type the session
// or the rewritten node declares (not a literal).
func (rw *rewriter) declaredInterface(t ast.Expr) bool {
	_, named := t.(*ast.Ident)
	return named && rw.sessionInterface(t)
}

// heldInterface reports whether a value of the type t (known, or not
// shown by the source) is held in an interface that is none of the
// session's: an any, an error, a package's interface.
func (rw *rewriter) heldInterface(t ast.Expr, known bool) bool {
	return !known || isIdent(t, "any") || isIdent(t, "error") || isEmptyInterface(t) || rw.compiledInterface(t)
}
