package engine

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/opsh/opsh/engine/internal/templates"
	htmltemplate "github.com/opsh/opsh/engine/internal/templates/html"
	texttemplate "github.com/opsh/opsh/engine/internal/templates/text"
)

// text/template and html/template find a value's methods and fields by
// reflect, which sees no method of the session's types and no embedded
// field of its structs: {{.FQDN}} of a Service whose FQDN is a method
// failed with "can't evaluate field FQDN in type struct { Name string;
// ... }". The session's templates therefore execute through a
// templates.Lender, which hands the steps reflect cannot take to
// templateSession.

// bindTemplates replaces the Template of text/template and of
// html/template in the session's tables, and the functions that make one,
// by the session's (engine/internal/templates).
func (e *Evaluator) bindTemplates(t *sessionTables) {
	fmtTable := t.pkg("fmt/fmt")
	printers := map[string]any{}
	for name, f := range map[string]string{"print": "Sprint", "printf": "Sprintf", "println": "Sprintln"} {
		printers[name] = fmtTable[f].Interface()
	}
	l := templates.New(&templateSession{e: e, printers: printers})
	text := texttemplate.Package{Lender: l}
	html := htmltemplate.Package{Lender: l}
	for pkg, funcs := range map[string]map[string]any{
		"text/template/template": {
			"Template": (*texttemplate.Template)(nil), "New": text.New, "Must": text.Must,
			"ParseFiles": text.ParseFiles, "ParseGlob": text.ParseGlob, "ParseFS": text.ParseFS,
		},
		"html/template/template": {
			"Template": (*htmltemplate.Template)(nil), "New": html.New, "Must": html.Must,
			"ParseFiles": html.ParseFiles, "ParseGlob": html.ParseGlob, "ParseFS": html.ParseFS,
		},
	} {
		for name, f := range funcs {
			t.rebind(pkg, name, f)
		}
	}
}

// templateSession is the templates.Session of an Evaluator.
type templateSession struct {
	e        *Evaluator
	printers map[string]any // the session's Sprint, Sprintf and Sprintln
}

// typedValue is a value of a type of the session's with methods that is
// no struct (type Status int), which reflect sees as the type it is made
// of, with the type's name: what Field gives a later step, or Text.
type typedValue struct {
	v   reflect.Value
	typ string
}

var _ templates.Session = (*templateSession)(nil)

// Names are the exported methods of the session's types, the fields its
// structs promote from embedded ones, and the fields of its structs with
// methods, which the interpreter hands over in a holder of its own where
// they are held in an interface (data given as an any, a map[string]any's
// values) (Steps); and the fields of its structs of its types with methods
// that are no structs (Typed).
func (s *templateSession) Names() map[string]templates.Name {
	names := map[string]templates.Name{}
	tm := &s.e.boxes.texts
	tm.mu.RLock()
	for n := range tm.names {
		names[n] |= templates.Step
	}
	tm.mu.RUnlock()
	for t, embedded := range s.e.embedded {
		for i, emb := range embedded {
			if emb && i < t.NumField() {
				s.promoted(t.Field(i).Type, names, map[reflect.Type]bool{})
			}
		}
		withMethods := tm.hasMethods(s.typeKey(t))
		for i, name := range s.e.FieldNames(t) {
			if i >= t.NumField() {
				break
			}
			if s.typedField(t, i) != "" {
				names[name] |= templates.Typed
			}
			if withMethods && t.Field(i).IsExported() {
				names[name] |= templates.Step
			}
		}
	}
	return names
}

// Data is the value v holds, when it is the interpreter's holder of a
// value of the session's.
func (s *templateSession) Data(v any) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || !isBox(rv.Type()) {
		return v
	}
	if inner := boxed(rv); inner.IsValid() && inner.CanInterface() {
		return inner.Interface()
	}
	return v
}

// promoted adds to names the exported fields of t, an embedded field's
// type, and those of the fields embedded in it.
func (s *templateSession) promoted(t reflect.Type, names map[string]templates.Name, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	embedded := s.e.embedded[t]
	for i, name := range s.e.FieldNames(t) {
		if name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			names[name] |= templates.Step
		}
		if i < len(embedded) && embedded[i] && i < t.NumField() {
			s.promoted(t.Field(i).Type, names, seen)
		}
	}
}

