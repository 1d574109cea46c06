package engine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"

	sessionjson "github.com/opsh/opsh/engine/internal/json"
	"github.com/traefik/yaegi/interp"
)

// This file is how one top-level statement of a cell reaches the
// interpreter, the place where yaegi's incremental evaluation is weakest.
//
//   - Every statement is given to yaegi behind a leading semicolon. A source
//     whose first token is `func` but that is no declaration (a function
//     literal called at once) is otherwise wrapped by yaegi in a new `main`,
//     which yaegi then runs again at the end of every later evaluation.
//   - Compound statements (for, if, switch, select, blocks) run inside a
//     function literal called at once: their bodies are then compiled as a
//     function's, which yaegi does well, and the names they declare stay
//     local, as Go scopes them.
//   - A short variable declaration `a, b := x` is compiled first as it is.
//     yaegi infers a top-level variable's type in a pass (its global type
//     analysis) that cannot type many expressions: an element of a slice of
//     compiled values (`cs[0]`), a comma-ok form (`v, ok := m[k]`), a field
//     of an indexed value. When that compile fails, the values are computed
//     inside a function literal instead, where yaegi types them right, the
//     variables are declared with the types the values turned out to have,
//     and the values are stored in them. Either way the right-hand side
//     runs exactly once.

// Names the evaluator's generated code uses.
const (
	keepFunc  = "_opshrt.Keep"
	deferFunc = "_opshrt.Defer"
	mainName  = "_opshMain"
	defTemp   = "_opshD"
	probeFunc = "_opshProbe"
	// errVar takes the error of a (T, error) call the REPL unwraps; the
	// prelude declares it.
	errVar = "_opshErr"
)

// runTop runs one rewritten top-level statement.
func (e *Evaluator) runTop(ctx context.Context, fset *token.FileSet, st ast.Stmt, at cellPos) error {
	src := ";" + directive(fset, firstPos(st)) + sourceString(fset, st)
	switch x := st.(type) {
	case *ast.AssignStmt:
		if x.Tok == token.DEFINE {
			return e.define(ctx, fset, x, at)
		}
	case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
		*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		src = ";func() {" + directive(fset, firstPos(st)) + sourceString(fset, st) + "\n}()"
	case *ast.EmptyStmt:
		return nil
	}
	_, err := e.run(ctx, src, at)
	return err
}

// firstPos is the position of the first node under n that has one (a
// rewritten statement's own node may have none).
func firstPos(n ast.Node) token.Pos {
	pos := token.NoPos
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil || pos.IsValid() {
			return false
		}
		if m.Pos().IsValid() {
			pos = m.Pos()
			return false
		}
		return true
	})
	return pos
}

// lhsRHS prints a declaration's names and values, the values behind a
// directive that puts them where the user wrote them.
func lhsRHS(fset *token.FileSet, lhs []string, rhs []ast.Expr) string {
	var vals []string
	for _, r := range rhs {
		vals = append(vals, exprString(fset, r))
	}
	return strings.Join(lhs, ", ") + " := " + directive(fset, firstPos(rhs[0])) + strings.Join(vals, ", ")
}

