package engine

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	goruntime "github.com/opsh/opsh/engine/internal/runtime"
	"github.com/traefik/yaegi/interp"
)

// yaegi keeps a value of a session type that has methods, once it is stored
// in an empty interface, in a struct of its own (interp.valueInterface) that
// pairs the value with the interpreter's idea of its type. Handed straight
// to a function of the standard library such a value is unwrapped, but as
// an element of a []any or a value of a map[string]any it is not: fmt
// printed the struct ("{0xc000… {…}}") and encoding/json wrote {} where Go
// calls the type's String, Error or MarshalJSON. The session's fmt, json
// and display therefore open these boxes first, into what the consumer
// looks for: the interface it would find on the value, or else the value
// itself.

// boxes opens yaegi's boxes. Its functions are interpreted ones (type
// assertions, which know the session's methods), the prelude's
// methodHelpers.
type boxes struct {
	asError     func(any) error
	asStringer  func(any) fmt.Stringer
	asMarshaler func(any) json.Marshaler
	asText      func(any) encoding.TextMarshaler
	// fieldNames and typeName are the Evaluator's: the names the user
	// gave a struct's fields and the struct type (see renamedFields).
	fieldNames func(reflect.Type) []string
	typeName   func(reflect.Type) (string, bool)
	// typeKey is the name the session declares a struct type by (the
	// version of a redefined one), which texts knows its methods by.
	typeKey func(reflect.Type) string
	// fieldTypes is the Evaluator's too: a struct's field types as its
	// declaration writes them, and which fields are embedded.
	fieldTypes func(reflect.Type) ([]ast.Expr, []bool)
	// texts are the String and Error methods of the session's struct
	// types (textmethods.go).
	texts textMethods
}

// heldBox is _opshrt.HeldBox's: the box of a value of an interface of the
// session's, the one element of a []any, handed to fmt's functions, which
// open it (unforwarded). yaegi passes a value of it as it is.
type heldBox struct{ box any }

// holdBox is _opshrt.HeldBox.
func holdBox(vs []any) any {
	if len(vs) != 1 {
		return nil
	}
	return heldBox{vs[0]}
}

// fetch takes the prelude's assertions (methodHelpers) from in. Until
// then the boxes stay shut: a session without methods has none.
func (b *boxes) fetch(in *interp.Interpreter) error {
	for name, f := range map[string]any{
		"_opshAsError": &b.asError, "_opshAsStringer": &b.asStringer,
		"_opshAsMarshaler": &b.asMarshaler, "_opshAsText": &b.asText,
	} {
		v, err := in.Eval(name)
		if err != nil {
			return err
		}
		dst := reflect.ValueOf(f).Elem()
		if !v.Type().ConvertibleTo(dst.Type()) {
			return fmt.Errorf("%s is a %s, not a %s", name, v.Type(), dst.Type())
		}
		dst.Set(v.Convert(dst.Type()))
	}
	return nil
}

// fieldTypesOf is fieldTypes of t, nil before the session gives it.
func (b *boxes) fieldTypesOf(t reflect.Type) ([]ast.Expr, []bool) {
	if b.fieldTypes == nil {
		return nil, nil
	}
	return b.fieldTypes(t)
}

// isBox reports whether t is yaegi's box.
func isBox(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.Name() == "valueInterface" && t.PkgPath() == "github.com/traefik/yaegi/interp"
}

// boxed returns the value a box holds (invalid if it holds none).
func boxed(box reflect.Value) reflect.Value {
	f, ok := box.Type().FieldByName("value")
	if !ok || f.Type != reflect.TypeFor[reflect.Value]() {
		return reflect.Value{}
	}
	c := reflect.New(box.Type()).Elem()
	c.Set(box)
	// The field is unexported: read it through its address.
	v := *(*reflect.Value)(unsafe.Pointer(c.Field(f.Index[0]).UnsafeAddr()))
	if v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	return v
}

// unboxed is the value in x if x is a box, else x.
func unboxed(x reflect.Value) reflect.Value {
	if x.IsValid() && isBox(x.Type()) {
		return boxed(x)
	}
	return x
}

