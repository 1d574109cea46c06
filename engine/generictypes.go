package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
)

// This file makes the user's generic types behave as Go's where yaegi
// v0.16.1 takes their instances wrong.
//
// A composite literal of an instance of several type arguments,
// Pair[string, int]{"a", 1}, is not a type to yaegi's compiler where it
// checks the literal's type (one type argument is): it instantiates the
// type again at each literal and wires the new definition into the
// statements' control flow, so the statements before the literal are
// skipped and the values are another literal's. buildInstanceLits makes
// each such literal a call of a function that declares the value and
// sets its fields.
//
// An instance named where the compiler reads an expression — a type
// argument (New[Stack[int]]()), a type assertion's or a type switch's
// type, a conversion — is looked up by name among the instances made
// before, and is "type not found" when the program has not yet written it
// as a type. declareInstances makes it, by a statement before that writes
// it where a type is read.

// instanceLitVar is the variable the function of a literal of an instance
// sets and returns.
const instanceLitVar = "_opshLit"

// genericStruct is the struct type the user's generic type name defines
// (the rewritten node's or the session's), or nil.
func (rw *rewriter) genericStruct(name string) *ast.StructType {
	if ts := rw.genericTypes[name]; ts != nil {
		st, _ := ts.Type.(*ast.StructType)
		return st
	}
	if rw.isType == nil || !rw.isType(name) {
		return nil
	}
	def, _ := rw.typeDef(name)
	st, _ := def.(*ast.StructType)
	return st
}

// buildInstanceLits rewrites, under node, each composite literal of an
// instance of several type arguments of a generic struct type, T[A, B]{…},
// as *func() *T[A, B] { var _opshLit T[A, B]; _opshLit.F = …; return &_opshLit }(),
// and &T[A, B]{…} likewise without the *. The fields are set in the order
// the literal writes them, as Go evaluates them.
func (rw *rewriter) buildInstanceLits(node ast.Node) {
	var build func(ast.Expr) ast.Expr
	build = func(x ast.Expr) ast.Expr {
		ptr := false
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
			x, ptr = unparen(u.X), true
		}
		lit, ok := x.(*ast.CompositeLit)
		if !ok {
			return nil
		}
		list, ok := lit.Type.(*ast.IndexListExpr)
		if !ok {
			return nil
		}
		base, ok := list.X.(*ast.Ident)
		if !ok {
			return nil
		}
		st := rw.genericStruct(base.Name)
		if st == nil {
			return nil
		}
		fields := fieldNames(st)
		if params := typeParamNames(rw.genericTypeSpec(base.Name)); slices.ContainsFunc(fields, func(f string) bool { return slices.Contains(params, f) }) {
			// (type Pair[K, V any] struct{ K K; V V }: yaegi finds no
			// field K of an instance, and runs a literal of its values
			// in order right)
			return nil
		}
		for i, el := range lit.Elts {
			replaceExprs(el, build)
			if r := build(el); r != nil {
				lit.Elts[i] = r
			}
		}
		body, ok := setFields(fields, lit.Elts)
		if !ok {
			return nil
		}
		v := func() *ast.Ident { return &ast.Ident{NamePos: lit.Pos(), Name: instanceLitVar} }
		decl := &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{v()}, Type: lit.Type}}}}
		ret := &ast.ReturnStmt{Results: []ast.Expr{&ast.UnaryExpr{Op: token.AND, X: v()}}}
		fn := &ast.FuncLit{
			Type: &ast.FuncType{Func: lit.Pos(), Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.StarExpr{X: cloneExpr(lit.Type)}}}}},
			Body: &ast.BlockStmt{Lbrace: lit.Lbrace, List: append(append([]ast.Stmt{decl}, body...), ret), Rbrace: lit.Rbrace},
		}
		call := &ast.CallExpr{Fun: fn, Lparen: lit.Rbrace, Rparen: lit.Rbrace}
		if ptr {
			return call
		}
		// (A call's value of the instance reaches fmt without its
		// methods; the value a pointer points to has them.)
		return &ast.StarExpr{Star: lit.Pos(), X: call}
	}
	replaceExprs(node, build)
}

// genericTypeSpec is the declaration of the generic type name, the
// rewritten node's or the session's; nil if there is none.
func (rw *rewriter) genericTypeSpec(name string) *ast.TypeSpec {
	if ts := rw.genericTypes[name]; ts != nil {
		return ts
	}
	if rw.genericSpec != nil {
		return rw.genericSpec(name)
	}
	return nil
}

