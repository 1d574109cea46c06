package engine

import (
	"go/ast"
	"go/token"
)

// A function with results whose body can end without a return statement
// is Go's compile error, "missing return"; yaegi v0.16.1 runs it and
// returns the zero values (classify(200) was ""). checkMissingReturn says
// Go's error, by the rules of the Go specification for terminating
// statements.

// checkMissingReturn refuses the function of type ft and body body when
// it has results and its body is not terminating.
func (rw *rewriter) checkMissingReturn(ft *ast.FuncType, body *ast.BlockStmt) {
	if body == nil || ft.Results == nil || len(ft.Results.List) == 0 {
		return
	}
	if !terminatingList(body.List) {
		rw.fail(body.Rbrace, "missing return")
	}
}

// terminatingList reports whether a statement list ends in a terminating
// statement.
func terminatingList(list []ast.Stmt) bool {
	for len(list) > 0 {
		if _, empty := list[len(list)-1].(*ast.EmptyStmt); !empty {
			break
		}
		list = list[:len(list)-1]
	}
	return len(list) > 0 && terminating(list[len(list)-1], "")
}

// terminating reports whether s is a terminating statement; label is the
// label s has, if any.
func terminating(s ast.Stmt, label string) bool {
	switch x := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return x.Tok == token.GOTO
	case *ast.ExprStmt:
		call, ok := x.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := unparen(call.Fun).(*ast.Ident)
		return ok && id.Name == "panic" && id.Obj == nil
	case *ast.BlockStmt:
		return terminatingList(x.List)
	case *ast.IfStmt:
		return x.Else != nil && terminatingList(x.Body.List) && terminating(x.Else, "")
	case *ast.LabeledStmt:
		return terminating(x.Stmt, x.Label.Name)
	case *ast.ForStmt:
		return x.Cond == nil && !breaks(x.Body, label)
	case *ast.SwitchStmt:
		return clausesTerminate(x.Body, label, true)
	case *ast.TypeSwitchStmt:
		return clausesTerminate(x.Body, label, true)
	case *ast.SelectStmt:
		return clausesTerminate(x.Body, label, false)
	}
	return false
}

// clausesTerminate reports whether a switch's or a select's clauses (a
// switch's with a default one) each end in a terminating statement (or,
// in a switch, fallthrough), and none breaks out of it.
func clausesTerminate(body *ast.BlockStmt, label string, needDefault bool) bool {
	hasDefault := false
	for _, c := range body.List {
		var list []ast.Stmt
		switch cl := c.(type) {
		case *ast.CaseClause:
			list, hasDefault = cl.Body, hasDefault || cl.List == nil
		case *ast.CommClause:
			list = cl.Body
		}
		if breaks(&ast.BlockStmt{List: list}, label) {
			return false
		}
		if len(list) > 0 {
			if br, ok := list[len(list)-1].(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				continue
			}
		}
		if !terminatingList(list) {
			return false
		}
	}
	return hasDefault || !needDefault
}

// breaks reports whether body has a break of the statement it is the body
// of: one without a label outside any nested for, switch or select, or
// one with label.
func breaks(body ast.Node, label string) bool {
	found := false
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil || m == n && n != body {
				return !found
			}
			switch x := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if x.Tok == token.BREAK && (x.Label == nil && !nested || x.Label != nil && x.Label.Name == label) {
					found = true
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if m != body {
					walk(m, true)
					return false
				}
			}
			return true
		})
	}
	walk(body, false)
	return found
}
