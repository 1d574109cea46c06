package engine

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"io"
	"reflect"
	"strconv"
	"strings"

	sessionjson "github.com/opsh/opsh/engine/internal/json"
)

// yaegi builds the session's struct types with reflect, which cannot make
// an unexported field (it becomes Xname) nor an embedded one. Given such a
// value, encoding/json writes "Xname" and nests what Go would promote. The
// session's json.Marshal and json.MarshalIndent therefore first turn the
// session's structs into what the compiler would have made of them: the
// fields as declared, unexported ones left out, embedded structs' fields
// promoted, tags honoured.

// The session's json.Unmarshal, and its Decoder's Decode, likewise fill a
// struct of the session as Go does: a key names a field of an embedded
// struct as well as the struct's own (the outer struct's hiding it), an
// exact match first and then one in another case, and an unexported field
// is left alone.

// bindJSON replaces json.Marshal, json.MarshalIndent and json.Unmarshal in
// the session's tables, keeping the interface wrappers yaegi passes them (a
// type of the session with a MarshalJSON method), and json's Encoder and
// Decoder by the session's (engine/internal/json).
func (e *Evaluator) bindJSON(t *sessionTables) {
	const pkg = "encoding/json/json"
	t.rebind(pkg, "Marshal", func(v any) ([]byte, error) {
		b, err := json.Marshal(e.jsonValue(v))
		return b, goMarshalError(err)
	})
	t.rebind(pkg, "MarshalIndent", func(v any, prefix, ind string) ([]byte, error) {
		b, err := json.MarshalIndent(e.jsonValue(v), prefix, ind)
		return b, goMarshalError(err)
	})
	t.rebind(pkg, "Unmarshal", func(data []byte, v any) error {
		return e.jsonDecodeAny(data, v, sessionjson.DecodeOptions{})
	})
	t.rebind(pkg, "Encoder", (*sessionjson.Encoder)(nil))
	t.rebind(pkg, "NewEncoder", func(w io.Writer) *sessionjson.Encoder { return sessionjson.NewEncoder(w, e.jsonValue, goMarshalError) })
	t.rebind(pkg, "Decoder", (*sessionjson.Decoder)(nil))
	t.rebind(pkg, "NewDecoder", func(r io.Reader) *sessionjson.Decoder {
		return sessionjson.NewDecoder(r, e.decodesItself, e.jsonDecodeAny)
	})
}

// jsonDecodeAny decodes data into v, a pointer or the typedArg of one.
func (e *Evaluator) jsonDecodeAny(data []byte, v any, opts sessionjson.DecodeOptions) error {
	if ta, ok := v.(typedArg); ok {
		return e.jsonDecodeTyped(data, ta, opts)
	}
	return e.jsonDecode(data, v, opts)
}

