package engine

import (
	"go/ast"
	"go/token"

	"github.com/opsh/opsh/internal/goref"
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

// inlineAliases writes each use of a package-level type alias, the
// session's or one node declares (type Celsius = Temp), as the type it
// stands for, which it is: %T, a type switch and the rewrites that read
// the source's types then name Temp, as Go does, where the interpreter
// named Celsius. The declarations stay, for later cells.
func (rw *rewriter) inlineAliases(node ast.Node) {
	own := map[string]ast.Expr{}
	if f, ok := node.(*ast.File); ok {
		for _, ts := range goref.TypeSpecs(f) {
			if ts.Assign.IsValid() && ts.TypeParams == nil {
				own[ts.Name.Name] = ts.Type
			}
		}
	}
	target := func(id *ast.Ident) (ast.Expr, bool) {
		if id.Obj != nil && id.Obj.Kind != ast.Typ {
			return nil, false // a variable, a parameter of that name
		}
		if t, ok := own[id.Name]; ok {
			return t, true
		}
		if id.Obj == nil && rw.alias != nil {
			return rw.alias(id.Name)
		}
		return nil, false
	}
	skip := goref.NotReferences(node)
	uses := map[ast.Expr]ast.Expr{}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.TypeSpec:
			skip[x.Name] = true
		case *ast.Ident:
			t, ok := target(x)
			if !ok || skip[x] {
				return true
			}
			for range 10 { // an alias of an alias
				next, isID := t.(*ast.Ident)
				if !isID {
					break
				}
				u, ok := target(next)
				if !ok {
					break
				}
				t = u
			}
			uses[x] = t
		}
		return true
	})
	if len(uses) == 0 {
		return // most cells: no walk of the tree by reflection
	}
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		if t, ok := uses[x]; ok {
			return cloneExpr(t)
		}
		return nil
	})
}
