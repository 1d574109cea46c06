package engine

import (
	"bytes"
	"fmt"
	"go/token"
	"io/fs"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/opsh/opsh/internal/display"
)

// Displayer is how a value chooses the way the session shows it (see
// internal/display, which builtins assert their types implement).
type Displayer = display.Displayer

// prettyPrinter pretty-prints values: type names on structs, sorted maps, one
// element a line when a value does not fit on one line.
type prettyPrinter struct {
	typeName func(reflect.Type) (string, bool)
	// fieldNames gives the names the user wrote for an interpreted
	// struct's fields (yaegi exports them all, b as Xb).
	fieldNames func(reflect.Type) []string
	// face is what a box of yaegi's (boxed.go) says through its value's
	// Error or String method, if it has one.
	face func(box reflect.Value) (string, bool)
	// field is what to show of a field of a struct of the session's
	// instead of its value, if anything (boxes.displayField).
	field func(v reflect.Value, i int) (reflect.Value, bool)
	// containers names the slice, array and map types reflect knows by
	// what they are made of ([]string) as the source declared the shown
	// variable (Hosts): ShownAs's, nil elsewhere.
	containers map[reflect.Type]string
	width      int
	maxElems   int
	seen       map[uintptr]bool
}

func newPrinter(typeName func(reflect.Type) (string, bool), fieldNames func(reflect.Type) []string) *prettyPrinter {
	return &prettyPrinter{typeName: typeName, fieldNames: fieldNames, width: 80, maxElems: 100}
}

var (
	displayerType = reflect.TypeOf((*Displayer)(nil)).Elem()
	stringerType  = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
	timeType      = reflect.TypeOf(time.Time{})
)

// Format shows a cell's value. At the top level a string with newlines is
// shown as its text, since that is what one wants to read (a command's
// output, a body); everywhere else strings are quoted.
func (p *prettyPrinter) Format(v reflect.Value) string {
	p.seen = map[uintptr]bool{}
	if v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.IsValid() && v.Kind() == reflect.String && strings.Contains(v.String(), "\n") {
		return strings.TrimSuffix(v.String(), "\n")
	}
	if v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 && multiLineText(v.Bytes()) {
		// the same of bytes: json.MarshalIndent's, a file read whole
		return strings.TrimSuffix(string(v.Bytes()), "\n")
	}
	if v.IsValid() && v.Type() != typedViewType && !isBox(v.Type()) {
		switch v.Kind() {
		case reflect.Slice, reflect.Map, reflect.Chan:
			if v.IsNil() {
				return p.typeString(v.Type()) + "(nil)" // of a type, as %#v says
			}
		case reflect.Pointer, reflect.Func:
			if v.IsNil() {
				return "(" + p.typeString(v.Type()) + ")(nil)"
			}
		}
	}
	return p.format(v, 0)
}

func (p *prettyPrinter) format(v reflect.Value, indent int) string {
	if !v.IsValid() {
		return "nil"
	}
	if v.Type() == typedViewType {
		return p.typedView(v.Interface().(typedView), indent)
	}
	if v.Kind() == reflect.Struct && isBox(v.Type()) {
		// Shown as a compiled value of its kind would be: by its method,
		// or as the value.
		inner := boxed(v)
		if p.face != nil && inner.IsValid() && showsItsString(inner.Type(), p.fieldNames) {
			if s, ok := p.face(v); ok {
				return s
			}
		}
		return p.format(inner, indent)
	}
	if inner, ok := yaegiWrappedValue(v); ok {
		// A value of the session's type held in an interface (var s
		// fmt.Stringer = Level(2)): yaegi's wrapper is shown as a compiled
		// value of the same kind would be, by its Error or String method,
		// or as the value it holds.
		if v.CanInterface() && showsItsString(inner.Type(), p.fieldNames) {
			if s, ok := p.methodText(v); ok {
				return s
			}
		}
		return p.format(inner, indent)
	}
	if s, ok := p.custom(v); ok {
		return s
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return "nil"
		}
		return p.format(v.Elem(), indent)
	case reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		if p.seen[v.Pointer()] {
			return "&" + p.name(v.Type().Elem()) + "{…}"
		}
		p.seen[v.Pointer()] = true
		defer delete(p.seen, v.Pointer())
		return "&" + p.format(v.Elem(), indent)
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Struct:
		return p.structValue(v, indent)
	case reflect.Map:
		return p.mapValue(v, indent)
	case reflect.Slice:
		if v.IsNil() {
			return "nil"
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return p.bytes(v)
		}
		return p.list(v, indent)
	case reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return p.digest(v)
		}
		return p.list(v, indent)
	case reflect.Func:
		if v.IsNil() {
			return "nil"
		}
		return v.Type().String()
	case reflect.Chan:
		if v.IsNil() {
			return "nil"
		}
		return fmt.Sprintf("%s (len %d, cap %d)", v.Type(), v.Len(), v.Cap())
	}
	if v.CanInterface() {
		return fmt.Sprint(v.Interface())
	}
	return v.String()
}