// fmtFace is what fmt should print for a boxed value, in fmt's order: its
// Error, else its String, called once here (yaegi's assertions can hand
// back a wrapper whose method panics: the value is then printed as it is);
// nil when it has neither.
func (b *boxes) fmtFace(x any) any {
	if b.asError == nil || b.asStringer == nil {
		return nil
	}
	if msg, e, ok := try(func() (string, error) {
		e := b.asError(x)
		if e == nil {
			return "", nil
		}
		return e.Error(), e
	}); ok && e != nil {
		return openedError{msg, e}
	}
	if s, ok, _ := try(func() (string, bool) {
		s := b.asStringer(x)
		if s == nil {
			return "", false
		}
		return s.String(), true
	}); ok {
		return openedString{s}
	}
	// The assertions miss some (a *Circle whose String is the pointer's,
	// the second element of a []Shape): then the method the session keeps
	// for the type of the box's value says it.
	if box := reflect.ValueOf(x); box.IsValid() && isBox(box.Type()) {
		if inner := boxed(box); inner.IsValid() && inner.CanInterface() {
			if m, ok := b.methodFor(inner, nil); ok {
				if w, ok := m.text(inner); ok {
					return w
				}
			}
		}
	}
	return nil
}

// text is what fmt prints for the value in box, when it has an Error or a
// String method.
func (b *boxes) text(box reflect.Value) (string, bool) {
	switch f := b.fmtFace(box.Interface()).(type) {
	case openedError:
		return f.msg, true
	case openedString:
		return f.s, true
	}
	return "", false
}

// boxTypeName is the session's name for the type of the value in box
// ("Level"), read from the interpreter's description of it; "" if it has
// none.
func boxTypeName(box reflect.Value) string {
	return itypeName(boxIType(box))
}

// boxIType is the interpreter's description of the type of the value in
// box (a *interp.itype), invalid if it has none.
func boxIType(box reflect.Value) reflect.Value {
	node := box.FieldByName("node")
	if !node.IsValid() || node.Kind() != reflect.Pointer || node.IsNil() {
		return reflect.Value{}
	}
	typ := node.Elem().FieldByName("typ")
	if !typ.IsValid() || typ.Kind() != reflect.Pointer || typ.IsNil() {
		return reflect.Value{}
	}
	return typ
}

// itypeField is the field name of typ, an *interp.itype, invalid if typ is
// nil or has no such field.
func itypeField(typ reflect.Value, name string) reflect.Value {
	if !typ.IsValid() || typ.Kind() != reflect.Pointer || typ.IsNil() {
		return reflect.Value{}
	}
	return typ.Elem().FieldByName(name)
}

// itypeName is the name of the defined type typ describes, "" if none.
func itypeName(typ reflect.Value) string {
	name := itypeField(typ, "name")
	if !name.IsValid() || name.Kind() != reflect.String {
		return ""
	}
	return name.String()
}

// boxedType is _opshrt.BoxedType: the session's type of the value in the
// box that is the one element of vs, written as the source would ("Token",
// "*User"); "" for another value (a string is no Token). yaegi keeps a
// value in a box only as an element of a []any, which reaches compiled code
// as it is.
func boxedType(vs []any) string {
	if len(vs) != 1 || vs[0] == nil {
		return ""
	}
	box := reflect.ValueOf(vs[0])
	if !isBox(box.Type()) {
		return ""
	}
	return boxTypeRef(box)
}

// boxName is _opshrt.BoxName: boxedType, but "?" for a box of a type of
// no name of the session's (a 5 made an any), "" for a wrapper of
// yaegi's that holds a value of the session's (an error's), which only
// reflect's type tells (concrete), and "-" for another value, a string
// or a 5 compiled code gave, which is none of the session's.
func boxName(vs []any) string {
	if len(vs) != 1 || vs[0] == nil {
		return "-"
	}
	if isBox(reflect.TypeOf(vs[0])) {
		if name := boxTypeRef(reflect.ValueOf(vs[0])); name != "" {
			return name
		}
		return "?"
	}
	_, self := vs[0].(interface{ self() any })
	if _, wrapped := yaegiWrappedValue(reflect.ValueOf(vs[0])); self || wrapped {
		return ""
	}
	return "-"
}

// notType is _opshrt.NotType: Go's error for an assertion of an any to
// the type want that failed, the any holding a box of the session's type
// named box (boxName), or a value whose type %T writes as have.
func notType(box, have, want string) error {
	switch box {
	case "", "?", "-":
		if have == "<nil>" {
			have = "nil"
		}
	default:
		have = strings.Replace("main."+box, "main.*", "*main.", 1)
	}
	return goruntime.NewTypeAssertionError("interface conversion: interface {} is " + have + ", not " + want)
}

