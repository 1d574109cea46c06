package resolve_test

import (
	"testing"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	"github.com/opsh/opsh/builtins/all"
	"github.com/opsh/opsh/internal/resolve"
)

func TestLookup(t *testing.T) {
	x := resolve.New(all.Symbols, stdlib.Symbols, unrestricted.Symbols)
	for _, tc := range []struct{ name, want string }{
		{"template", "text/template"},
		{"rand", "math/rand"},
		{"json", "encoding/json"},
		{"url", "net/url"},
		{"http", "net/http"},
		{"exec", "os/exec"},
		{"strings", "strings"},
		{"scanner", "text/scanner"},
		{"pprof", "runtime/pprof"},
		{"errors", "errors"},
		{"crypto", "github.com/opsh/opsh/builtins/crypto"}, // the builtin wins
		{"web", "github.com/opsh/opsh/builtins/web"},
		{"secret", "github.com/opsh/opsh/builtins/secret"},
		{"fs", "io/fs"},
	} {
		if got, ok := x.Lookup(tc.name); !ok || got != tc.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
	for _, name := range []string{"nosuchpkg", "bytealg", "_"} {
		if got, ok := x.Lookup(name); ok {
			t.Errorf("Lookup(%q) = %q, want none", name, got)
		}
	}
	for _, name := range x.Names() {
		if p, ok := resolve.Preferred(name); ok && x.Key(p) != "" {
			if got, _ := x.Lookup(name); got != p && x.Symbols("github.com/opsh/opsh/builtins/"+name) == nil {
				t.Errorf("Lookup(%q) = %q, want the preferred %q", name, got, p)
			}
		}
	}
	if v, ok := x.Symbol("strconv", "Atoi"); !ok || v.Type().NumOut() != 2 {
		t.Errorf("Symbol(strconv, Atoi) = %v, %v", v, ok)
	}
	if got := x.Key("encoding/json"); got != "encoding/json/json" {
		t.Errorf("Key(encoding/json) = %q", got)
	}
	var none *resolve.Index
	if _, ok := none.Lookup("strings"); ok {
		t.Error("a nil index resolved a name")
	}
}
