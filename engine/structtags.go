package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
)

// Two struct types the session declares with the same fields are one
// reflect type to yaegi v0.16.1 (reflect.StructOf makes one type of the
// same fields), so a value of one was taken for the other: v.(A) held a B,
// and fmt called neither's String in a []any or a map[string]any. A
// field's tag is part of a struct type's identity, and nothing but reflect
// shows it, so tagLookalikes gives the first field of a struct type that
// has the fields of one declared before a tag of its own, opsh:"Host"
// (Host#2 for its second definition). Only those: a tag also sets a type
// apart from a struct literal's of the same fields, which Go lets one
// assign (var h Host = struct{ Name string }{"x"}). A generic struct
// type is always tagged: an instance (Box[int]) may have the fields of a
// struct type declared before or after it, and the tag also names the
// instance's type for fmt (instanceName). The session's
// definitions (Evaluator.typeDecls) are kept without it (untagged), and
// messages drop it (userNames).
//
// A struct type without fields has no field to tag: every one was
// struct{} to yaegi, so v.(S) of a D{} held an S, and an assertion to
// fmt.Stringer of an S{} with String failed. tagLookalikes gives each a
// blank field of no size with the tag (emptyMark), which fmt and the
// display print as nothing.
const structTagKey = "opsh"

// tagLookalikes tags the struct types node declares that have the fields
// of a struct type the session (sameStruct) or node declared before.
func (rw *rewriter) tagLookalikes(node ast.Node) {
	seen := map[string]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok || st.Fields == nil {
			return true
		}
		if len(st.Fields.List) == 0 {
			if ts.TypeParams == nil {
				st.Fields.List = []*ast.Field{emptyMark(ts.Name.Name, st.Fields.Closing)}
			}
			return true
		}
		def := exprString(nil, st)
		first := !seen[def] && (rw.sameStruct == nil || !rw.sameStruct(ts.Name.Name, def))
		seen[def] = true
		if first && ts.TypeParams == nil {
			return true
		}
		name := userTypeName(ts.Name.Name)
		if m := versionedName.FindStringSubmatch(ts.Name.Name); m != nil && m[0] == ts.Name.Name {
			name += "#" + m[1]
		}
		field := st.Fields.List[0] // a, b int: both have it
		tag := fmt.Sprintf("%s:%q", structTagKey, name)
		if field.Tag != nil {
			if old, err := strconv.Unquote(field.Tag.Value); err == nil && old != "" {
				tag = old + " " + tag
			}
		}
		field.Tag = &ast.BasicLit{ValuePos: field.Type.End(), Kind: token.STRING, Value: strconv.Quote(tag)}
		return true
	})
}

// emptyMark is the field that sets the empty struct type name apart:
// blank, of no size, printed as nothing (markType), and tagged with the
// name.
func emptyMark(name string, at token.Pos) *ast.Field {
	return &ast.Field{
		Names: []*ast.Ident{{NamePos: at, Name: "_"}},
		Type:  &ast.SelectorExpr{X: &ast.Ident{NamePos: at, Name: "_opshrt"}, Sel: ast.NewIdent("EmptyMark")},
		Tag:   &ast.BasicLit{ValuePos: at, Kind: token.STRING, Value: strconv.Quote(fmt.Sprintf("%s:%q", structTagKey, userTypeName(name)))},
	}
}

