package engine

import (
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// This file answers questions about what the session holds, without
// running calls: the type of an expression (:type), what a name is (x?,
// :doc on a variable), the user's variables (:who).

// Format shows v as the session shows a cell's value.
func (e *Evaluator) Format(v reflect.Value) string { return e.pretty.Format(v) }

// TypeString names t as the user would write it.
func (e *Evaluator) TypeString(t reflect.Type) string { return e.pretty.typeString(t) }

// ValueType names the type of v as the user would write it: a box's by
// the session's name for its value's type.
func (e *Evaluator) ValueType(v reflect.Value) string { return valueType(e.pretty, v) }

func valueType(p *prettyPrinter, v reflect.Value) string {
	if v.Type() == typedViewType {
		return v.Interface().(typedView).typ
	}
	if isBox(v.Type()) {
		if n := boxTypeName(v); n != "" {
			return n
		}
		if inner := boxed(v); inner.IsValid() {
			return p.typeString(inner.Type())
		}
	}
	return p.typeString(v.Type())
}

// A Shower formats values and names their types as the display does.
type Shower struct{ p *prettyPrinter }

// Format is Evaluator.Format by the Shower.
func (s Shower) Format(v reflect.Value) string { return s.p.Format(v) }

// ValueType is Evaluator.ValueType by the Shower.
func (s Shower) ValueType(v reflect.Value) string { return valueType(s.p, v) }

// ShownAs is how to show the value of the session's variable name: as
// Format and ValueType do, but naming by the type the source declared name
// with the session's struct types reflect cannot tell apart (two of the
// same fields are one type to it, which Format writes struct{…}).
func (e *Evaluator) ShownAs(name string) Shower {
	typ, ok := e.varTypes[name]
	if !ok {
		return Shower{e.pretty}
	}
	v, err := e.quietEval(name)
	if err != nil || !v.IsValid() {
		return Shower{e.pretty}
	}
	hints := map[reflect.Type]string{}
	e.structNames(typ, v.Type(), hints)
	if len(hints) == 0 {
		return Shower{e.pretty}
	}
	p := *e.pretty
	p.typeName = func(t reflect.Type) (string, bool) {
		if n, ok := hints[t]; ok && n != "" {
			return n, true
		}
		return e.TypeName(t)
	}
	for t, n := range hints {
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			if t.Name() == "" && n != "" {
				if p.containers == nil {
					p.containers = map[reflect.Type]string{}
				}
				p.containers[t] = n // Hosts, not []string
			}
		}
	}
	return Shower{&p}
}

// structNames adds to names, for each type of the session the type
// expression typ names where t, reflect's type of the same value, has a
// struct type reflect does not name (see ShownAs), or the type a type of
// the session's that is no struct is made of (type Port int, an int to
// reflect), the name typ gives it; "" for a type typ names two ways
// (map[Port]int), which keeps reflect's.
func (e *Evaluator) structNames(typ ast.Expr, t reflect.Type, names map[reflect.Type]string) {
	switch x := typ.(type) {
	case *ast.Ident:
		if _, named := e.TypeName(t); t.Kind() == reflect.Struct && e.typeNames[x.Name] && !named {
			names[t] = x.Name
		} else if t.Kind() != reflect.Struct && t.Kind() != reflect.Interface && t.PkgPath() == "" {
			name := ""
			if e.typeNames[x.Name] {
				name = x.Name
			}
			if other, ok := names[t]; ok && other != name {
				name = ""
			}
			if _, seen := names[t]; seen || name != "" {
				names[t] = name
			}
		}
	case *ast.StarExpr:
		if t.Kind() == reflect.Pointer {
			e.structNames(x.X, t.Elem(), names)
		}
	case *ast.ArrayType:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			e.structNames(x.Elt, t.Elem(), names)
		}
	case *ast.MapType:
		if t.Kind() == reflect.Map {
			e.structNames(x.Key, t.Key(), names)
			e.structNames(x.Value, t.Elem(), names)
		}
	}
}

// TypeOf says the type of an expression, or of a call's results, running
// no call.
func (e *Evaluator) TypeOf(src string) (string, error) {
	if src == "" {
		return "", errors.New("usage: :type EXPR")
	}
	expr, err := parser.ParseExpr(src)
	if err != nil {
		return "", fmt.Errorf("syntax error: %v", err)
	}
	e.autoImport(expr)
	if call, ok := expr.(*ast.CallExpr); ok && pureExpr(call.Fun) {
		v, err := e.quietEval(src[call.Fun.Pos()-1 : call.Fun.End()-1])
		if err == nil && v.IsValid() && v.Kind() == reflect.Func {
			t := v.Type()
			var outs []string
			for i := 0; i < t.NumOut(); i++ {
				outs = append(outs, e.pretty.typeString(t.Out(i)))
			}
			switch len(outs) {
			case 0:
				return "(no value)", nil
			case 1:
				return outs[0], nil
			}
			return "(" + strings.Join(outs, ", ") + ")", nil
		}
	}
	switch expr.(type) {
	case *ast.CompositeLit, *ast.BinaryExpr:
	default:
		if !pureExpr(expr) {
			return "", errors.New(":type runs nothing: give it a name, a selector or a call of one")
		}
	}
	v, err := e.quietEval(src)
	if err != nil {
		return "", e.userError(err, cellPos{cell: src, line: 1})
	}
	if !v.IsValid() {
		return "nil", nil
	}
	return e.ValueType(e.withMethods(src, v)), nil
}

