package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// A cell's statements run one at a time (Eval), but Go compiles a block
// whole before any of it runs: a typo on the third line must not let the
// first two run. `sys.Run("systemctl", "stop", svc)` above a misspelt
// name would stop the service, then fail. checkAhead finds, before any
// statement of the cell runs, the errors that need no statement run
// before them to be seen: a syntax error, and a name that neither the
// session, nor the cell, nor Go declares.

// checkAhead is the first such error of the cell src, cut into segs, in
// the statement that has it, nil if none. The cell's first statement is
// left to its own evaluation: nothing runs before it.
func (e *Evaluator) checkAhead(src string, segs []segment) error {
	if len(segs) < 2 {
		return nil
	}
	type stmt struct {
		seg  segment
		fset *token.FileSet
		body *ast.BlockStmt
	}
	var stmts []stmt
	var names []string
	for _, seg := range segs {
		fset := token.NewFileSet()
		f, err := parsePart(fset, src, seg.off, seg.end, seg.decl)
		if err != nil {
			if seg == segs[0] {
				return nil
			}
			return cellError(err)
		}
		if seg.decl {
			names = append(names, declNames(f)...)
			for _, spec := range f.Imports {
				name, _ := importName(spec)
				names = append(names, name)
			}
			continue
		}
		body := f.Decls[0].(*ast.FuncDecl).Body
		names = append(names, topNames(body)...)
		if !strings.HasPrefix(seg.src, "var") { // (a var may wait for what it needs: keepVar)
			stmts = append(stmts, stmt{seg, fset, body})
		}
	}
	for _, s := range stmts {
		if s.seg == segs[0] {
			continue
		}
		if err := e.usesFailedVars(s.body); err != nil {
			return err
		}
		if unknown := e.unknownNames(s.body, names); len(unknown) > 0 {
			id := firstUnknown(s.body, unknown)
			p := s.fset.Position(id.Pos())
			return e.userError(fmt.Errorf("%d:%d: undefined: %s", p.Line, p.Column, id.Name), cellPos{cell: src, line: s.seg.line})
		}
	}
	return nil
}

// topNames are the names the statements of body declare in its own scope
// (x := …, var x, type T, and the labels): the session's, once they ran.
func topNames(body *ast.BlockStmt) []string {
	var names []string
	for _, st := range body.List {
		for {
			l, ok := st.(*ast.LabeledStmt)
			if !ok {
				break
			}
			names, st = append(names, l.Label.Name), l.Stmt
		}
		switch x := st.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						names = append(names, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := x.Decl.(*ast.GenDecl); ok {
				names = append(names, specNames(g)...)
			}
		}
	}
	return names
}

// firstUnknown is the first use in body of one of the names, as unknownNames
// finds them: no selected name, nor a struct literal's field.
func firstUnknown(body *ast.BlockStmt, names []string) *ast.Ident {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var first *ast.Ident
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(x.X, visit)
			return false
		case *ast.KeyValueExpr:
			if _, field := x.Key.(*ast.Ident); field {
				ast.Inspect(x.Value, visit)
				return false
			}
		case *ast.Ident:
			if want[x.Name] && x.Obj == nil && (first == nil || x.Pos() < first.Pos()) {
				first = x
			}
		}
		return true
	}
	ast.Inspect(body, visit)
	return first
}
