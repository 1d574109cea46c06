// Package all gathers the yaegi symbol tables of every builtin. The REPL
// loads Symbols into its interpreter and imports each package under its
// short name.
package all

import (
	"reflect"

	secretsym "github.com/opsh/opsh/builtins/secret/symbols"
	syssym "github.com/opsh/opsh/builtins/sys/symbols"
)

// Symbols is every builtin's symbol table, keyed "import/path/name".
var Symbols = merge(
	secretsym.Symbols,
	syssym.Symbols,
)

func merge(tables ...map[string]map[string]reflect.Value) map[string]map[string]reflect.Value {
	all := map[string]map[string]reflect.Value{}
	for _, t := range tables {
		for k, v := range t {
			all[k] = v
		}
	}
	return all
}
