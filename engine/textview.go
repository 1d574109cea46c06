package engine

import (
	"fmt"
	"go/ast"
	"io"
	"reflect"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// textView is what fmt should print for v, an argument of fmt's or a part
// of one, under a verb that prints through String and Error methods, when
// some of v is printed by a method of the session's (else false): the
// texts those methods give, in a value of the same shape that fmt prints
// as it would have printed v. typ is v's type as the source writes it, or
// nil: reflect's type then names the session's struct types, but not its
// other types (type State int is an int to it). depth is fmt's: 0 for an
// argument, more inside one.
func (b *boxes) textView(v reflect.Value, typ ast.Expr, depth int) (reflect.Value, bool) {
	if !v.IsValid() || !v.CanInterface() {
		return v, false
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		// an element of a []any, a value of a map[string]any, a field of
		// type any: its dynamic type is the one that counts
		v, typ = v.Elem(), nil
	}
	if inner, ok := yaegiWrappedValue(v); ok {
		// a value held by an interface of a package's (a fmt.Stringer):
		// printed by the method the session keeps for its type, Error
		// before String, which the wrapper, made for the interface's
		// methods, may lack, or call wrongly (a String promoted from an
		// embedded field)
		inner = unboxed(inner)
		if m, ok := b.methodFor(inner, nil); ok {
			if s, ok := m.text(inner); ok {
				return reflect.ValueOf(s), true
			}
		}
	}
	if isBox(v.Type()) {
		// yaegi's box of a value of the session's type with methods in an
		// any: the value's own, which reflect tells apart (structtags.go).
		inner := boxed(v)
		if !inner.IsValid() || inner.Type() == v.Type() {
			return v, false
		}
		if name := boxTypeName(v); name != "" && inner.Kind() != reflect.Struct {
			typ = ast.NewIdent(name) // type Level int: reflect's int, the box's Level
		}
		return b.textView(inner, typ, depth)
	}
	if f, ok := b.formatterFor(v, typ); ok {
		return reflect.ValueOf(f), true
	}
	if m, ok := b.methodFor(v, typ); ok {
		s, ok := m.text(v)
		if !ok {
			return v, false
		}
		return reflect.ValueOf(s), true
	}
	switch v.Kind() {
	case reflect.Pointer:
		// fmt follows a pointer to a struct, an array, a slice or a map
		// in an argument (&{…}, &[…], &map[…]), and prints the address
		// of one inside it.
		if depth > 0 || v.IsNil() {
			return v, false
		}
		if k := v.Elem().Kind(); k != reflect.Struct && k != reflect.Array && k != reflect.Slice && k != reflect.Map {
			return v, false
		}
		inner, ok := b.textView(v.Elem(), starElem(typ), depth)
		if !ok {
			return v, false
		}
		p := reflect.New(inner.Type())
		p.Elem().Set(inner)
		return p, true
	case reflect.Struct:
		return b.structView(v, typ, depth)
	case reflect.Slice, reflect.Array:
		elem := listElem(typ)
		if elem == nil && !b.mayShowText(v.Type().Elem()) {
			return v, false
		}
		var out reflect.Value
		for i := range v.Len() {
			w, ok := b.textView(v.Index(i), elem, depth+1)
			if !ok {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeSlice(reflect.TypeFor[[]any](), v.Len(), v.Len())
				for j := range v.Len() {
					out.Index(j).Set(v.Index(j))
				}
			}
			out.Index(i).Set(w)
		}
		return out, out.IsValid()
	case reflect.Map:
		if view, ok := b.keyedView(v, typ, depth); ok {
			return reflect.ValueOf(view), true
		}
		_, elem := mapTypes(typ)
		if elem == nil && !b.mayShowText(v.Type().Elem()) {
			return v, false
		}
		var out reflect.Value
		for it := v.MapRange(); it.Next(); {
			w, ok := b.textView(it.Value(), elem, depth+1)
			if !ok {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), reflect.TypeFor[any]()), v.Len())
				for it2 := v.MapRange(); it2.Next(); {
					out.SetMapIndex(it2.Key(), it2.Value())
				}
			}
			out.SetMapIndex(it.Key(), w)
		}
		return out, out.IsValid()
	}
	return v, false
}