// Field is name of recv as text/template's evalField gives it, the
// session's methods and promoted fields included: a method of the
// session's type, else one of a compiled type, else a field (promoted
// ones too), else a map's element.
func (s *templateSession) Field(recv reflect.Value, name string, args []reflect.Value, typed bool) (reflect.Value, error) {
	v := recv
	for v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if tv, ok := typedOf(v); ok {
		if m, ok := s.e.boxes.texts.exportedMethod(tv.typ, name); ok && !m.ptr {
			return s.typedResult(tv.typ, name, typed)(callTemplateMethod(m.call, tv.v, name, args))
		}
		return reflect.Value{}, fmt.Errorf("can't evaluate field %s in type main.%s", name, tv.typ)
	}
	if v.IsValid() && isBox(v.Type()) {
		typ := boxTypeName(v)
		if v = boxed(v); v.CanAddr() && v.CanInterface() {
			v = reflect.ValueOf(v.Interface()) // the value in an any, as Go's is not addressable
		}
		if typ != "" && v.IsValid() {
			if m, ok := s.e.boxes.texts.exportedMethod(strings.TrimPrefix(typ, "*"), name); ok && (!m.ptr || v.Kind() == reflect.Pointer) {
				if !m.ptr && v.Kind() == reflect.Pointer && !v.IsNil() {
					v = v.Elem()
				}
				return s.typedResult(strings.TrimPrefix(typ, "*"), name, typed)(callTemplateMethod(m.call, v, name, args))
			}
		}
	}
	if !v.IsValid() {
		return reflect.Value{}, nil
	}
	if m, self, key, ok := s.method(v, name); ok {
		return s.typedResult(key, name, typed)(callTemplateMethod(m.call, self, name, args))
	}
	self := v
	if self.Kind() != reflect.Interface && self.Kind() != reflect.Pointer && self.CanAddr() {
		self = self.Addr()
	}
	if m := self.MethodByName(name); m.IsValid() {
		return callTemplateMethod(m, reflect.Value{}, name, args)
	}
	base := v
	for base.Kind() == reflect.Pointer || base.Kind() == reflect.Interface {
		if base.IsNil() {
			return reflect.Value{}, fmt.Errorf("nil pointer evaluating %s.%s", v.Type(), name)
		}
		base = base.Elem()
	}
	switch base.Kind() {
	case reflect.Struct:
		if f, typ, ok, err := s.field(base, name); err != nil {
			return reflect.Value{}, err
		} else if ok {
			if len(args) > 0 {
				return reflect.Value{}, fmt.Errorf("%s has arguments but cannot be invoked as function", name)
			}
			if typed && typ != "" {
				return reflect.ValueOf(typedValue{f, typ}), nil
			}
			return f, nil
		}
	case reflect.Map:
		key := reflect.ValueOf(name)
		if key.Type().AssignableTo(base.Type().Key()) {
			if len(args) > 0 {
				return reflect.Value{}, fmt.Errorf("%s is not a method but has arguments", name)
			}
			return base.MapIndex(key), nil
		}
	}
	return reflect.Value{}, fmt.Errorf("can't evaluate field %s in type %s", name, v.Type())
}

// typedResult gives what a call of the method name of the session's type
// key returned as a typedValue, where the step's value goes on (typed) and
// the method declares its result of a type of the session's with methods
// that is no struct ({{.Total.Human}}, Total() Bytes: reflect saw an
// int64, which has no Human method); else as it is.
func (s *templateSession) typedResult(key, name string, typed bool) func(reflect.Value, error) (reflect.Value, error) {
	return func(out reflect.Value, err error) (reflect.Value, error) {
		if err != nil || !typed || !out.IsValid() {
			return out, err
		}
		switch out.Kind() {
		case reflect.Struct, reflect.Pointer, reflect.Interface:
			return out, err
		}
		fd := s.e.programMethods[key+"."+name] // a program's, running
		if fd == nil {
			fd, _ = s.e.methodDecl(key, name)
		}
		if fd == nil || fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
			return out, err
		}
		t, ptr := typeIdent(fd.Type.Results.List[0].Type)
		if t == "" || ptr || !s.e.boxes.texts.hasMethods(t) {
			return out, err
		}
		return reflect.ValueOf(typedValue{out, t}), nil
	}
}

// method is the method name of v's type, a struct type of the session's
// (or one a struct of v's type embeds), with the receiver to call it on,
// and the type's key: a pointer method only of a pointer or of an
// addressable struct, as in text/template.
func (s *templateSession) method(v reflect.Value, name string) (textMethod, reflect.Value, string, bool) {
	ptr := v
	if v.Kind() == reflect.Struct && v.CanAddr() {
		ptr = v.Addr()
	}
	st := ptr.Type()
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		return textMethod{}, reflect.Value{}, "", false
	}
	key := s.typeKey(st)
	if m, ok := s.e.boxes.texts.exportedMethod(key, name); ok {
		switch {
		case m.ptr && ptr.Kind() == reflect.Pointer:
			return m, ptr, key, true
		case !m.ptr && ptr.Kind() == reflect.Pointer && !ptr.IsNil():
			return m, ptr.Elem(), key, true
		case !m.ptr && ptr.Kind() == reflect.Struct:
			return m, ptr, key, true
		}
		return textMethod{}, reflect.Value{}, "", false
	}
	if ptr.Kind() == reflect.Pointer && ptr.IsNil() {
		return textMethod{}, reflect.Value{}, "", false
	}
	base := reflect.Indirect(ptr)
	for i, emb := range s.e.embedded[st] {
		if emb && i < base.NumField() {
			if m, self, key, ok := s.method(base.Field(i), name); ok {
				return m, self, key, true
			}
		}
	}
	return textMethod{}, reflect.Value{}, "", false
}

