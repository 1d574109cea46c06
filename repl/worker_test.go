package repl

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	syssym "github.com/opsh/opsh/builtins/sys/symbols"
	websym "github.com/opsh/opsh/builtins/web/symbols"
	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/wire"
)

// workerEnv makes the test binary a worker process: the tests' sessions
// run their cells in a real worker, as opsh does.
const workerEnv = "OPSH_REPL_TEST_WORKER"

// testBuiltins stand in for opsh's builtins in the tests' worker: sys, web,
// and one that tells the session a fact, as the aws builtin does.
var testBuiltins = func() interp.Exports {
	t := interp.Exports{"example.com/facts/facts": {
		"Learn": reflect.ValueOf(func() { cell.Fact("aws", "account 123456789012 · region us-east-1") }),
		// Partial stands for a fleet run cut short: it leaves what it
		// finished, then waits for the interrupt.
		"Partial": reflect.ValueOf(func() []string {
			leave := cell.Leaving()
			done := []string{"web-1 ok", "web-2 ok"}
			<-cell.Context().Done()
			time.Sleep(50 * time.Millisecond) // stopping takes a moment
			leave(done)
			return done
		}),
	}}
	for _, syms := range []interp.Exports{syssym.Symbols, websym.Symbols} {
		for k, v := range syms {
			t[k] = v
		}
	}
	return t
}()

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) != "" {
		err := wire.RunWorker(context.Background(), func() (wire.Handler, error) {
			return engine.WithFrontCalls(engine.NewHandler(engine.HandlerOptions{Builtins: testBuiltins})), nil
		})
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// newWorker starts a worker for one test session, in the background as
// opsh does (the session's first call waits for it), and stops it after
// the test.
func newWorker(t testing.TB) *wire.Client {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	c, err := wire.Launch(wire.Options{
		Command:  []string{exe},
		Env:      append(os.Environ(), workerEnv+"=1"),
		OnSecret: func(s *wire.Secret) { redact.Register(s.Name, []byte(s.Value)) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Shutdown(context.Background()) })
	return c
}