// typeParamNames are the names of the type parameters ts declares (none
// for a nil ts).
func typeParamNames(ts *ast.TypeSpec) []string {
	var names []string
	if ts != nil {
		for _, f := range fieldsOf(ts.TypeParams) {
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
		}
	}
	return names
}

// setFields are the assignments of the elements elts of a struct literal
// to the fields named fields (the struct's, in order): by key, or by
// position; false for a literal whose fields cannot be told.
func setFields(fields []string, elts []ast.Expr) ([]ast.Stmt, bool) {
	var out []ast.Stmt
	for i, el := range elts {
		name := ""
		value := el
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			key, isID := kv.Key.(*ast.Ident)
			if !isID {
				return nil, false
			}
			name, value = key.Name, kv.Value
		} else if i < len(fields) {
			name = fields[i]
		}
		if name == "" || name == "_" {
			return nil, false
		}
		sel := &ast.SelectorExpr{X: &ast.Ident{NamePos: el.Pos(), Name: instanceLitVar}, Sel: ast.NewIdent(name)}
		out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{sel}, TokPos: el.Pos(), Tok: token.ASSIGN, Rhs: []ast.Expr{value}})
	}
	return out, true
}

// fieldNames are the names of the fields of st, in order, an embedded
// field named after its type; "" for one opsh cannot name.
func fieldNames(st *ast.StructType) []string {
	var names []string
	for _, f := range st.Fields.List {
		if len(f.Names) > 0 {
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
			continue
		}
		t := f.Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		switch x := t.(type) {
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		}
		switch x := t.(type) {
		case *ast.Ident:
			names = append(names, x.Name)
		case *ast.SelectorExpr:
			names = append(names, x.Sel.Name)
		default:
			names = append(names, "")
		}
	}
	return names
}

// noteGenericStruct records ts, if it declares a generic struct type, for
// instanceName.
func (e *Evaluator) noteGenericStruct(ts *ast.TypeSpec) {
	if _, ok := ts.Type.(*ast.StructType); ok && ts.TypeParams != nil {
		e.genericStructs[ts.Name.Name] = ts
	}
}

// instanceName is the name of the instance of the session's generic
// struct type whose struct type t is, as the source writes it
// (Pair[string,int], without spaces as Go's %T): tagLookalikes tags each
// generic struct type with its name, and the type arguments are those
// its fields' types give. False for another type, or an instance whose
// type arguments its fields do not all tell.
func (e *Evaluator) instanceName(t reflect.Type) (string, bool) {
	if t.Kind() != reflect.Struct || t.NumField() == 0 {
		return "", false
	}
	name, tagged := t.Field(0).Tag.Lookup(structTagKey)
	ts := e.genericStructs[name]
	if !tagged || ts == nil {
		return "", false
	}
	if n, ok := e.instanceNames.Load(t); ok {
		return n.(string), true
	}
	st := ts.Type.(*ast.StructType)
	params := typeParamNames(ts)
	isParam := func(n string) bool { return slices.Contains(params, n) }
	bound := map[string]ast.Expr{}
	i := 0
	for _, f := range st.Fields.List {
		for range max(1, len(f.Names)) {
			if i >= t.NumField() {
				return "", false
			}
			if len(typeNamesIn(f.Type, isParam)) > 0 {
				if ft, ok := e.typeExpr(t.Field(i).Type); ok {
					unify(f.Type, ft, isParam, bound)
				}
			}
			i++
		}
	}
	args := make([]string, len(params))
	for j, p := range params {
		if bound[p] == nil {
			return "", false
		}
		args[j] = exprString(nil, bound[p])
	}
	n := goTypeText(name + "[" + strings.Join(args, ",") + "]")
	e.instanceNames.Store(t, n)
	return n, true
}

// declareInstances puts, before each statement under node that names an
// instance of a generic type of the session's where the interpreter reads
// an expression (see instanceUses), a statement that writes it as a type,
// _ = []T[A]{}, which makes it.
func (rw *rewriter) declareInstances(node ast.Node) {
	editStmtLists(node, nil, rw.withInstances)
}

