package goref

import (
	"go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestRenameTypes renames the references to a type and leaves the names
// that only look like it: a field, a selector, a key, a method, a label.
func TestRenameTypes(t *testing.T) {
	const src = `package p

type Host struct {
	Host string
	Next *Host
}

func (h Host) Host() Host { return Host{Host: h.Host} }

func f(hs []Host) map[string]Host {
Host:
	for range hs {
		break Host
	}
	return map[string]Host{}
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	RenameTypes(f, map[string]string{"Host": "Host2"})
	var b strings.Builder
	if err := format.Node(&b, fset, f); err != nil {
		t.Fatal(err)
	}
	want := `package p

type Host2 struct {
	Host string
	Next *Host2
}

func (h Host2) Host() Host2 { return Host2{Host: h.Host} }

func f(hs []Host2) map[string]Host2 {
Host:
	for range hs {
		break Host
	}
	return map[string]Host2{}
}
`
	if got := b.String(); got != want {
		t.Errorf("renamed:\n%s\nwant:\n%s", got, want)
	}
}
