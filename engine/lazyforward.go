package engine

import (
	"context"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"github.com/opsh/opsh/internal/goref"
)

// A struct type declared at the prompt is given the methods its embedded
// fields give it (forwardEmbedded) when a cell first uses it, not when it
// is declared: the cells between declare its own methods, an
// http.ResponseWriter wrapper's WriteHeader, which the type then has
// instead. yaegi keeps a type's first method of a name, so a method
// declared after its forwarder makes a new definition of the type
// (versionTypes), which values and functions made before do not have.

// forwardUsed gives the session's types that f uses and that still wait
// for their forwarders them, in a declaration of their own evaluated
// first, but the methods f declares; then, in f itself, the types f
// declares and uses. It returns the types f declares and does not use,
// to be given them later (unforwarded), once f ran.
func (e *Evaluator) forwardUsed(ctx context.Context, f *ast.File, redef typeRedefinition) []string {
	specs := goref.TypeSpecs(f)
	if len(specs) == 0 && len(e.unforwarded) == 0 {
		return nil // most cells: no walk of theirs
	}
	used := typesUsed(f)
	for name := range e.promotedCalls(f) {
		used[name] = true
	}
	var waiting []string
	for name := range used {
		if e.unforwarded[name] {
			waiting = append(waiting, name)
		}
	}
	if len(waiting) > 0 {
		slices.Sort(waiting)
		own := map[string]bool{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
				own[goref.ReceiverType(fd.Recv.List[0].Type)+"."+fd.Name.Name] = true
			}
		}
		e.forwardWaiting(ctx, waiting, func(key string) bool { return own[key] })
	}
	if len(specs) == 0 {
		return nil
	}
	e.addForwarders(f, e.forwarderDeclared(redef), func(name string) bool { return used[name] })
	var later []string
	for _, ts := range specs {
		if !used[ts.Name.Name] {
			later = append(later, ts.Name.Name)
		}
	}
	return later
}

// forwardWaiting declares the forwarders of the waiting types names, but
// those skip says are declared, and the ones the session declares.
func (e *Evaluator) forwardWaiting(ctx context.Context, names []string, skip func(string) bool) {
	var src strings.Builder
	for _, name := range names {
		delete(e.unforwarded, name)
		def, ok := e.typeDecl(name)
		if !ok {
			continue
		}
		f := &ast.File{Name: ast.NewIdent("main"), Decls: []ast.Decl{&ast.GenDecl{Tok: token.TYPE, Specs: []ast.Spec{&ast.TypeSpec{Name: ast.NewIdent(name), Type: def}}}}}
		e.addForwarders(f, func(key string) bool { _, ok := e.methodDecls[key]; return ok || skip(key) }, nil)
		for _, d := range f.Decls[1:] {
			if printNode(&src, token.NewFileSet(), d) == nil {
				src.WriteString("\n")
			}
		}
	}
	if src.Len() > 0 {
		_ = e.redeclare(ctx, src.String())
	}
}

// forwarderDeclared reports, of a method "T.M", whether the session
// declares it, or the user declared it on the definition of T that redef
// replaces, which commitVersions carries over to it.
func (e *Evaluator) forwarderDeclared(redef typeRedefinition) func(string) bool {
	return func(key string) bool {
		if _, ok := e.methodDecls[key]; ok {
			return true
		}
		typ, method, _ := strings.Cut(key, ".")
		name := userTypeName(typ)
		if redef.names[name] != typ {
			return false
		}
		src := e.methodDecls[redef.previous[name]+"."+method]
		return src != "" && !isForwarder(src)
	}
}

// typesUsed are the names f uses, but as the receiver of a method it
// declares or the name of a type it declares: a type those name is not
// used by f.
// promotedCalls are the types waiting for their forwarders whose
// methods, declared in f, select on their receiver a name that is none of
// the type's fields (s.Log of a Service embedding a Logger): the method
// is then compiled with the forwarders, as Go has the promoted method in
// the type's method set. (yaegi compiled it through the field, and the
// forwarders declared after it broke it.)
func (e *Evaluator) promotedCalls(f *ast.File) map[string]bool {
	out := map[string]bool{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 || fd.Body == nil {
			continue
		}
		typ := goref.ReceiverType(fd.Recv.List[0].Type)
		recv := fd.Recv.List[0].Names[0].Name
		if !e.unforwarded[typ] {
			continue
		}
		def, _ := e.typeDecl(typ)
		st, ok := def.(*ast.StructType)
		if !ok {
			continue
		}
		fields := map[string]bool{} // an embedded one's too, named after its type
		for _, name := range declaredLayout(st).names {
			fields[name] = true
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && isIdent(sel.X, recv) && !fields[sel.Sel.Name] {
				out[typ] = true
			}
			return !out[typ]
		})
	}
	return out
}

func typesUsed(f *ast.File) map[string]bool {
	used := map[string]bool{}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil {
				ast.Inspect(x.Type, visit)
				if x.Body != nil {
					ast.Inspect(x.Body, visit)
				}
				return false
			}
		case *ast.TypeSpec:
			ast.Inspect(x.Type, visit)
			return false
		case *ast.Ident:
			used[x.Name] = true
		}
		return true
	}
	ast.Inspect(f, visit)
	return used
}