// withInstances is list with, before each statement, the statements that
// make the instances it uses (instanceUses).
func (rw *rewriter) withInstances(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range list {
		switch s.(type) {
		case *ast.CaseClause, *ast.CommClause: // a switch's or select's body
			out = append(out, s)
			continue
		}
		for _, t := range rw.instanceUses(s) {
			out = append(out, &ast.AssignStmt{
				Lhs:    []ast.Expr{&ast.Ident{NamePos: s.Pos(), Name: "_"}},
				TokPos: s.Pos(),
				Tok:    token.ASSIGN,
				Rhs:    []ast.Expr{&ast.CompositeLit{Type: &ast.ArrayType{Elt: cloneExpr(t)}}},
			})
		}
		out = append(out, s)
	}
	return out
}

// instanceUses are the instances of the session's generic types that the
// statement s, outside the blocks it holds, names where the interpreter
// reads an expression and looks an instance up by name: a type argument
// (New[Stack[int]]()), the type of a type assertion or of a type switch's
// case, the type of a conversion. Each once.
func (rw *rewriter) instanceUses(s ast.Stmt) []ast.Expr {
	var found []ast.Expr
	seen := map[string]bool{}
	add := func(t ast.Expr) {
		if !rw.sessionInstance(t) {
			return
		}
		if key := exprString(nil, t); !seen[key] {
			seen[key] = true
			found = append(found, unparen(t))
		}
	}
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BlockStmt, *ast.FuncLit:
			return n == ast.Node(s)
		case *ast.TypeSwitchStmt:
			for _, c := range x.Body.List {
				for _, t := range c.(*ast.CaseClause).List {
					add(t)
				}
			}
			for _, p := range []ast.Node{x.Init, x.Assign} {
				if p != nil {
					ast.Inspect(p, walk)
				}
			}
			return false
		case *ast.TypeAssertExpr:
			if x.Type != nil {
				add(x.Type)
			}
		case *ast.CallExpr:
			add(x.Fun) // a conversion
			if _, args := typeArgs(x.Fun); len(args) > 0 {
				for _, t := range args {
					add(t)
				}
			}
		}
		return true
	}
	ast.Inspect(s, walk)
	return found
}

// sessionInstance reports whether t is an instance of one of the session's
// generic types (those the rewritten node declares included): Box[int].
func (rw *rewriter) sessionInstance(t ast.Expr) bool {
	base, _ := instance(unparen(t))
	return base != "" && (rw.declared[base] || rw.isType != nil && rw.isType(base))
}

// inMainName is the session's type name n as Go's %T writes it: main.Box,
// and an instance's type arguments of the session's in main too
// (main.Box[main.Host]).
func inMainName(n string) string {
	if !strings.Contains(n, "[") {
		return "main." + n
	}
	t, err := parser.ParseExpr(n)
	if err != nil {
		return "main." + n
	}
	return goTypeText(exprString(nil, inMain(t, func(name string) bool { return !predeclaredTypes[name] })))
}

// goTypeText is the type s, as go/printer writes it, as Go's %T writes it:
// an instance's type arguments without a space after their commas
// (Pair[string,int]), those of a function type's parameters kept.
func goTypeText(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	brackets, nested := 0, 0 // [ ], and ( ) or { }
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			brackets++
		case ']':
			brackets--
		case '(', '{':
			nested++
		case ')', '}':
			nested--
		}
		b.WriteByte(s[i])
		if s[i] == ',' && brackets > 0 && nested == 0 && i+1 < len(s) && s[i+1] == ' ' {
			i++
		}
	}
	return b.String()
}

// undefinedTypeFor finds yaegi's "undefined type for T".
var undefinedTypeFor = lazyre.New(`undefined type for (\w+)$`)

// receiverParamError reports whether err, what compiling f's declarations
// failed with, is yaegi v0.16.1's "undefined type for T" of a method of a
// generic type declared after an instance of it was made (o := Some(3),
// then func (o Opt[T]) Or(d T) T), T the receiver's type parameter: the
// method is declared all the same, and the instances have it. f must
// declare such methods only.
func receiverParamError(err error, f *ast.File) bool {
	m := undefinedTypeFor.FindStringSubmatch(err.Error())
	if m == nil || len(f.Decls) == 0 {
		return false
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || !slices.ContainsFunc(receiverParams(fd), func(p ast.Expr) bool { return isIdent(p, m[1]) }) {
			return false
		}
	}
	return true
}
