package engine

import (
	"fmt"
	"go/ast"
	"go/token"
)

// Shapes of channel code that yaegi v0.16.1 compiles wrong, whose
// operands are given variables of their own first (define).

// hoistSelectSends evaluates the channel and value of a select's send
// cases before the select, into variables: yaegi sent the zero value for
// a value with an operation inside another (out <- strings.ToUpper(x+"d"),
// rc <- Record{f[0], st}). Go evaluates them there too: "the channel and
// right-hand-side expressions of send statements are evaluated exactly
// once, in source order, upon entering the select statement."
//
//	{ _opsh_send1 := strings.ToUpper(x + "d"); select { case out <- _opsh_send1: … } }
//
// It sees the selects rewriteSelects leaves to yaegi (those receiving into
// a variable whose type the source does not show); the others are gone.
func (rw *rewriter) hoistSelectSends(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		sel, ok := inner.(*ast.SelectStmt)
		if !ok {
			return st
		}
		var first []ast.Stmt
		hoist := func(x *ast.Expr) {
			if simpleOperand(*x) {
				return
			}
			def, use := rw.define("send", *x)
			first = append(first, def)
			*x = use
		}
		for _, c := range sel.Body.List {
			if send, ok := c.(*ast.CommClause).Comm.(*ast.SendStmt); ok {
				hoist(&send.Chan)
				hoist(&send.Value)
			}
		}
		if len(first) == 0 {
			return st
		}
		return &ast.BlockStmt{Lbrace: st.Pos(), List: append(first, relabel(label, sel)), Rbrace: st.End()}
	})
}

// simpleOperand reports whether yaegi evaluates x right as a send case's
// operand: a name, a literal, or operators over those (left in place,
// where an untyped constant keeps the channel's element type).
func simpleOperand(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return simpleOperand(x.X)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && x.Op != token.AND && simpleOperand(x.X)
	case *ast.BinaryExpr:
		return simpleOperand(x.X) && simpleOperand(x.Y)
	case *ast.SelectorExpr:
		_, pkg := x.X.(*ast.Ident)
		return pkg
	}
	return false
}

// hoistReturnedRecvs receives, before a return statement, what the
// statement returns a receive of: yaegi v0.16.1 panicked on `return <-c`
// ("reflect.Value.Set using unaddressable value"), the end of many a
// function that waits for a reply.
//
//	{ _opsh_recv1 := <-reply; return _opsh_recv1, nil }
//
// Only where the results before the receive have no effects, so that the
// order of evaluation stays Go's.
func (rw *rewriter) hoistReturnedRecvs(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		ret, ok := st.(*ast.ReturnStmt)
		if !ok {
			return st
		}
		var first []ast.Stmt
		for i, r := range ret.Results {
			if len(first) == 0 && !hasRecv(r) {
				if !pureExpr(r) && !isNilIdent(r) {
					return st
				}
				continue
			}
			replaceRecvs(&ret.Results[i], func(u *ast.UnaryExpr) ast.Expr {
				def, use := rw.define("recv", u)
				first = append(first, def)
				return use
			})
		}
		if len(first) == 0 {
			return st
		}
		return &ast.BlockStmt{Lbrace: st.Pos(), List: append(first, ret), Rbrace: st.End()}
	})
}

// receiveWithOk writes a receive that defines one variable (got := <-ch)
// as a comma-ok receive (got, _ := <-ch): yaegi v0.16.1 stored the
// received value as it came, unaddressable, and got.Host = "x" or a
// method of a pointer receiver on got then failed with reflect's
// "reflect.Value.Set using unaddressable value". (Its comma-ok receive
// into variables that exist fails.)
func receiveWithOk(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Tok != token.DEFINE {
			return true
		}
		if id, ok := as.Lhs[0].(*ast.Ident); !ok || id.Name == "_" {
			return true
		}
		if recv, ok := as.Rhs[0].(*ast.UnaryExpr); ok && recv.Op == token.ARROW {
			as.Lhs = append(as.Lhs, &ast.Ident{NamePos: as.Lhs[0].End(), Name: "_"})
		}
		return true
	})
}

