package main

import (
	"context"
	"encoding/json"
	"go/build"
	"os"
	"runtime/debug"
	"strconv"

	"github.com/opsh/opsh/builtins/all"
	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/memlimit"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/wire"
)

// workerCommand is the hidden subcommand a session's worker process runs:
// the interpreter, the builtins and the user's values live there, so that
// a fatal mistake (a stack overflow, concurrent map writes, running out of
// memory) ends the worker, not the session.
const workerCommand = "__worker"

// maxStack is the largest stack a goroutine of the worker may have: an
// interpreted call takes far more stack than a compiled one, yet deep
// legitimate recursion stays well under it.
const maxStack = 256 << 20

// startWorker starts a session's worker from this binary, with the
// session's first configuration, and returns without waiting for it (the
// first call does); its output between cells (a cell's goroutines
// printing after it ended) goes to stray, if given.
func startWorker(getenv func(string) string, conf engine.Config, stray func(wire.Event)) (*wire.Client, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	limit, err := memlimit.Resolve(getenv("OPSH_MEMORY_LIMIT"))
	if err != nil {
		return nil, err
	}
	confJSON, err := json.Marshal(conf)
	if err != nil {
		return nil, err
	}
	return wire.Launch(wire.Options{
		Command: []string{exe, workerCommand},
		Env: append(os.Environ(), engine.ConfigEnv+"="+string(confJSON),
			// The collector is off while the worker starts (see workerMain).
			"GOGC=off", userGOGCEnv+"="+getenv("GOGC")),
		MemoryLimit: limit,
		// The front-end's redactor learns each secret before any output.
		OnSecret: func(s *wire.Secret) { redact.Register(s.Name, []byte(s.Value)) },
		Stray:    stray,
	})
}

// userGOGCEnv carries the user's GOGC to the worker, which starts with
// GOGC=off.
const userGOGCEnv = "OPSH_WORKER_GOGC"

// workerMain is the worker's whole life: it serves the front-end that
// started it until it is shut down.
func workerMain(ctx context.Context, getenv func(string) string) int {
	// Runaway recursion ends the worker in about a second rather than
	// after growing a 1 GB stack.
	debug.SetMaxStack(maxStack)
	// The worker starts with the collector off: making the interpreter
	// allocates megabytes of tables at once, and collecting meanwhile only
	// delays the first cell's answer (by about 3 ms of 15). The memory
	// limit still holds.
	// The collector runs as the user set it once the interpreter is made,
	// and the programs cells start see the user's GOGC, not off.
	gogc := getenv(userGOGCEnv)
	restoreEnv("GOGC", gogc)
	os.Unsetenv(userGOGCEnv)
	os.Unsetenv(engine.ConfigEnv) // the session's parameters are not the programs' business
	gopath := getenv("GOPATH")
	if gopath == "" {
		gopath = build.Default.GOPATH
	}
	var conf engine.Config
	if c := getenv(engine.ConfigEnv); c != "" {
		if err := json.Unmarshal([]byte(c), &conf); err != nil {
			return exitUsage
		}
	}
	// Made before the worker connects: its interpreter starts meanwhile.
	eh := engine.NewHandler(engine.HandlerOptions{Builtins: all.Symbols, GoPath: gopath, Config: conf})
	go func() {
		<-eh.Ready()
		debug.SetGCPercent(gcPercent(gogc))
	}()
	h := engine.WithFrontCalls(eh)
	newHandler := func() (wire.Handler, error) { return h, nil }
	if err := wire.RunWorker(ctx, newHandler); err != nil {
		return exitFailed
	}
	return exitOK
}

// restoreEnv sets name to value, or unsets it when value is empty.
func restoreEnv(name, value string) {
	if value == "" {
		os.Unsetenv(name)
		return
	}
	os.Setenv(name, value)
}

// gcPercent reads a GOGC setting as the runtime does: "off" is -1, a
// number is itself, anything else 100.
func gcPercent(gogc string) int {
	if gogc == "off" {
		return -1
	}
	if n, err := strconv.Atoi(gogc); err == nil {
		return n
	}
	return 100
}