// DocName turns "r.Check", where r is a variable, into the name its
// documentation is under, "github.com/opsh/opsh/builtins/web.Response.Check";
// other names come back as they are.
func (e *Evaluator) DocName(name string) string {
	head, rest, ok := strings.Cut(name, ".")
	if !ok || !e.globals[head] {
		return name
	}
	v, err := e.quietEval(head)
	if err != nil || !v.IsValid() {
		return name
	}
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == "" {
		return name
	}
	return t.PkgPath() + "." + t.Name() + "." + rest
}

// Describe says what a variable of the session is: its type, its value
// and its methods; false if name is no variable.
func (e *Evaluator) Describe(name string) (string, bool) {
	if e.typeNames[name] {
		return e.describeType(name)
	}
	if !e.globals[name] {
		return "", false
	}
	if src, ok := e.funcSrc[name]; ok {
		// a function of the session's: its declaration, which names its
		// parameters (its value would print only its type)
		if b, err := format.Source([]byte("package p\n\n" + src)); err == nil {
			src = strings.TrimSpace(strings.TrimPrefix(string(b), "package p\n"))
		}
		if lines := strings.Split(src, "\n"); len(lines) > 30 {
			src = strings.Join(lines[:30], "\n") + "\n\t…"
		}
		return src, true
	}
	v, err := e.quietEval(name)
	if err != nil || !v.IsValid() {
		return "", false
	}
	shown := e.withMethods(name, v)
	text := name + " " + e.ValueType(shown) + "\n" + shortValue(e.pretty.Format(shown))
	ms := methods(v.Type())
	if len(ms) == 0 {
		ms = e.sessionMethods(shown)
	}
	if len(ms) > 0 {
		text += "\nmethods: " + strings.Join(ms, ", ")
	}
	return text, true
}

// describeType is what :doc says of a type the session declared: its
// current definition and its methods.
func (e *Evaluator) describeType(name string) (string, bool) {
	cur := name
	if v, ok := e.typeVersions[name]; ok {
		cur = v
	}
	def, ok := e.typeDecls[cur]
	if !ok {
		return "", false
	}
	if t, err := parser.ParseExpr(def); err == nil {
		var b strings.Builder
		if format.Node(&b, token.NewFileSet(), t) == nil {
			def = b.String()
		}
	}
	text := "type " + name + " " + userTypeNames(def)
	var ms []string
	for key := range e.methodDecls {
		if typ, m, _ := strings.Cut(key, "."); typ == cur {
			ms = append(ms, m)
		}
	}
	if len(ms) > 0 {
		slices.Sort(ms)
		text += "\nmethods: " + strings.Join(ms, ", ")
	}
	if n := e.versions[name]; n > 0 && cur != name {
		text += fmt.Sprintf("\n(declared %d times in this session: values made before the last keep their definition)", n+1)
	}
	return text, true
}

// describeLines is how many lines of a value Describe shows.
const describeLines = 12

// shortValue cuts a value's display to describeLines lines.
func shortValue(text string) string {
	lines := strings.SplitN(text, "\n", describeLines+1)
	if len(lines) <= describeLines {
		return text
	}
	return strings.Join(lines[:describeLines], "\n") + "\n…"
}

// Variable is one of the user's variables, for :who.
type Variable struct {
	Name, Type string
}

// Variables lists the user's variables with their types, by name.
func (e *Evaluator) Variables() []Variable {
	var out []Variable
	for name := range e.globals {
		if e.typeNames[name] || strings.HasPrefix(name, "_") || name == "param" {
			continue
		}
		v, err := e.quietEval(name)
		if err != nil || !v.IsValid() || v.Kind() == reflect.Func && e.funcs[name] {
			continue
		}
		out = append(out, Variable{Name: name, Type: e.ValueType(e.withMethods(name, v))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// sessionMethods are the names of the methods the session declared on the
// type of v (or, for a pointer, on its element type), which reflect does
// not list.
func (e *Evaluator) sessionMethods(v reflect.Value) []string {
	name := ""
	if isBox(v.Type()) {
		name = boxTypeName(v)
	} else {
		t := v.Type()
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		name, _ = e.TypeName(t)
	}
	var names []string
	for key := range e.methodDecls {
		if m, ok := strings.CutPrefix(key, name+"."); ok && name != "" {
			names = append(names, m)
		}
	}
	sort.Strings(names)
	return names
}

// methods lists the exported methods of t and *t.
func methods(t reflect.Type) []string {
	seen := map[string]bool{}
	var names []string
	for _, t := range []reflect.Type{t, reflect.PointerTo(t)} {
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Interface {
			continue
		}
		for i := 0; i < t.NumMethod(); i++ {
			if n := t.Method(i).Name; !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	return names
}
