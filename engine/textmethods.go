package engine

import (
	"fmt"
	"go/ast"
	"reflect"
	"strconv"
	"strings"
	"sync"
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

// textMethods are the String and Error methods of the session's types, by
// the name of their receiver's type. They are read by fmt in the cells'
// goroutines, and written as cells declare methods.
type textMethods struct {
	mu     sync.RWMutex
	byName map[string]textMethod
}

// textMethod calls a String or Error method.
type textMethod struct {
	name string // String or Error
	ptr  bool   // declared on the pointer receiver
	call reflect.Value
}

func (tm *textMethods) set(typ string, m textMethod) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if old, ok := tm.byName[typ]; ok && old.name == "Error" {
		return
	}
	if tm.byName == nil {
		tm.byName = map[string]textMethod{}
	}
	tm.byName[typ] = m
}

// has reports whether the session's type named typ has a String or Error
// method.
func (tm *textMethods) has(typ string) bool {
	_, ok := tm.named(typ)
	return ok
}

// named is the method of the session's type named typ, if it has one.
func (tm *textMethods) named(typ string) (textMethod, bool) {
	tm.mu.RLock()
	defer tm.mu.RUnlock()
	m, ok := tm.byName[typ]
	return m, ok
}

// textMethodsCall is a call that gives the String and Error methods f
// declares on types (its own or the session's) to textMethods, from inside
// the interpreter, which makes functions of them that compiled code can
// call; "" if f declares none.
func (e *Evaluator) textMethodsCall(f *ast.File) string {
	types := map[string]bool{}
	for _, ts := range typeSpecs(f) {
		if ts.TypeParams == nil {
			types[ts.Name.Name] = true
		}
	}
	var typeNames, names, calls []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != "String" && fd.Name.Name != "Error" {
			continue
		}
		recv := fd.Recv.List[0].Type
		star := ""
		if s, ok := recv.(*ast.StarExpr); ok {
			recv, star = s.X, "*"
		}
		id, ok := recv.(*ast.Ident)
		if !ok || !types[id.Name] && !e.typeNames[id.Name] {
			continue
		}
		typeNames = append(typeNames, strconv.Quote(id.Name))
		names = append(names, strconv.Quote(fd.Name.Name))
		calls = append(calls, fmt.Sprintf("func(v %s%s) string { return v.%s() }", star, id.Name, fd.Name.Name))
	}
	if len(calls) == 0 {
		return ""
	}
	return "_opshrt.TextMethods([]string{" + strings.Join(typeNames, ", ") + "}, []string{" + strings.Join(names, ", ") + "}, []interface{}{" + strings.Join(calls, ", ") + "}); "
}

// keep is _opshrt.TextMethods: each of calls calls the method of the same
// index in names, declared on the type of that index in types, on its
// argument.
func (tm *textMethods) keep(types, names []string, calls []any) {
	for i, c := range calls {
		v := reflect.ValueOf(c)
		if i >= len(names) || i >= len(types) || v.Kind() != reflect.Func || v.Type().NumIn() != 1 {
			continue
		}
		tm.set(types[i], textMethod{name: names[i], ptr: v.Type().In(0).Kind() == reflect.Pointer, call: v})
	}
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
	if verb != 'v' || at < 0 {
		return false
	}
	start := strings.LastIndexByte(format[:at], '%')
	return start >= 0 && strings.ContainsRune(format[start:at], '#')
}

// sharpArgs hands fmt, for each argument under %#v that is a slice, an
// array or a map holding the session's struct types, a sharpView of it.
func (b *boxes) sharpArgs(format string, verbs []rune, at []int, a []any) []any {
	return replaceArgs(a, func(i int, x any) (any, bool) {
		if i >= len(verbs) || !sharpV(format, verbs[i], at[i]) {
			return nil, false
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
		return nil, false
	}
	if m.name == "Error" {
		return openedError{msg: s}, true
	}
	return openedString(s), true
}
