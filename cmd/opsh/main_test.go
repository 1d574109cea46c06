package main

import (
	"context"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/opsh/opsh/internal/corpus"
	"github.com/opsh/opsh/internal/lazyre"
)

func TestMain(m *testing.M) {
	corpus.ServeBare()
	if len(os.Args) > 1 && os.Args[1] == workerCommand {
		// A session's worker: the test binary stands for opsh.
		os.Exit(workerMain(context.Background(), os.Getenv))
	}
	testscript.Main(m, map[string]func(){
		"opsh": func() {
			os.Exit(run(context.Background(), os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv))
		},
	})
}

// TestScripts runs the end-to-end scripts in testdata/script against the
// real command: piped sessions, -e, exit codes, transcripts.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("OPSH_HOME", env.WorkDir+"/state")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}

// TestRegularExpressions compiles every package's lazily compiled
// expression now, so that a typo fails here rather than in a session.
func TestRegularExpressions(t *testing.T) {
	if err := lazyre.Check(); err != nil {
		t.Fatal(err)
	}
}