// boxTypeRef is the session's type of the value in box as the source
// writes it ("Token", "*User"); "" for a type of no name.
func boxTypeRef(box reflect.Value) string {
	typ := boxIType(box)
	if name := itypeName(typ); name != "" {
		return name
	}
	// a pointer: the type it points to is the one named
	if v := boxed(box); v.IsValid() && v.Kind() == reflect.Pointer {
		if name := itypeName(itypeField(typ, "val")); name != "" {
			return "*" + name
		}
	}
	return ""
}

// withMethods returns, for a value v of the expression src (a variable,
// mostly), that reflect sees as a plain kind (type Level int is an int to it)
// and that has a String or Error method in the session, yaegi's box of it:
// the display opens the box into what the method says, as it shows a
// compiled value (time.Duration as 1s), and names its type. Other values
// come back as they are.
func (e *Evaluator) withMethods(src string, v reflect.Value) reflect.Value {
	if held, ok := unforward(v); ok {
		return held
	}
	if e.boxes.asStringer == nil || !v.IsValid() || v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface ||
		v.Type().PkgPath() != "" || !showsItsString(v.Type(), e.FieldNames) {
		return v
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return e.containerView(src, v)
	}
	// yaegi boxes the value as an element of a []any (as any(x) it does
	// not).
	s, err := e.quietEval("[]any{" + src + "}")
	if err != nil || !s.IsValid() || s.Kind() != reflect.Slice || s.Len() != 1 {
		return v
	}
	b := s.Index(0)
	if b.Kind() == reflect.Interface && !b.IsNil() {
		b = b.Elem()
	}
	if !isBox(b.Type()) {
		return v
	}
	if _, ok := e.boxes.text(b); !ok {
		return v
	}
	return b
}

// typedView shows a slice, array or map whose elements (or keys) are of a
// session type with a String or Error method ([]Level, map[string]Status),
// which reflect sees as []int: as Go's fmt would, by the elements' methods,
// under the type's name. elems (and keys, for a map) are what to show of
// each: methodText where the method says it, else the value.
type typedView struct {
	typ         string
	elems, keys []reflect.Value
	// sortKeys are a map's keys as values, which order its entries.
	sortKeys []reflect.Value
	value    reflect.Value // the container
}

var typedViewType = reflect.TypeFor[typedView]()

// methodText is what a value's String or Error method said, shown as it is.
type methodText string

func (m methodText) Display() string { return string(m) }

// viewVar is the prelude's variable containerView fills.
const viewVar = "_opshView"

// containerView returns a typedView of v, the value of the expression src
// (a variable), when its elements or keys are of a session type with a
// String or Error method; v otherwise. The interpreter first copies them
// into an []any, whose boxes name their type; then calls the method on each.
func (e *Evaluator) containerView(src string, v reflect.Value) reflect.Value {
	t := v.Type()
	if !e.plainMethodTypes() || v.Len() == 0 || !plainKind(t.Elem()) && (t.Kind() != reflect.Map || !plainKind(t.Key())) {
		return v
	}
	isMap := t.Kind() == reflect.Map
	first := e.viewOf(src, isMap, "k", "e")
	if len(first) < 1 || isMap && len(first) < 2 {
		return v
	}
	elemName, elemMethod := e.shownBy(first[len(first)-1])
	keyName, keyMethod := "", ""
	if isMap {
		keyName, keyMethod = e.shownBy(first[0])
	}
	if elemMethod == "" && keyMethod == "" {
		return v
	}
	call := func(x, method string) string {
		if method == "" {
			return x
		}
		return x + "." + method + "()"
	}
	key := call("k", keyMethod)
	if isMap {
		// The key as a value of its kind too, to sort by (a box of k
		// would see only the last key: it holds the loop's variable).
		sortKey := "k"
		if keyMethod != "" && t.Key().Kind() <= reflect.Complex128 || t.Key().Kind() == reflect.String {
			sortKey = t.Key().String() + "(k)"
		}
		key = sortKey + ", " + key
	}
	all := e.viewOf(src, isMap, key, call("e", elemMethod))
	if len(all) != len(first)/2*3 && isMap || len(all) != len(first) && !isMap {
		return v
	}
	view := typedView{value: v}
	text := func(x reflect.Value, method string) reflect.Value {
		if method != "" && x.Kind() == reflect.String {
			return reflect.ValueOf(methodText(x.String()))
		}
		return x
	}
	step := 1
	if isMap {
		step = 3
	}
	for i := 0; i+step <= len(all); i += step {
		if isMap {
			view.sortKeys = append(view.sortKeys, unboxed(all[i]))
			view.keys = append(view.keys, text(all[i+1], keyMethod))
		}
		view.elems = append(view.elems, text(all[i+step-1], elemMethod))
	}
	if elemName == "" {
		elemName = e.TypeString(t.Elem())
	}
	switch t.Kind() {
	case reflect.Slice:
		view.typ = "[]" + elemName
	case reflect.Array:
		view.typ = fmt.Sprintf("[%d]%s", t.Len(), elemName)
	case reflect.Map:
		if keyName == "" {
			keyName = e.TypeString(t.Key())
		}
		view.typ = "map[" + keyName + "]" + elemName
	}
	return reflect.ValueOf(view)
}