// field is the field name of v, a struct, or one promoted from a struct
// it embeds, the shallowest first, and its type's name when it is a type
// of the session's with methods that is no struct; reflect's error when
// it is promoted through a nil pointer.
func (s *templateSession) field(v reflect.Value, name string) (reflect.Value, string, bool, error) {
	level := []reflect.Value{v}
	for depth := 0; len(level) > 0 && depth < 8; depth++ {
		var next []reflect.Value
		for _, v := range level {
			t := v.Type()
			names := s.e.FieldNames(t)
			embedded := s.e.embedded[t]
			for i := range t.NumField() {
				fieldName := t.Field(i).Name
				if i < len(names) {
					fieldName = names[i]
				}
				if fieldName == name && t.Field(i).IsExported() {
					return v.Field(i), s.typedField(t, i), true, nil
				}
				if i < len(embedded) && embedded[i] {
					f := v.Field(i)
					for f.Kind() == reflect.Pointer && !f.IsNil() {
						f = f.Elem()
					}
					if f.Kind() == reflect.Struct {
						next = append(next, f)
					} else if f.Kind() == reflect.Pointer && slices.Contains(s.e.FieldNames(f.Type().Elem()), name) {
						return reflect.Value{}, "", false, fmt.Errorf("reflect: indirection through nil pointer to embedded struct field %s", fieldName)
					}
				}
			}
		}
		level = next
	}
	return reflect.Value{}, "", false, nil
}

// typedOf is the typedValue v holds, if it holds one.
func typedOf(v reflect.Value) (typedValue, bool) {
	if !v.IsValid() || v.Type() != reflect.TypeFor[typedValue]() {
		return typedValue{}, false
	}
	return v.Interface().(typedValue), true
}

// typedField is the name of the type the session declares field i of the
// struct type t of, when it is one of its types with methods that is no
// struct; "" otherwise.
func (s *templateSession) typedField(t reflect.Type, i int) string {
	types := s.e.fieldTypes[t]
	if i >= len(types) || types[i] == nil {
		return ""
	}
	name, ptr := typeIdent(types[i])
	if name == "" || ptr {
		return ""
	}
	switch t.Field(i).Type.Kind() {
	case reflect.Struct, reflect.Pointer, reflect.Interface:
		return ""
	}
	if !s.e.boxes.texts.hasMethods(name) {
		return ""
	}
	return name
}

// typeKey is the name the session's methods of the struct type t are
// kept by: its declaration's (a redefined type's version), else its name.
func (s *templateSession) typeKey(t reflect.Type) string {
	if key := s.e.typeKeys[t]; key != "" {
		return key
	}
	name, _ := s.e.TypeName(t)
	return name
}

// callTemplateMethod calls f, on self when it is valid (a function of the
// receiver), with the arguments a template gives, as text/template calls
// a method: the arguments converted to the parameters' types, a second
// result of type error returned as the error, a panic as one.
func callTemplateMethod(f, self reflect.Value, name string, args []reflect.Value) (out reflect.Value, err error) {
	ft := f.Type()
	in := []reflect.Value{}
	first := 0
	if self.IsValid() {
		in, first = append(in, self), 1
	}
	fixed := ft.NumIn() - first
	if ft.IsVariadic() {
		fixed--
		if len(args) < fixed {
			return reflect.Value{}, fmt.Errorf("wrong number of args for %s: want at least %d got %d", name, fixed, len(args))
		}
	} else if len(args) != fixed {
		return reflect.Value{}, fmt.Errorf("wrong number of args for %s: want %d got %d", name, fixed, len(args))
	}
	switch n := ft.NumOut(); {
	case n == 2 && ft.Out(1) != reflect.TypeFor[error]():
		return reflect.Value{}, fmt.Errorf("invalid function signature for %s: second return value should be error; is %s", name, ft.Out(1))
	case n == 0 || n > 2:
		return reflect.Value{}, fmt.Errorf("function %s has %d return values; should be 1 or 2", name, n)
	}
	for i, a := range args {
		var pt reflect.Type
		if i < fixed {
			pt = ft.In(first + i)
		} else {
			pt = ft.In(ft.NumIn() - 1).Elem()
		}
		a, err := templateArg(a, pt)
		if err != nil {
			return reflect.Value{}, err
		}
		in = append(in, a)
	}
	defer func() {
		if r := recover(); r != nil {
			r = recovered(r) // the interpreter's panic, as Go's
			err, _ = r.(error)
			if err == nil {
				err = fmt.Errorf("%v", r)
			}
			err = &templates.CallError{Err: err}
		}
	}()
	res := f.Call(in)
	if len(res) == 2 && !res[1].IsNil() {
		return res[0], &templates.CallError{Err: res[1].Interface().(error)}
	}
	return res[0], nil
}