// hoistAssignedRecvs receives, before the assignment, what is assigned to
// a variable, an element, a field or a pointer's target: yaegi v0.16.1
// assigned nothing in results[i] = <-ch, s.F = <-ch and *p = <-ch, without
// a word, and a variable so assigned (err = <-errc) could not be assigned
// with another after (_, err = strconv.Atoi(s): reflect.Value.Set using
// unaddressable value); so is a comma-ok one to an element (m[k], ok =
// <-ch set no element).
//
//	{ _opsh_recv1 := <-ch; results[i] = _opsh_recv1 }
//
// Only where the left side has no effects, so that the order of
// evaluation stays Go's.
func (rw *rewriter) hoistAssignedRecvs(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) > 2 || len(as.Rhs) != 1 {
			return st
		}
		u, ok := unparen(as.Rhs[0]).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW || isBlankIdent(as.Lhs[0]) || !pureExpr(as.Lhs[0]) {
			return st
		}
		if len(as.Lhs) == 2 {
			// m[k], ok = <-ch: yaegi set no map element so
			if _, isIdent := as.Lhs[0].(*ast.Ident); isIdent || !pureExpr(as.Lhs[1]) {
				return st
			}
			rw.n++
			v, okName := fmt.Sprintf("%srecv%d", loopCopy, rw.n), fmt.Sprintf("%srecvok%d", loopCopy, rw.n)
			recv := &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(v), ast.NewIdent(okName)}, Tok: token.DEFINE, Rhs: []ast.Expr{u}}
			as.Rhs = []ast.Expr{ast.NewIdent(v), ast.NewIdent(okName)}
			return &ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{recv, as}, Rbrace: st.End()}
		}
		recv, use := rw.define("recv", u)
		as.Rhs[0] = use
		return &ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{recv, as}, Rbrace: st.End()}
	})
}

// hasRecv reports whether x receives from a channel, outside any function
// literal.
func hasRecv(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			found = true
		}
		return !found && !isFuncLit(n)
	})
	return found
}

// replaceRecvs puts in place of each receive in *x (outside function
// literals, left to right) what f makes of it.
func replaceRecvs(x *ast.Expr, f func(*ast.UnaryExpr) ast.Expr) {
	if u, ok := (*x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		*x = f(u)
		return
	}
	ast.Inspect(*x, func(n ast.Node) bool {
		if isFuncLit(n) {
			return false
		}
		for _, p := range childExprs(n) {
			if u, ok := (*p).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				*p = f(u)
			}
		}
		return true
	})
}

// childExprs are pointers to the expressions directly under n that a
// receive may stand in.
func childExprs(n ast.Node) []*ast.Expr {
	switch x := n.(type) {
	case *ast.BinaryExpr:
		return []*ast.Expr{&x.X, &x.Y}
	case *ast.ParenExpr:
		return []*ast.Expr{&x.X}
	case *ast.SelectorExpr:
		return []*ast.Expr{&x.X}
	case *ast.UnaryExpr:
		return []*ast.Expr{&x.X}
	case *ast.StarExpr:
		return []*ast.Expr{&x.X}
	case *ast.IndexExpr:
		return []*ast.Expr{&x.X, &x.Index}
	case *ast.SliceExpr:
		return []*ast.Expr{&x.X}
	case *ast.TypeAssertExpr:
		return []*ast.Expr{&x.X}
	case *ast.CallExpr:
		out := make([]*ast.Expr, len(x.Args))
		for i := range x.Args {
			out[i] = &x.Args[i]
		}
		return out
	case *ast.CompositeLit:
		out := []*ast.Expr{}
		for i := range x.Elts {
			if kv, ok := x.Elts[i].(*ast.KeyValueExpr); ok {
				out = append(out, &kv.Value)
				continue
			}
			out = append(out, &x.Elts[i])
		}
		return out
	}
	return nil
}

// defineAll is a statement that declares n variables of their own for the
// n values of x (a call of several results, a comma-ok form),
// _opsh_<what>N, … := x, at pos, and uses of them. The names know their
// declaration, for their static types.
func (rw *rewriter) defineAll(what string, x ast.Expr, n int, pos token.Pos) (*ast.AssignStmt, []ast.Expr) {
	def := &ast.AssignStmt{TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
	var uses []ast.Expr
	for range n {
		rw.n++
		name := fmt.Sprintf("%s%s%d", loopCopy, what, rw.n)
		obj := ast.NewObj(ast.Var, name)
		obj.Decl = def
		def.Lhs = append(def.Lhs, &ast.Ident{NamePos: pos, Name: name, Obj: obj})
		uses = append(uses, &ast.Ident{NamePos: pos, Name: name, Obj: obj})
	}
	return def, uses
}

// define is a statement that declares a variable of its own for x,
// _opsh_<what>N := x, and a use of the variable where x stood.
func (rw *rewriter) define(what string, x ast.Expr) (ast.Stmt, *ast.Ident) {
	rw.n++
	name := fmt.Sprintf("%s%s%d", loopCopy, what, rw.n)
	return &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(name)}, Tok: token.DEFINE, Rhs: []ast.Expr{x}},
		&ast.Ident{Name: name, NamePos: x.Pos()}
}
