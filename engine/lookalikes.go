package engine

import (
	"fmt"
	"go/ast"
	"go/types"
)

// A value of a type of the session's that is made of a basic, slice or map
// type (type Port int, type Tags []string) is, to yaegi v0.16.1, a value
// of the type it is made of wherever code compares types as it runs: in a
// type switch the case listed first of Port and int takes both. No rewrite
// can tell them apart (the value carries no more than reflect's int), so
// noteLookalikeCases says so, once a switch, where the cell lists both
// (but for a type with methods in a switch on an any, which yaegi's own
// switch tells apart, casesSessionTypes leaving it that switch).
func (rw *rewriter) noteLookalikeCases(node ast.Node) {
	if rw.note == nil {
		return
	}
	ast.Inspect(node, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok {
			return true
		}
		subject, _, _ := rw.staticType(switchSubject(ts))
		ofAny := isEmptyIface(subject)
		first := map[string]ast.Expr{} // a run-time type → the case that names it first
		for _, c := range ts.Body.List {
			for _, t := range c.(*ast.CaseClause).List {
				id, ok := rw.runtimeIdentity(t)
				if !ok || ofAny && rw.hasOwnMethods(t) {
					// (yaegi's own switch on an any tells a type with
					// methods from the one it is made of)
					continue
				}
				if f, seen := first[id]; seen {
					rw.note(fmt.Sprintf("%s and %s are one type to the interpreter as it runs (a type of yours that is no struct is what it is made of): case %s, listed first, takes both; see :help limits",
						types.ExprString(f), types.ExprString(t), types.ExprString(f)))
					return true
				}
				first[id] = t
			}
		}
		return true
	})
}

// runtimeIdentity is the type t is to the interpreter as the program runs:
// a type of the session's that is no struct or interface is the type it is
// made of, followed to the end; false for other types of the session's.
func (rw *rewriter) runtimeIdentity(t ast.Expr) (string, bool) {
	for range 16 {
		id, ok := t.(*ast.Ident)
		if !ok {
			return types.ExprString(t), true
		}
		def, declared := rw.typeDef(id.Name)
		if !declared {
			return id.Name, true
		}
		switch def.(type) {
		case *ast.StructType, *ast.InterfaceType:
			return "", false
		}
		t = def
	}
	return "", false
}

// hasOwnMethods reports whether t names a type of the session's that
// declares methods.
func (rw *rewriter) hasOwnMethods(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	return ok && len(rw.methodSet()[id.Name]) > 0
}