// define runs a top-level short variable declaration. Its values are
// compiled first inside a function literal: a name yaegi does not know,
// given to its global type analysis, is remembered as a broken type and
// spoils the session.
func (e *Evaluator) define(ctx context.Context, fset *token.FileSet, as *ast.AssignStmt, at cellPos) error {
	var tmps, ptrs, names []string
	for i, l := range as.Lhs {
		tmps = append(tmps, fmt.Sprintf("%s%d", defTemp, i))
		ptrs = append(ptrs, fmt.Sprintf("&%s%d", defTemp, i))
		names = append(names, exprString(fset, l))
	}
	if prog := e.redefinition(fset, as, names, tmps); prog != nil {
		_, err := e.execute(ctx, prog, at)
		return err
	}
	types := e.genericInstances(as)
	if types == nil {
		types = e.interfaceResults(as)
	}
	if types != nil {
		// yaegi gives a variable declared from a generic function's
		// value of a generic type a type without its methods; declared
		// with its type (as declareVars does var p T = v), it keeps them.
		// A value of an interface of the session's has a type that
		// cannot be named (interp.valueInterface): declared, it can.
		var vars []string
		for i, t := range types {
			if names[i] != "_" {
				vars = append(vars, "var "+names[i]+" "+exprString(fset, t))
			}
		}
		decl, err := e.compileProgram(";" + strings.Join(vars, "; "))
		if err == nil {
			if _, err := e.execute(ctx, decl, at); err != nil {
				return err
			}
			assign := *as
			assign.Tok = token.ASSIGN
			prog, err := e.compileProgram(";" + directive(fset, firstPos(as)) + exprString(fset, &assign))
			if err != nil {
				return e.userError(err, at)
			}
			_, err = e.execute(ctx, prog, at)
			return err
		}
	}
	plain := plainDefine(as)
	if plain && e.allKnown(as.Rhs) {
		// Every name is the session's: no compile failure can spoil it.
		if prog, err := e.compileProgram(";" + lhsRHS(fset, names, as.Rhs)); err == nil {
			_, err := e.execute(ctx, prog, at)
			return err
		}
		plain = false
	}
	typed := fmt.Sprintf(";func() { %s; %s(%s) }()", lhsRHS(fset, tmps, as.Rhs), keepFunc, strings.Join(ptrs, ", "))
	typedProg, err := e.compileProgram(typed)
	if err != nil {
		return e.userError(e.valueError(fset, as.Rhs, err), at)
	}
	if plain {
		if prog, err := e.compileProgram(";" + lhsRHS(fset, names, as.Rhs)); err == nil {
			_, err := e.execute(ctx, prog, at)
			return err
		}
	}
	e.kept = nil
	if _, err := e.execute(ctx, typedProg, at); err != nil {
		return err
	}
	kept := e.kept
	if len(kept) != len(as.Lhs) {
		return fmt.Errorf("the interpreter lost the values of %s", exprString(fset, as))
	}
	for i, name := range names {
		if name == "_" {
			continue
		}
		if err := e.store(name, kept[i]); err != nil {
			return err
		}
	}
	return nil
}

// interfaceResults are the types of `x, ok := v.(I)`, I an interface the
// session declares or an interface literal, or of the call of the
// function literal rewriteInterfaceAsserts made of it; else nil.
func (e *Evaluator) interfaceResults(as *ast.AssignStmt) []ast.Expr {
	if len(as.Rhs) != 1 || len(as.Lhs) > 2 {
		return nil
	}
	var types []ast.Expr
	switch x := unparen(as.Rhs[0]).(type) {
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return nil
		}
		types = []ast.Expr{x.Type, ast.NewIdent("bool")}[:len(as.Lhs)]
	case *ast.CallExpr:
		if lit, ok := x.Fun.(*ast.FuncLit); ok {
			types = fieldTypes(lit.Type.Results)
		}
	}
	if len(types) != len(as.Lhs) || !e.rewriter(token.NewFileSet()).sessionInterface(types[0]) {
		return nil
	}
	return types
}

