package engine

import (
	"go/ast"
	"go/token"
	"slices"
)

// Go initializes a package's variables in the order of their declaration
// but for dependencies: a variable is initialized once those its value
// refers to are, through the functions it calls too. yaegi v0.16.1 follows
// the references of the value itself only:
//
//	var x = f()                   // f writes m, n
//	var m = map[string]int{}      // nil in f: a panic
//	var n int                     // set to 0 again after f set it
//
// orderVars declares a program's variables in Go's order of
// initialization, where it differs from the file's.

// orderVars moves the variable declarations of the program f into the
// order Go initializes them, each in a declaration of its own, where the
// first of them is; f is left as it is when its order is Go's.
func orderVars(f *ast.File) {
	var specs []*ast.ValueSpec
	var at []int // the indexes in f.Decls of the var declarations
	owner := map[*ast.Object]int{}
	funcs := map[*ast.Object]*ast.FuncDecl{}
	for i, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.VAR {
				continue
			}
			at = append(at, i)
			for _, s := range d.Specs {
				vs := s.(*ast.ValueSpec)
				for _, n := range vs.Names {
					if n.Obj != nil {
						owner[n.Obj] = len(specs)
					}
				}
				specs = append(specs, vs)
			}
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Obj != nil {
				funcs[d.Name.Obj] = d
			}
		}
	}
	if len(specs) < 2 {
		return
	}
	// deps[i] are the specs the values of spec i refer to, directly or
	// through the functions they call.
	deps := make([]map[int]bool, len(specs))
	for i, vs := range specs {
		deps[i] = map[int]bool{}
		seen := map[*ast.FuncDecl]bool{}
		var visit func(n ast.Node)
		visit = func(n ast.Node) {
			ast.Inspect(n, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok || id.Obj == nil {
					return true
				}
				if j, ok := owner[id.Obj]; ok && j != i {
					deps[i][j] = true
				}
				if fd := funcs[id.Obj]; fd != nil && !seen[fd] {
					seen[fd] = true
					visit(fd.Body)
				}
				return true
			})
		}
		for _, v := range vs.Values {
			visit(v)
		}
	}
	// Go's order: the first in the file whose dependencies are all
	// initialized, again and again.
	done := make([]bool, len(specs))
	order := make([]int, 0, len(specs))
	for len(order) < len(specs) {
		next := -1
		for i := range specs {
			if done[i] {
				continue
			}
			ready := true
			for j := range deps[i] {
				ready = ready && done[j]
			}
			if ready {
				next = i
				break
			}
		}
		if next < 0 {
			return // a cycle: the compiler's error, as it is
		}
		done[next] = true
		order = append(order, next)
	}
	if slices.IsSorted(order) {
		return
	}
	decls := make([]ast.Decl, 0, len(order))
	for _, i := range order {
		decls = append(decls, &ast.GenDecl{TokPos: specs[i].Pos(), Tok: token.VAR, Specs: []ast.Spec{specs[i]}})
	}
	var out []ast.Decl
	for i, d := range f.Decls {
		switch {
		case i == at[0]:
			out = append(out, decls...)
		case slices.Contains(at, i):
		default:
			out = append(out, d)
		}
	}
	f.Decls = out
}