// decodesItself reports whether v, the pointer given to a decoding (or the
// typedArg of one the source shows the type of), leads to a struct of the
// session, or is given with its type.
func (e *Evaluator) decodesItself(v any) bool {
	if _, ok := v.(typedArg); ok {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Type().Elem().Kind() != reflect.Interface &&
		e.holdsUserStruct(rv.Type().Elem(), map[reflect.Type]bool{})
}

// jsonDecode decodes data into v as Go would were the session's structs
// compiled.
func (e *Evaluator) jsonDecode(data []byte, v any, opts sessionjson.DecodeOptions) error {
	if !e.decodesItself(v) || !json.Valid(data) {
		err := decodeLeaf(data, v, opts) // and encoding/json's error for bad JSON
		var invalid *json.InvalidUnmarshalError
		if errors.As(err, &invalid) && invalid.Type != nil && invalid.Type.Kind() != reflect.Pointer {
			if name, ok := e.TypeName(invalid.Type); ok {
				return namedInvalidUnmarshal{invalid, name}
			}
		}
		return err
	}
	return e.fill(data, reflect.ValueOf(v).Elem(), opts)
}

// namedInvalidUnmarshal is encoding/json's error for a value given to
// decode into that is no pointer, naming the session's type as Go does
// (main.Host, not struct { Name string }).
type namedInvalidUnmarshal struct {
	err  *json.InvalidUnmarshalError
	name string
}

func (n namedInvalidUnmarshal) Error() string {
	return "json: Unmarshal(non-pointer main." + n.name + ")"
}
func (n namedInvalidUnmarshal) Unwrap() error { return n.err }

// decodeLeaf is encoding/json's decoding of data into v, with opts.
func decodeLeaf(data []byte, v any, opts sessionjson.DecodeOptions) error {
	if opts == (sessionjson.DecodeOptions{}) {
		return json.Unmarshal(data, v)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	if opts.DisallowUnknownFields {
		d.DisallowUnknownFields()
	}
	if opts.UseNumber {
		d.UseNumber()
	}
	return d.Decode(v)
}

// fill decodes raw, one JSON value, into dst.
func (e *Evaluator) fill(raw []byte, dst reflect.Value, opts sessionjson.DecodeOptions) error {
	t := dst.Type()
	if t.Kind() == reflect.Interface || !e.holdsUserStruct(t, map[reflect.Type]bool{}) {
		return decodeLeaf(raw, dst.Addr().Interface(), opts)
	}
	if isNull(raw) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			dst.SetZero()
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if dst.IsNil() {
			dst.Set(reflect.New(t.Elem()))
		}
		return e.fill(raw, dst.Elem(), opts)
	case reflect.Slice, reflect.Array:
		return e.fillList(raw, dst, nil, opts)
	case reflect.Map:
		if !jsonKeyKind(t.Key().Kind()) {
			return e.mismatch(raw, t)
		}
		return e.fillMap(raw, dst, nil, nil, opts)
	case reflect.Struct:
		layout, ok := e.layout(t, nil)
		if !ok {
			return decodeLeaf(raw, dst.Addr().Interface(), opts)
		}
		return e.fillStruct(raw, dst, layout, opts)
	default:
		return decodeLeaf(raw, dst.Addr().Interface(), opts)
	}
}

// fillStruct decodes raw, a JSON object, into dst, a struct of the
// session laid out as layout says.
func (e *Evaluator) fillStruct(raw []byte, dst reflect.Value, layout structLayout, opts sessionjson.DecodeOptions) error {
	t := dst.Type()
	members, ok := objectMembers(raw)
	if !ok {
		return e.mismatch(raw, t)
	}
	keys := e.jsonKeys(t, layout, func() reflect.Value { return dst })
	// As encoding/json: the members in the document's order (the last
	// of a key twice wins), and a value of the wrong type leaves its
	// field as it was and the others filled, the first such error
	// returned at the end.
	var first error
	for _, m := range members {
		key, ok := findKey(keys, m.key)
		if !ok {
			if opts.DisallowUnknownFields {
				return fmt.Errorf("json: unknown field %q", m.key)
			}
			continue
		}
		item := m.value
		var quoted string
		if key.quoted && !isNull(item) {
			if json.Unmarshal(item, &quoted) != nil {
				err := fmt.Errorf("json: invalid use of ,string struct tag, trying to unmarshal unquoted value into %s", key.field().Type())
				first = cmp.Or(first, err)
				continue
			}
			item = json.RawMessage(quoted)
		}
		err := e.fillDeclared(item, key.field(), key.typ, opts)
		typeErr, ok := typeError(err)
		var syntaxErr *json.SyntaxError
		switch {
		case key.quoted && errors.As(err, &syntaxErr):
			// what the string held is no value of the field's type
			ft := key.field().Type()
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			first = cmp.Or(first, fmt.Errorf("json: invalid use of ,string struct tag, trying to unmarshal %q into %s", quoted, ft))
		case err == nil:
		case ok:
			// encoding/json's: the innermost struct, the path from the
			// outermost, the offset in the whole document
			typeErr.Offset += m.at
			if typeErr.Field == "" {
				typeErr.Struct, _ = e.TypeName(t)
				typeErr.Field = key.path
			} else {
				typeErr.Field = key.path + "." + typeErr.Field
			}
			first = cmp.Or(first, err)
		default:
			return err // an UnmarshalJSON method's error ends the decoding, as it is
		}
	}
	return first
}

// A structLayout is how the declaration of a struct type of the session
// lays out its fields, one an element: the names it gives them, whether
// each is embedded, and their types as it writes them.
type structLayout struct {
	names    []string
	embedded []bool
	types    []ast.Expr
}

// layout is the layout of t, a struct type of the session: the one its
// declaration gave (a named type's), else the one decl writes (a struct
// type literal, struct{ Lvl Level }, which the session does not keep);
// false for another type.
func (e *Evaluator) layout(t reflect.Type, decl ast.Expr) (structLayout, bool) {
	if names, ok := e.fields[t]; ok {
		return structLayout{names, e.embedded[t], e.fieldTypes[t]}, true
	}
	if l, ok := e.locals.of(t); ok {
		return l.layout, true
	}
	st, ok := decl.(*ast.StructType)
	if !ok || t.Kind() != reflect.Struct || st.Fields == nil {
		return structLayout{}, false
	}
	l := declaredLayout(st)
	return l, len(l.names) == t.NumField()
}

// unstar is t without the * of a pointer type.
func unstar(t ast.Expr) ast.Expr {
	if s, ok := t.(*ast.StarExpr); ok {
		return s.X
	}
	return t
}

// A rawMember is a member of a JSON object: its key and its value.
type rawMember struct {
	key   string
	value json.RawMessage
	at    int64 // where value starts in the object
}

// objectMembers are the members of raw, a JSON object, in its order; false
// if raw is no object.
func objectMembers(raw []byte) ([]rawMember, bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var out []rawMember
	for d.More() {
		tok, err := d.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey {
			return nil, false
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, false
		}
		out = append(out, rawMember{key, v, d.InputOffset() - int64(len(v))})
	}
	return out, true
}

// mismatch is encoding/json's error for a JSON value of the wrong kind.
func (e *Evaluator) mismatch(raw []byte, t reflect.Type) error {
	name := t.String()
	if n, ok := e.TypeName(t); ok {
		name = "main." + n
	}
	return &jsonMismatch{json.UnmarshalTypeError{Value: jsonKind(raw), Type: t}, name}
}

// jsonMismatch is encoding/json's UnmarshalTypeError naming the type as
// Go does (main.Inner), where reflect's gives a session's struct type by
// its fields.
type jsonMismatch struct {
	json.UnmarshalTypeError
	name string
}

func (m *jsonMismatch) Error() string {
	if m.Field != "" {
		return "json: cannot unmarshal " + m.Value + " into Go struct field " + m.Struct + "." + m.Field + " of type " + m.name
	}
	return "json: cannot unmarshal " + m.Value + " into Go value of type " + m.name
}

func (m *jsonMismatch) Unwrap() error { return &m.UnmarshalTypeError }

// typeError is err if it is encoding/json's UnmarshalTypeError (or
// mismatch's), to say where it happened.
func typeError(err error) (*json.UnmarshalTypeError, bool) {
	if m, ok := err.(*jsonMismatch); ok {
		return &m.UnmarshalTypeError, true
	}
	t, ok := err.(*json.UnmarshalTypeError)
	return t, ok
}

// jsonKind is the kind of the JSON value raw, in encoding/json's words.
func jsonKind(raw []byte) string {
	switch b := bytes.TrimSpace(raw); {
	case len(b) == 0:
		return "value"
	case b[0] == '{':
		return "object"
	case b[0] == '[':
		return "array"
	case b[0] == '"':
		return "string"
	case b[0] == 't' || b[0] == 'f':
		return "bool"
	}
	return "number"
}

// A jsonKey is a key of a session's struct and the field it fills.
type jsonKey struct {
	key    string
	field  func() reflect.Value
	typ    ast.Expr // the field's type as its declaration writes it
	quoted bool     // the tag's ,string: the value is in a JSON string
	path   string   // the key after the embedded structs it is promoted from, for errors (Base.ID)
}

// jsonKeys are the keys of the session's struct type t, laid out as
// layout says and as object does: its own fields', then those of its embedded structs that its own
// do not hide. get gives the struct's value; an embedded pointer is made
// only when one of its keys is filled.
func (e *Evaluator) jsonKeys(t reflect.Type, layout structLayout, get func() reflect.Value) []jsonKey {
	names, embedded, types := layout.names, layout.embedded, layout.types
	var own, promoted []jsonKey
	for i := 0; i < t.NumField() && i < len(names); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		key, opts, _ := strings.Cut(tag, ",")
		field := func() reflect.Value { return get().Field(i) }
		if i < len(embedded) && embedded[i] && key == "" {
			inner := f.Type
			if inner.Kind() == reflect.Pointer {
				inner = inner.Elem()
				field = func() reflect.Value {
					p := get().Field(i)
					if p.IsNil() {
						p.Set(reflect.New(inner))
					}
					return p.Elem()
				}
			}
			if l, ok := e.layout(inner, nil); ok {
				for _, k := range e.jsonKeys(inner, l, field) {
					k.path = names[i] + "." + k.path
					promoted = append(promoted, k)
				}
				continue
			}
		}
		if !isExported(names[i]) {
			continue
		}
		if key == "" {
			key = names[i]
		}
		quoted := hasOption(opts, "string") && quotable(f.Type)
		own = append(own, jsonKey{key, field, types[i], quoted, key})
	}
	have := map[string]bool{}
	for _, k := range own {
		have[k.key] = true
	}
	for _, k := range promoted {
		if !have[k.key] {
			have[k.key] = true
			own = append(own, k)
		}
	}
	return own
}

