package engine

import (
	"fmt"
	"go/ast"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/opsh/opsh/internal/goref"
)

// A type of the session is, to reflect, its underlying type without the
// methods the session gave it (type State int is an int; a struct type a
// struct type of no name), so fmt printed a []Host whose Host has a String
// method as [{web-1 22} …], and a Host whose State has one as {web-1 1},
// where Go calls String. When the session declares String or Error on a
// type, opsh keeps a function of its own that calls it (compiled by the
// interpreter), by the type's name; the session's fmt functions then
// print, under the verbs that print through those methods, what the
// methods say of the values in fmt's arguments that the source or reflect
// shows to be of those types (textview.go).

// textMethods are the methods of the session's types that compiled code
// calls where Go would (fmt's String and Error, encoding/json's
// MarshalJSON, MarshalText, UnmarshalJSON and UnmarshalText), by the name
// of their receiver's type and their own. They are read by fmt and json in
// the cells' goroutines, and written as cells declare methods.
type textMethods struct {
	mu sync.RWMutex
	m  map[string]textMethod // by Type.Method
	// exported are all the exported methods of the session's types, by
	// Type.Method, and their names (which templates call).
	exported map[string]textMethod
	names    map[string]bool
	// typed are the types that have any of these methods.
	typed map[string]bool
}

// textMethod calls a method: a function of the receiver (and, for the
// Unmarshal methods, the data), compiled by the interpreter.
type textMethod struct {
	name string
	ptr  bool // declared on the pointer receiver
	call reflect.Value
}

// jsonMethods are the methods encoding/json calls.
var jsonMethods = []string{"MarshalJSON", "MarshalText", "UnmarshalJSON", "UnmarshalText"}

// hasAny reports whether the session's type typ has one of the methods.
func (tm *textMethods) hasAny(typ string, methods ...string) bool {
	for _, m := range methods {
		if _, ok := tm.method(typ, m); ok {
			return true
		}
	}
	return false
}

// calledMethods are the methods textMethods keeps (encoding/json's
// omitzero calls IsZero), with the function the
// interpreter makes of each, given the receiver's type and the method.
var calledMethods = map[string]string{
	"String":        "func(v %[1]s) string { return v.%[2]s() }",
	"Error":         "func(v %[1]s) string { return v.%[2]s() }",
	"MarshalJSON":   "func(v %[1]s) ([]byte, error) { return v.%[2]s() }",
	"MarshalText":   "func(v %[1]s) ([]byte, error) { return v.%[2]s() }",
	"UnmarshalJSON": "func(v *%[3]s, b []byte) error { return v.%[2]s(b) }",
	"UnmarshalText": "func(v *%[3]s, b []byte) error { return v.%[2]s(b) }",
	"Format":        "func(v %[1]s, f fmt.State, c rune) { v.%[2]s(f, c) }",
	"GoString":      "func(v %[1]s) string { return v.%[2]s() }",
	"IsZero":        "func(v %[1]s) bool { return v.%[2]s() }",
}

// calledSignatures are the signatures of the methods of calledMethods,
// which fmt and encoding/json call only when they have them (a
// Format(layout string) string is no fmt.Formatter, a String(n int)
// string no fmt.Stringer), as their types print without names.
var calledSignatures = map[string]string{
	"String":        "func() string",
	"Error":         "func() string",
	"MarshalJSON":   "func() ([]byte, error)",
	"MarshalText":   "func() ([]byte, error)",
	"UnmarshalJSON": "func([]byte) error",
	"UnmarshalText": "func([]byte) error",
	"Format":        "func(fmt.State, rune)",
	"GoString":      "func() string",
	"IsZero":        "func() bool",
}

func (tm *textMethods) set(typ string, m textMethod) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if tm.m == nil {
		tm.m = map[string]textMethod{}
	}
	tm.m[typ+"."+m.name] = m
	tm.noteTyped(typ)
}

// noteTyped notes that the type typ has a method kept; tm.mu is held.
func (tm *textMethods) noteTyped(typ string) {
	if tm.typed == nil {
		tm.typed = map[string]bool{}
	}
	tm.typed[typ] = true
}

// hasMethods reports whether the session's type typ has a method kept.
func (tm *textMethods) hasMethods(typ string) bool {
	tm.mu.RLock()
	defer tm.mu.RUnlock()
	return tm.typed[typ]
}

