package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	t.rebind(pkg, "Marshal", func(v any) ([]byte, error) { return json.Marshal(e.jsonValue(v)) })
	t.rebind(pkg, "MarshalIndent", func(v any, prefix, ind string) ([]byte, error) {
		return json.MarshalIndent(e.jsonValue(v), prefix, ind)
	})
	t.rebind(pkg, "Unmarshal", func(data []byte, v any) error { return e.jsonDecode(data, v, sessionjson.DecodeOptions{}) })
	t.rebind(pkg, "Encoder", (*sessionjson.Encoder)(nil))
	t.rebind(pkg, "NewEncoder", func(w io.Writer) *sessionjson.Encoder { return sessionjson.NewEncoder(w, e.jsonValue) })
	t.rebind(pkg, "Decoder", (*sessionjson.Decoder)(nil))
	t.rebind(pkg, "NewDecoder", func(r io.Reader) *sessionjson.Decoder {
		return sessionjson.NewDecoder(r, e.decodesItself, e.jsonDecode)
	})
}

// decodesItself reports whether v, the pointer given to a decoding, leads
// to a struct of the session.
func (e *Evaluator) decodesItself(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Type().Elem().Kind() != reflect.Interface &&
		e.holdsUserStruct(rv.Type().Elem(), map[reflect.Type]bool{})
}

// jsonDecode decodes data into v as Go would were the session's structs
// compiled.
func (e *Evaluator) jsonDecode(data []byte, v any, opts sessionjson.DecodeOptions) error {
	if !e.decodesItself(v) || !json.Valid(data) {
		return decodeLeaf(data, v, opts) // and encoding/json's error for bad JSON
	}
	return e.fill(data, reflect.ValueOf(v).Elem(), opts)
}

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
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
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
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return e.mismatch(raw, t)
		}
		if t.Kind() == reflect.Slice {
			dst.Set(reflect.MakeSlice(t, len(items), len(items)))
		}
		for i := 0; i < dst.Len(); i++ {
			if i >= len(items) {
				dst.Index(i).SetZero() // the rest of an array, as Go does
				continue
			}
			if err := e.fill(items[i], dst.Index(i), opts); err != nil {
				return err
			}
		}
	case reflect.Map:
		var items map[string]json.RawMessage
		if t.Key().Kind() != reflect.String || json.Unmarshal(raw, &items) != nil {
			return e.mismatch(raw, t)
		}
		if dst.IsNil() {
			dst.Set(reflect.MakeMapWithSize(t, len(items)))
		}
		for k, item := range items {
			v := reflect.New(t.Elem()).Elem()
			if err := e.fill(item, v, opts); err != nil {
				return err
			}
			dst.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), v)
		}
	case reflect.Struct:
		if _, ok := e.fields[t]; !ok {
			return decodeLeaf(raw, dst.Addr().Interface(), opts)
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(raw, &members); err != nil {
			return e.mismatch(raw, t)
		}
		keys := e.jsonKeys(t, func() reflect.Value { return dst })
		for k, item := range members {
			field, ok := findKey(keys, k)
			if !ok {
				if opts.DisallowUnknownFields {
					return fmt.Errorf("json: unknown field %q", k)
				}
				continue
			}
			if err := e.fill(item, field(), opts); err != nil {
				return err
			}
		}
	default:
		return decodeLeaf(raw, dst.Addr().Interface(), opts)
	}
	return nil
}

// mismatch is encoding/json's error for a JSON value of the wrong kind.
func (e *Evaluator) mismatch(raw []byte, t reflect.Type) error {
	kind := "value"
	switch b := bytes.TrimSpace(raw); {
	case len(b) == 0:
	case b[0] == '{':
		kind = "object"
	case b[0] == '[':
		kind = "array"
	case b[0] == '"':
		kind = "string"
	case b[0] == 't' || b[0] == 'f':
		kind = "bool"
	default:
		kind = "number"
	}
	name := t.String()
	if n, ok := e.TypeName(t); ok {
		name = n
	}
	return fmt.Errorf("json: cannot unmarshal %s into Go value of type %s", kind, name)
}

// A jsonKey is a key of a session's struct and the field it fills.
type jsonKey struct {
	key   string
	field func() reflect.Value
}

// jsonKeys are the keys of the session's struct type t, laid out as object
// does: its own fields', then those of its embedded structs that its own
// do not hide. get gives the struct's value; an embedded pointer is made
// only when one of its keys is filled.
func (e *Evaluator) jsonKeys(t reflect.Type, get func() reflect.Value) []jsonKey {
	names, embedded := e.fields[t], e.embedded[t]
	var own, promoted []jsonKey
	for i := 0; i < t.NumField() && i < len(names); i++ {
		f := t.Field(i)
		key, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if key == "-" && opts == "" {
			continue
		}
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
			if _, ok := e.fields[inner]; ok {
				promoted = append(promoted, e.jsonKeys(inner, field)...)
				continue
			}
		}
		if !isExported(names[i]) {
			continue
		}
		if key == "" {
			key = names[i]
		}
		own = append(own, jsonKey{key, field})
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

// findKey finds the field a JSON key fills: the key exactly, else the key
// in another case, as encoding/json matches them.
func findKey(keys []jsonKey, key string) (func() reflect.Value, bool) {
	for _, k := range keys {
		if k.key == key {
			return k.field, true
		}
	}
	for _, k := range keys {
		if strings.EqualFold(k.key, key) {
			return k.field, true
		}
	}
	return nil, false
}

// jsonValue is v with the session's structs turned into ordered objects.
func (e *Evaluator) jsonValue(v any) any {
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
		return e.convert(v.Elem())
	case reflect.Struct:
		if _, ok := e.fields[v.Type()]; ok {
			return e.object(v)
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

// object lays out a struct of the session as the compiler would have.
func (e *Evaluator) object(v reflect.Value) orderedObject {
	t := v.Type()
	names, embedded := e.fields[t], e.embedded[t]
	outer := map[string]bool{} // the struct's own keys hide promoted ones
	for i := 0; i < t.NumField(); i++ {
		if key, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); key != "" && key != "-" {
			outer[key] = true
		} else if !(i < len(embedded) && embedded[i]) {
			outer[names[i]] = true
		}
	}
	var obj orderedObject
	for i := 0; i < t.NumField(); i++ {
		name, emb := names[i], i < len(embedded) && embedded[i]
		tag := t.Field(i).Tag.Get("json")
		key, opts, _ := strings.Cut(tag, ",")
		if key == "-" && opts == "" {
			continue
		}
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
		if strings.Contains(","+opts+",", ",omitempty,") && f.IsZero() {
			continue
		}
		val := e.convert(f)
		if strings.Contains(","+opts+",", ",string,") {
			if b, err := json.Marshal(val); err == nil {
				val = string(b)
			}
		}
		obj = append(obj, member{key, val})
	}
	return obj
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

// MarshalJSON writes the members in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.val)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
