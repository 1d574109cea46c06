// Package all gathers the yaegi symbol tables of every builtin. The REPL
// loads Symbols into its interpreter and imports each package under its
// short name.
package all

import (
	"path"
	"reflect"
	"sort"

	awssym "github.com/opsh/opsh/builtins/aws/symbols"
	cryptosym "github.com/opsh/opsh/builtins/crypto/symbols"
	dockersym "github.com/opsh/opsh/builtins/docker/symbols"
	secretsym "github.com/opsh/opsh/builtins/secret/symbols"
	sshsym "github.com/opsh/opsh/builtins/ssh/symbols"
	syssym "github.com/opsh/opsh/builtins/sys/symbols"
	websym "github.com/opsh/opsh/builtins/web/symbols"
)

// Symbols is every builtin's symbol table, keyed "import/path/name".
var Symbols = merge(
	awssym.Symbols,
	cryptosym.Symbols,
	dockersym.Symbols,
	secretsym.Symbols,
	sshsym.Symbols,
	syssym.Symbols,
	websym.Symbols,
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

// Names are the builtins' short names, as the REPL imports them (web, ssh
// ...), sorted.
func Names() []string {
	var names []string
	for key := range Symbols {
		names = append(names, path.Base(key))
	}
	sort.Strings(names)
	return names
}
