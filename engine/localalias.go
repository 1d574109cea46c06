package engine

import (
	"go/ast"
	"go/token"
)

// inlineLocalAliases writes each use of a type alias declared in a
// function (type kv = struct{ K string; V int }) as the type it stands
// for, and drops the declaration: yaegi v0.16.1 declares none there
// ("undefined: kv"). An alias is the type itself, so nothing else changes.
func inlineLocalAliases(node ast.Node) {
	aliases := map[*ast.Object]ast.Expr{}
	ast.Inspect(node, func(n ast.Node) bool {
		ds, ok := n.(*ast.DeclStmt)
		if !ok {
			return true
		}
		if gd, ok := ds.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			var kept []ast.Spec
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if ts.Assign.IsValid() && ts.TypeParams == nil && ts.Name.Obj != nil {
					aliases[ts.Name.Obj] = ts.Type
					continue
				}
				kept = append(kept, s)
			}
			gd.Specs = kept
		}
		return true
	})
	if len(aliases) == 0 {
		return
	}
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		if id, ok := x.(*ast.Ident); ok && id.Obj != nil {
			if t, ok := aliases[id.Obj]; ok {
				return cloneExpr(t)
			}
		}
		return nil
	})
	// a declaration left without specs declares nothing
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		out := list[:0]
		for _, st := range list {
			if ds, ok := st.(*ast.DeclStmt); ok {
				if gd, ok := ds.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE && len(gd.Specs) == 0 {
					continue
				}
			}
			out = append(out, st)
		}
		return out
	})
}