// printsAny reports whether a type of the session's has a String or an
// Error method fmt calls.
func (tm *textMethods) printsAny() bool {
	tm.mu.RLock()
	defer tm.mu.RUnlock()
	for key := range tm.m {
		if strings.HasSuffix(key, ".String") || strings.HasSuffix(key, ".Error") {
			return true
		}
	}
	return false
}

// method is the method name of the session's type typ, if it has one.
func (tm *textMethods) method(typ, name string) (textMethod, bool) {
	tm.mu.RLock()
	defer tm.mu.RUnlock()
	m, ok := tm.m[typ+"."+name]
	return m, ok
}

// has reports whether the session's type named typ has a String or Error
// method.
func (tm *textMethods) has(typ string) bool {
	_, ok := tm.named(typ)
	return ok
}

// named is the method fmt prints a value of the session's type typ by:
// its Error method, else its String method, if it has either.
func (tm *textMethods) named(typ string) (textMethod, bool) {
	if m, ok := tm.method(typ, "Error"); ok {
		return m, true
	}
	return tm.method(typ, "String")
}

// textMethodsCall is the calls that give the methods of calledMethods f
// declares on types (its own or the session's), and its exported methods
// (which templates call, templatefix.go), to textMethods, from inside the
// interpreter, which makes functions of them that compiled code can call;
// "" if f declares none.
func (e *Evaluator) textMethodsCall(f *ast.File) string {
	types := map[string]bool{}
	for _, ts := range goref.TypeSpecs(f) {
		if ts.TypeParams == nil {
			types[ts.Name.Name] = true
		}
	}
	var text, exported methodCalls
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		name, ptr := typeIdent(fd.Recv.List[0].Type)
		if name == "" || !types[name] && !e.typeNames[name] {
			continue
		}
		recv := name
		if ptr {
			recv = "*" + name
		}
		if fd.Name.IsExported() && plainSignature(fd.Type) {
			exported.add(name, fd.Name.Name, callerOf(fd, recv))
		}
		if call, ok := calledMethods[fd.Name.Name]; ok && signatureText(fd.Type) == calledSignatures[fd.Name.Name] {
			text.add(name, fd.Name.Name, fmt.Sprintf(call, recv, fd.Name.Name, name))
		}
	}
	return text.call("TextMethods") + exported.call("Methods")
}

// methodCalls are functions calling methods of the session's types, for
// _opshrt.TextMethods or _opshrt.Methods: each the method of the same
// index in names, declared on the type of that index in types.
type methodCalls struct{ types, names, calls []string }

func (m *methodCalls) add(typ, name, call string) {
	m.types = append(m.types, strconv.Quote(typ))
	m.names = append(m.names, strconv.Quote(name))
	m.calls = append(m.calls, call)
}

// call is the call of _opshrt's keep that gives it m; "" if m is empty.
func (m *methodCalls) call(keep string) string {
	if len(m.calls) == 0 {
		return ""
	}
	return "_opshrt." + keep + "([]string{" + strings.Join(m.types, ", ") + "}, []string{" + strings.Join(m.names, ", ") + "}, []interface{}{" + strings.Join(m.calls, ", ") + "}); "
}

// plainSignature reports whether ft's parameters and results are of types
// without functions or generic instances (iter.Seq[int]), which a
// template has no use of and the interpreter fails to wrap in a function
// literal.
func plainSignature(ft *ast.FuncType) bool {
	plain := true
	ast.Inspect(ft, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
			plain = false
		case *ast.FuncType:
			plain = n == ft
		}
		return plain
	})
	return plain
}

// callerOf is a function literal calling the method fd on its first
// argument, of the type recv, with the others: func(v *Svc, p0 int)
// string { return v.FQDN(p0) }.
func callerOf(fd *ast.FuncDecl, recv string) string {
	var params, args []string
	for _, f := range fd.Type.Params.List {
		typ, spread := f.Type, ""
		if ell, ok := typ.(*ast.Ellipsis); ok {
			typ, spread = ell.Elt, "..."
		}
		for range max(len(f.Names), 1) {
			p := fmt.Sprintf("p%d", len(params))
			params = append(params, p+" "+spread+exprString(nil, typ))
			args = append(args, p+spread)
		}
	}
	var results []string
	if fd.Type.Results != nil {
		for _, f := range fd.Type.Results.List {
			for range max(len(f.Names), 1) {
				results = append(results, exprString(nil, f.Type))
			}
		}
	}
	call := "v." + fd.Name.Name + "(" + strings.Join(args, ", ") + ")"
	if len(results) > 0 {
		call = "return " + call
	}
	return "func(v " + recv + strings.Join(append([]string{""}, params...), ", ") + ") (" + strings.Join(results, ", ") + ") { " + call + " }"
}