// quotable reports whether the ,string option applies to a field of type
// t: a string, a number or a bool, or a pointer to one.
func quotable(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	switch k := t.Kind(); k {
	case reflect.String, reflect.Bool, reflect.Float32, reflect.Float64:
		return true
	default:
		return intKind(k)
	}
}

// findKey finds the field a JSON key fills: the key exactly, else the key
// in another case, as encoding/json matches them.
func findKey(keys []jsonKey, key string) (jsonKey, bool) {
	for _, k := range keys {
		if k.key == key {
			return k, true
		}
	}
	for _, k := range keys {
		if strings.EqualFold(k.key, key) {
			return k, true
		}
	}
	return jsonKey{}, false
}

// jsonDecodeTyped is jsonDecode into ta, a pointer whose type the source
// showed (the rewrite's _opshrt.Typed).
func (e *Evaluator) jsonDecodeTyped(data []byte, ta typedArg, opts sessionjson.DecodeOptions) error {
	rv := reflect.ValueOf(ta.v)
	if inner, ok := yaegiWrappedValue(rv); ok {
		rv = inner // yaegi's wrapper of a pointer with an Unmarshal method
	}
	star, ok := parsedType(ta.typ).(*ast.StarExpr)
	if !ok || rv.Kind() != reflect.Pointer || rv.IsNil() || !json.Valid(data) {
		return e.jsonDecode(data, rv.Interface(), opts)
	}
	return e.fillDeclared(data, rv.Elem(), star.X, opts)
}