// viewOf has the interpreter list, for the container src, key and elem
// (expressions of k and e, its keys and elements) for each entry of a
// map, elem for each element of another container, in an []any.
// (Stored in a variable: yaegi's value of a call at the top level is not
// always the result.)
func (e *Evaluator) viewOf(src string, isMap bool, key, elem string) []reflect.Value {
	each := "for _, e := range " + src + " { r = append(r, " + elem + ") }"
	if isMap {
		each = "for k, e := range " + src + " { r = append(r, " + key + ", " + elem + ") }"
	}
	defer e.quietEval(viewVar + " = nil")
	if _, err := e.quietEval(viewVar + " = func() []any { var r []any; " + each + "; return r }()"); err != nil {
		return nil
	}
	s, err := e.quietEval(viewVar)
	if err != nil || !s.IsValid() || s.Kind() != reflect.Slice {
		return nil
	}
	var all []reflect.Value
	for i := range s.Len() {
		x := s.Index(i)
		if x.Kind() == reflect.Interface && !x.IsNil() {
			x = x.Elem()
		}
		all = append(all, x)
	}
	return all
}

// shownBy names the session type of x, a box, and its method fmt would
// show it by: Error, else String; "" when it has neither, or x is no box.
func (e *Evaluator) shownBy(x reflect.Value) (typeName, method string) {
	if !x.IsValid() || !isBox(x.Type()) {
		return "", ""
	}
	name := boxTypeName(x)
	for _, m := range []string{"Error", "String"} {
		if e.methodDecls[name+"."+m] != "" {
			return name, m
		}
	}
	return name, ""
}

// plainKind reports whether reflect may see a session type with methods as
// t: a type of a plain kind, as yaegi makes type Level int an int.
func plainKind(t reflect.Type) bool {
	return t.PkgPath() == "" && t.Kind() != reflect.Struct && t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface
}

// plainMethodTypes reports whether the session declared a type that is
// no struct with a String or Error method, the types reflect cannot tell.
func (e *Evaluator) plainMethodTypes() bool {
	for name, def := range e.typeDecls {
		if strings.HasPrefix(def, "struct") || strings.HasPrefix(def, "interface") {
			continue
		}
		if e.methodDecls[name+".String"] != "" || e.methodDecls[name+".Error"] != "" {
			return true
		}
	}
	return false
}

// try calls f, reporting false if it panicked.
func try[A, B any](f func() (A, B)) (a A, b B, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	a, b = f()
	return a, b, true
}

// openedError is a boxed error as fmt prints it; errors.Unwrap and As
// find the session's error behind it.
type openedError struct {
	msg string
	err error
}

func (e openedError) Error() string { return e.msg }
func (e openedError) Unwrap() error { return e.err }

// openedString is a boxed fmt.Stringer as fmt prints it. It is a struct:
// fmt.Sprint puts spaces between operands that are not strings, as it
// does between the values the texts stand for.
type openedString struct{ s string }

func (s openedString) String() string { return s.s }

// stringText is what the String method of a type of the session's
// defined as a string says (type Name string): fmt.Sprint puts no spaces
// around it, as around any string.
type stringText string

func (s stringText) String() string { return string(s) }

// forFmtArgs opens the boxes in fmt's arguments into the error or
// fmt.Stringer the value is, else the value, and wraps a struct with
// renamed fields (namedFields); a is returned as it is when no argument
// changes.
func (b *boxes) forFmtArgs(a []any) []any {
	return replaceArgs(a, func(_ int, v any) (any, bool) {
		if w, ok := b.open(v, b.fmtFace); ok {
			if emptyBox(reflect.ValueOf(w)) {
				return nil, true // a nil interface value of the session's
			}
			if named, ok := b.namedFields(w); ok {
				return named, true // a struct of the session's the box held
			}
			return w, true
		}
		return b.namedFields(v)
	})
}

