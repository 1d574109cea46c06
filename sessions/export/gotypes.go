package export

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"

	"github.com/opsh/opsh/internal/resolve"
)

// The Go export must write Go where the REPL was lenient: a (T, error)
// call given to one name (r := web.Get(u)) or used as one value
// (web.Get(u).Check()) is unwrapped by the REPL, and the cell fails on the
// error. The export tells such calls from their callees: package functions
// and types from the symbol tables (package resolve), methods from the
// types of the variables the session made, and the session's own funcs from
// their declarations.

// shape is what a call gives, as far as the export can tell.
type shape struct {
	outs    []reflect.Type // the results' types; an entry is nil when unknown
	lastErr bool           // the last result is an error
}

// pair reports a (T, error) result.
func (s shape) pair() bool { return len(s.outs) == 2 && s.lastErr }

// first is the type of the first result, nil if unknown.
func (s shape) first() reflect.Type {
	if len(s.outs) == 0 {
		return nil
	}
	return s.outs[0]
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

func funcShape(t reflect.Type) shape {
	var s shape
	for i := 0; i < t.NumOut(); i++ {
		s.outs = append(s.outs, t.Out(i))
	}
	s.lastErr = t.NumOut() > 0 && t.Out(t.NumOut()-1) == errorType
	return s
}

// declShape is the shape of a func the session declared.
func (g *goExport) declShape(ft *ast.FuncType) shape {
	var s shape
	if ft.Results == nil {
		return s
	}
	for _, f := range ft.Results.List {
		n := max(len(f.Names), 1)
		for range n {
			s.outs = append(s.outs, g.typeExpr(f.Type))
		}
	}
	last := ft.Results.List[len(ft.Results.List)-1].Type
	id, ok := last.(*ast.Ident)
	s.lastErr = ok && id.Name == "error"
	return s
}

// isPkg reports whether id names a package: not a name of the session, and
// one the session imported or the index resolves.
func (g *goExport) isPkg(id *ast.Ident) bool {
	if id.Obj != nil || g.top[id.Name] {
		return false
	}
	if _, local := g.scope[id.Name]; local {
		return false
	}
	if _, ok := g.pkgNames[id.Name]; ok {
		return true
	}
	_, ok := g.resolve.Lookup(id.Name)
	return ok
}

// pkgPath is the import path a package name means in the session.
func (g *goExport) pkgPath(pkg string) string {
	if p, ok := g.pkgNames[pkg]; ok {
		return p
	}
	p, _ := g.resolve.Lookup(pkg)
	return p
}

// member returns pkg.name from the symbol tables.
func (g *goExport) member(pkg, name string) (reflect.Value, bool) {
	v, ok := g.resolve.Symbols(g.pkgPath(pkg))[name]
	return v, ok
}

// isType reports whether a symbol table value stands for a type (yaegi
// keeps a nil pointer to it), and returns the type.
func isType(v reflect.Value) (reflect.Type, bool) {
	if v.Kind() == reflect.Ptr && v.IsNil() && !v.CanAddr() {
		return v.Type().Elem(), true
	}
	return nil, false
}

// callShape tells what call gives, if the export can know.
func (g *goExport) callShape(call *ast.CallExpr) (shape, bool) {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if s, ok := g.funcs[fun.Name]; ok && fun.Obj == nil {
			return s, true
		}
		return shape{}, false
	case *ast.SelectorExpr:
		if id, ok := fun.X.(*ast.Ident); ok && g.isPkg(id) {
			if resolve.Discarded(g.pkgPath(id.Name), fun.Sel.Name) {
				return shape{}, true
			}
			v, ok := g.member(id.Name, fun.Sel.Name)
			if !ok {
				return shape{}, false
			}
			if t, ok := isType(v); ok {
				return shape{outs: []reflect.Type{t}}, true // a conversion
			}
			if v.Kind() == reflect.Func && !v.CanAddr() {
				return funcShape(v.Type()), true
			}
			return shape{}, false
		}
		if m, ok := method(g.typeOf(fun.X), fun.Sel.Name); ok {
			return funcShape(m), true
		}
	}
	return shape{}, false
}