// jsonValue is v with the session's structs turned into ordered objects.
func (e *Evaluator) jsonValue(v any) any {
	if ta, ok := v.(typedArg); ok {
		rv := reflect.ValueOf(ta.v)
		if inner, ok := yaegiWrappedValue(rv); ok && inner.Kind() == reflect.Pointer {
			rv = inner
		}
		return e.convertDeclared(rv, parsedType(ta.typ))
	}
	if _, ok := v.(json.Marshaler); ok {
		return v
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || !e.holdsUserStruct(rv.Type(), map[reflect.Type]bool{}) {
		return v
	}
	return e.convert(rv)
}

// holdsUserStruct reports whether values of t may hold a struct of the
// session.
func (e *Evaluator) holdsUserStruct(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if _, ok := e.fields[t]; ok {
		return true
	}
	if _, ok := e.locals.of(t); ok {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return e.holdsUserStruct(t.Elem(), seen)
	case reflect.Interface:
		return true
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if e.holdsUserStruct(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// convert turns v into plain values encoding/json writes as the compiler
// would have laid out the session's structs.
func (e *Evaluator) convert(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		if v.CanInterface() {
			if m, ok := v.Interface().(json.Marshaler); ok {
				return m
			}
		}
		if v.Kind() == reflect.Pointer {
			if name, ok := e.TypeName(v.Type().Elem()); ok {
				if m, ok := e.boxes.texts.marshaler(name, v); ok {
					return m // a pointer to a struct of the session's
				}
			}
		}
		return e.convert(v.Elem())
	case reflect.Struct:
		if name, ok := e.TypeName(v.Type()); ok {
			if m, ok := e.boxes.texts.marshaler(name, v); ok {
				return m
			}
		}
		if layout, ok := e.layout(v.Type(), nil); ok {
			return e.object(v, layout)
		}
		if isBox(v.Type()) {
			return e.convert(e.boxes.forJSON(v))
		}
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Interface()
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = e.convert(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			out[mapKey(it.Key())] = e.convert(it.Value())
		}
		return out
	}
	if v.CanInterface() {
		return v.Interface()
	}
	return nil
}

func mapKey(k reflect.Value) string {
	if k.Kind() == reflect.String {
		return k.String()
	}
	if k.CanInterface() {
		if t, ok := k.Interface().(interface{ MarshalText() ([]byte, error) }); ok {
			if b, err := t.MarshalText(); err == nil {
				return string(b)
			}
		}
	}
	switch {
	case k.CanInt():
		return strconv.FormatInt(k.Int(), 10)
	case k.CanUint():
		return strconv.FormatUint(k.Uint(), 10)
	}
	return ""
}

// object lays out a struct of the session, whose fields layout gives, as
// the compiler would have.
func (e *Evaluator) object(v reflect.Value, layout structLayout) orderedObject {
	t := v.Type()
	names, embedded, types := layout.names, layout.embedded, layout.types
	outer := map[string]bool{} // the struct's own keys hide promoted ones
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("json"); tag != "-" && !strings.HasPrefix(tag, ",") && tag != "" {
			key, _, _ := strings.Cut(tag, ",")
			outer[key] = true
		} else if !(i < len(embedded) && embedded[i]) {
			outer[names[i]] = true
		}
	}
	var obj orderedObject
	for i := 0; i < t.NumField(); i++ {
		name, emb := names[i], i < len(embedded) && embedded[i]
		tag := t.Field(i).Tag.Get("json")
		if tag == "-" {
			continue
		}
		key, opts, _ := strings.Cut(tag, ",")
		f := v.Field(i)
		if emb && key == "" {
			if inner, ok := e.convert(f).(orderedObject); ok {
				obj = obj.promote(inner, outer)
				continue
			}
		}
		if !isExported(name) {
			continue
		}
		if key == "" {
			key = name
		}
		if hasOption(opts, "omitempty") && emptyJSON(f) || hasOption(opts, "omitzero") && e.zeroJSON(f, types[i]) {
			continue
		}
		val := e.convertDeclared(f, types[i])
		if hasOption(opts, "string") && quotable(f.Type()) && !(f.Kind() == reflect.Pointer && f.IsNil()) {
			if b, err := json.Marshal(val); err == nil {
				val = string(b)
			}
		}
		obj = append(obj, member{key, val})
	}
	return obj
}

// hasOption reports whether a json tag's options (after its key) name
// option.
func hasOption(opts, option string) bool {
	return strings.Contains(","+opts+",", ","+option+",")
}

// emptyJSON reports whether omitempty leaves f out: false, 0, a nil
// pointer or interface, an empty array, slice, map or string. A struct
// never is.
func emptyJSON(f reflect.Value) bool {
	switch f.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return f.Len() == 0
	case reflect.Struct:
		return false
	}
	return f.IsZero()
}

// zeroJSON reports whether omitzero leaves f, of the type declared (as the
// source wrote it, nil if not known), out: the IsZero method of the
// session's type says so (reflect shows none), or zeroJSON.
func (e *Evaluator) zeroJSON(f reflect.Value, declared ast.Expr) bool {
	name, _ := typeIdent(declared)
	m, ok := e.boxes.texts.method(name, "IsZero")
	if name == "" || !ok {
		return zeroJSON(f)
	}
	if f.Kind() == reflect.Pointer && f.IsNil() {
		return true
	}
	in := m.call.Type().In(0)
	if !f.Type().AssignableTo(in) && f.Kind() == reflect.Pointer && f.Elem().Type().AssignableTo(in) {
		f = f.Elem()
	}
	if !f.Type().AssignableTo(in) {
		return zeroJSON(f)
	}
	zero, _, ok := try(func() (bool, bool) { return m.call.Call([]reflect.Value{f})[0].Bool(), true })
	return ok && zero
}

// zeroJSON reports whether omitzero leaves f out: its IsZero method says
// so (time.Time's), or it is its type's zero value.
func zeroJSON(f reflect.Value) bool {
	if m := f.MethodByName("IsZero"); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 && m.Type().Out(0).Kind() == reflect.Bool {
		return m.Call(nil)[0].Bool()
	}
	return f.IsZero()
}

type member struct {
	key string
	val any
}

// orderedObject is a JSON object whose members keep their order.
type orderedObject []member

// promote adds an embedded struct's members, but for those a field of the
// outer struct (hidden, in Go's words) or an earlier member has.
func (o orderedObject) promote(inner orderedObject, hidden map[string]bool) orderedObject {
	have := map[string]bool{}
	for _, m := range o {
		have[m.key] = true
	}
	for _, m := range inner {
		if !have[m.key] && !hidden[m.key] {
			o = append(o, m)
		}
	}
	return o
}

// MarshalJSON writes the members in order. It escapes no HTML: the
// encoding that calls it escapes it, unless told not to
// (Encoder.SetEscapeHTML(false)).
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(m.key); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
		b.WriteByte(':')
		if err := enc.Encode(m.val); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// The session's types with MarshalJSON, MarshalText, UnmarshalJSON or
// UnmarshalText methods (type State int, written "running") are, to
// reflect and so to encoding/json, their underlying types, without those
// methods. Where the declaration of a struct of the session's shows a
// field to be of such a type, or a slice, array or map of one, the
// session's json calls the methods (kept by textMethods), as Go's does.

// convertDeclared is convert of v, of the declared type typ.
func (e *Evaluator) convertDeclared(v reflect.Value, typ ast.Expr) any {
	name, _ := typeIdent(typ)
	if name != "" {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return nil
		}
		if m, ok := e.boxes.texts.marshaler(name, v); ok {
			return m
		}
	}
	switch v.Kind() {
	case reflect.Struct:
		if layout, ok := e.layout(v.Type(), typ); ok {
			return e.object(v, layout)
		}
	case reflect.Pointer:
		if star, ok := typ.(*ast.StarExpr); ok && name == "" {
			if v.IsNil() {
				return nil
			}
			return e.convertDeclared(v.Elem(), star.X)
		}
	case reflect.Slice, reflect.Array:
		if elem := listElem(typ); elem != nil && (v.Kind() == reflect.Array || !v.IsNil()) && !(v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8) {
			out := make([]any, v.Len())
			for i := range out {
				out[i] = e.convertDeclared(v.Index(i), elem)
			}
			return out
		}
	case reflect.Map:
		if key, elem := mapTypes(typ); key != nil && !v.IsNil() {
			out := make(map[string]any, v.Len())
			for it := v.MapRange(); it.Next(); {
				k := mapKey(it.Key())
				if kn, _ := typeIdent(key); kn != "" && it.Key().Kind() != reflect.String { // a string's is itself
					if m, ok := e.boxes.texts.method(kn, "MarshalText"); ok && !m.ptr {
						if b, err := callMarshal(m, it.Key()); err == nil {
							k = string(b)
						}
					}
				}
				out[k] = e.convertDeclared(it.Value(), elem)
			}
			return out
		}
	}
	return e.convert(v)
}

