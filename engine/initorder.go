package engine

import (
	"go/ast"
	"go/token"
	"maps"
	"slices"

	"github.com/opsh/opsh/internal/goref"
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

// orderGenericMethods puts each method of a generic type that another of
// the type's methods calls, on its receiver, before the caller (in the
// places the type's methods take among the file's declarations, in order
// otherwise): yaegi v0.16.1 finds no method of a generic type declared
// below the method that calls it (func (p *Pool[T]) Run() { p.work() }
// above work failed with "undefined selector: work"). Methods that call
// each other keep their order. A generic type declared below its methods
// moves above them (typeBefore).
func orderGenericMethods(f *ast.File) {
	at := map[string][]int{} // a generic type → the indexes of its methods
	for i, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 && len(receiverParams(fd)) > 0 {
			typ := goref.ReceiverType(fd.Recv.List[0].Type)
			at[typ] = append(at[typ], i)
		}
	}
	for _, idx := range at {
		if len(idx) < 2 {
			continue
		}
		byName := map[string]*ast.FuncDecl{}
		for _, i := range idx {
			fd := f.Decls[i].(*ast.FuncDecl)
			byName[fd.Name.Name] = fd
		}
		var order []ast.Decl
		state := map[*ast.FuncDecl]int{} // 1 being placed, 2 placed
		var place func(fd *ast.FuncDecl)
		place = func(fd *ast.FuncDecl) {
			if state[fd] != 0 {
				return
			}
			state[fd] = 1
			for _, callee := range receiverCalls(fd) {
				if c := byName[callee]; c != nil {
					place(c)
				}
			}
			state[fd] = 2
			order = append(order, fd)
		}
		for _, i := range idx {
			place(f.Decls[i].(*ast.FuncDecl))
		}
		for k, i := range idx {
			f.Decls[i] = order[k]
		}
	}
	for _, typ := range slices.Sorted(maps.Keys(at)) {
		typeBefore(f, typ)
	}
}

// typeBefore moves the declaration of the generic type typ above its
// first method's, where it is below it: yaegi v0.16.1 gives a generic
// type none of the methods declared above it (NewBox(7).Double() failed
// with "undefined selector: Double" where main and Double came first).
func typeBefore(f *ast.File, typ string) {
	first := slices.IndexFunc(f.Decls, func(d ast.Decl) bool {
		fd, ok := d.(*ast.FuncDecl)
		return ok && fd.Recv != nil && len(fd.Recv.List) == 1 && goref.ReceiverType(fd.Recv.List[0].Type) == typ
	})
	for j := first + 1; first >= 0 && j < len(f.Decls); j++ {
		g, ok := f.Decls[j].(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE || !slices.ContainsFunc(g.Specs, func(s ast.Spec) bool { return s.(*ast.TypeSpec).Name.Name == typ }) {
			continue
		}
		copy(f.Decls[first+1:j+1], f.Decls[first:j])
		f.Decls[first] = g
		return
	}
}

// receiverCalls are the names of the methods fd calls on its receiver.
func receiverCalls(fd *ast.FuncDecl) []string {
	names := fd.Recv.List[0].Names
	if len(names) == 0 || fd.Body == nil {
		return nil
	}
	recv := names[0].Obj
	var calls []string
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && recv != nil && id.Obj == recv {
					calls = append(calls, sel.Sel.Name)
				}
			}
		}
		return true
	})
	return calls
}
