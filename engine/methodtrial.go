package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
)

// A method that fails to compile stays in its type's method set in the
// interpreter, and a later declaration of the same method is never seen
// (yaegi takes a type's first method of a name). So declarations of
// functions and methods are first compiled with their methods made plain
// functions of their receivers, under names of their own; if that fails
// for a method the session does not have yet (one of a later cell), they
// are kept for it (keepForMethod) and the methods themselves are not
// compiled until it is declared.

// trialName names the plain function standing for the i-th method of a
// trial.
func trialName(i int) string { return fmt.Sprintf("_opshTrial%d", i) }

// methodsAsFuncs returns src's methods as plain functions, func (r T)
// M(a A) B as func _opshTrialN(r T, a A) B, leaving its other
// declarations out. ok is false when src declares no method, or a method
// of a generic type.
func methodsAsFuncs(src string) (string, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", declsHeader+src, 0)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	n := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil {
			continue
		}
		if len(fd.Recv.List) != 1 || genericRecv(fd.Recv.List[0].Type) {
			return "", false
		}
		recv := *fd.Recv.List[0]
		if len(recv.Names) == 0 {
			recv.Names = []*ast.Ident{ast.NewIdent("_")}
		}
		typ := *fd.Type
		typ.Params = &ast.FieldList{List: append([]*ast.Field{&recv}, fd.Type.Params.List...)}
		fn := &ast.FuncDecl{Name: ast.NewIdent(trialName(n)), Type: &typ, Body: fd.Body}
		if err := printNode(&b, fset, fn); err != nil {
			return "", false
		}
		b.WriteString("\n")
		n++
	}
	return b.String(), n > 0
}

// keepForLaterMethod compiles the methods of kept, declarations whose
// source is src, as plain functions (methodsAsFuncs), and keeps kept if
// that fails for methods of a later cell (keepForMethod). It reports
// whether it kept them, and whether the methods compiled alone.
func (e *Evaluator) keepForLaterMethod(src string, kept ...pendingDecl) (keptThem, alone bool) {
	if !slices.ContainsFunc(kept, func(p pendingDecl) bool { return len(p.methods) > 0 }) {
		return false, false
	}
	trial, ok := methodsAsFuncs(src)
	if !ok {
		return false, false
	}
	_, err := e.compileProgram(trial)
	return err != nil && e.keepAwaiting(err, kept, false), err == nil
}

// keptForLaterMethod is keepForLaterMethod's first answer.
func (e *Evaluator) keptForLaterMethod(src string, kept ...pendingDecl) bool {
	keptThem, _ := e.keepForLaterMethod(src, kept...)
	return keptThem
}

// genericRecv reports whether a receiver's type is a generic type's
// (Stack[T], *Pair[K, V]).
func genericRecv(t ast.Expr) bool {
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch t.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}