// marshaler is v, of the session's type name (or a pointer to one), as
// json writes it by the type's MarshalJSON, else MarshalText, method; false
// if it has neither for v (the pointer receiver's for a value).
func (tm *textMethods) marshaler(name string, v reflect.Value) (marshaled, bool) {
	for _, method := range []string{"MarshalJSON", "MarshalText"} {
		if m, ok := tm.method(name, method); ok && (!m.ptr || v.Kind() == reflect.Pointer) {
			return marshaled{m, name, v}, true
		}
	}
	return marshaled{}, false
}

// marshaled is a value json writes by its type's (typ's) MarshalJSON or
// MarshalText method of the session's.
type marshaled struct {
	m   textMethod
	typ string
	v   reflect.Value
}

func (x marshaled) MarshalJSON() ([]byte, error) {
	b, err := callMarshal(x.m, x.v)
	if err != nil {
		return nil, methodError{x.m.name, x.typ, err}
	}
	if x.m.name == "MarshalJSON" {
		return b, nil
	}
	return json.Marshal(string(b))
}

// methodError is the error a Marshal method of the session's type typ
// returned, as encoding/json words it.
type methodError struct {
	method, typ string
	err         error
}

func (m methodError) Error() string {
	return "json: error calling " + m.method + " for type main." + m.typ + ": " + m.err.Error()
}