// signatureText is the function type ft as it prints without the names
// of its parameters and results, byte and rune for their other names
// (which methods written from reflect's types have): func(fmt.State, rune).
func signatureText(ft *ast.FuncType) string {
	return exprString(nil, replaceNames(ft, func(name string) (ast.Expr, bool) {
		switch name {
		case "uint8":
			return ast.NewIdent("byte"), true
		case "int32":
			return ast.NewIdent("rune"), true
		}
		return nil, false
	}))
}

// keep is _opshrt.TextMethods: each of calls calls the method of the same
// index in names, declared on the type of that index in types.
func (tm *textMethods) keep(types, names []string, calls []any) {
	eachKept(types, names, calls, tm.set)
}

// keepExported is _opshrt.Methods: keep for the exported methods.
func (tm *textMethods) keepExported(types, names []string, calls []any) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if tm.exported == nil {
		tm.exported, tm.names = map[string]textMethod{}, map[string]bool{}
	}
	eachKept(types, names, calls, func(typ string, m textMethod) {
		tm.exported[typ+"."+m.name] = m
		tm.names[m.name] = true
		tm.noteTyped(typ)
	})
}

// eachKept gives f each method of the arguments of keep: the type it is
// declared on, and the method, which calls the function of calls of its
// index.
func eachKept(types, names []string, calls []any, f func(typ string, m textMethod)) {
	for i, c := range calls {
		v := reflect.ValueOf(c)
		if i >= len(names) || i >= len(types) || v.Kind() != reflect.Func || v.Type().NumIn() == 0 {
			continue
		}
		f(types[i], textMethod{name: names[i], ptr: v.Type().In(0).Kind() == reflect.Pointer, call: v})
	}
}

// exportedMethod is the exported method name of the session's type typ.
func (tm *textMethods) exportedMethod(typ, name string) (textMethod, bool) {
	tm.mu.RLock()
	defer tm.mu.RUnlock()
	m, ok := tm.exported[typ+"."+name]
	return m, ok
}

// byTextMethods returns, for the arguments of a fmt function, each that
// holds values printed by the session's String or Error methods replaced
// by its textView; verbs (nil for Print and Println, whose verb is %v) are
// formatVerbs' for format. a is returned as it is when no argument changes.
func (b *boxes) byTextMethods(format string, verbs []rune, at []int, a []any) []any {
	return replaceArgs(a, func(i int, x any) (any, bool) {
		if verbs != nil && (i >= len(verbs) || !printsText(format, verbs[i], at[i])) {
			return nil, false
		}
		v, ok := b.textView(reflect.ValueOf(x), nil, 0)
		if !ok {
			return nil, false
		}
		return v.Interface(), true
	})
}

// sharpV reports whether the verb at format[at] is %#v.
func sharpV(format string, verb rune, at int) bool {
	return flaggedV(format, verb, at, '#')
}

// flaggedV reports whether the verb at format[at] is a %v with the flag.
func flaggedV(format string, verb rune, at int, flag rune) bool {
	if verb != 'v' || at < 0 {
		return false
	}
	start := strings.LastIndexByte(format[:at], '%')
	return start >= 0 && strings.ContainsRune(format[start:at], flag)
}

// sharpArgs hands fmt, for each argument under %#v that is a slice, an
// array or a map holding the session's struct types, a sharpView of it,
// and for a struct of the session's with a GoString or Format method,
// what the method says.
func (b *boxes) sharpArgs(format string, verbs []rune, at []int, a []any) []any {
	return replaceArgs(a, func(i int, x any) (any, bool) {
		if i >= len(verbs) || !sharpV(format, verbs[i], at[i]) || x == nil {
			return nil, false
		}
		if g, ok := b.goStringFor(reflect.ValueOf(x), nil); ok {
			return g, true // a struct of the session's in an any
		}
		return b.sharpContainer(reflect.ValueOf(x), "")
	})
}

// printsText reports whether the verb at format[at] prints a value through
// its String or Error method: %v (but not %#v), %s, %q, %x, %X.
func printsText(format string, verb rune, at int) bool {
	switch verb {
	case 'v':
		return !sharpV(format, verb, at)
	case 's', 'q', 'x', 'X':
		return true
	}
	return false
}