// forJSON opens a box for encoding/json: into what its MarshalJSON, else
// its MarshalText, gives (called once here, as fmtFace does), else into
// the value.
func (b *boxes) forJSON(box reflect.Value) reflect.Value {
	if m, ok := b.marshalerOf(box); ok {
		return reflect.ValueOf(m)
	}
	x := box.Interface()
	if b.asMarshaler == nil {
		return boxed(box)
	}
	if out, err, ok := marshalOnce(func() func() ([]byte, error) {
		if m := b.asMarshaler(x); m != nil {
			return m.MarshalJSON
		}
		return nil
	}); ok {
		return reflect.ValueOf(openedJSON{out, err})
	}
	if out, err, ok := marshalOnce(func() func() ([]byte, error) {
		if t := b.asText(x); t != nil {
			return t.MarshalText
		}
		return nil
	}); ok {
		return reflect.ValueOf(openedText{out, err})
	}
	return boxed(box)
}

// marshalerOf is the value in box as json writes it by the MarshalJSON
// or MarshalText method of its type (textMethods), when the type the box
// names has one for the value (the pointer receiver's for a pointer only).
// The prelude's assertions miss a pointer's methods.
func (b *boxes) marshalerOf(box reflect.Value) (marshaled, bool) {
	ref := boxTypeRef(box)
	name, ptr := strings.TrimPrefix(ref, "*"), strings.HasPrefix(ref, "*")
	if name == "" {
		return marshaled{}, false
	}
	v := boxed(box)
	if !v.IsValid() || ptr != (v.Kind() == reflect.Pointer) || ptr && v.IsNil() {
		return marshaled{}, false
	}
	return b.texts.marshaler(name, v)
}

// marshalOnce calls the method get finds; false when it finds none or
// either panics.
func marshalOnce(get func() func() ([]byte, error)) ([]byte, error, bool) {
	out, err, ok := try(func() ([]byte, error) {
		if m := get(); m != nil {
			return m()
		}
		return nil, errNoFace
	})
	return out, err, ok && err != errNoFace
}

// errNoFace says a boxed value lacks the method looked for.
var errNoFace = errors.New("no such method")

// openedJSON and openedText are what a boxed value's MarshalJSON or
// MarshalText gave.
type (
	openedJSON struct {
		b   []byte
		err error
	}
	openedText struct {
		b   []byte
		err error
	}
)

func (o openedJSON) MarshalJSON() ([]byte, error) { return o.b, o.err }
func (o openedText) MarshalText() ([]byte, error) { return o.b, o.err }

// maxOpenDepth bounds how deep open looks into nested containers.
const maxOpenDepth = 8

// open returns v with its boxes replaced by what as makes of the box's
// interface value, or by the boxed value when as gives nil, at the top and
// inside slices, arrays and maps of interfaces; false when v holds no box.
// Containers are copied only when one of their elements changes.
func (b *boxes) open(v any, as func(any) any) (any, bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return v, false
	}
	if w, ok := b.openValue(rv, as, 0); ok {
		return w.Interface(), true
	}
	return v, false
}

