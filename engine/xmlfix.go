package engine

import (
	"bytes"
	"encoding/xml"
	"reflect"
)

// encoding/xml names the element of a struct by the struct's type where
// neither an XMLName field nor the field holding it names it. The
// session's struct types have no name to reflect, and xml.Marshal(Port{22})
// failed with "xml: unsupported type: struct { Num int … }". bindXML has
// the session's xml.Marshal and xml.MarshalIndent give such a struct (or a
// pointer to one, or each of a slice or an array of them) its type's name
// as the element's, as Go's do.
func bindXML(t *sessionTables, b *boxes) {
	t.rebind("encoding/xml/xml", "Marshal", func(v any) ([]byte, error) { return b.xmlMarshal(v, "", "") })
	t.rebind("encoding/xml/xml", "MarshalIndent", func(v any, prefix, indent string) ([]byte, error) {
		return b.xmlMarshal(v, prefix, indent)
	})
}

// xmlMarshal is xml.MarshalIndent of v, its structs of the session's
// named.
func (b *boxes) xmlMarshal(v any, prefix, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent(prefix, indent)
	if err := b.xmlEncode(enc, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// xmlEncode encodes v, giving a struct of the session's its type's name.
func (b *boxes) xmlEncode(enc *xml.Encoder, v reflect.Value) error {
	if !v.IsValid() || !v.CanInterface() {
		return enc.Encode(nil)
	}
	x := v
	for x.Kind() == reflect.Pointer || x.Kind() == reflect.Interface {
		if x.IsNil() {
			return enc.Encode(v.Interface())
		}
		x = x.Elem()
	}
	switch x.Kind() {
	case reflect.Slice, reflect.Array:
		if x.Type().Elem().Kind() == reflect.Uint8 {
			break // bytes are text
		}
		for i := range x.Len() {
			if err := b.xmlEncode(enc, x.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Struct:
		if name, ok := b.xmlName(x); ok {
			return enc.EncodeElement(v.Interface(), xml.StartElement{Name: xml.Name{Local: name}})
		}
	}
	return enc.Encode(v.Interface())
}

// xmlName is the name of the session's struct type of v, where nothing
// else names its element: no XMLName field with a tag or a name.
func (b *boxes) xmlName(v reflect.Value) (string, bool) {
	t := v.Type()
	if t.Name() != "" || b.typeName == nil {
		return "", false
	}
	if f, ok := t.FieldByName("XMLName"); ok && f.Type == reflect.TypeFor[xml.Name]() {
		if f.Tag.Get("xml") != "" || v.FieldByIndex(f.Index).Interface().(xml.Name).Local != "" {
			return "", false
		}
	}
	name, ok := b.typeName(t)
	return userTypeName(name), ok
}