// methodFor is the String or Error method of the session's that fmt calls
// on v, of the type typ (or, when typ is nil, of the struct type reflect
// shows): one declared on the pointer receiver only for a pointer, as in
// Go, where a value's method set lacks it.
func (b *boxes) methodFor(v reflect.Value, typ ast.Expr) (textMethod, bool) {
	return b.ownMethod(v, typ, b.texts.named)
}

// ownMethod is the method of the session's that lookup finds for the type
// of v, typ (or, when typ is nil, the struct type reflect shows), by the
// rules of methodFor.
func (b *boxes) ownMethod(v reflect.Value, typ ast.Expr, lookup func(typeName string) (textMethod, bool)) (textMethod, bool) {
	name, ptr := typeIdent(inMainless(typ))
	if inst, isPtr := instanceOf(typ); inst != nil {
		name, ptr = exprString(nil, inst), isPtr // Box[int] (instanceMethodsCall)
	}
	if typ == nil {
		t := v.Type()
		if ptr = t.Kind() == reflect.Pointer; ptr {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || b.typeName == nil {
			return textMethod{}, false
		}
		var named bool
		if name, named = b.typeName(t); named && b.typeKey(t) != "" {
			name = b.typeKey(t) // a redefined type's version
		}
	}
	if name == "" || ptr != (v.Kind() == reflect.Pointer) {
		return textMethod{}, false
	}
	m, ok := lookup(name)
	if !ok || m.ptr && !ptr {
		return textMethod{}, false
	}
	return m, true
}

// instanceOf is t, or the type t points to, where it is an instance of a
// generic type (Box[int]), and whether t is a pointer; nil otherwise.
func instanceOf(t ast.Expr) (ast.Expr, bool) {
	star, ptr := t.(*ast.StarExpr)
	if ptr {
		t = star.X
	}
	if _, args := typeArgs(t); len(args) > 0 {
		return t, ptr
	}
	return nil, false
}

// inMainless is the type t with a name of package main (main.Host, as
// Go's %T and %#v name the session's types) written as the session
// writes it (Host), else t.
func inMainless(t ast.Expr) ast.Expr {
	if star, ok := t.(*ast.StarExpr); ok {
		return &ast.StarExpr{X: inMainless(star.X)}
	}
	if sel, ok := t.(*ast.SelectorExpr); ok && isIdent(sel.X, "main") {
		return sel.Sel
	}
	return t
}

// structView is textView of a struct of the session's type: the same
// fields, those printed by methods holding the methods' texts. A struct
// whose embedded field has such a method has it too (Go promotes it), and
// is printed by it. typ is the struct's type as the source writes it, or
// nil.
func (b *boxes) structView(v reflect.Value, typ ast.Expr, depth int) (reflect.Value, bool) {
	t := v.Type()
	if b.fieldTypes == nil || b.typeName == nil {
		return v, false
	}
	var types []ast.Expr
	var embedded, hidden []bool
	var names []string
	if _, ok := b.typeName(t); ok {
		types, embedded = b.fieldTypes(t)
		names = b.fieldNames(t)
	} else if t.Name() == "" {
		// A struct type the session declared in a function, or a struct
		// literal's: its fields as reflect has them, of the types the
		// source writes where it writes the struct type out, else of their
		// values' own. yaegi writes an unexported x as Xx: such a name may
		// be one, whose value fmt calls no method on.
		types, embedded, names = writtenFields(typ)
		if types == nil {
			types, embedded, hidden = make([]ast.Expr, t.NumField()), make([]bool, t.NumField()), make([]bool, t.NumField())
			for i := range t.NumField() {
				name := t.Field(i).Name
				_, hidden[i] = yaegiUnexported(name)
				names = append(names, name)
			}
		}
	} else {
		return v, false
	}
	if len(types) != t.NumField() || len(names) != t.NumField() {
		return v, false
	}
	for i := range t.NumField() {
		if embedded[i] {
			if m, ok := b.methodFor(v.Field(i), types[i]); ok {
				if s, ok := m.text(v.Field(i)); ok {
					return reflect.ValueOf(s), true
				}
			}
		}
	}
	fields := make([]reflect.StructField, t.NumField())
	values := make([]reflect.Value, t.NumField())
	changed := false
	for i := range t.NumField() {
		values[i] = v.Field(i)
		fields[i] = reflect.StructField{Name: names[i]}
		if r, _ := utf8.DecodeRuneInString(names[i]); !unicode.IsUpper(r) || hidden != nil && hidden[i] {
			// fmt calls no method on what an unexported field holds, and
			// prints what a box of yaegi's holds.
			fields[i].PkgPath = "main"
			if inner, ok := heldByBox(values[i]); ok {
				values[i], changed = inner, true
			}
		} else if w, ok := b.textView(values[i], types[i], depth+1); ok {
			values[i], changed = w, true
		}
		fields[i].Type = values[i].Type()
	}
	if !changed {
		return v, false
	}
	view, _, ok := try(func() (reflect.Value, bool) { return reflect.New(reflect.StructOf(fields)).Elem(), true })
	if !ok {
		return v, false
	}
	for i, x := range values {
		f := view.Field(i)
		// An unexported field is set through its address.
		reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(x)
	}
	return view, true
}

// writtenFields are the types of the fields of typ, a struct type the
// source writes out (else nil), each with whether it is embedded, and
// their names.
func writtenFields(typ ast.Expr) (types []ast.Expr, embedded []bool, names []string) {
	st, ok := typ.(*ast.StructType)
	if !ok || st.Fields == nil {
		return nil, nil, nil
	}
	for _, f := range st.Fields.List {
		for range max(len(f.Names), 1) {
			embedded = append(embedded, len(f.Names) == 0)
		}
	}
	return fieldTypes(st.Fields), embedded, fieldNames(st)
}

// heldByBox is the value a box of yaegi's in the interface x holds.
func heldByBox(x reflect.Value) (reflect.Value, bool) {
	if x.Kind() != reflect.Interface || x.IsNil() || !isBox(x.Elem().Type()) {
		return x, false
	}
	inner := boxed(x.Elem())
	return inner, inner.IsValid()
}

// mayShowText reports whether values of t, whose declared type is not
// known, may hold values printed by the session's methods: a struct type
// of the session's, a pointer to one, or an interface.
func (b *boxes) mayShowText(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Interface {
		return true // it may hold one
	}
	if t.Kind() != reflect.Struct || b.typeName == nil {
		return false
	}
	_, ok := b.typeName(t)
	return ok
}

// keyedView is textView of the map v, of the declared type typ, whose keys
// fmt prints by a method of the session's (map[State]int): a mapView, in
// the order fmt gives the keys themselves.
func (b *boxes) keyedView(v reflect.Value, typ ast.Expr, depth int) (mapView, bool) {
	key, elem := mapTypes(typ)
	if v.Len() == 0 || key == nil && !b.mayShowText(v.Type().Key()) {
		return mapView{}, false
	}
	keys := sortedKeys(v)
	view := mapView{keys: make([]reflect.Value, len(keys)), values: make([]reflect.Value, len(keys))}
	changed := false
	for i, k := range keys {
		view.keys[i], view.values[i] = k, v.MapIndex(k)
		if w, ok := b.textView(k, key, depth+1); ok {
			view.keys[i], changed = w, true
		}
		if w, ok := b.textView(view.values[i], elem, depth+1); ok {
			view.values[i] = w
		}
	}
	return view, changed
}

// mapView prints a map as fmt does under %v (and %s, %q, %x, %X), with
// keys and values given, in order.
type mapView struct{ keys, values []reflect.Value }

func (m mapView) Format(f fmt.State, verb rune) {
	io.WriteString(f, "map[")
	for i := range m.keys {
		if i > 0 {
			io.WriteString(f, " ")
		}
		m.print(f, verb, m.keys[i])
		io.WriteString(f, ":")
		m.print(f, verb, m.values[i])
	}
	io.WriteString(f, "]")
}

// print prints x as fmt prints a map's key or value: a pointer to a struct
// by its address, as inside any value.
func (mapView) print(f fmt.State, verb rune, x reflect.Value) {
	if x.Kind() == reflect.Pointer && !x.IsNil() && x.Elem().Kind() == reflect.Struct && verb == 'v' {
		fmt.Fprintf(f, "%p", x.Interface())
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), x.Interface())
}