// custom uses a value's own way to show itself: Display, then errors, then
// String for types that are not plain data (time.Time, net.IP, big.Int).
func (p *prettyPrinter) custom(v reflect.Value) (string, bool) {
	if !v.CanInterface() {
		return "", false
	}
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return "", false
	}
	t := v.Type()
	if t.Implements(displayerType) {
		return safeCall(func() string { return v.Interface().(Displayer).Display() })
	}
	if v.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(displayerType) && v.CanAddr() {
		return safeCall(func() string { return v.Addr().Interface().(Displayer).Display() })
	}
	if t.Implements(errorType) {
		return p.methodText(v)
	}
	switch x := v.Interface().(type) {
	case time.Time:
		return x.Round(0).String(), true // no monotonic clock reading
	case fs.FileInfo:
		return fmt.Sprintf("%s %10d %s %s", x.Mode(), x.Size(), x.ModTime().Round(0).Format("2006-01-02 15:04:05"), x.Name()), true
	case fs.DirEntry:
		if x.IsDir() {
			return x.Name() + "/", true // as ls -F
		}
		return x.Name(), true
	}
	if pkgPath(t) != "" && showsItsString(t, nil) {
		if t.Implements(stringerType) {
			return p.methodText(v)
		}
		if v.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(stringerType) {
			return p.methodText(addressable(v)) // a bytes.Buffer, a strings.Builder
		}
	}
	return "", false
}

// addressable is v, or a pointer to a copy of it where v is not
// addressable, so that the methods of *T can be called on a T.
func addressable(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return v.Addr()
	}
	c := reflect.New(v.Type())
	c.Elem().Set(v)
	return c
}

// methodText is what v's Error, else String, method says.
func (p *prettyPrinter) methodText(v reflect.Value) (string, bool) {
	switch x := v.Interface().(type) {
	case error:
		return safeCall(x.Error)
	case fmt.Stringer:
		return safeCall(x.String)
	}
	return "", false
}

// showsItsString reports whether a value of type t is shown by its String
// method, if it has one: not a struct with exported fields (or a pointer
// to one), whose fields say more, but time.Time.
func showsItsString(t reflect.Type, fieldNames func(reflect.Type) []string) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() != reflect.Struct || !hasExportedFields(t, fieldNames) || t == timeType
}

// pkgPath is the package of the named type t, or of the one t points to.
func pkgPath(t reflect.Type) string {
	if t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	return t.PkgPath()
}

func safeCall(f func() string) (s string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			s, ok = fmt.Sprintf("(display panicked: %v)", r), true
		}
	}()
	return f(), true
}

// hasExportedFields reports whether the struct type t has exported
// fields: by the names the session's declaration gave them, where
// fieldNames knows it (yaegi exports every field, host as Xhost), else by
// reflect's.
func hasExportedFields(t reflect.Type, fieldNames func(reflect.Type) []string) bool {
	if fieldNames != nil {
		if names := fieldNames(t); len(names) == t.NumField() {
			for _, n := range names {
				if token.IsExported(n) {
					return true
				}
			}
			return false
		}
	}
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

// name is how a type is written: the user's name for interpreted types.
func (p *prettyPrinter) name(t reflect.Type) string {
	if p.typeName != nil {
		if n, ok := p.typeName(t); ok {
			return n
		}
	}
	if t.Name() == "" && t.Kind() == reflect.Struct {
		return p.structType(t)
	}
	return t.String()
}

// structType is the struct type of no name t as Go writes it, its fields'
// names as the source gave them (yaegi's Xname is name).
func (p *prettyPrinter) structType(t reflect.Type) string {
	if t.NumField() == 0 {
		return "struct{}"
	}
	fields := make([]string, t.NumField())
	for i := range fields {
		f := t.Field(i)
		name, _ := yaegiUnexported(f.Name)
		if f.Anonymous {
			fields[i] = p.typeString(f.Type)
		} else {
			fields[i] = name + " " + p.typeString(f.Type)
		}
	}
	return "struct{ " + strings.Join(fields, "; ") + " }"
}

func (p *prettyPrinter) structValue(v reflect.Value, indent int) string {
	t := v.Type()
	var names []string
	if p.fieldNames != nil {
		names = p.fieldNames(t)
	}
	var fields []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Type == markTypeOf {
			continue
		}
		name, _ := yaegiUnexported(f.Name)
		if names != nil {
			name = names[i]
		}
		fv := v.Field(i)
		if p.field != nil {
			if shown, ok := p.field(v, i); ok {
				fv = shown
			}
		}
		fields = append(fields, name+": "+p.format(fv, indent+1))
	}
	return p.compose(p.name(t)+"{", fields, "}", indent)
}

func (p *prettyPrinter) mapValue(v reflect.Value, indent int) string {
	if v.IsNil() {
		return "nil"
	}
	keys := sortedKeys(v)
	var elems []string
	for i, k := range keys {
		if i == p.maxElems {
			elems = append(elems, fmt.Sprintf("… (%d more)", len(keys)-i))
			break
		}
		elems = append(elems, p.format(k, indent+1)+": "+p.format(v.MapIndex(k), indent+1))
	}
	return p.compose(p.typeString(v.Type())+"{", elems, "}", indent)
}