// method returns the type of t's method name (its receiver, if any, among
// its inputs: only the results matter here).
func method(t reflect.Type, name string) (reflect.Type, bool) {
	if t == nil {
		return nil, false
	}
	if m, ok := t.MethodByName(name); ok {
		return m.Type, true
	}
	if t.Kind() != reflect.Ptr && t.Kind() != reflect.Interface {
		if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
			return m.Type, true
		}
	}
	return nil, false
}

// typeOf is the type of e, nil if the export cannot tell.
func (g *goExport) typeOf(e ast.Expr) reflect.Type {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if e.Name == "_" {
			return g.vtypes[g.lastBind]
		}
		return g.vtypes[e.Name]
	case *ast.CallExpr:
		if s, ok := g.callShape(e); ok && (len(s.outs) == 1 || s.pair()) {
			return s.first()
		}
	case *ast.SelectorExpr:
		return g.selectorType(e)
	case *ast.StarExpr:
		if t := g.typeOf(e.X); t != nil && t.Kind() == reflect.Ptr {
			return t.Elem()
		}
	case *ast.UnaryExpr:
		if t := g.typeOf(e.X); t != nil && e.Op == token.AND {
			return reflect.PointerTo(t)
		}
	case *ast.CompositeLit:
		return g.typeExpr(e.Type)
	case *ast.IndexExpr:
		if t := g.typeOf(e.X); t != nil {
			if t.Kind() == reflect.Ptr {
				t = t.Elem()
			}
			switch t.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map:
				return t.Elem()
			}
		}
	}
	return nil
}

// selectorType is the type of pkg.Var or of a field x.F.
func (g *goExport) selectorType(e *ast.SelectorExpr) reflect.Type {
	if id, ok := e.X.(*ast.Ident); ok && g.isPkg(id) {
		v, ok := g.member(id.Name, e.Sel.Name)
		if _, isT := isType(v); !ok || isT || v.Kind() == reflect.Func {
			return nil
		}
		return v.Type()
	}
	t := g.typeOf(e.X)
	if t != nil && t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	if f, ok := t.FieldByName(e.Sel.Name); ok {
		return f.Type
	}
	return nil
}

// typeExpr is the type a type expression names: pkg.T, *X, []X, map[K]V.
func (g *goExport) typeExpr(e ast.Expr) reflect.Type {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok && g.isPkg(id) {
			if v, ok := g.member(id.Name, e.Sel.Name); ok {
				t, _ := isType(v)
				return t
			}
		}
	case *ast.StarExpr:
		if t := g.typeExpr(e.X); t != nil {
			return reflect.PointerTo(t)
		}
	case *ast.ArrayType:
		if t := g.typeExpr(e.Elt); t != nil && e.Len == nil {
			return reflect.SliceOf(t)
		}
	case *ast.MapType:
		k, v := g.typeExpr(e.Key), g.typeExpr(e.Value)
		if k != nil && v != nil {
			return reflect.MapOf(k, v)
		}
	case *ast.Ident:
		return basicTypes[e.Name]
	}
	return nil
}

var basicTypes = map[string]reflect.Type{
	"string": reflect.TypeOf(""), "int": reflect.TypeOf(0), "bool": reflect.TypeOf(false),
	"float64": reflect.TypeOf(0.0), "byte": reflect.TypeOf(byte(0)), "any": reflect.TypeOf((*any)(nil)).Elem(),
	"error": errorType,
}

// typeString is the type the REPL recorded for a value (type=*web.Response).
func (g *goExport) typeString(s string) reflect.Type {
	if s == "" {
		return nil
	}
	e, err := parser.ParseExpr(s)
	if err != nil {
		return nil
	}
	return g.typeExpr(e)
}

