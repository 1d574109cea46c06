// Package unrestricted holds the standard library symbols that can end or
// replace the interpreter's process, for an interpreter created with
// interp.Options{Unrestricted: true}: os/exec, syscall (for linux and
// darwin on amd64 and arm64), and the real os.Exit, os.FindProcess,
// log.Fatal* and log.New in place of the panicking ones of package stdlib.
// Load it with Use after stdlib.Symbols(): the entries for os and log merge
// symbol by symbol and replace the sandboxed ones.
package unrestricted

import (
	"log"
	"os"
	"reflect"

	"github.com/traefik/yaegi/interp"

	"github.com/opsh/opsh/engine/stdlib/internal/lazy"
)

// symbols maps "import/path/name" to the unrestricted symbols; Symbols
// fills it on first use.
var symbols = interp.Exports{}

// fills fill symbols.
var fills lazy.Fills

// onFirstUse registers a table's filling; each generated file calls it
// from its init function.
func onFirstUse(fill func()) { fills.Add(fill) }

// Symbols returns the unrestricted tables (see the package comment), made
// on the first call as stdlib.Symbols are. Use them read-only.
func Symbols() interp.Exports {
	fills.Run()
	return symbols
}

func init() {
	onFirstUse(func() {
		symbols["os/os"] = map[string]reflect.Value{
			"Exit":        reflect.ValueOf(os.Exit),
			"FindProcess": reflect.ValueOf(os.FindProcess),
		}
		symbols["log/log"] = map[string]reflect.Value{
			"Fatal":   reflect.ValueOf(log.Fatal),
			"Fatalf":  reflect.ValueOf(log.Fatalf),
			"Fatalln": reflect.ValueOf(log.Fatalln),
			"New":     reflect.ValueOf(log.New),
			"Logger":  reflect.ValueOf((*log.Logger)(nil)),
		}
	})
}
