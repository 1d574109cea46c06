package wire_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/opsh/opsh/internal/memlimit"
	"github.com/opsh/opsh/wire"
)

// newEvaluator stands for what makes the interpreter the worker runs.
var newEvaluator func() (wire.Handler, error)

// The front-end and the worker are one binary: main hands the hidden
// subcommand to RunWorker, and the front-end starts itself with it.
func Example() {
	if len(os.Args) > 1 && os.Args[1] == "__worker" {
		if err := wire.RunWorker(context.Background(), newEvaluator); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}

	ctx := context.Background()
	exe, err := os.Executable()
	if err != nil {
		panic(err)
	}
	limit, err := memlimit.Resolve(os.Getenv("OPSH_MEMORY_LIMIT"))
	if err != nil {
		panic(err)
	}
	c, err := wire.Start(ctx, wire.Options{
		Command:     []string{exe, "__worker"},
		MemoryLimit: limit,
		OnSecret:    func(s *wire.Secret) { /* register s.Value with the redactor */ },
		Stray:       func(ev wire.Event) { /* show output that came between cells */ },
	})
	if err != nil {
		panic(err)
	}
	defer c.Shutdown(ctx)

	done, err := c.Execute(ctx, `fmt.Println("hi")`, wire.ExecOptions{Cell: 1}, func(ev wire.Event) {
		if s, ok := ev.(*wire.Stream); ok {
			fmt.Print(s.Text) // through the redactor, to the terminal and the transcript
		}
	})
	var died *wire.WorkerDiedError
	switch {
	case errors.As(err, &died):
		fmt.Println(died, "— variables are lost; :restore re-runs the earlier cells")
	case err != nil:
		fmt.Println(err)
	case done.Status != wire.StatusOK:
		fmt.Println("cell 1 failed:", done.Message)
	}
	// Before each prompt: did the worker die between cells?
	if d := c.Restarted(); d != nil {
		fmt.Println(d, "— variables are lost")
	}
}