// openValue is open of one value; false when nothing changed.
func (b *boxes) openValue(v reflect.Value, as func(any) any, depth int) (reflect.Value, bool) {
	if depth > maxOpenDepth {
		return v, false
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		if w, ok := b.openValue(v.Elem(), as, depth); ok {
			return w, true
		}
	case reflect.Struct:
		if !isBox(v.Type()) || !v.CanInterface() {
			return v, false
		}
		if w := as(v.Interface()); w != nil {
			return reflect.ValueOf(w), true
		}
		inner := boxed(v)
		if !inner.IsValid() {
			return reflect.ValueOf((*struct{})(nil)), true // prints <nil>
		}
		if w, ok := b.openValue(inner, as, depth+1); ok {
			return w, true
		}
		return inner, true
	case reflect.Slice, reflect.Array:
		if holdsBoxes(v.Type().Elem()) && (v.Kind() == reflect.Array || !v.IsNil()) {
			// structs with fields of an interface of the session's
			out := make([]any, v.Len())
			for i := range out {
				out[i] = fieldsFormatter{b, v.Index(i)}
			}
			return reflect.ValueOf(out), true
		}
		if (isBox(v.Type().Elem()) || boxesInside(v.Type().Elem())) && (v.Kind() == reflect.Array || !v.IsNil()) {
			// a slice of an interface of the session's ([]Shape), or of
			// such slices: yaegi's boxes themselves, given to fmt as the
			// []any they stand for
			out := make([]any, v.Len())
			for i := range out {
				out[i] = b.openedBox(v.Index(i), as, depth)
			}
			return reflect.ValueOf(out), true
		}
		if v.Type().Elem().Kind() != reflect.Interface || (v.Kind() == reflect.Slice && v.IsNil()) {
			return v, false
		}
		var out reflect.Value
		for i := 0; i < v.Len(); i++ {
			w, ok := b.openValue(v.Index(i), as, depth+1)
			if !ok || !w.Type().AssignableTo(v.Type().Elem()) {
				continue
			}
			if !out.IsValid() {
				out = copyList(v)
			}
			out.Index(i).Set(w)
		}
		if out.IsValid() {
			return out, true
		}
	case reflect.Map:
		if !v.IsNil() && (isBox(v.Type().Elem()) || boxesInside(v.Type().Elem()) || holdsBoxes(v.Type().Elem())) && !isBox(v.Type().Key()) {
			out := reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), reflect.TypeFor[any]()), v.Len())
			for it := v.MapRange(); it.Next(); {
				x := reflect.ValueOf(b.openedBox(it.Value(), as, depth))
				if holdsBoxes(v.Type().Elem()) {
					x = reflect.ValueOf(fieldsFormatter{b, it.Value()})
				}
				if !x.IsValid() {
					x = reflect.Zero(reflect.TypeFor[any]())
				}
				out.SetMapIndex(it.Key(), x)
			}
			return out, true
		}
		if v.IsNil() || v.Type().Elem().Kind() != reflect.Interface {
			return v, false
		}
		var out reflect.Value
		for it := v.MapRange(); it.Next(); {
			w, ok := b.openValue(it.Value(), as, depth+1)
			if !ok || !w.Type().AssignableTo(v.Type().Elem()) {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeMapWithSize(v.Type(), v.Len())
				for it2 := v.MapRange(); it2.Next(); {
					out.SetMapIndex(it2.Key(), it2.Value())
				}
			}
			out.SetMapIndex(it.Key(), w)
		}
		if out.IsValid() {
			return out, true
		}
	}
	return v, false
}

// namedElems is x, a []any or a map of any that open made, with each
// struct of the session's with renamed fields (namedFields) wrapped, for
// %+v.
func (b *boxes) namedElems(x any) any {
	switch v := x.(type) {
	case []any:
		for i, e := range v {
			if named, ok := b.namedFields(e); ok && reflect.ValueOf(e).Kind() == reflect.Struct {
				v[i] = named // (a pointer inside a value prints as its address)
			}
		}
	default:
		rv := reflect.ValueOf(x)
		if rv.Kind() != reflect.Map || rv.Type().Elem() != reflect.TypeFor[any]() {
			return x
		}
		for it := rv.MapRange(); it.Next(); {
			if named, ok := b.namedFields(it.Value().Interface()); ok && it.Value().Elem().Kind() == reflect.Struct {
				rv.SetMapIndex(it.Key(), reflect.ValueOf(named))
			}
		}
	}
	return x
}

// openedBox is what a box, an element of a container, holds, opened: nil
// for an empty one.
func (b *boxes) openedBox(box reflect.Value, as func(any) any, depth int) any {
	w, _ := b.openValue(box, as, depth+1)
	if !w.IsValid() || !w.CanInterface() || emptyBox(w) {
		return nil
	}
	return w.Interface()
}

// emptyBox reports whether w is what openValue makes of a box that holds
// nothing.
func emptyBox(w reflect.Value) bool {
	return w.Kind() == reflect.Pointer && w.Type() == reflect.TypeFor[*struct{}]() && w.IsNil()
}

// copyList is a copy of a slice or an array that can be set.
func copyList(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Array {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		return c
	}
	c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	reflect.Copy(c, v)
	return c
}

// yaegi names an unexported field of the session's struct Xname (reflect
// cannot make unexported fields), so %+v and %#v printed {Xhost:web}
// where Go prints {host:web}. namedFields hands fmt such a struct, or a
// pointer to one, in a wrapper that prints those two forms with the
// names the user wrote, and every other verb as fmt would.