// typeIdent is the name typ (T or *T) gives, and whether it is a pointer.
func typeIdent(typ ast.Expr) (string, bool) {
	ptr := false
	if s, ok := typ.(*ast.StarExpr); ok {
		typ, ptr = s.X, true
	}
	if p, ok := typ.(*ast.ParenExpr); ok {
		return typeIdent(p.X)
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name, ptr
	}
	return "", false
}

// starElem is the element type of the pointer type typ, or nil.
func starElem(typ ast.Expr) ast.Expr {
	if s, ok := typ.(*ast.StarExpr); ok {
		return s.X
	}
	return nil
}

// listElem is the element type of the slice or array type typ, or nil.
func listElem(typ ast.Expr) ast.Expr {
	if a, ok := typ.(*ast.ArrayType); ok {
		return a.Elt
	}
	if e, ok := typ.(*ast.Ellipsis); ok {
		return e.Elt
	}
	return nil
}

// indexedType is the type of an element of a value of the type typ, a
// slice, an array or a map type (x[i] of it); nil for another type.
func indexedType(typ ast.Expr) ast.Expr {
	if _, value := mapTypes(typ); value != nil {
		return value
	}
	if a, ok := typ.(*ast.ArrayType); ok {
		return a.Elt
	}
	return nil
}