func (m methodError) Unwrap() error { return m.err }

// goMarshalError is err, encoding/json's error for a value the session
// handed it, with a Marshal method's error of the session's type as Go
// gives it, not wrapped in json's errors for opsh's values that held it.
func goMarshalError(err error) error {
	var m methodError
	if errors.As(err, &m) {
		return m
	}
	for {
		me, ok := err.(*json.MarshalerError)
		if !ok || me.Type != reflect.TypeFor[orderedObject]() {
			return err
		}
		err = me.Unwrap() // an error of a member's, not of opsh's object
	}
}

// callMarshal calls a Marshal method on v (or what v points to, for a
// method of the value receiver), turning a panic into an error.
func callMarshal(m textMethod, v reflect.Value) ([]byte, error) {
	in := m.call.Type().In(0)
	if v.Kind() == reflect.Pointer && !v.Type().AssignableTo(in) {
		v = v.Elem()
	}
	if !v.Type().AssignableTo(in) {
		return nil, fmt.Errorf("json: cannot call %s on a %s", m.name, v.Type())
	}
	out, err, ok := try(func() ([]byte, error) {
		r := m.call.Call([]reflect.Value{v})
		err, _ := r[1].Interface().(error)
		return r[0].Bytes(), err
	})
	if !ok {
		return nil, fmt.Errorf("json: %s panicked", m.name)
	}
	return out, err
}

