package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"

	"github.com/opsh/opsh/internal/resolve"
)

// shape is what an expression statement yields: how many values, and
// whether the last is an error.
type shape struct {
	values  int
	lastErr bool
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// predeclared types: a call of one is a conversion, one value.
var predeclaredTypes = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "error": true,
	"float32": true, "float64": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true,
	"uint32": true, "uint64": true, "uintptr": true, "any": true,
}

// builtin functions and how many values they give.
var builtinFuncs = map[string]int{
	"append": 1, "cap": 1, "complex": 1, "copy": 1, "imag": 1, "len": 1, "make": 1,
	"new": 1, "real": 1, "recover": 1,
	"close": 0, "delete": 0, "panic": 0, "print": 0, "println": 0,
}

// classify decides, from the syntax and the callee's type (never from the
// value Eval returns, which is stale after a call with no result), what an
// expression statement yields. For a call whose callee cannot be evaluated
// without side effects (a method of a call's result), it evaluates the
// receiver first into a fresh variable and rewrites the call to use it,
// which is the order Go evaluates them in.
func (e *Evaluator) classify(ctx context.Context, x ast.Expr, at cellPos) (shape, error) {
	call, ok := unparen(x).(*ast.CallExpr)
	if !ok {
		if u, ok := unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return shape{values: 1}, nil
		}
		return shape{values: 1}, nil
	}
	switch fun := unparen(call.Fun).(type) {
	case *ast.Ident:
		if fun.Obj == nil && !e.globals[fun.Name] {
			if predeclaredTypes[fun.Name] {
				return shape{values: 1}, nil
			}
			if n, ok := builtinFuncs[fun.Name]; ok {
				return shape{values: n}, nil
			}
		}
	case *ast.SelectorExpr:
		if pkg, ok := fun.X.(*ast.Ident); ok && pkg.Obj == nil && !e.globals[pkg.Name] {
			if sh, ok := e.packageMember(pkg.Name, fun.Sel.Name); ok {
				return sh, nil
			}
		}
	case *ast.FuncLit:
		return funcTypeShape(fun.Type), nil
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType, *ast.StarExpr:
		return shape{values: 1}, nil // a conversion
	}
	if sh, ok := e.genericShape(call.Fun); ok {
		return sh, nil
	}
	var pre []ast.Stmt
	callee := call.Fun
	if !pureExpr(callee) {
		// Evaluate the receiver (or the function value) once, first.
		e.tmps++
		tmp := ast.NewIdent(fmt.Sprintf("_opshRecv%d", e.tmps))
		target := callee
		if sel, ok := unparen(callee).(*ast.SelectorExpr); ok {
			target = sel.X
			call.Fun = &ast.SelectorExpr{X: tmp, Sel: sel.Sel}
		} else {
			call.Fun = tmp
		}
		lhs := []ast.Expr{ast.NewIdent(tmp.Name)}
		errName := ""
		if tc, ok := unparen(target).(*ast.CallExpr); ok {
			// web.Get(u).Check(): a (T, error) receiver is unwrapped as a
			// value cell is; yaegi would take T and drop the error.
			tsh, err := e.classify(ctx, tc, at)
			if err != nil {
				return shape{}, err
			}
			switch {
			case tsh.values == 2 && tsh.lastErr:
				errName = "_opshRecvErr"
				lhs = append(lhs, ast.NewIdent(errName))
			case tsh.values != 1:
				return shape{}, fmt.Errorf("%s gives %d values where one is needed", exprString(nil, tc), tsh.values)
			}
		}
		pre = append(pre, &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []ast.Expr{target}})
		sh, err := e.calleeShapeAfter(ctx, pre, call, at)
		if err == nil {
			err = e.checkErr(errName)
		}
		return sh, err
	}
	return e.calleeShape(exprString(nil, call.Fun)), nil
}

// calleeShapeAfter runs the hoisted receiver statements, then evaluates the
// callee.
func (e *Evaluator) calleeShapeAfter(ctx context.Context, pre []ast.Stmt, call *ast.CallExpr, at cellPos) (shape, error) {
	for _, st := range pre {
		if err := e.runTop(ctx, token.NewFileSet(), st, at); err != nil {
			return shape{}, err
		}
	}
	e.noteGlobals(pre)
	return e.calleeShape(exprString(nil, call.Fun)), nil
}

// calleeShape evaluates a side-effect-free callee and reads its result
// types. A callee that is not a function is a type: the call converts, one
// value.
func (e *Evaluator) calleeShape(callee string) shape {
	v, err := e.quietEval(callee)
	if err != nil || !v.IsValid() || v.Kind() != reflect.Func {
		return shape{values: 1}
	}
	return funcShape(v.Type())
}

func funcShape(t reflect.Type) shape {
	n := t.NumOut()
	return shape{values: n, lastErr: n > 0 && t.Out(n-1) == errorType}
}

// packageMember looks pkg.name up in the symbol tables, without importing.
func (e *Evaluator) packageMember(pkg, name string) (shape, bool) {
	p, ok := e.index.lookup(pkg)
	if !ok {
		return shape{}, false
	}
	if resolve.Discarded(p, name) {
		return shape{values: 0}, true
	}
	if pkg == "errors" || pkg == "fmt" && name == "Errorf" {
		// These make errors to look at; they do not report a failure.
		return shape{values: 1}, true
	}
	if isGoSrc(p) {
		if ft, ok := goSrcFuncs()[p+"."+name]; ok {
			return funcTypeShape(ft), true
		}
		return shape{}, false
	}
	v, ok := e.tables[e.index.Key(p)][name]
	if !ok {
		return shape{}, false
	}
	switch {
	case v.Kind() == reflect.Func && !v.CanAddr():
		return funcShape(v.Type()), true
	case v.Kind() == reflect.Ptr && v.IsNil() && !v.CanAddr():
		return shape{values: 1}, true // a type: conversion
	}
	return shape{}, false // a variable holding a func: evaluate it
}

func funcTypeShape(ft *ast.FuncType) shape {
	results := fieldTypes(ft.Results)
	if len(results) == 0 {
		return shape{}
	}
	return shape{values: len(results), lastErr: isErrorType(results[len(results)-1])}
}

// isErrorType reports whether a type expression is the predeclared error.
func isErrorType(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	return ok && id.Name == "error"
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}
