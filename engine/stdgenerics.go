package engine

import (
	"go/ast"
	randv2 "math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/opsh/opsh/engine/stdlib"
)

// The standard library's generic functions and types cannot be in the
// symbol tables (a compiled package exports no type parameters), and
// yaegi said "package sync has no symbol OnceValue". opsh declares its
// own, in the interpreter, the first time a cell uses one
// (loadStdGenerics), and rewriteStdGenerics makes the cell call them.

// stdGenericPrefix starts the names of opsh's declarations of them.
const stdGenericPrefix = "_opshStd"

// stdGenerics are the generic functions and types of the standard
// library opsh declares, by package name and name.
var stdGenerics = map[string]map[string]bool{
	"sync":    {"OnceValue": true, "OnceValues": true},
	"atomic":  {"Pointer": true},
	"rand":    {"N": true},
	"reflect": {"TypeFor": true},
}

// stdGenericHelpers declares them. OnceValue and OnceValues call f once;
// if f panics, every call panics with its value, as Go's do. Pointer is
// atomic.Pointer with a mutex for the atomics. N is math/rand/v2's (the
// only rand with an N; randN does its work).
const stdGenericHelpers = `func _opshStdOnceValues[_opshT1, _opshT2 any](f func() (_opshT1, _opshT2)) func() (_opshT1, _opshT2) {
	var once _opshrt.Once
	var r1 _opshT1
	var r2 _opshT2
	var p interface{}
	done := false
	call := func() {
		defer func() {
			if !done {
				p = recover()
				panic(p)
			}
		}()
		r1, r2 = f()
		done = true
	}
	return func() (_opshT1, _opshT2) {
		once.Do(call)
		if !done {
			panic(p)
		}
		return r1, r2
	}
}
func _opshStdOnceValue[_opshT any](f func() _opshT) func() _opshT {
	g := _opshStdOnceValues(func() (_opshT, bool) { return f(), true })
	return func() _opshT { v, _ := g(); return v }
}
type _opshStdPointer[_opshT any] struct {
	mu _opshrt.Mutex
	p  *_opshT
}
func (a *_opshStdPointer[_opshT]) Load() *_opshT { a.mu.Lock(); defer a.mu.Unlock(); return a.p }
func (a *_opshStdPointer[_opshT]) Store(v *_opshT) { a.mu.Lock(); defer a.mu.Unlock(); a.p = v }
func (a *_opshStdPointer[_opshT]) Swap(v *_opshT) *_opshT {
	a.mu.Lock()
	defer a.mu.Unlock()
	old := a.p
	a.p = v
	return old
}
func (a *_opshStdPointer[_opshT]) CompareAndSwap(old, v *_opshT) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.p != old {
		return false
	}
	a.p = v
	return true
}
func _opshStdN[_opshT ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](n _opshT) _opshT {
	return _opshrt.RandN(n).(_opshT)
}
func _opshStdTypeFor[_opshT any]() _opshrt.Type {
	var p *_opshT
	return _opshrt.TypeOf(p).Elem()
}`

// rewriteStdGenerics makes each use of one of stdGenerics (sync.OnceValue,
// atomic.Pointer[T]) a use of opsh's declaration of it.
func (rw *rewriter) rewriteStdGenerics(node ast.Node) {
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Obj == nil && stdPackageNames()[pkg.Name] {
				found = true
			}
		}
		return !found
	})
	if !found {
		return // (replaceExprs is the slower walk)
	}
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Obj != nil || rw.defined != nil && rw.defined(pkg.Name) {
			return nil
		}
		if stdGenerics[pkg.Name][sel.Sel.Name] {
			return &ast.Ident{NamePos: sel.Pos(), Name: stdGenericPrefix + sel.Sel.Name}
		}
		if p, ok := genericOfStd(pkg.Name, sel.Sel.Name); ok {
			rw.fail(sel.Pos(), "%s.%s (%s) is generic, which a compiled package cannot give the interpreter, and opsh does not declare it (see :help limits)", pkg.Name, sel.Sel.Name, p)
		}
		return nil
	})
}

// stdPackageNames are the names of the packages of stdGenerics and
// stdlib.Generic.
var stdPackageNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	for name := range stdGenerics {
		names[name] = true
	}
	for p := range stdlib.Generic {
		names[packageName(p)] = true
	}
	return names
})

// genericOfStd reports whether name is a generic function or type of a
// standard package whose name is pkg (stdlib.Generic), with the
// package's path.
func genericOfStd(pkg, name string) (string, bool) {
	for p, names := range stdlib.Generic {
		if packageName(p) == pkg && slices.Contains(names, name) {
			return p, true
		}
	}
	return "", false
}

// loadStdGenerics declares stdGenericHelpers before src, generated source
// about to be compiled, the first time it uses one of them.
func (e *Evaluator) loadStdGenerics(src string) error {
	if e.stdGenerics || !strings.Contains(src, stdGenericPrefix) {
		return nil
	}
	if _, err := e.in.Eval(stdGenericHelpers); err != nil {
		return err
	}
	e.stdGenerics = true
	return nil
}

// randN is math/rand/v2's N for n of any integer kind: a random number in
// [0, n), of n's type.
func randN(n any) any {
	v := reflect.ValueOf(n)
	var r reflect.Value
	switch {
	case v.CanInt() && v.Int() > 0:
		r = reflect.ValueOf(randv2.Int64N(v.Int()))
	case v.CanUint() && v.Uint() > 0:
		r = reflect.ValueOf(randv2.Uint64N(v.Uint()))
	default:
		panic("invalid argument to N")
	}
	return r.Convert(v.Type()).Interface()
}
