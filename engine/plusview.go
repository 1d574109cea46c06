package engine

import (
	"fmt"
	"io"
	"reflect"
)

// Under %+v fmt names the fields of the structs in a slice, an array or a
// map, and yaegi's structs name an unexported field x Xx: []pair{{"b",
// 2}} printed [{Xk:b Xv:2}] where Go prints [{k:b v:2}]. A struct
// argument itself is printed by fieldsFormatter (namedFields); plusArgs
// hands fmt, for each container argument under %+v that holds such
// structs, a plusView of it, which prints it as fmt does with those
// structs printed so.

// plusArgs replaces each argument under %+v that is a slice, an array or
// a map holding structs with renamed fields by its plusView, and each
// struct with a field that does by its fieldsFormatter.
func (b *boxes) plusArgs(format string, verbs []rune, at []int, a []any) []any {
	return replaceArgs(a, func(i int, x any) (any, bool) {
		if i >= len(verbs) || !flaggedV(format, verbs[i], at[i], '+') {
			return nil, false
		}
		v := reflect.ValueOf(x)
		switch {
		case b.holdsRenamed(v, 0):
			return plusView{b, v}, true
		case b.fieldHoldsRenamed(v):
			return fieldsFormatter{b, v}, true
		}
		return nil, false
	})
}

// fieldHoldsRenamed reports whether v is a struct, or a pointer to one,
// with a field that holdsRenamed or is a struct with renamed fields.
func (b *boxes) fieldHoldsRenamed(v reflect.Value) bool {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	for i := range v.NumField() {
		f := v.Field(i)
		if b.holdsRenamed(f, 0) || f.Kind() == reflect.Struct && b.renamedFields(f) {
			return true
		}
	}
	return false
}

// holdsRenamed reports whether v, a slice, an array or a map (or an any
// holding one), holds, as elements, values or keys, structs whose fields
// yaegi renamed, or containers that do.
func (b *boxes) holdsRenamed(v reflect.Value, depth int) bool {
	if !v.IsValid() || depth > maxOpenDepth {
		return false
	}
	if v.Kind() == reflect.Interface {
		return !v.IsNil() && b.holdsRenamed(v.Elem(), depth)
	}
	renamed := func(x reflect.Value) bool {
		for x.Kind() == reflect.Interface && !x.IsNil() {
			x = x.Elem()
		}
		return x.Kind() == reflect.Struct && b.renamedFields(x) || b.holdsRenamed(x, depth+1)
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if renamed(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if renamed(it.Key()) || renamed(it.Value()) {
				return true
			}
		}
	}
	return false
}

// plusView prints a slice, an array or a map as %+v does.
type plusView struct {
	b *boxes
	v reflect.Value
}

func (p plusView) Format(f fmt.State, _ rune) {
	v := p.v
	for v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Kind() == reflect.Map {
		io.WriteString(f, "map[")
		for i, k := range sortedKeys(v) {
			if i > 0 {
				io.WriteString(f, " ")
			}
			p.elem(f, k)
			io.WriteString(f, ":")
			p.elem(f, v.MapIndex(k))
		}
		io.WriteString(f, "]")
		return
	}
	io.WriteString(f, "[")
	for i := range v.Len() {
		if i > 0 {
			io.WriteString(f, " ")
		}
		p.elem(f, v.Index(i))
	}
	io.WriteString(f, "]")
}

// elem writes x, an element, a key or a value, as %+v does inside a
// value: a pointer as its address.
func (p plusView) elem(f fmt.State, x reflect.Value) {
	for x.Kind() == reflect.Interface && !x.IsNil() {
		x = x.Elem()
	}
	switch {
	case !x.CanInterface():
	case x.Kind() == reflect.Struct && p.b.renamedFields(x):
		fmt.Fprintf(f, "%+v", fieldsFormatter{p.b, x})
	case p.b.holdsRenamed(x, 0):
		plusView{p.b, x}.Format(f, 'v')
	case x.Kind() == reflect.Pointer && !x.IsNil() && !hasFmtMethod(x.Type()):
		fmt.Fprintf(f, "%p", x.Interface())
	default:
		fmt.Fprintf(f, "%+v", x.Interface())
	}
}
