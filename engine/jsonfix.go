package engine

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// yaegi builds the session's struct types with reflect, which cannot make
// an unexported field (it becomes Xname) nor an embedded one. Given such a
// value, encoding/json writes "Xname" and nests what Go would promote. The
// session's json.Marshal and json.MarshalIndent therefore first turn the
// session's structs into what the compiler would have made of them: the
// fields as declared, unexported ones left out, embedded structs' fields
// promoted, tags honoured.

// bindJSON replaces json.Marshal and json.MarshalIndent in the session's
// tables, keeping the interface wrappers yaegi passes them (a type of the
// session with a MarshalJSON method).
func (e *Evaluator) bindJSON(t *sessionTables) {
	t.rebind("encoding/json/json", "Marshal", func(v any) ([]byte, error) { return json.Marshal(e.jsonValue(v)) })
	t.rebind("encoding/json/json", "MarshalIndent", func(v any, prefix, ind string) ([]byte, error) {
		return json.MarshalIndent(e.jsonValue(v), prefix, ind)
	})
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