// templateArg is a, an argument a template gives, as a value of t, which
// text/template would have made of it.
func templateArg(a reflect.Value, t reflect.Type) (reflect.Value, error) {
	if !a.IsValid() {
		switch t.Kind() {
		case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, fmt.Errorf("invalid value; expected %s", t)
	}
	if a.Type().AssignableTo(t) {
		return a, nil
	}
	if a.Kind() == reflect.Interface && !a.IsNil() {
		return templateArg(a.Elem(), t)
	}
	if numeric(a.Kind()) && numeric(t.Kind()) && a.Type().ConvertibleTo(t) || a.Kind() == reflect.String && t.Kind() == reflect.String {
		return a.Convert(t), nil
	}
	return reflect.Value{}, fmt.Errorf("wrong type for value; expected %s; got %s", t, a.Type())
}

// numeric reports whether k is a kind of number.
func numeric(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Complex128
}

// Printing reports whether the session declares a struct type, or a
// String or Error method.
func (s *templateSession) Printing() bool {
	return len(s.e.fields) > 0 || s.e.boxes.texts.printsAny()
}

// Printers are the session's Sprint, Sprintf and Sprintln.
func (s *templateSession) Printers() map[string]any { return s.printers }

// Text is what text/template and html/template print of v, as Go's do
// of a compiled value: a pointer is followed; a value holding a struct of
// the session's, or printed by a method of the session's, is given in a
// holder (shownValue) that prints as the session's fmt does and that
// html/template writes in JSON as the session's encoding/json does (its
// unexported fields left out).
func (s *templateSession) Text(v reflect.Value) reflect.Value {
	if tv, ok := typedOf(v); ok {
		if m, ok := s.e.boxes.texts.named(tv.typ); ok && !m.ptr {
			if text, ok := m.text(tv.v); ok {
				return reflect.ValueOf(text)
			}
		}
		v = tv.v
	}
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || !v.CanInterface() {
		return v
	}
	view, printed := s.e.boxes.textView(v, nil, 0)
	if !printed && !s.e.holdsUserStruct(v.Type(), map[reflect.Type]bool{}) {
		return v
	}
	shown := shownValue{v: v.Interface(), s: s}
	if printed && !s.marshals(v.Type()) {
		// a String method's text (not an Error method's), which
		// html/template writes in JSON
		switch text := view.Interface().(type) {
		case string:
			shown.text = &text
		case openedString:
			shown.text = &text.s
		}
	}
	return reflect.ValueOf(shown)
}

// marshals reports whether t is a struct type of the session's with a
// MarshalJSON or MarshalText method, which encoding/json calls before
// html/template would call String.
func (s *templateSession) marshals(t reflect.Type) bool {
	name, ok := s.e.TypeName(t)
	return ok && s.e.boxes.texts.hasAny(name, jsonMethods[:2]...)
}

// shownValue is a value holding a struct of the session's, or printed by
// a method of the session's, which text/template and html/template print
// as the session's fmt does; html/template writes it in JSON as the
// session's encoding/json does, or as the text of its String method.
type shownValue struct {
	v    any
	text *string
	s    *templateSession
}

func (v shownValue) Format(f fmt.State, verb rune) {
	sprintf := v.s.printers["printf"].(func(string, ...any) string)
	io.WriteString(f, sprintf(fmt.FormatString(f, verb), v.v))
}

func (v shownValue) MarshalJSON() ([]byte, error) {
	if v.text != nil {
		return json.Marshal(*v.text)
	}
	return json.Marshal(v.s.e.jsonValue(v.v))
}

// Words names in msg the session's struct types as Go does (main.Host),
// where reflect writes their fields.
func (s *templateSession) Words(msg string) string {
	if !strings.Contains(msg, "struct {") {
		return msg
	}
	type named struct{ text, name string }
	var types []named
	for t, name := range s.e.types {
		if name != "" {
			types = append(types, named{t.String(), "main." + name})
		}
	}
	slices.SortFunc(types, func(a, b named) int { return cmp.Compare(len(b.text), len(a.text)) })
	for _, t := range types {
		msg = strings.ReplaceAll(msg, t.text, t.name)
	}
	return msg
}