// noteTypes records the types of the names a top-level statement declares.
func (g *goExport) noteTypes(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE {
			return
		}
		if len(s.Rhs) == 1 && len(s.Lhs) > 1 {
			if call, ok := s.Rhs[0].(*ast.CallExpr); ok {
				sh, _ := g.callShape(call)
				for i, l := range s.Lhs {
					if i < len(sh.outs) {
						g.setType(l, sh.outs[i])
					}
				}
			}
			return
		}
		for i, l := range s.Lhs {
			if i < len(s.Rhs) {
				g.setType(l, g.typeOf(s.Rhs[i]))
			}
		}
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok {
			return
		}
		for _, sp := range gd.Specs {
			if vs, ok := sp.(*ast.ValueSpec); ok {
				for i, id := range vs.Names {
					switch {
					case vs.Type != nil:
						g.setType(id, g.typeExpr(vs.Type))
					case i < len(vs.Values):
						g.setType(id, g.typeOf(vs.Values[i]))
					}
				}
			}
		}
	}
}

func (g *goExport) setType(e ast.Expr, t reflect.Type) {
	id, ok := e.(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	if t == nil {
		delete(g.vtypes, id.Name)
		return
	}
	g.vtypes[id.Name] = t
}

// multiOK collects the calls in root that Go lets give several values:
// an expression statement, the one value of a many-name assignment or var,
// a lone return value, the lone argument of a call, go and defer.
func multiOK(root ast.Node) map[*ast.CallExpr]bool {
	ok := map[*ast.CallExpr]bool{}
	mark := func(e ast.Expr) {
		if c, is := ast.Unparen(e).(*ast.CallExpr); is {
			ok[c] = true
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ExprStmt:
			mark(n.X)
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && len(n.Lhs) > 1 {
				mark(n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && len(n.Names) > 1 {
				mark(n.Values[0])
			}
		case *ast.ReturnStmt:
			if len(n.Results) == 1 {
				mark(n.Results[0])
			}
		case *ast.CallExpr:
			if len(n.Args) == 1 {
				mark(n.Args[0])
			}
		case *ast.GoStmt:
			ok[n.Call] = true
		case *ast.DeferStmt:
			ok[n.Call] = true
		}
		return true
	})
	return ok
}

// unwrapPairs wraps in must(...) each (T, error) call of root used as one
// value, as the REPL unwraps it; skip holds calls already handled. base
// makes offsets relative to the chunk.
func (g *goExport) unwrapPairs(fset *token.FileSet, root ast.Node, skip map[*ast.CallExpr]bool, base int) []textEdit {
	ok := multiOK(root)
	var edits []textEdit
	ast.Inspect(root, func(n ast.Node) bool {
		c, is := n.(*ast.CallExpr)
		if !is || ok[c] || skip[c] {
			return true
		}
		if s, known := g.callShape(c); known && s.pair() {
			from, to := fset.Position(c.Pos()).Offset-base, fset.Position(c.End()).Offset-base
			edits = append(edits, textEdit{from, from, "must("}, textEdit{to, to, ")"})
			g.needMust, g.needLog = true, true
		}
		return true
	})
	return edits
}

// pairAssign rewrites a top-level x := f() or x = f() of a (T, error) f as
// the REPL runs it: x takes T, and an error ends the program naming the
// cell. It returns the edits and the call it handled, nil if s is not one.
func (g *goExport) pairAssign(fset *token.FileSet, n int, s ast.Stmt, base int) ([]textEdit, *ast.CallExpr) {
	as, ok := s.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || (as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
		return nil, nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	if sh, known := g.callShape(call); !known || !sh.pair() {
		return nil, nil
	}
	g.needLog = true
	start := fset.Position(as.Pos()).Offset - base
	lhsEnd := fset.Position(as.Lhs[0].End()).Offset - base
	end := fset.Position(as.End()).Offset - base
	var edits []textEdit
	if as.Tok == token.ASSIGN && !g.declared["err"] {
		edits = append(edits, textEdit{start, start, "var err error\n"})
	}
	g.declared["err"] = true
	check := "\nif err != nil {\n\tlog.Fatalf(\"cell " + strconv.Itoa(n) + ": %v\", err)\n}"
	return append(edits, textEdit{lhsEnd, lhsEnd, ", err"}, textEdit{end, end, check}), call
}
