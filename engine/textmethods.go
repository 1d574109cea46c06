package engine

import (
	"fmt"
	"go/ast"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// A struct type of the session is a struct type to reflect, without the
// methods the session gave it, so fmt printed a []Host whose Host has a
// String method as [{web-1 22} …], where Go calls String on each element.
// When the session declares String or Error on a struct type, opsh keeps a
// function of its own that calls it (compiled by the interpreter), by the
// type reflect sees, and the session's fmt functions show the elements of
// a slice, an array or a map's values by it, under the verbs that print
// through those methods.

// textMethods are the String and Error methods of the session's struct
// types, by the type of their receiver as reflect sees it. They are read
// by fmt in the cells' goroutines, and written as cells declare methods.
type textMethods struct {
	mu sync.RWMutex
	m  map[reflect.Type]textMethod
}

// textMethod calls a String or Error method.
type textMethod struct {
	name string // String or Error
	call reflect.Value
}

func (tm *textMethods) set(t reflect.Type, m textMethod) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if old, ok := tm.m[t]; ok && old.name == "Error" {
		return // fmt prefers Error
	}
	if tm.m == nil {
		tm.m = map[reflect.Type]textMethod{}
	}
	tm.m[t] = m
}

// of is the method fmt would print a value of type t by: its own, or, for
// a pointer, its element type's. (Two struct types of the session with the
// same fields are one type to reflect: textElems asks first whether t
// names one of them only.)
func (tm *textMethods) of(t reflect.Type) (textMethod, bool) {
	tm.mu.RLock()
	defer tm.mu.RUnlock()
	if m, ok := tm.m[t]; ok {
		return m, true
	}
	if t.Kind() == reflect.Pointer {
		m, ok := tm.m[t.Elem()]
		return m, ok
	}
	return textMethod{}, false
}

// textMethodsCall is a call that gives the String and Error methods f
// declares on struct types (its own or the session's) to textMethods, from
// inside the interpreter, which makes functions of them that compiled code
// can call; "" if f declares none.
func (e *Evaluator) textMethodsCall(f *ast.File) string {
	structs := map[string]bool{}
	for _, ts := range typeSpecs(f) {
		if _, ok := ts.Type.(*ast.StructType); ok && ts.TypeParams == nil {
			structs[ts.Name.Name] = true
		}
	}
	var names, calls []string
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
		if !ok || !structs[id.Name] && !strings.HasPrefix(e.typeDecls[id.Name], "struct") {
			continue
		}
		names = append(names, strconv.Quote(fd.Name.Name))
		calls = append(calls, fmt.Sprintf("func(v %s%s) string { return v.%s() }", star, id.Name, fd.Name.Name))
	}
	if len(calls) == 0 {
		return ""
	}
	return "_opshrt.TextMethods([]string{" + strings.Join(names, ", ") + "}, []interface{}{" + strings.Join(calls, ", ") + "}); "
}

// keep is _opshrt.TextMethods: each of calls calls the method
// of the same index in names on its argument.
func (tm *textMethods) keep(names []string, calls []any) {
	for i, c := range calls {
		v := reflect.ValueOf(c)
		if i < len(names) && v.Kind() == reflect.Func && v.Type().NumIn() == 1 {
			tm.set(v.Type().In(0), textMethod{name: names[i], call: v})
		}
	}
}

// byTextMethods returns, for the arguments of a fmt function, slices,
// arrays and maps whose elements have a String or Error method of the
// session's, with each element replaced by what the method says; verbs
// (nil for Print and Println, whose verb is %v) are formatVerbs' for
// format. a is returned as it is when no argument changes.
func (b *boxes) byTextMethods(format string, verbs []rune, at []int, a []any) []any {
	return replaceArgs(a, func(i int, x any) (any, bool) {
		if verbs != nil && (i >= len(verbs) || !printsText(format, verbs[i], at[i])) {
			return nil, false
		}
		v, ok := b.textElems(reflect.ValueOf(x))
		if !ok {
			return nil, false
		}
		return v.Interface(), true
	})
}

// printsText reports whether the verb at format[at] prints a value through
// its String or Error method: %v (but not %#v), %s, %q, %x, %X.
func printsText(format string, verb rune, at int) bool {
	switch verb {
	case 'v':
		start := strings.LastIndexByte(format[:at], '%')
		return start < 0 || !strings.ContainsRune(format[start:at], '#')
	case 's', 'q', 'x', 'X':
		return true
	}
	return false
}

// textElems is v, a slice or array ([]any of the texts) or a map (its
// values replaced by the texts), when its elements have a text method; a
// method that panics leaves v as it is.
func (b *boxes) textElems(v reflect.Value) (reflect.Value, bool) {
	if !v.IsValid() {
		return v, false
	}
	if k := v.Kind(); k != reflect.Slice && k != reflect.Array && k != reflect.Map || !b.oneType(v.Type().Elem()) {
		return v, false
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		m, ok := b.texts.of(v.Type().Elem())
		if !ok {
			return v, false
		}
		out := reflect.MakeSlice(reflect.TypeFor[[]any](), v.Len(), v.Len())
		for i := range v.Len() {
			s, ok := m.text(v.Index(i))
			if !ok {
				return v, false
			}
			out.Index(i).Set(reflect.ValueOf(s))
		}
		return out, true
	case reflect.Map:
		m, ok := b.texts.of(v.Type().Elem())
		if !ok {
			return v, false
		}
		out := reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), reflect.TypeFor[any]()), v.Len())
		for it := v.MapRange(); it.Next(); {
			s, ok := m.text(it.Value())
			if !ok {
				return v, false
			}
			out.SetMapIndex(it.Key(), reflect.ValueOf(s))
		}
		return out, true
	}
	return v, false
}

// oneType reports whether t (or, for a pointer, its element type) is one
// type of the session's that reflect does not share with another: its
// values are then the type's, whose method fmt may call.
func (b *boxes) oneType(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if b.typeName == nil {
		return false
	}
	_, ok := b.typeName(t)
	return ok
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