// typedView shows a container of values shown by their methods (boxed.go),
// a map's entries in the order of their keys.
func (p *prettyPrinter) typedView(tv typedView, indent int) string {
	order := make([]int, len(tv.elems))
	for i := range order {
		order[i] = i
	}
	if tv.keys != nil {
		sort.Slice(order, func(i, j int) bool { return lessValue(tv.sortKeys[order[i]], tv.sortKeys[order[j]]) })
	}
	var elems []string
	for n, i := range order {
		if n == p.maxElems {
			elems = append(elems, fmt.Sprintf("… (%d more)", len(order)-n))
			break
		}
		s := p.format(tv.elems[i], indent+1)
		if tv.keys != nil {
			s = p.format(tv.keys[i], indent+1) + ": " + s
		}
		elems = append(elems, s)
	}
	typ := tv.typ
	if tv.value.IsValid() && p.containers[tv.value.Type()] != "" {
		typ = p.containers[tv.value.Type()] // Levels, not []Level
	}
	return p.compose(typ+"{", elems, "}", indent)
}

func (p *prettyPrinter) list(v reflect.Value, indent int) string {
	var elems []string
	for i := 0; i < v.Len(); i++ {
		if i == p.maxElems {
			elems = append(elems, fmt.Sprintf("… (%d more)", v.Len()-i))
			break
		}
		elems = append(elems, p.format(v.Index(i), indent+1))
	}
	return p.compose(p.typeString(v.Type())+"{", elems, "}", indent)
}

// multiLineText reports whether b is text of several lines: UTF-8 with a
// newline, and no control characters but newlines and tabs.
func multiLineText(b []byte) bool {
	if !bytes.Contains(b, []byte("\n")) || !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// typeString writes composite types with the user's names for elements.
func (p *prettyPrinter) typeString(t reflect.Type) string {
	return composeType(t, func(t reflect.Type) (string, bool) {
		if t.Kind() == reflect.Interface && t.NumMethod() == 0 && t.Name() == "" {
			return "any", true
		}
		if n := p.containers[t]; n != "" {
			return n, true
		}
		return p.name(t), false
	})
}

// composeType writes t as Go source: a slice, array, map or pointer type
// from the types it is made of, each written by name, unless name says
// it is the whole of it (stop), and any other type by name.
func composeType(t reflect.Type, name func(reflect.Type) (s string, stop bool)) string {
	s, stop := name(t)
	if stop {
		return s
	}
	switch t.Kind() {
	case reflect.Slice:
		return "[]" + composeType(t.Elem(), name)
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), composeType(t.Elem(), name))
	case reflect.Map:
		return "map[" + composeType(t.Key(), name) + "]" + composeType(t.Elem(), name)
	case reflect.Pointer:
		return "*" + composeType(t.Elem(), name)
	}
	return s
}

func (p *prettyPrinter) bytes(v reflect.Value) string {
	b := v.Bytes()
	if utf8.Valid(b) {
		s := string(b)
		if len(s) > 4096 {
			return fmt.Sprintf("[]byte(%s…) (%d bytes)", strconv.Quote(s[:4096]), len(b))
		}
		return "[]byte(" + strconv.Quote(s) + ")"
	}
	var sb strings.Builder
	sb.WriteString("[]byte{")
	for i, c := range b {
		if i == 64 {
			fmt.Fprintf(&sb, ", … (%d bytes)", len(b))
			break
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "0x%02x", c)
	}
	sb.WriteString("}")
	return sb.String()
}

// digest shows a byte array (a hash sum) as hex, as sha256sum does.
func (p *prettyPrinter) digest(v reflect.Value) string {
	b := make([]byte, v.Len())
	reflect.Copy(reflect.ValueOf(b), v)
	return fmt.Sprintf("[%d]byte %x", len(b), b)
}

// compose puts elements on one line when they fit, else one a line.
func (p *prettyPrinter) compose(open string, elems []string, close string, indent int) string {
	one := open + strings.Join(elems, ", ") + close
	if len(one)+2*indent <= p.width && !strings.Contains(one, "\n") {
		return one
	}
	pad := strings.Repeat("  ", indent+1)
	var b strings.Builder
	b.WriteString(open)
	b.WriteString("\n")
	for _, e := range elems {
		b.WriteString(pad)
		b.WriteString(e)
		b.WriteString(",\n")
	}
	b.WriteString(strings.Repeat("  ", indent))
	b.WriteString(close)
	return b.String()
}

// sortedKeys are the keys of the map v in the order its entries are
// shown, by the display and by fmt.
func sortedKeys(v reflect.Value) []reflect.Value {
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return lessValue(keys[i], keys[j]) })
	return keys
}

func lessValue(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.String:
		return a.String() < b.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() < b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() < b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() < b.Float()
	}
	return fmt.Sprint(a) < fmt.Sprint(b)
}
