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
// a var declaration of several names gets a spec a name. The assignments
// of a statement's Init (for i, j := 0, len(s)-1) are right in yaegi.
func (rw *rewriter) splitAssigns(node ast.Node) {
	if f, ok := node.(*ast.File); ok {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok {
				splitVarSpecs(g)
			}
		}
	}
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, st := range list {
			if ds, ok := st.(*ast.DeclStmt); ok {
				splitVarSpecs(ds.Decl.(*ast.GenDecl))
			}
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN && as.Tok != token.DEFINE || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) || !anyLosable(as.Rhs) {
				out = append(out, st)
				continue
			}
			var first []ast.Stmt
			for i, x := range as.Rhs {
				if losable(x) {
					def, use := rw.define("val", x)
					first, as.Rhs[i] = append(first, def), use
				}
			}
			if as.Tok == token.DEFINE {
				out = append(append(out, first...), as)
				continue
			}
			out = append(out, &ast.BlockStmt{Lbrace: as.Pos(), List: append(first, as), Rbrace: as.End()})
		}
		return out
	})
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
