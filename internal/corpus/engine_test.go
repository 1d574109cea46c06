package corpus_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/opsh/opsh/engine/gosrc"
	"github.com/opsh/opsh/engine/stdlib"
	"github.com/opsh/opsh/engine/stdlib/unrestricted"
	"github.com/opsh/opsh/internal/corpus"
	"github.com/traefik/yaegi/interp"
)

// engineEnv makes the test binary run one program as bare yaegi does but
// with opsh's Go 1.26 tables (engine/stdlib) and generic sources
// (engine/gosrc) in place of yaegi's; its value is the default GOPATH.
const engineEnv = "OPSH_CORPUS_ENGINE_GOPATH"

// serveEngine runs the program named by the last argument when engineEnv
// is set, and exits.
func serveEngine() {
	gopath, ok := os.LookupEnv(engineEnv)
	if !ok {
		return
	}
	path := os.Args[len(os.Args)-1]
	os.Args = os.Args[:1]
	if err := runEngine(path, gopath); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func runEngine(path, gopath string) error {
	return corpus.Interpret(path, gopath, os.Stdout, os.Stderr, func(i *interp.Interpreter) error {
		for _, s := range []interp.Exports{stdlib.Symbols(), unrestricted.Symbols()} {
			if err := i.Use(s); err != nil {
				return err
			}
		}
		return gosrc.Load(i)
	})
}

// TestEngineTables runs the corpus through bare yaegi and through yaegi
// with opsh's tables and generic sources, in the same run, and fails for
// each program the first passes and the second does not.
func TestEngineTables(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the corpus twice")
	}
	testDir, progs, err := corpus.LoadModule(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gopath, err := corpus.Layout(dir, testDir)
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	opts := corpus.Options{Timeout: 20 * time.Second, Parallel: 2 * runtime.NumCPU()}
	bare := corpus.Run(t.Context(), progs, corpus.BareCommand(exe, t.TempDir(), gopath), opts)
	engine := corpus.Run(t.Context(), progs, corpus.Command(t.TempDir(), exe, nil, []string{engineEnv + "=" + gopath}), opts)
	for n := range progs {
		if bare[n].Pass && !engine[n].Pass {
			t.Errorf("%s passes in bare yaegi, fails with opsh's tables: %s", progs[n].Name, firstLine(engine[n].Err, engine[n].Stdout))
		}
		if !bare[n].Pass && engine[n].Pass {
			t.Logf("%s fails in bare yaegi, passes with opsh's tables", progs[n].Name)
		}
	}
	t.Logf("bare yaegi passes %d programs, with opsh's tables %d (of %d)", len(corpus.Passed(bare)), len(corpus.Passed(engine)), len(progs))
}