// mapTypes are the key and value types of the map type typ, or nil.
func mapTypes(typ ast.Expr) (key, value ast.Expr) {
	if m, ok := typ.(*ast.MapType); ok {
		return m.Key, m.Value
	}
	return nil, nil
}

// displayField is what the display shows of field i of v, a struct of the
// session's, when its declared type has a String or Error method of the
// session's, or holds values that do (a []Port): what the methods say,
// in a container of the declared type; false for a field shown as it is.
func (b *boxes) displayField(v reflect.Value, i int) (reflect.Value, bool) {
	if b.fieldTypes == nil {
		return v, false
	}
	types, _ := b.fieldTypes(v.Type())
	if i >= len(types) || !v.Field(i).CanInterface() {
		return v, false
	}
	return b.displayValue(v.Field(i), types[i])
}

// displayValue is displayField of v, of the declared type typ.
func (b *boxes) displayValue(v reflect.Value, typ ast.Expr) (reflect.Value, bool) {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return v, false // shown as nil
	}
	if m, ok := b.methodFor(v, typ); ok && showsItsString(v.Type(), b.fieldNames) {
		s, ok := m.text(v)
		if !ok {
			return v, false
		}
		return reflect.ValueOf(methodText(fmt.Sprint(s))), true
	}
	var elemType ast.Expr
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		elemType = listElem(typ)
	case reflect.Map:
		_, elemType = mapTypes(typ)
	}
	if elemType == nil || v.Kind() != reflect.Array && v.IsNil() {
		return v, false
	}
	view := typedView{typ: exprString(nil, typ), value: v}
	// An empty one is shown by its declared type too.
	changed := v.Len() == 0 && len(typeNamesIn(elemType, b.texts.has)) > 0
	show := func(x reflect.Value) reflect.Value {
		if w, ok := b.displayValue(x, elemType); ok {
			changed = true
			return w
		}
		return x
	}
	if v.Kind() == reflect.Map {
		for it := v.MapRange(); it.Next(); {
			view.keys = append(view.keys, it.Key())
			view.sortKeys = append(view.sortKeys, it.Key())
			view.elems = append(view.elems, show(it.Value()))
		}
	} else {
		for i := range v.Len() {
			view.elems = append(view.elems, show(v.Index(i)))
		}
	}
	if !changed {
		return v, false
	}
	return reflect.ValueOf(view), true
}

// sharpView prints v under %#v as Go does, where fmt would write the
// session's struct types in its elements, keys or values as reflect knows
// them (struct { Name string }): []main.Host{main.Host{Name:"a"}}. typ is
// the name %T gives v's own type, if the source showed it ("" to write
// reflect's, with the session's struct types named).
type sharpView struct {
	b   *boxes
	v   reflect.Value
	typ string
}

// sharpContainer is a sharpView of x, a slice, an array or a map (or a
// pointer to a struct) that holds the session's struct types; false for
// any other value.
func (b *boxes) sharpContainer(x reflect.Value, typ string) (sharpView, bool) {
	if !x.IsValid() || typ == "" && !b.namesSessionStruct(x.Type(), 0) {
		return sharpView{}, false
	}
	switch x.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return sharpView{b, x, typ}, true
	}
	return sharpView{}, false
}