// genericInstances are the types of the values of `x, … := v, …`, when
// the source shows them and one is an instance of one of the session's
// generic types (Pair[string, int], *Stack[int]), or a type of the
// session's that a generic function gives (Last(temps) of a []Temp, of
// type Temp float64, was a float64 without Temp's methods); else nil.
func (e *Evaluator) genericInstances(as *ast.AssignStmt) []ast.Expr {
	if !e.genericTypes && !slices.ContainsFunc(as.Rhs, func(x ast.Expr) bool { _, ok := unparen(x).(*ast.CallExpr); return ok }) {
		return nil // (x := 1 makes no rewriter)
	}
	rw := e.rewriter(token.NewFileSet())
	genericCall := func(x ast.Expr) bool {
		call, ok := unparen(x).(*ast.CallExpr)
		if !ok {
			return false
		}
		g, _ := rw.calledGeneric(call)
		return g != nil
	}
	if !e.genericTypes && !slices.ContainsFunc(as.Rhs, genericCall) {
		return nil
	}
	var types []ast.Expr
	if len(as.Rhs) == 1 && len(as.Lhs) > 1 {
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok {
			return nil
		}
		types = rw.genericResults(call)
	} else {
		for _, r := range as.Rhs {
			types = append(types, e.sourceType(r))
		}
	}
	if len(types) != len(as.Lhs) {
		return nil
	}
	anyInstance := false
	for i, t := range types {
		if t == nil {
			return nil
		}
		if star, ok := t.(*ast.StarExpr); ok {
			t = star.X
		}
		if generic, _ := instance(t); generic != "" {
			anyInstance = true
		}
		if len(as.Rhs) == len(types) && genericCall(as.Rhs[i]) && len(typeNamesIn(t, func(name string) bool { return e.typeNames[name] })) > 0 {
			anyInstance = true
		}
	}
	if !anyInstance {
		return nil
	}
	return types
}

// redefinition compiles `x := v` as `x = v` when every name it declares is
// a session variable of the very type its value has, and else returns nil.
// At the prompt a name is declared again to give it a new value, and that
// is what the user gets: the functions, closures and goroutines that use x
// see the new value, as they would after `x = v`. A new variable would be
// left unseen by all of them (yaegi compiled them against the old one, and
// `x = 3` later would reach only the new one). Whether the types are
// identical is asked of the compiler, in a function that is compiled and
// never run (declared again each time, it adds nothing to the session): a
// temporary's address given to a pointer to x compiles only if they are.
// A name given a value of another type is declared anew, as `:=` does.
func (e *Evaluator) redefinition(fset *token.FileSet, as *ast.AssignStmt, names, tmps []string) *interp.Program {
	for _, n := range names {
		if n != "_" && n != errVar && (!e.globals[n] || e.typeNames[n] || e.funcs[n]) {
			return nil
		}
	}
	if commaOk(as) != nil {
		// As an assignment it would need rewriteCommaOk's block, which
		// runs at the top level only inside a function literal.
		return nil
	}
	if !e.sameLiterals(names, as.Rhs) && !e.sameTypes(fset, as, names, tmps) {
		return nil
	}
	assign := *as
	assign.Tok = token.ASSIGN
	prog, err := e.compileProgram(";" + directive(fset, firstPos(as)) + exprString(fset, &assign))
	if err != nil {
		return nil
	}
	return prog
}

// sameLiterals reports whether each value is a literal of the kind the
// variable it is given to was declared from (x := 1, then x := 2): of its
// default type, as the variable is.
func (e *Evaluator) sameLiterals(names []string, values []ast.Expr) bool {
	if len(values) != len(names) {
		return false
	}
	for i, n := range names {
		lit, ok := values[i].(*ast.BasicLit)
		if n != "_" && (!ok || e.literals[n] != lit.Kind) {
			return false
		}
	}
	return true
}

// sameTypes asks the compiler whether the values of `x, y := a, b` have the
// types of the session's x and y.
func (e *Evaluator) sameTypes(fset *token.FileSet, as *ast.AssignStmt, names, tmps []string) bool {
	var probe strings.Builder
	probe.WriteString("func " + probeFunc + "() { " + lhsRHS(fset, tmps, as.Rhs))
	for i, n := range names {
		if n != "_" {
			fmt.Fprintf(&probe, "; { p := &%s; p = &%s; _ = p }", n, tmps[i])
		}
	}
	probe.WriteString("\n}")
	_, err := e.compileProgram(probe.String())
	return err == nil
}