// namedFields wraps v if it is (a pointer to) a struct of the session with
// a renamed field.
func (b *boxes) namedFields(v any) (any, bool) {
	rv := reflect.ValueOf(v)
	if !b.renamedFields(rv) {
		return nil, false
	}
	return fieldsFormatter{b, rv}, true
}

// renamedFields reports whether v is (a pointer to) a struct of the
// session whose fields yaegi renamed, or that %#v would not name (reflect
// knows it as struct { … }, Go as main.Host).
func (b *boxes) renamedFields(v reflect.Value) bool {
	if b.fieldNames == nil || !v.IsValid() {
		return false
	}
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	if _, named := b.typeName(t); named && t.Name() == "" || holdsBoxes(t) || t.NumField() == 1 && t.Field(0).Type == markTypeOf {
		return true
	}
	names := b.fieldNames(t)
	if len(names) < t.NumField() && t.Name() == "" {
		// a struct type of no name the session declared (a literal's):
		// its fields as reflect has them
		for i := range t.NumField() {
			if _, hidden := yaegiUnexported(t.Field(i).Name); hidden {
				return true
			}
		}
	}
	for i, n := range names {
		if i < t.NumField() && t.Field(i).Name != n {
			return true
		}
	}
	return false
}

// yaegiUnexported is the name the source gave a field yaegi named name,
// and whether it was an unexported one, which yaegi writes Xname. (A
// field the source named Xname itself is taken for one: reflect cannot
// tell.)
func yaegiUnexported(name string) (string, bool) {
	r, _ := utf8.DecodeRuneInString(name[min(1, len(name)):])
	if len(name) > 1 && name[0] == 'X' && (unicode.IsLower(r) || r == '_') {
		return name[1:], true
	}
	return name, false
}

// hasFmtMethod reports whether fmt prints a value of type t by a method
// of its own (a compiled type's: reflect does not see the session's).
func hasFmtMethod(t reflect.Type) bool {
	return t.Implements(errorType) || t.Implements(stringerType) || t.Implements(reflect.TypeFor[fmt.Formatter]())
}

// fieldsFormatter prints a struct of the session (or a pointer to one)
// under %+v and %#v with its fields' own names.
type fieldsFormatter struct {
	b *boxes
	v reflect.Value
}

