package engine

import (
	"go/ast"
	"go/token"
	"maps"
	"strings"
)

// yaegi v0.16.1's assertion of an any holding a value of an instance of a
// generic type of the session's (Opt[int]) to an interface its methods
// implement (fmt.Stringer) was false, and a type switch missed its case,
// as they missed the session's other types' values; assertFunc's tries
// find them, given the instances as candidates. Those the node writes
// (Opt[int]{…}, var o Opt[string]) before the assertion, and those the
// session's cells wrote, are tried: yaegi knows an instance once it
// compiled a use of it, and an assertion to one it does not know yet
// fails to compile (type not found: main.Opt[string]).

// genericMethodSets are the methods of the session's generic types, by
// the type's name, each with whether its receiver is a pointer.
func (e *Evaluator) genericMethodSets() map[string]map[string]bool {
	sets := map[string]map[string]bool{}
	if len(e.genericNamed) == 0 {
		return sets // (most sessions: no method read)
	}
	for key := range e.methodDecls {
		typ, method, ok := strings.Cut(key, ".")
		if !ok {
			continue
		}
		if fd, _ := e.methodDecl(typ, method); fd != nil {
			addGenericMethod(sets, typ, fd)
		}
	}
	return sets
}

// addGenericMethod adds the method fd of the type typ to sets if typ is a
// generic type (its receiver T[K] or *T[K]).
func addGenericMethod(sets map[string]map[string]bool, typ string, fd *ast.FuncDecl) {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return
	}
	recv := fd.Recv.List[0].Type
	star, onPtr := recv.(*ast.StarExpr)
	if onPtr {
		recv = star.X
	}
	switch recv.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		if sets[typ] == nil {
			sets[typ] = map[string]bool{}
		}
		sets[typ][fd.Name.Name] = onPtr
	}
}

// noteInstances records the instances of the session's generic types that
// node, which ran, wrote: yaegi knows them now.
func (e *Evaluator) noteInstances(node ast.Node) {
	if len(e.genericNamed) == 0 {
		return
	}
	eachInstance(node, func(n ast.Expr, generic string) {
		if e.genericNamed[userTypeName(generic)] {
			if e.instances == nil {
				e.instances = map[string]string{}
			}
			e.instances[exprString(nil, n)] = generic
		}
	})
}

// eachInstance calls f with each instance of a generic type node writes
// (Opt[int], Pair[string, int]), whose type arguments name none of node's
// type parameters, and the generic type's name.
func eachInstance(node ast.Node, f func(n ast.Expr, generic string)) {
	params := map[string]bool{}
	for _, p := range typeParams(node) {
		params[p] = true
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
		default:
			return true
		}
		id, args := typeArgs(n.(ast.Expr))
		if id == nil {
			return true
		}
		for _, a := range args {
			if len(typeNamesIn(a, func(n string) bool { return params[n] })) > 0 {
				return true // Opt[T], in generic code
			}
		}
		f(n.(ast.Expr), id.Name)
		return true
	})
}

// instanceSets are the method sets of the instances of generic types with
// methods that the node writes before the position before, or that the
// session wrote (noteInstances), by the instance as written (Opt[int]):
// the generic type's.
func (rw *rewriter) instanceSets(before token.Pos) map[string]map[string]bool {
	generic := rw.genericSets()
	if rw.root == nil || len(generic) == 0 {
		return nil
	}
	if rw.written == nil {
		rw.written = []writtenInstance{}
		eachInstance(rw.root, func(n ast.Expr, g string) {
			rw.written = append(rw.written, writtenInstance{n, g})
		})
	}
	sets := map[string]map[string]bool{}
	for _, w := range rw.written {
		if generic[w.generic] != nil && w.x.Pos().IsValid() && w.x.Pos() < before {
			sets[exprString(nil, w.x)] = maps.Clone(generic[w.generic])
		}
	}
	if rw.instances != nil && !rw.nodeInstances {
		for inst, g := range rw.instances() {
			if generic[g] != nil {
				sets[inst] = maps.Clone(generic[g])
			}
		}
	}
	return sets
}

// A writtenInstance is an instance the rewritten node writes, with its
// generic type's name.
type writtenInstance struct {
	x       ast.Expr
	generic string
}

// genericSets are the methods of the session's generic types and of the
// node's, read once a rewrite (as methodSet reads the others').
func (rw *rewriter) genericSets() map[string]map[string]bool {
	if rw.genericSetsRead == nil {
		rw.genericSetsRead = map[string]map[string]bool{}
		if rw.genericMethods != nil {
			rw.genericSetsRead = rw.genericMethods()
		}
		for key, fd := range rw.funcs {
			if typ, _, ok := strings.Cut(key, "."); ok {
				addGenericMethod(rw.genericSetsRead, typ, fd)
			}
		}
	}
	return rw.genericSetsRead
}

// withGenericInstances is sets with the sets of the instances written
// before the assertion being rewritten added.
func (rw *rewriter) withGenericInstances(sets map[string]map[string]bool) map[string]map[string]bool {
	inst := rw.instanceSets(rw.assertAt)
	if len(inst) == 0 {
		return sets
	}
	all := maps.Clone(sets)
	maps.Copy(all, inst)
	return all
}
