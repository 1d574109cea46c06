package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// recoverDeferredPanics lets a function's deferred literal that calls
// recover see a panic of a call deferred after it (which runs before it):
// yaegi v0.16.1 stops running a function's deferred calls at the first
// that panics, and the panic leaves the function, so
//
//	defer func() { err = fmt.Errorf("cleanup: %v", recover()) }()
//	defer close(ch) // ch closed already
//
// ended the program. In a function with such a literal and another defer
// statement, each deferred call runs under a keeper (deferPanics) that
// holds what it panics with; the literals' recover() gives that first, and
// the call deferred first, before all, panics again with what no one
// recovered:
//
//	_opsh_dp1 := _opshrt.DeferPanics()
//	defer _opsh_dp1.Repanic()
//	defer _opsh_dp1.Run(func() { err = fmt.Errorf("cleanup: %v", _opsh_dp1.Recover(recover())) })
//	{ _opsh_go2 := ch; defer _opsh_dp1.Run(func() { close(_opsh_go2) }) }
//
// A deferred call whose function value the source does not show to be
// taken where the defer stands (a method of a compiled value, defer
// mu.Unlock()) or a literal with arguments is left as it was. It runs
// after rewriteBuiltins (recover() is _opshrt.Recovered(recover()) then)
// and freezeDeferred (the arguments are taken before the defer).
func (rw *rewriter) recoverDeferredPanics(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch f := n.(type) {
		case *ast.FuncDecl:
			if f.Body != nil {
				rw.keepDeferPanics(f.Body)
			}
		case *ast.FuncLit:
			rw.keepDeferPanics(f.Body)
		}
		return true
	})
}

// keepDeferPanics runs the deferred calls of the function whose body is
// body under a keeper (see recoverDeferredPanics), if one of them is a
// literal that recovers and there is another.
func (rw *rewriter) keepDeferPanics(body *ast.BlockStmt) {
	var defers []*ast.DeferStmt
	recovers := false
	ast.Inspect(body, func(n ast.Node) bool {
		if isFuncLit(n) {
			return false // its defers are its own
		}
		if d, ok := n.(*ast.DeferStmt); ok {
			defers = append(defers, d)
			recovers = recovers || len(recoverCalls(d)) > 0
		}
		return true
	})
	if !recovers || len(defers) < 2 {
		return
	}
	rw.n++
	keeper := fmt.Sprintf("%sdp%d", loopCopy, rw.n)
	method := func(name string) *ast.SelectorExpr {
		return &ast.SelectorExpr{X: ast.NewIdent(keeper), Sel: ast.NewIdent(name)}
	}
	for _, d := range defers {
		if fl, ok := d.Call.Fun.(*ast.FuncLit); ok && len(d.Call.Args) == 0 {
			for _, call := range recoverCalls(d) {
				call.Fun = method("Recover")
			}
			// The literal itself, made where the defer stands: its
			// recover() reads the function's panic.
			d.Call = &ast.CallExpr{Fun: method("Run"), Args: []ast.Expr{fl}, Lparen: d.Call.Lparen}
		} else if calleeTaken(d.Call) {
			d.Call = &ast.CallExpr{Fun: method("Run"), Args: []ast.Expr{thunk(d.Call)}, Lparen: d.Call.Lparen}
		}
	}
	start := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(keeper)}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
			Fun: &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("DeferPanics")},
		}}},
		&ast.DeferStmt{Defer: body.Lbrace, Call: &ast.CallExpr{Fun: method("Repanic")}},
	}
	body.List = append(start, body.List...)
}

// keeperRun reports whether call is a deferred call's run under a keeper,
// _opsh_dp1.Run(func() { … }): its literal, made elsewhere, would
// recover nothing (yaegi's recover reads the panic of the frame the
// literal was made in).
func keeperRun(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Run" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && strings.HasPrefix(id.Name, loopCopy+"dp")
}

// recoverCalls are the calls of recover (as rewriteBuiltins leaves them,
// _opshrt.Recovered(recover())) of a deferred function literal called
// without arguments, outside the literals it holds.
func recoverCalls(d *ast.DeferStmt) []*ast.CallExpr {
	fl, ok := d.Call.Fun.(*ast.FuncLit)
	if !ok || len(d.Call.Args) > 0 {
		return nil
	}
	var calls []*ast.CallExpr
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		if isFuncLit(n) {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "_opshrt") && sel.Sel.Name == "Recovered" {
				calls = append(calls, call)
			}
		}
		return true
	})
	return calls
}

// calleeTaken reports whether a deferred call's function is a name (a
// builtin, a function, a variable freezeDeferred took) or a package's
// function, so that a literal calling it later calls what the defer
// statement would have.
func calleeTaken(call *ast.CallExpr) bool {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isPkgSelector(f)
	}
	return false
}

// deferPanics is what a function's deferred calls panicked with, kept
// for the calls deferred before them (recoverDeferredPanics).
type deferPanics struct {
	v     any
	set   bool
	named func(any) any // the Evaluator's namedAssertion
}

// Run calls a deferred function, keeping what it panics with: a later
// panic stands for an earlier, as in Go.
func (d *deferPanics) Run(f func()) {
	defer func() {
		if r := recover(); r != nil {
			d.v, d.set = recovered(d.named(r)), true
		}
	}()
	f()
}

// Recover is recover() in a deferred literal, given what yaegi's recover
// gave (which it has then recovered): the panic of a call deferred after
// the literal if one is kept, else that.
func (d *deferPanics) Recover(r any) any {
	if d.set {
		v := d.v
		d.v, d.set = nil, false
		return v
	}
	return recovered(d.named(r))
}

// Repanic, deferred before every other call, panics again with what a
// deferred call panicked with and no literal recovered.
func (d *deferPanics) Repanic() {
	if d.set {
		v := d.v
		d.v, d.set = nil, false
		panic(v)
	}
}
