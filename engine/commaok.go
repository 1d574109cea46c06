package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"
)

// yaegi v0.16.1 sets the value of a comma-ok map index or type assertion
// (v, ok := m[k]; s, ok := x.(string)) only when the key is there or the
// assertion holds, and a variable declared in a loop's body keeps its
// place from one iteration to the next: the iteration after a hit saw the
// hit's value where Go has the zero value,
//
//	for _, r := range recs { name, _ := r["name"].(string); … }
//
// gave every record without a name the name of the one before. In a
// loop, zeroMisses follows each such declaration with the call that gives
// v its zero value on a miss,
//
//	name, _opsh_ok1 := r["name"].(string)
//	_opshrt.ZeroUnless(_opsh_ok1, &name)
//
// and puts the call in front of the condition of an if whose header
// declares them (if v, ok := m[k]; ok { … } else { v is 0 here }).
// Outside loops, a variable declared is new, and of zero value.

// zeroMisses rewrites the comma-ok declarations in the loops under node.
func (rw *rewriter) zeroMisses(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		body := loopBody(n)
		if body == nil {
			return true
		}
		// every statement list in the body, those of loops in it too
		editStmtLists(body, nil, func(list []ast.Stmt) []ast.Stmt {
			var out []ast.Stmt
			for _, st := range list {
				out = append(out, st)
				if zero := rw.zeroMiss(st); zero != nil {
					out = append(out, &ast.ExprStmt{X: zero})
				}
			}
			return out
		})
		ast.Inspect(body, func(n ast.Node) bool {
			if is, ok := n.(*ast.IfStmt); ok && is.Init != nil {
				if zero := rw.zeroMiss(is.Init); zero != nil {
					is.Cond = &ast.BinaryExpr{X: zero, Op: token.LAND, OpPos: is.Cond.Pos(), Y: &ast.ParenExpr{X: is.Cond}}
				}
			}
			return true
		})
		return false
	})
}

// zeroMiss is the call that zeroes the value st declares on a miss, if st
// declares a comma-ok map index or type assertion's value (with := or
// var); a blank ok is given a name for it.
func (rw *rewriter) zeroMiss(st ast.Stmt) ast.Expr {
	var names []*ast.Ident
	var value ast.Expr
	switch x := st.(type) {
	case *ast.AssignStmt:
		if x.Tok != token.DEFINE || len(x.Rhs) != 1 {
			return nil
		}
		for _, l := range x.Lhs {
			if id, ok := l.(*ast.Ident); ok {
				names = append(names, id)
			}
		}
		value = x.Rhs[0]
	case *ast.DeclStmt:
		gd, ok := x.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return nil
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Values) != 1 {
			return nil
		}
		names, value = vs.Names, vs.Values[0]
	}
	if len(names) != 2 || isBlankIdent(names[0]) {
		return nil
	}
	switch unparen(value).(type) {
	case *ast.IndexExpr, *ast.TypeAssertExpr:
	default:
		return nil
	}
	if isBlankIdent(names[1]) {
		rw.n++
		names[1].Name = fmt.Sprintf("%sok%d", loopCopy, rw.n)
	}
	return &ast.CallExpr{Fun: rtFunc("ZeroUnless"), Args: []ast.Expr{
		ast.NewIdent(names[1].Name),
		&ast.UnaryExpr{Op: token.AND, X: ast.NewIdent(names[0].Name)},
	}}
}

// zeroUnless gives the variable p points to its zero value unless ok, and
// is true, for a condition it is put in front of.
func zeroUnless(ok bool, p any) bool {
	if !ok {
		if v := reflect.ValueOf(p); v.Kind() == reflect.Pointer && !v.IsNil() {
			v.Elem().SetZero()
		}
	}
	return true
}

// The variables a comma-ok declaration in a loop's body declares keep
// their place from one iteration to the next in yaegi v0.16.1 too, where
// Go 1.22 gives each iteration its own: a goroutine or a closure made in
// the loop, or a pointer taken, saw the last iteration's value,
//
//	if ip, ok := hosts[k]; ok { go func() { probe(ip) }() }
//
// probed the last host as many times as there were hosts. A plain
// definition of several names gives each iteration its own, so
// freshCommaOks has the comma-ok form declare new variables, which one
// then copies:
//
//	_opsh_ok1, _opsh_ok2 := hosts[k]
//	ip, ok := _opsh_ok1, _opsh_ok2
//
// (in a block of its own with the if or switch whose header it was).

// freshCommaOks rewrites the comma-ok declarations in the loops under
// node; zeroMisses then gives the new variables their zero value on a
// miss.
func (rw *rewriter) freshCommaOks(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		body := loopBody(n)
		if body == nil {
			return true
		}
		editStmtLists(body, isFuncLit, func(list []ast.Stmt) []ast.Stmt {
			var out []ast.Stmt
			for _, st := range list {
				label, inner := unlabel(st)
				var init *ast.Stmt
				switch x := inner.(type) {
				case *ast.AssignStmt:
					if pre, ok := rw.splitCommaOk(x); ok {
						out = append(out, pre)
					}
				case *ast.IfStmt:
					init = &x.Init
				case *ast.SwitchStmt:
					init = &x.Init
				}
				if init != nil {
					if as, ok := (*init).(*ast.AssignStmt); ok {
						if pre, ok := rw.splitCommaOk(as); ok {
							out = append(out, &ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{pre, relabel(label, inner)}, Rbrace: st.End()})
							continue
						}
					}
				}
				out = append(out, st)
			}
			return out
		})
		return true
	})
}

// splitCommaOk makes as, a comma-ok declaration (v, ok := m[k], x.(T),
// <-c), one of the values of new variables, and returns the declaration
// of those; false for another statement.
func (rw *rewriter) splitCommaOk(as *ast.AssignStmt) (ast.Stmt, bool) {
	if as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil, false
	}
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); !ok || strings.HasPrefix(id.Name, loopCopy) {
			return nil, false // (already split)
		}
	}
	if commaOk(as) == nil {
		return nil, false
	}
	pre, uses := rw.defineAll("ok", as.Rhs[0], 2, as.Pos())
	pre.TokPos, as.Rhs = as.TokPos, uses
	return pre, true
}