// fillDeclared is fill of dst, of the declared type typ: by its type's
// UnmarshalJSON or UnmarshalText method of the session's, if it has one.
func (e *Evaluator) fillDeclared(raw []byte, dst reflect.Value, typ ast.Expr, opts sessionjson.DecodeOptions) error {
	name, ptr := typeIdent(typ)
	if name == "" {
		switch dst.Kind() {
		case reflect.Struct:
			if layout, ok := e.layout(dst.Type(), typ); ok {
				if isNull(raw) {
					return nil
				}
				return e.fillStruct(raw, dst, layout, opts)
			}
		case reflect.Pointer:
			if star, ok := typ.(*ast.StarExpr); ok {
				if isNull(raw) {
					dst.SetZero()
					return nil
				}
				if dst.IsNil() {
					dst.Set(reflect.New(dst.Type().Elem()))
				}
				return e.fillDeclared(raw, dst.Elem(), star.X, opts)
			}
		case reflect.Slice, reflect.Array:
			if elem := listElem(typ); elem != nil && e.unmarshals(elem) {
				return e.fillList(raw, dst, elem, opts)
			}
		case reflect.Map:
			if key, elem := mapTypes(typ); elem != nil && e.keyUnmarshaler(key) != nil {
				return e.fillMap(raw, dst, key, elem, opts)
			} else if elem != nil && e.unmarshals(elem) && jsonKeyKind(dst.Type().Key().Kind()) {
				return e.fillMap(raw, dst, nil, elem, opts)
			}
		}
		return e.fill(raw, dst, opts)
	}
	if !ptr && len(e.interfaceMethods(name, map[string]bool{})) > 0 {
		// an interface of the session's with methods, which encoding/json
		// cannot make a value of: Go's error, or nil for null
		if isNull(raw) {
			dst.SetZero()
			return nil
		}
		return &jsonMismatch{json.UnmarshalTypeError{Value: jsonKind(raw), Type: dst.Type()}, "main." + name}
	}
	m, isJSON := e.boxes.texts.method(name, "UnmarshalJSON")
	if !isJSON {
		var ok bool
		if m, ok = e.boxes.texts.method(name, "UnmarshalText"); !ok {
			return e.fill(raw, dst, opts)
		}
	}
	null := isNull(raw)
	if ptr {
		if null {
			dst.SetZero()
			return nil
		}
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		dst = dst.Elem()
	}
	data := raw
	if !isJSON {
		if null {
			return nil
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("json: cannot unmarshal %s into Go value of type main.%s", jsonKind(raw), name)
		}
		data = []byte(s)
	}
	_, err, ok := try(func() (any, error) {
		r := m.call.Call([]reflect.Value{dst.Addr(), reflect.ValueOf(data)})
		err, _ := r[0].Interface().(error)
		return nil, err
	})
	if !ok {
		return fmt.Errorf("json: %s of %s panicked", m.name, name)
	}
	return err
}

// unmarshals reports whether the type typ names, or its elements' do, has
// an Unmarshal method of the session's.
func (e *Evaluator) unmarshals(typ ast.Expr) bool {
	return len(typeNamesIn(typ, func(name string) bool {
		return e.boxes.texts.hasAny(name, "UnmarshalJSON", "UnmarshalText")
	})) > 0
}