func (ff fieldsFormatter) Format(f fmt.State, verb rune) {
	sharp, plus := f.Flag('#'), f.Flag('+')
	if verb != 'v' || !(sharp || plus || holdsBoxes(ff.v.Type())) || !ff.v.CanInterface() {
		if ff.v.CanInterface() {
			fmt.Fprintf(f, fmt.FormatString(f, verb), ff.v.Interface())
		}
		return
	}
	v := ff.v
	if v.Kind() == reflect.Pointer {
		if v.IsNil() && sharp {
			fmt.Fprintf(f, "(%s)(nil)", ff.b.goTypeString(v.Type()))
			return
		}
		if v.IsNil() {
			fmt.Fprintf(f, fmt.FormatString(f, verb), v.Interface())
			return
		}
		f.Write([]byte("&"))
		v = v.Elem()
	}
	if sharp {
		f.Write([]byte(ff.b.goTypeString(v.Type())))
	}
	f.Write([]byte("{"))
	var decls []ast.Expr // the fields' types, as Go names them
	if types, _ := ff.b.fieldTypesOf(v.Type()); sharp && len(types) == v.NumField() {
		for _, t := range types {
			decls = append(decls, inMain(t, func(name string) bool { return !predeclaredTypes[name] }))
		}
	}
	names := ff.b.fieldNames(v.Type())
	if len(names) < v.NumField() {
		names = names[:0:0] // a type of no name: reflect's names, as the source gave them
		for i := range v.NumField() {
			name, _ := yaegiUnexported(v.Type().Field(i).Name)
			names = append(names, name)
		}
	}
	for i := 0; i < v.NumField() && i < len(names); i++ {
		if v.Field(i).Type() == markTypeOf {
			continue // an empty struct type's mark: the struct's only field
		}
		if i > 0 {
			if sharp {
				f.Write([]byte(", "))
			} else {
				f.Write([]byte(" "))
			}
		}
		if sharp || plus {
			f.Write([]byte(names[i] + ":"))
		}
		fv := v.Field(i)
		if sharp && fv.CanInterface() {
			var decl ast.Expr
			if i < len(decls) {
				decl = decls[i]
			}
			if g, ok := ff.b.goStringFor(fv, decl); ok {
				fmt.Fprintf(f, "%#v", g) // the field's GoString or Format
				continue
			}
		}
		var x any
		var named sharpView
		isNamed := false
		if i < len(decls) && fv.CanInterface() {
			named, isNamed = ff.b.sharpNamed(fv, decls[i])
		}
		switch {
		case !fv.CanInterface():
			continue
		case sharp && fv.Kind() == reflect.Interface && fv.IsNil():
			fmt.Fprintf(f, "%s(nil)", ff.fieldType(fv, decls, i))
			continue
		case isBox(fv.Type()):
			// a field of an interface of the session's
			x = ff.b.openedBox(fv, ff.b.fmtFace, 0)
			if x == nil && sharp {
				fmt.Fprintf(f, "%s(nil)", ff.fieldType(fv, decls, i))
				continue
			}
			if named, ok := ff.b.namedFields(x); ok {
				x = named
			}
		case fv.Kind() == reflect.Pointer && !fv.IsNil() && !hasFmtMethod(fv.Type()):
			// Inside a value fmt prints a pointer as its address.
			if sharp {
				fmt.Fprintf(f, "(%s)(%p)", ff.fieldType(fv, decls, i), fv.Interface())
			} else {
				fmt.Fprintf(f, "%p", fv.Interface())
			}
			continue
		case isNamed:
			x = named // a field of a slice, array or map type of the session's
		case boxesInside(fv.Type()):
			// a slice, array or map of an interface of the session's
			// ([]Backend), or of structs with fields of one
			if sharp {
				sharpView{ff.b, fv, ff.fieldType(fv, decls, i)}.Format(f, 'v')
				continue
			}
			x, _ = ff.b.open(fv.Interface(), ff.b.fmtFace)
			if plus {
				x = ff.b.namedElems(x)
			}
		case sharp && fv.Kind() == reflect.Pointer && fv.IsNil() && i < len(decls) && namesMain(decls[i]):
			fmt.Fprintf(f, "(%s)(nil)", ff.fieldType(fv, decls, i))
			continue
		case (fv.Kind() == reflect.Struct || fv.Kind() == reflect.Pointer && sharp) && ff.b.renamedFields(fv):
			x = fieldsFormatter{ff.b, fv}
		case plus && !sharp && ff.b.holdsRenamed(fv, 0):
			x = plusView{ff.b, fv}
		default:
			x = fv.Interface()
		}
		switch {
		case sharp:
			fmt.Fprintf(f, "%#v", x)
		case plus:
			fmt.Fprintf(f, "%+v", x)
		default:
			fmt.Fprintf(f, "%v", x)
		}
	}
	f.Write([]byte("}"))
}

// fieldType is the type of fv, field i of the struct, as Go's %#v names
// it: as decls (the fields' declared types, as Go names them) give it,
// when they name the session's types, else reflect's, with the session's
// struct types named.
func (ff fieldsFormatter) fieldType(fv reflect.Value, decls []ast.Expr, i int) string {
	if i < len(decls) && namesMain(decls[i]) {
		return userTypeNames(exprString(nil, decls[i]))
	}
	return ff.b.goTypeString(fv.Type())
}

// boxesInside reports whether t is a slice, an array or a map whose
// elements are boxes, or hold some (holdsBoxes).
func boxesInside(t reflect.Type) bool {
	return boxesIn(t, 0, false)
}

// holdsBoxes reports whether t is (a pointer to) a struct that holds an
// interface of the session's, which yaegi holds as its box, in a field,
// or in a slice, an array, a map or a struct in one.
func holdsBoxes(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	if held, ok := boxHolders.Load(t); ok {
		return held.(bool)
	}
	held := boxesIn(t, 0, true)
	boxHolders.Store(t, held)
	return held
}

// boxHolders are holdsBoxes' answers, by type.
var boxHolders sync.Map // reflect.Type → bool

// boxesIn reports whether t's elements (or fields, if t is a struct and
// fields is set) are boxes or hold some, to a depth; not behind a
// pointer, which fmt prints as an address inside a value.
func boxesIn(t reflect.Type, depth int, fields bool) bool {
	if depth > maxOpenDepth {
		return false
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		e := t.Elem()
		return isBox(e) || boxesIn(e, depth+1, true)
	case reflect.Struct:
		if !fields || isBox(t) {
			return false
		}
		for i := range t.NumField() {
			ft := t.Field(i).Type
			if isBox(ft) || boxesIn(ft, depth+1, true) {
				return true
			}
		}
	}
	return false
}
