package engine

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"sync"
)

// A struct type declared inside a function (type row struct{ S State })
// has, to reflect, no name and yaegi's names for its fields (Xhost for
// host), and the session, which names its package-level struct types as
// their declarations run (nameStruct), knew nothing of it: fmt printed
// {Xhost:web1} under %+v where Go prints {host:web1}, and did not call
// the String of a field's type of the session's ({1} for {done}).
// nameLocalStructs has each such declaration followed by a call that
// hands the session the type the interpreter made of it, as it runs:
//
//	type row struct{ S State }
//	_opshrt.NameLocal(3, (*row)(nil))
//
// and the session then knows its name (main.row under %T and %#v, as Go
// writes it), its fields' names and their declared types, as for its
// package-level types.

// localStructs are the struct types the session declared inside
// functions: their declarations by the number the rewrite gave each, and
// what the session knows of the types the interpreter made of them, by
// reflect type. Declarations run in any goroutine, while fmt reads them
// in others.
type localStructs struct {
	specs sync.Map // int → *ast.TypeSpec
	types sync.Map // reflect.Type → localStruct
	// named are the declarations already named, with the types made of
	// them: a function runs its declarations at each call.
	named sync.Map // localKey → bool
	mu    sync.Mutex
	n     int
}

// localStruct is what the session knows of a struct type declared in a
// function: its name ("" when two declarations of that name made the
// same type) and how its declaration lays out its fields.
type localStruct struct {
	name   string
	layout structLayout
}

// localKey is a declaration of a struct type in a function, by its
// number, with the type the interpreter made of it.
type localKey struct {
	n int
	t reflect.Type
}

// add keeps spec, a struct type declared in a function, and returns the
// number NameLocal knows it by.
func (ls *localStructs) add(spec *ast.TypeSpec) int {
	ls.mu.Lock()
	ls.n++
	n := ls.n
	ls.mu.Unlock()
	ls.specs.Store(n, spec)
	return n
}

// name is _opshrt.NameLocal: ptr, a nil pointer to the type the
// interpreter made of the declaration numbered n, names that type.
func (ls *localStructs) name(n int, ptr any) {
	v := unboxed(reflect.ValueOf(ptr))
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.Type().Elem().Kind() != reflect.Struct {
		return
	}
	t := v.Type().Elem()
	if _, done := ls.named.LoadOrStore(localKey{n, t}, true); done {
		return
	}
	spec, ok := ls.specs.Load(n)
	if !ok {
		return
	}
	ts := spec.(*ast.TypeSpec)
	name := userTypeName(ts.Name.Name)
	if old, ok := ls.types.Load(t); ok {
		if old := old.(localStruct); old.name != name && old.name != "" {
			old.name = "" // two types of the same fields: neither is named
			ls.types.Store(t, old)
		}
		return
	}
	st, _ := ts.Type.(*ast.StructType)
	layout := declaredLayout(st)
	if len(layout.names) != t.NumField() {
		return
	}
	ls.types.Store(t, localStruct{name: name, layout: layout})
}

// of is what the session knows of t, a struct type declared in a
// function.
func (ls *localStructs) of(t reflect.Type) (localStruct, bool) {
	if t == nil || t.Kind() != reflect.Struct {
		return localStruct{}, false
	}
	l, ok := ls.types.Load(t)
	if !ok {
		return localStruct{}, false
	}
	return l.(localStruct), true
}

// declaredLayout is the layout the declaration of the struct type st
// gives its fields (an embedded field is named after its type); empty
// for nil.
func declaredLayout(st *ast.StructType) structLayout {
	var l structLayout
	if st == nil || st.Fields == nil {
		return l
	}
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			name, _ := typeIdent(f.Type)
			if sel, ok := unstar(f.Type).(*ast.SelectorExpr); ok {
				name = sel.Sel.Name
			}
			l.names, l.embedded, l.types = append(l.names, name), append(l.embedded, true), append(l.types, f.Type)
			continue
		}
		for _, n := range f.Names {
			l.names, l.embedded, l.types = append(l.names, n.Name), append(l.embedded, false), append(l.types, f.Type)
		}
	}
	return l
}

// nameLocalStructs follows each declaration of a struct type with fields
// inside a function (not a generic one, nor a generic type) with the
// call of _opshrt.NameLocal that names it (see localStructs).
func (rw *rewriter) nameLocalStructs(node ast.Node) {
	if rw.localStruct == nil {
		return
	}
	generic := func(n ast.Node) bool {
		fd, ok := n.(*ast.FuncDecl)
		return ok && fd.Type.TypeParams != nil
	}
	editStmtLists(node, generic, rw.nameLocalsIn)
}

// nameLocalsIn is the statements list with the declarations of struct
// types among them followed by the calls that name them.
func (rw *rewriter) nameLocalsIn(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for i, s := range list {
		calls := rw.localNameCalls(s)
		if calls != nil && out == nil {
			out = append(make([]ast.Stmt, 0, len(list)+len(calls)), list[:i]...)
		}
		if out != nil {
			out = append(append(out, s), calls...)
		}
	}
	if out == nil {
		return list
	}
	return out
}

// localNameCalls are the calls that name the struct types s declares, if
// it is a declaration of types.
func (rw *rewriter) localNameCalls(s ast.Stmt) []ast.Stmt {
	ds, ok := s.(*ast.DeclStmt)
	if !ok {
		return nil
	}
	gd, ok := ds.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.TYPE {
		return nil
	}
	var calls []ast.Stmt
	for _, sp := range gd.Specs {
		ts, ok := sp.(*ast.TypeSpec)
		if !ok || ts.TypeParams != nil || ts.Assign.IsValid() || ts.Name.Name == "_" {
			continue
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok || st.Fields == nil || len(st.Fields.List) == 0 {
			continue
		}
		calls = append(calls, &ast.ExprStmt{X: &ast.CallExpr{
			Fun: &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("NameLocal")},
			Args: []ast.Expr{
				&ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(rw.localStruct(ts))},
				&ast.CallExpr{Fun: &ast.ParenExpr{X: &ast.StarExpr{X: ast.NewIdent(ts.Name.Name)}}, Args: []ast.Expr{ast.NewIdent("nil")}},
			},
		}})
	}
	return calls
}
