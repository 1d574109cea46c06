package engine

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// typeSource writes a type the interpreter gave at run time as Go source
// that names it in the session: compiled types by their package's name in
// the session (importing the package if the session has not), the user's
// own struct types by the name they were declared with. It is how a
// top-level variable whose type yaegi cannot infer is declared with an
// explicit type (see define).
type typeSource struct {
	// pkgName returns the name a package is known by in the session,
	// importing it if needed; false if it cannot be named.
	pkgName func(path string) (string, bool)
	// userType returns the name the user gave an interpreted type.
	userType func(t reflect.Type) (string, bool)
}

// errUnnamed is why a type cannot be written as source.
type errUnnamed struct{ t reflect.Type }

func (e errUnnamed) Error() string {
	return fmt.Sprintf("the type %s cannot be named in a declaration", e.t)
}

// write returns t as Go source.
func (ts typeSource) write(t reflect.Type) (string, error) {
	var b strings.Builder
	if err := ts.writeTo(&b, t); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (ts typeSource) writeTo(b *strings.Builder, t reflect.Type) error {
	if name, ok := ts.userType(t); ok {
		b.WriteString(name)
		return nil
	}
	if t.Name() != "" {
		return ts.named(b, t)
	}
	switch t.Kind() {
	case reflect.Pointer:
		b.WriteString("*")
		return ts.writeTo(b, t.Elem())
	case reflect.Slice:
		b.WriteString("[]")
		return ts.writeTo(b, t.Elem())
	case reflect.Array:
		b.WriteString("[" + strconv.Itoa(t.Len()) + "]")
		return ts.writeTo(b, t.Elem())
	case reflect.Map:
		b.WriteString("map[")
		if err := ts.writeTo(b, t.Key()); err != nil {
			return err
		}
		b.WriteString("]")
		return ts.writeTo(b, t.Elem())
	case reflect.Chan:
		switch t.ChanDir() {
		case reflect.RecvDir:
			b.WriteString("<-chan ")
		case reflect.SendDir:
			b.WriteString("chan<- ")
		default:
			b.WriteString("chan ")
			if t.Elem().Kind() == reflect.Chan && t.Elem().ChanDir() == reflect.RecvDir {
				b.WriteString("(")
				defer b.WriteString(")")
			}
		}
		return ts.writeTo(b, t.Elem())
	case reflect.Func:
		b.WriteString("func")
		return ts.signature(b, t)
	case reflect.Interface:
		return ts.iface(b, t)
	case reflect.Struct:
		return ts.structType(b, t)
	}
	return errUnnamed{t}
}

// named writes a named type: a predeclared one, or pkg.Name.
func (ts typeSource) named(b *strings.Builder, t reflect.Type) error {
	if t.PkgPath() == "" {
		b.WriteString(t.Name())
		return nil
	}
	if !isExported(t.Name()) || strings.Contains(t.Name(), "[") {
		return errUnnamed{t}
	}
	pkg, ok := ts.pkgName(t.PkgPath())
	if !ok {
		return errUnnamed{t}
	}
	b.WriteString(pkg + "." + t.Name())
	return nil
}

func (ts typeSource) signature(b *strings.Builder, t reflect.Type) error {
	b.WriteString("(")
	for i := 0; i < t.NumIn(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		in := t.In(i)
		if t.IsVariadic() && i == t.NumIn()-1 {
			b.WriteString("...")
			in = in.Elem()
		}
		if err := ts.writeTo(b, in); err != nil {
			return err
		}
	}
	b.WriteString(")")
	switch t.NumOut() {
	case 0:
		return nil
	case 1:
		b.WriteString(" ")
		return ts.writeTo(b, t.Out(0))
	}
	b.WriteString(" (")
	for i := 0; i < t.NumOut(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := ts.writeTo(b, t.Out(i)); err != nil {
			return err
		}
	}
	b.WriteString(")")
	return nil
}

func (ts typeSource) iface(b *strings.Builder, t reflect.Type) error {
	if t.NumMethod() == 0 {
		b.WriteString("interface{}")
		return nil
	}
	b.WriteString("interface{ ")
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		if !m.IsExported() {
			return errUnnamed{t}
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(m.Name)
		if err := ts.signature(b, m.Type); err != nil {
			return err
		}
	}
	b.WriteString(" }")
	return nil
}

func (ts typeSource) structType(b *strings.Builder, t reflect.Type) error {
	b.WriteString("struct{")
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			return errUnnamed{t}
		}
		if i > 0 {
			b.WriteString(";")
		}
		b.WriteString(" ")
		if !f.Anonymous {
			b.WriteString(f.Name + " ")
		}
		if err := ts.writeTo(b, f.Type); err != nil {
			return err
		}
		if f.Tag != "" {
			b.WriteString(" " + strconv.Quote(string(f.Tag)))
		}
	}
	b.WriteString(" }")
	return nil
}

func isExported(name string) bool {
	return name != "" && strings.ToUpper(name[:1]) == name[:1] && name[0] != '_'
}