// isNull reports whether raw is JSON's null.
func isNull(raw []byte) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// fillList is fillDeclared of a slice or an array of elements of type elem
// (nil: fill's).
func (e *Evaluator) fillList(raw []byte, dst reflect.Value, elem ast.Expr, opts sessionjson.DecodeOptions) error {
	if isNull(raw) {
		if dst.Kind() == reflect.Slice {
			dst.SetZero()
		}
		return nil
	}
	items, at, ok := arrayItems(raw)
	if !ok {
		return e.mismatch(raw, dst.Type())
	}
	if dst.Kind() == reflect.Slice {
		// As Go does: the elements the slice has are decoded into (a
		// field the JSON does not give keeps its value), and it grows
		// with those it holds copied.
		switch n := len(items); {
		case n == 0:
			dst.Set(reflect.MakeSlice(dst.Type(), 0, 0))
		case n > dst.Cap():
			grown := reflect.MakeSlice(dst.Type(), dst.Len(), n)
			reflect.Copy(grown, dst)
			dst.Set(grown)
		}
		dst.SetLen(len(items))
	}
	for i := 0; i < dst.Len(); i++ {
		if i >= len(items) {
			dst.Index(i).SetZero() // the rest of an array, as Go does
			continue
		}
		if err := e.fillDeclared(items[i], dst.Index(i), elem, opts); err != nil {
			if typeErr, ok := typeError(err); ok {
				typeErr.Offset += at[i] // in the whole document
			}
			return err
		}
	}
	return nil
}

// arrayItems are the elements of raw, a JSON array, and where each starts
// in it; false if raw is no array.
func arrayItems(raw []byte) (items []json.RawMessage, at []int64, ok bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.Token(); err != nil || tok != json.Delim('[') {
		return nil, nil, false
	}
	for d.More() {
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, nil, false
		}
		items, at = append(items, v), append(at, d.InputOffset()-int64(len(v)))
	}
	if _, err := d.Token(); err != nil {
		return nil, nil, false
	}
	return items, at, true
}

// keyUnmarshaler is the UnmarshalText method of the session's type key,
// which encoding/json decodes a map's keys of that type by; nil if it has
// none.
func (e *Evaluator) keyUnmarshaler(key ast.Expr) *textMethod {
	name, ptr := typeIdent(key)
	if name == "" || ptr {
		return nil
	}
	if m, ok := e.boxes.texts.method(name, "UnmarshalText"); ok {
		return &m
	}
	return nil
}

// jsonKeyKind reports whether encoding/json decodes an object's keys into
// map keys of the kind k: strings and integers.
func jsonKeyKind(k reflect.Kind) bool { return k == reflect.String || intKind(k) }

// mapKeyOf is the object key k as a map key of type t, of a kind
// jsonKeyKind takes: an integer read as Go reads it.
func mapKeyOf(k string, t reflect.Type) (reflect.Value, error) {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString(k)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(k, 10, 64)
		if err != nil || v.OverflowInt(n) {
			return v, &json.UnmarshalTypeError{Value: "number " + k, Type: t}
		}
		v.SetInt(n)
	default:
		n, err := strconv.ParseUint(k, 10, 64)
		if err != nil || v.OverflowUint(n) {
			return v, &json.UnmarshalTypeError{Value: "number " + k, Type: t}
		}
		v.SetUint(n)
	}
	return v, nil
}

// fillMap is fillDeclared of a map with values of type elem (nil: fill's)
// and string keys, or keys of the type key (nil: strings) with an
// UnmarshalText method of the session's.
func (e *Evaluator) fillMap(raw []byte, dst reflect.Value, key, elem ast.Expr, opts sessionjson.DecodeOptions) error {
	var items map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return e.mismatch(raw, dst.Type())
	}
	if items == nil {
		dst.SetZero()
		return nil
	}
	if dst.IsNil() {
		dst.Set(reflect.MakeMapWithSize(dst.Type(), len(items)))
	}
	unmarshalKey := e.keyUnmarshaler(key)
	for k, item := range items {
		v := reflect.New(dst.Type().Elem()).Elem()
		if err := e.fillDeclared(item, v, elem, opts); err != nil {
			return err
		}
		var kv reflect.Value
		if unmarshalKey != nil {
			p := reflect.New(dst.Type().Key())
			if !p.Type().AssignableTo(unmarshalKey.call.Type().In(0)) {
				return e.mismatch(raw, dst.Type())
			}
			err, _, ok := try(func() (error, bool) {
				err, _ := unmarshalKey.call.Call([]reflect.Value{p, reflect.ValueOf([]byte(k))})[0].Interface().(error)
				return err, true
			})
			if !ok {
				return fmt.Errorf("json: UnmarshalText panicked")
			}
			if err != nil {
				return err
			}
			kv = p.Elem()
		} else {
			var err error
			if kv, err = mapKeyOf(k, dst.Type().Key()); err != nil {
				return err
			}
		}
		dst.SetMapIndex(kv, v)
	}
	return nil
}
