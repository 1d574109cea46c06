package engine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/goref"
)

// A cell of declarations that fails to compile leaves, in yaegi v0.16.1,
// what it declared in the interpreter's scope, half made: a function
// whose body did not compile ran nothing when called, or panicked with an
// index out of range; a method so declared stayed its type's, as yaegi
// keeps a type's first method of a name, and the corrected declaration in
// the next cell was silently ignored. undoFailedDecls makes what the cell
// declared as if it had not been: a function it declared again has its
// former body back, one it declared first says it is undefined when
// called; the types it gave methods are broken, and declared anew at
// once without them (dropBrokenMethods), or, if that fails, by their next
// declaration, or that of a method of theirs (versionTypes).

// undeclaredFunc is the panic of a function whose declaration failed
// (_opshrt.Undeclared, which its body calls).
type undeclaredFunc struct{ name string }

func (u undeclaredFunc) Error() string {
	name := strings.TrimPrefix(u.name, genericPrefix)
	if name == mainName {
		name = "main" // (renameMain's)
	}
	return "undefined: " + name + " (its declaration failed; declare it again)"
}

// undoFailedDecls undoes what f, a cell's declarations as they were
// rewritten, declared, when they failed to compile; srcs are its
// functions' sources as the user wrote them (funcSources).
func (e *Evaluator) undoFailedDecls(ctx context.Context, fset *token.FileSet, f *ast.File, srcs map[string]string) {
	declared := map[string]string{} // the types the cell declares
	for _, ts := range goref.TypeSpecs(f) {
		declared[ts.Name.Name] = exprString(nil, ts.Type)
	}
	withMethods := map[string]bool{} // the broken types the cell gave a method
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Type.TypeParams != nil {
			continue
		}
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			typ := goref.ReceiverType(fd.Recv.List[0].Type)
			if _, ok := e.methodDecls[typ+"."+fd.Name.Name]; ok {
				continue // the interpreter keeps the one declared before
			}
			def, ok := declared[typ]
			if !ok {
				def = e.typeDecls[typ]
			}
			if def != "" {
				withMethods[typ] = true
				e.brokenTypes[typ] = def
			}
			continue
		}
		if _, ok := srcs[fd.Name.Name]; !ok {
			continue
		}
		if old, ok := e.funcSrc[fd.Name.Name]; ok {
			_ = e.redeclare(ctx, old)
			continue
		}
		stub := &ast.FuncDecl{Name: fd.Name, Type: fd.Type, Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
			Fun:  ast.NewIdent("panic"),
			Args: []ast.Expr{&ast.CallExpr{Fun: rtFunc("Undeclared"), Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(fd.Name.Name)}}}},
		}}}}}
		var b strings.Builder
		if printNode(&b, fset, stub) == nil {
			_, _ = e.quietEval(b.String())
		}
	}
	e.dropBrokenMethods(ctx, withMethods)
}

// dropBrokenMethods declares the types names (the interpreter's names)
// again, now, without the methods of the cell that failed, so that a
// value made after it has none of them, as in Go (x.Ok undefined), where
// calling one panicked with an index out of range. Values made before
// keep them.
func (e *Evaluator) dropBrokenMethods(ctx context.Context, names map[string]bool) {
	notes := len(e.notes)
	defer func() { e.notes = e.notes[:notes] }() // the cell's error says it all
	for _, name := range slices.Sorted(maps.Keys(names)) {
		_ = e.redeclare(ctx, "type "+userTypeName(name)+" "+e.brokenTypes[name])
	}
}

// redeclare evaluates src, declarations the session makes of what ran
// before (a function's former body, a type's methods or forwarders), as
// declarations it carries (Evaluator.carrying).
func (e *Evaluator) redeclare(ctx context.Context, src string) error {
	carrying := e.carrying
	e.carrying = true
	defer func() { e.carrying = carrying }()
	return e.evalDecls(ctx, src, []segment{{off: 0, end: len(src), line: 1, decl: true}})
}

// failedNote is the note for the new definition of the type name, which
// a cell that failed broke.
func failedNote(name string) string {
	return fmt.Sprintf("%s is declared again after a cell that declared methods of it failed, so %s is a new type: values, variables and functions made before keep the old %s", name, name, name)
}

// A statement that declares variables and fails to compile (w := 5 + "a")
// leaves them declared in yaegi v0.16.1, of zero value, where Go has no
// such variable: a later cell used an empty w without a word.
// noteFailedVars keeps their names, and usesFailedVars says they are
// undefined until a statement declares them.

// noteFailedVars notes the variables stmts declare that the session did
// not have, when err, why they failed, is no panic or interrupt of code
// that ran.
func (e *Evaluator) noteFailedVars(stmts []ast.Stmt, err error) {
	var p *PanicError
	if errors.As(err, &p) || errors.Is(err, ErrInterrupted) {
		return
	}
	for _, name := range declaredVars(stmts) {
		if !e.globals[name] {
			e.failedVars[name] = true
		}
	}
}

// declaredVars are the names stmts declare with := and var.
func declaredVars(stmts []ast.Stmt) []string {
	var names []string
	for _, st := range stmts {
		switch x := st.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						names = append(names, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := x.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, sp := range g.Specs {
					for _, id := range sp.(*ast.ValueSpec).Names {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	return names
}

// usesFailedVars is the error of a statement that uses a variable whose
// declaration failed and that it does not declare itself.
func (e *Evaluator) usesFailedVars(body *ast.BlockStmt) error {
	if len(e.failedVars) == 0 {
		return nil
	}
	own := map[string]bool{}
	for _, name := range declaredVars(body.List) {
		own[name] = true
	}
	var failed string
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(x.X, visit) // not the field or method
			return false
		case *ast.KeyValueExpr:
			if _, field := x.Key.(*ast.Ident); field {
				ast.Inspect(x.Value, visit) // not a struct literal's field
				return false
			}
		case *ast.Ident:
			if failed == "" && e.failedVars[x.Name] && !own[x.Name] && x.Obj == nil {
				failed = x.Name
			}
		}
		return failed == ""
	}
	ast.Inspect(body, visit)
	if failed != "" {
		return fmt.Errorf("undefined: %s (its declaration failed; declare it again)", failed)
	}
	return nil
}