// allKnown reports whether every name the expressions use that the cell
// does not declare is known: a session global, an imported package, or
// predeclared.
func (e *Evaluator) allKnown(exprs []ast.Expr) bool {
	known := true
	for _, x := range exprs {
		ast.Inspect(x, func(n ast.Node) bool {
			switch v := n.(type) {
			case *ast.SelectorExpr:
				ast.Inspect(v.X, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok && !e.knownName(id) {
						known = false
					}
					return known
				})
				return false
			case *ast.KeyValueExpr:
				if _, ok := v.Key.(*ast.Ident); ok {
					known = false // a field name or a variable: cannot tell
				}
			case *ast.Ident:
				if !e.knownName(v) {
					known = false
				}
			}
			return known
		})
	}
	return known
}

func (e *Evaluator) knownName(id *ast.Ident) bool {
	return id.Obj != nil || e.globals[id.Name] || e.imported[id.Name] || predeclared[id.Name] ||
		strings.HasPrefix(id.Name, "_opsh") && id.Name != mainName // the prelude's and the rewrites' own
}

// predeclared are Go's predeclared names.
var predeclared = func() map[string]bool {
	m := map[string]bool{"true": true, "false": true, "nil": true, "iota": true, "_": true,
		"param": true, "args": true, // the prelude's
		"comparable": true, "min": true, "max": true, "clear": true, "complex": true, "real": true, "imag": true}
	for n := range predeclaredTypes {
		m[n] = true
	}
	for n := range builtinFuncs {
		m[n] = true
	}
	return m
}()

// plainDefine reports whether a declaration may be tried as it is. Not
// when it uses a name it declares (`n := n + 1`: yaegi declares the new n
// before it computes the value), nor for a comma-ok form (yaegi's global
// type analysis panics on it).
func plainDefine(as *ast.AssignStmt) bool {
	if commaOk(as) != nil {
		return false
	}
	declared := map[string]bool{}
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok {
			declared[id.Name] = true
		}
	}
	self := false
	for _, r := range as.Rhs {
		ast.Inspect(r, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && declared[id.Name] {
				self = true
			}
			return !self
		})
	}
	return !self
}

// commaOk returns the operand of a comma-ok form (`v, ok = m[k]`,
// `x.(T)`, `<-ch`), or nil.
func commaOk(as *ast.AssignStmt) ast.Expr {
	if len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil
	}
	switch x := unparen(as.Rhs[0]).(type) {
	case *ast.IndexExpr, *ast.TypeAssertExpr:
		return x
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			return x
		}
	}
	return nil
}

// valueError finds, when compiling a declaration failed with an error about
// the evaluator's own variables, the error in the values themselves.
func (e *Evaluator) valueError(fset *token.FileSet, rhs []ast.Expr, err error) error {
	if !strings.Contains(err.Error(), defTemp) {
		return err
	}
	for _, r := range rhs {
		src := ";func() { _ = " + directive(fset, firstPos(r)) + exprString(fset, r) + " }()"
		if _, rerr := e.compileProgram(src); rerr != nil && !strings.Contains(rerr.Error(), "mismatch") {
			return rerr
		}
	}
	return err
}

// store declares the session variable name with the type of *ptr and sets
// it to *ptr.
func (e *Evaluator) store(name string, ptr reflect.Value) error {
	if !ptr.IsValid() || ptr.Kind() != reflect.Pointer {
		return fmt.Errorf("the interpreter lost the value of %s", name)
	}
	val := ptr.Elem()
	typ, err := e.typeSrc().write(val.Type())
	if err != nil {
		return fmt.Errorf("cannot keep %s at the top level (%v); declare it with its type: var %s T, then assign it", name, err, name)
	}
	e.noteDeclared(name)
	if _, err := e.quietEval("var " + name + " " + typ); err != nil {
		return fmt.Errorf("declare %s %s: %v", name, typ, err)
	}
	dst, err := e.quietEval("&" + name)
	if err != nil || !dst.IsValid() || dst.Kind() != reflect.Pointer {
		return fmt.Errorf("the interpreter lost the variable %s", name)
	}
	return setValue(name, dst.Elem(), val)
}