// sharpNamed is a sharpView of x, a slice, an array or a map of the
// declared type decl (as Go names it), when decl names one of the
// session's types, which reflect knows as their underlying types
// (main.Tags is a []string to it); false for any other value.
func (b *boxes) sharpNamed(x reflect.Value, decl ast.Expr) (sharpView, bool) {
	if decl == nil || !namesMain(decl) {
		return sharpView{}, false
	}
	return b.sharpContainer(x, userTypeNames(exprString(nil, decl)))
}

// namesMain reports whether the type t, as Go names it, names a type of
// package main (main.Tags, []main.Tags).
func namesMain(t ast.Expr) bool {
	found := false
	ast.Inspect(t, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "main" {
				found = true
			}
			return false
		}
		return !found
	})
	return found
}

// namesSessionStruct reports whether t is or holds one of the session's
// struct types, which reflect does not name.
func (b *boxes) namesSessionStruct(t reflect.Type, depth int) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return depth < 4 && b.namesSessionStruct(t.Elem(), depth+1)
	case reflect.Map:
		return depth < 4 && (b.namesSessionStruct(t.Key(), depth+1) || b.namesSessionStruct(t.Elem(), depth+1))
	case reflect.Struct:
		if b.typeName == nil {
			return false
		}
		_, ok := b.typeName(t)
		return ok
	}
	return false
}

func (s sharpView) Format(f fmt.State, _ rune) {
	typ := s.typ
	if typ == "" {
		typ = s.b.goTypeString(s.v.Type())
	}
	if s.v.Kind() != reflect.Array && s.v.IsNil() {
		fmt.Fprintf(f, "%s(nil)", typ)
		return
	}
	io.WriteString(f, typ+"{")
	// the types of the elements, keys and values, as Go names them, when
	// s.typ gives them
	var decl ast.Expr
	if s.typ != "" {
		decl = parsedType(s.typ)
	}
	key, value := mapTypes(decl)
	switch s.v.Kind() {
	case reflect.Map:
		for i, k := range sortedKeys(s.v) {
			if i > 0 {
				io.WriteString(f, ", ")
			}
			s.elem(f, k, key)
			io.WriteString(f, ":")
			s.elem(f, s.v.MapIndex(k), value)
		}
	default:
		for i := range s.v.Len() {
			if i > 0 {
				io.WriteString(f, ", ")
			}
			s.elem(f, s.v.Index(i), listElem(decl))
		}
	}
	io.WriteString(f, "}")
}

// elem writes x, an element, key or value, as %#v does inside a value;
// decl is its type as Go names it, if known.
func (s sharpView) elem(f fmt.State, x reflect.Value, decl ast.Expr) {
	if !x.CanInterface() {
		return
	}
	if isBox(x.Type()) {
		// an element of an interface of the session's: what it holds
		inner := s.b.openedBox(x, func(any) any { return nil }, 0)
		if inner == nil {
			typ := s.b.goTypeString(x.Type())
			if decl != nil {
				typ = exprString(nil, decl)
			}
			fmt.Fprintf(f, "%s(nil)", typ)
			return
		}
		x, decl = reflect.ValueOf(inner), nil
	}
	if v, ok := s.b.goStringFor(x, decl); ok {
		fmt.Fprintf(f, "%#v", v)
		return
	}
	if v, ok := s.b.sharpNamed(x, decl); ok {
		v.Format(f, 'v')
		return
	}
	switch {
	case x.Kind() == reflect.Pointer && s.b.namesSessionStruct(x.Type(), 0):
		if x.IsNil() {
			fmt.Fprintf(f, "(%s)(nil)", s.b.goTypeString(x.Type()))
		} else {
			fmt.Fprintf(f, "(%s)(%p)", s.b.goTypeString(x.Type()), x.Interface())
		}
	case x.Kind() == reflect.Struct && s.b.renamedFields(x):
		fmt.Fprintf(f, "%#v", fieldsFormatter{s.b, x})
	default:
		if v, ok := s.b.sharpContainer(x, ""); ok {
			v.Format(f, 'v')
			return
		}
		fmt.Fprintf(f, "%#v", x.Interface())
	}
}
