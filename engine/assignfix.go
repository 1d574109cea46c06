package engine

import (
	"go/ast"
	"go/token"
)

// yaegi v0.16.1 loses values of an assignment of several values, as a
// statement, where one of them is a call, a composite literal, a function
// literal or a receive: num, unit = s[:3], strings.ToUpper(s[3:]) left num
// as it was, lo, hi = 0, len(s) left lo, base, units := 1000.0,
// []string{…} made base 0, and x, m := 5, map[string]int{…} panicked;
// var gx, gy = 1.5, []int{1} lost gx. splitAssigns gives each such value a
// variable of its own first, in the order Go evaluates them, then assigns
// the variables:
//
//	_opsh_val1 := strings.ToUpper(s[3:])
//	num, unit = s[:3], _opsh_val1
//
// (in a block of its own for =, whose variables the block then holds);
// a var declaration of several names gets a spec a name, and a loop's post
// statement a function literal. The assignments of a statement's Init
// (for i, j := 0, len(s)-1) are right in yaegi.
func (rw *rewriter) splitAssigns(node ast.Node) {
	if f, ok := node.(*ast.File); ok {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok {
				splitVarSpecs(g)
			}
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		// a loop's post statement, a, i = next(a), i+1, is one statement:
		// its values are given their variables in a function literal
		// called there, func() { _opsh_val1 := next(a); a, i = _opsh_val1, i+1 }()
		if loop, ok := n.(*ast.ForStmt); ok {
			if as, ok := loop.Post.(*ast.AssignStmt); ok && splittable(as) && as.Tok == token.ASSIGN {
				lit := &ast.FuncLit{Type: &ast.FuncType{Func: as.Pos(), Params: &ast.FieldList{}}, Body: &ast.BlockStmt{Lbrace: as.Pos(), List: append(rw.splitValues(as), as), Rbrace: as.End()}}
				loop.Post = &ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: as.End(), Rparen: as.End()}}
			}
		}
		return true
	})
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, st := range list {
			if ds, ok := st.(*ast.DeclStmt); ok {
				splitVarSpecs(ds.Decl.(*ast.GenDecl))
			}
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN && as.Tok != token.DEFINE || !splittable(as) {
				out = append(out, st)
				continue
			}
			first := rw.splitValues(as)
			if as.Tok == token.DEFINE {
				out = append(append(out, first...), as)
				continue
			}
			out = append(out, &ast.BlockStmt{Lbrace: as.Pos(), List: append(first, as), Rbrace: as.End()})
		}
		return out
	})
}

// splittable reports whether as assigns several values one of which
// yaegi may lose.
func splittable(as *ast.AssignStmt) bool {
	return len(as.Lhs) >= 2 && len(as.Lhs) == len(as.Rhs) && anyLosable(as.Rhs)
}

// splitValues gives each losable value of as a variable of its own, which
// as then assigns, and returns the definitions of the variables.
func (rw *rewriter) splitValues(as *ast.AssignStmt) []ast.Stmt {
	var first []ast.Stmt
	if as.Tok == token.ASSIGN {
		// Go evaluates the operands of the indexes and indirections on
		// the left first (q[f()], q[f()] = f(), f()): so do their
		// variables, where they may do something
		for i := range as.Lhs {
			first = append(first, rw.splitOperands(&as.Lhs[i])...)
		}
	}
	for i, x := range as.Rhs {
		if losable(x) {
			def, use := rw.define("val", x)
			first, as.Rhs[i] = append(first, def), use
		}
	}
	return first
}

// splitOperands gives each operand of the indexes and indirections of
// *lhs, the left side of an assignment, that may do something (a call) a
// variable of its own, which *lhs then uses, and returns the variables'
// definitions.
func (rw *rewriter) splitOperands(lhs *ast.Expr) []ast.Stmt {
	var defs []ast.Stmt
	hoist := func(x *ast.Expr) {
		if !pureExpr(*x) {
			def, use := rw.define("idx", *x)
			defs, *x = append(defs, def), use
		}
	}
	switch x := (*lhs).(type) {
	case *ast.ParenExpr:
		return rw.splitOperands(&x.X)
	case *ast.SelectorExpr:
		return rw.splitOperands(&x.X)
	case *ast.IndexExpr:
		defs = rw.splitOperands(&x.X)
		hoist(&x.X)
		hoist(&x.Index)
	case *ast.StarExpr:
		hoist(&x.X)
	}
	return defs
}

// splitVarSpecs gives each name of a var declaration's spec of several
// names and values, one of them losable, a spec of its own.
func splitVarSpecs(g *ast.GenDecl) {
	if g.Tok != token.VAR {
		return
	}
	var specs []ast.Spec
	for _, s := range g.Specs {
		vs := s.(*ast.ValueSpec)
		if len(vs.Names) < 2 || len(vs.Names) != len(vs.Values) || !anyLosable(vs.Values) {
			specs = append(specs, vs)
			continue
		}
		for i, name := range vs.Names {
			one := &ast.ValueSpec{Names: []*ast.Ident{name}, Type: vs.Type, Values: []ast.Expr{vs.Values[i]}}
			if i == 0 {
				one.Doc = vs.Doc
			}
			specs = append(specs, one)
		}
	}
	if len(specs) > 1 && g.Lparen == token.NoPos {
		g.Lparen, g.Rparen = g.Pos(), g.End()
	}
	g.Specs = specs
}

func anyLosable(xs []ast.Expr) bool {
	for _, x := range xs {
		if losable(x) {
			return true
		}
	}
	return false
}

// losable reports whether x, one of several values of an assignment, has
// a call, a composite or function literal, or a receive outside function
// literals' bodies.
func losable(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.CallExpr, *ast.CompositeLit, *ast.FuncLit:
			found = true
		case *ast.UnaryExpr:
			found = found || v.Op == token.ARROW
		}
		return !found
	})
	return found
}

// yaegi v0.16.1 loses a struct literal assigned to a variable that a
// function literal captures, in the literal or out of it: f := func() {
// r = R{"f"} }; f() left r as it was, and a named result r that a deferred
// function reads was returned zero after r = R{"a"}; return.
// hoistCapturedLiterals gives such a literal a variable of its own first,
// as a value held in a variable is assigned right:
//
//	_opsh_val1 := R{"f"}
//	r = _opsh_val1
func (rw *rewriter) hoistCapturedLiterals(node ast.Node) {
	captured := map[*ast.Object]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			ast.Inspect(lit.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && capturedBy(lit, id) {
					captured[id.Obj] = true
				}
				return true
			})
		}
		return true
	})
	if len(captured) == 0 {
		return
	}
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		for i, st := range list {
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				continue
			}
			id, ok := as.Lhs[0].(*ast.Ident)
			if _, lit := unparen(as.Rhs[0]).(*ast.CompositeLit); !ok || !lit || !captured[id.Obj] {
				continue
			}
			def, use := rw.define("val", as.Rhs[0])
			as.Rhs[0] = use
			list[i] = &ast.BlockStmt{Lbrace: as.Pos(), List: []ast.Stmt{def, as}, Rbrace: as.End()}
		}
		return list
	})
}

// capturedBy reports whether id is a variable the function literal lit
// captures: declared in the function around it.
func capturedBy(lit *ast.FuncLit, id *ast.Ident) bool {
	if id.Obj == nil || id.Obj.Kind != ast.Var {
		return false
	}
	decl, ok := id.Obj.Decl.(ast.Node)
	return ok && (decl.Pos() < lit.Pos() || decl.Pos() >= lit.End())
}