// text is what the method says of v, as fmt would print it: a nil
// pointer prints <nil> when its method would follow it; false if the
// method panics.
func (m textMethod) text(v reflect.Value) (any, bool) {
	if v.Kind() == reflect.Pointer && v.IsNil() && m.call.Type().In(0).Kind() != reflect.Pointer {
		return "<nil>", true
	}
	if !v.Type().AssignableTo(m.call.Type().In(0)) {
		if v.Kind() != reflect.Pointer || !v.Elem().Type().AssignableTo(m.call.Type().In(0)) {
			return nil, false
		}
		v = v.Elem()
	}
	s, _, ok := try(func() (string, bool) { return m.call.Call([]reflect.Value{v})[0].String(), true })
	if !ok {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return "<nil>", true // fmt's words for a method that panicked on a nil receiver
		}
		return nil, false
	}
	if m.name == "Error" {
		return openedError{msg: s}, true
	}
	if v.Kind() == reflect.String {
		return stringText(s), true
	}
	return openedString{s}, true
}

// instanceMethodsCall is the call that gives textMethods the methods fmt
// calls (Error, String, GoString, Format) of each instance of a generic
// type of the session's that node names with concrete type arguments
// (Box[int], Pair[string, Port]), keyed by the instance as the source
// writes it; "" if there is none the session has not given yet. Their declarations are generic (func (b
// Box[T]) String() string), which no compiled function can call; an
// instance's function literal can: fmt printed a []Box[int], a map of
// them or a struct's field of one without the method.
//
// A program's own (f, not nil) types and methods count with the
// session's: it runs the call before the session has noted them.
func (e *Evaluator) instanceMethodsCall(node ast.Node, f *ast.File) (call string, keys []string) {
	own, methods := map[string]bool{}, map[string]*ast.FuncDecl{}
	if f != nil {
		for _, ts := range goref.TypeSpecs(f) {
			own[ts.Name.Name] = true
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
				methods[goref.ReceiverType(fd.Recv.List[0].Type)+"."+fd.Name.Name] = fd
			}
		}
	}
	types := func(name string) bool { return e.typeNames[name] || own[name] }
	method := func(typ, name string) *ast.FuncDecl {
		if fd := methods[typ+"."+name]; fd != nil {
			return fd
		}
		fd, _ := e.methodDecl(typ, name)
		return fd
	}
	var text methodCalls
	seen := map[string]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		x, isExpr := n.(ast.Expr)
		if !isExpr {
			return true
		}
		base, args := typeArgs(x)
		if base == nil || len(args) == 0 || !types(base.Name) {
			return true
		}
		for _, a := range args {
			if !concreteType(a, types) {
				return true
			}
		}
		key := exprString(nil, x)
		if e.instanceTexts[key] || seen[key] {
			return true
		}
		seen[key] = true
		for _, m := range []string{"Error", "Format", "GoString", "String"} { // fmt's
			fd := method(base.Name, m)
			if fd == nil || signatureText(fd.Type) != calledSignatures[m] {
				continue
			}
			recv := key
			if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); ptr {
				recv = "*" + key
			}
			text.add(key, m, fmt.Sprintf(calledMethods[m], recv, m, key))
		}
		if len(text.calls) > 0 && text.types[len(text.types)-1] == strconv.Quote(key) {
			keys = append(keys, key)
		}
		return true
	})
	return text.call("TextMethods"), keys
}

// concreteType reports whether t is a type whose every name is a
// predeclared type, one of types or a package's (no type
// parameter of a generic declaration's, no variable of an index).
func concreteType(t ast.Expr, types func(string) bool) bool {
	concrete := true
	ast.Inspect(t, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			return false // a package's
		case *ast.Ident:
			concrete = concrete && (predeclaredTypes[x.Name] || types(x.Name))
		case *ast.BasicLit, *ast.CallExpr, *ast.BinaryExpr, *ast.UnaryExpr:
			concrete = false
		}
		return concrete
	})
	return concrete
}

// giveInstanceMethods gives textMethods the methods of the instances node
// names (instanceMethodsCall), once each.
func (e *Evaluator) giveInstanceMethods(node ast.Node) {
	if !e.genericTypes {
		return
	}
	call, keys := e.instanceMethodsCall(node, nil)
	if call == "" {
		return
	}
	if _, err := e.quietEval(call); err == nil {
		for _, k := range keys {
			e.instanceTexts[k] = true
		}
	}
}