// untagged is the struct type t without the tag tagLookalikes gave it: a
// copy, if it had one.
func untagged(t ast.Expr) ast.Expr {
	st, ok := t.(*ast.StructType)
	if !ok || st.Fields == nil || len(st.Fields.List) == 0 || st.Fields.List[0].Tag == nil {
		return t
	}
	if len(st.Fields.List) == 1 && isEmptyMark(st.Fields.List[0]) {
		return &ast.StructType{Struct: st.Struct, Fields: &ast.FieldList{Opening: st.Fields.Opening, Closing: st.Fields.Closing}}
	}
	tag, err := strconv.Unquote(st.Fields.List[0].Tag.Value)
	key := structTagKey + ":"
	at := strings.LastIndex(tag, key)
	if err != nil || at < 0 {
		return t
	}
	first := *st.Fields.List[0]
	if rest := strings.TrimSpace(tag[:at]); rest != "" {
		first.Tag = &ast.BasicLit{Kind: token.STRING, Value: "`" + rest + "`"}
		if strings.Contains(rest, "`") {
			first.Tag.Value = strconv.Quote(rest)
		}
	} else {
		first.Tag = nil
	}
	fields := append([]*ast.Field{&first}, st.Fields.List[1:]...)
	return &ast.StructType{Struct: st.Struct, Fields: &ast.FieldList{Opening: st.Fields.Opening, List: fields, Closing: st.Fields.Closing}}
}

// untaggedText is msg without the tags tagLookalikes gave struct types, which
// reflect writes in a type's string.
func untaggedText(msg string) string {
	if !strings.Contains(msg, structTagKey+`:\"`) {
		return msg
	}
	return structTagText.ReplaceAllString(msg, "")
}

// structTagText matches the tag in a message's struct type (reflect's
// String of it): alone, "opsh:\"Host\"", or after other keys.
var structTagText = lazyre.New(` ?"` + structTagKey + `:\\"[^"\\]*\\""|` + ` ` + structTagKey + `:\\"[^"\\]*\\"`)

// sameStruct reports whether the session declared a struct type other than
// name with the definition def.
func (e *Evaluator) sameStruct(name, def string) bool {
	for other, d := range e.typeDecls {
		if d == def && other != name {
			return true
		}
	}
	return false
}

// spellDefinedTypes writes the definition of each type defined by another
// of the session's types, type plain Config, as that type's, type plain
// struct{ … }: to yaegi v0.16.1 the new type had the methods of the other
// (plain(c) printed through Config's String, and the json idiom of a
// MarshalJSON that marshals its value as a local type plain Config,
// without the method, called itself until the stack overflowed). A type
// spelled out has no methods but its own. A struct type is then tagged as
// any struct type of the same fields (tagLookalikes).
func (rw *rewriter) spellDefinedTypes(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Assign.IsValid() || ts.TypeParams != nil {
			return true
		}
		if def := rw.definition(ts.Type, 0); def != nil {
			ts.Type = cloneExpr(def)
			if rw.types != nil {
				rw.types[ts.Name.Name] = ts.Type
			}
		}
		return true
	})
}

// definition is what the type t, a name of the session's types, is
// defined by, following names: a type literal (struct{ … },
// map[string]string) or a predeclared type; nil if t is no such name.
func (rw *rewriter) definition(t ast.Expr, depth int) ast.Expr {
	id, ok := t.(*ast.Ident)
	if !ok || depth > 8 || predeclaredTypes[id.Name] && !rw.declared[id.Name] {
		return nil
	}
	def, ok := rw.typeDef(id.Name)
	if !ok {
		return nil
	}
	if next, named := def.(*ast.Ident); named {
		if predeclaredTypes[next.Name] && !rw.declared[next.Name] {
			return next
		}
		return rw.definition(next, depth+1)
	}
	if _, generic := def.(*ast.IndexExpr); generic {
		return nil
	}
	if _, generic := def.(*ast.IndexListExpr); generic {
		return nil
	}
	if _, compiled := def.(*ast.SelectorExpr); compiled {
		return nil
	}
	return def
}

// isEmptyMark reports whether f is the field emptyMark gives.
func isEmptyMark(f *ast.Field) bool {
	sel, ok := f.Type.(*ast.SelectorExpr)
	return ok && isIdent(sel.X, "_opshrt") && sel.Sel.Name == "EmptyMark"
}

// markType is the type of the field emptyMark gives an empty struct type:
// of no size, and printed as nothing, so that fmt prints the struct as
// {}.
type markType [0]byte

func (markType) String() string   { return "" }
func (markType) GoString() string { return "" }

var markTypeOf = reflect.TypeFor[markType]()