// setValue sets a declared variable; yaegi's types for interpreted values
// do not always agree with reflect, so a refusal is an error, not a panic.
func setValue(name string, d, val reflect.Value) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot keep %s at the top level (%v); declare it with its type: var %s T, then assign it", name, r, name)
		}
	}()
	switch {
	case val.Type().AssignableTo(d.Type()):
		d.Set(val)
	case val.Type().ConvertibleTo(d.Type()):
		d.Set(val.Convert(d.Type()))
	default:
		return fmt.Errorf("cannot keep %s at the top level: its type %s is not %s; declare it with its type: var %s T, then assign it", name, val.Type(), d.Type(), name)
	}
	return nil
}

// BindInterrupted binds v, what an interrupted builtin had done, to the
// interrupted cell's _N and to _, and returns the name.
func (e *Evaluator) BindInterrupted(v any) (string, error) {
	if v == nil {
		return "", errors.New("nothing to bind")
	}
	name := fmt.Sprintf("_%d", e.cell)
	ptr := reflect.New(reflect.TypeOf(v))
	ptr.Elem().Set(reflect.ValueOf(v))
	if err := e.store(name, ptr); err != nil {
		return "", err
	}
	e.last = name
	return name, nil
}

// typeSrc writes run-time types as source of the session.
func (e *Evaluator) typeSrc() typeSource {
	return typeSource{
		pkgName:  e.packageName,
		userType: e.TypeName,
	}
}

// packageName returns the name the session knows a package by, importing
// it under its own name if the session has not (or under a private name if
// that name is taken).
func (e *Evaluator) packageName(p string) (string, bool) {
	if std, ok := standIns[p]; ok {
		p = std // a type of opsh's in the place of a standard package's
	}
	if name, ok := e.importedAs[p]; ok {
		return name, true
	}
	if _, ok := e.index.key(p); !ok {
		return "", false
	}
	name := p[strings.LastIndex(p, "/")+1:]
	if e.globals[name] || e.imported[name] {
		name = fmt.Sprintf("_opshPkg%d", len(e.importedAs))
	}
	if _, err := e.quietEval(importStmt(name, p)); err != nil {
		return "", false
	}
	e.noteImport(name, p)
	return name, true
}

// standIns are the packages of opsh's own whose types stand in the
// session's tables for a standard package's (jsonfix.go's json.Encoder and
// json.Decoder), by the standard package's path, which the source names
// them by.
var standIns = map[string]string{
	reflect.TypeFor[sessionjson.Encoder]().PkgPath(): "encoding/json",
}

// noteImport records that the session imported path p as name.
func (e *Evaluator) noteImport(name, p string) {
	e.imported[name] = true
	e.importedAs[p] = name
}

// RunDeferred runs, last first, the calls the session's top-level defer
// statements deferred, as a program's main runs its deferred calls when it
// returns: the session's cells are main's body, so `defer f.Close()` keeps
// f open for the cells after it. The front-end calls it when the session
// ends and before :reset. A panic in one is reported and the others still
// run.
func (e *Evaluator) RunDeferred() error {
	var errs []error
	for len(e.defers) > 0 {
		f := e.defers[len(e.defers)-1]
		e.defers = e.defers[:len(e.defers)-1]
		if err := e.callRecovering(f); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// callRecovering calls f, a deferred call, turning its panic into the
// error a cell's panic would be.
func (e *Evaluator) callRecovering(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if p, ok := r.(interp.Panic); ok {
				r = p.Value
			}
			err = e.panicError(r, cellPos{}, nil)
		}
	}()
	f()
	return nil
}
