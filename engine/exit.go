package engine

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"log"
	"reflect"
	"sync"
)

// os.Exit in a session ends what is running, where Go's ends the process:
// the cell's result is an *ExitError with the code, which ends a script
// (opsh run) with that status and leaves a session at the prompt going
// on. As Go's, it runs no deferred call, and no recover stops it: the
// goroutine that calls it waits forever, never resumed, and the running
// execution returns at once, its other goroutines left where they wait
// (the interpreter is not stopped, which would run their deferred calls
// as it stops them). log.Fatal, a *log.Logger's Fatal, and a
// flag.ExitOnError set's bad command line exit through it too, where they
// would end the process (the session's worker) itself.
//
// An os.Exit with no execution running (a goroutine an earlier cell
// started calls it between cells) ends a script's next cell before it
// runs, and at the prompt is only told of.
type exits struct {
	mu      sync.Mutex
	running map[chan *ExitError]bool // the executions running, told of an exit
	pending *ExitError               // an exit none was running for
	script  bool                     // pending exits end the next cell
	told    io.Writer                // where an exit no cell ends is told of
}

// exit ends the running executions with code, and never returns.
func (x *exits) exit(code int) {
	x.mu.Lock()
	if len(x.running) == 0 {
		if !x.script && x.told != nil {
			fmt.Fprintf(x.told, "os.Exit(%d) in a goroutine: it ends a script; this session goes on\n", code)
		} else if x.pending == nil {
			x.pending = &ExitError{Code: code}
		}
	}
	for ch := range x.running {
		select {
		case ch <- &ExitError{Code: code}:
		default: // told of an exit already
		}
	}
	x.mu.Unlock()
	select {} // the calling goroutine's deferred calls never run
}

// run runs an execution, unless an exit is pending: its result, or the
// exit that ends it first.
func (x *exits) run(execute func() (reflect.Value, error)) (reflect.Value, error) {
	x.mu.Lock()
	if p := x.pending; p != nil {
		x.pending = nil
		x.mu.Unlock()
		return reflect.Value{}, p
	}
	exited := make(chan *ExitError, 1)
	if x.running == nil {
		x.running = map[chan *ExitError]bool{}
	}
	x.running[exited] = true
	x.mu.Unlock()
	defer func() {
		x.mu.Lock()
		delete(x.running, exited)
		x.mu.Unlock()
	}()

	type result struct {
		v   reflect.Value
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: limitError(r)}
			}
		}()
		v, err := execute()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case exit := <-exited:
		return reflect.Value{}, exit
	}
}

// logFatal is l.Fatal of the message s: l writes it, and the session
// exits with status 1.
func (x *exits) logFatal(l *log.Logger, s string) {
	l.Output(3, s)
	x.exit(1)
}

// parseFlags is fs.Parse(args) of a set made with flag.ExitOnError, which
// would end the process at a bad flag: the set parses continuing on error
// for the call, and a failure exits through the session, with Go's status
// (2, or 0 for -h).
func (x *exits) parseFlags(fs *flag.FlagSet, args []string) error {
	if fs.ErrorHandling() != flag.ExitOnError {
		return fs.Parse(args)
	}
	fs.Init(fs.Name(), flag.ContinueOnError)
	err := fs.Parse(args)
	fs.Init(fs.Name(), flag.ExitOnError)
	if err != nil {
		x.flagsFailed(err)
	}
	return nil
}

// flagsFailed exits as a flag.ExitOnError set does at err, the failure of
// its Parse: with status 0 for -h, 2 for another.
func (x *exits) flagsFailed(err error) {
	if errors.Is(err, flag.ErrHelp) {
		x.exit(0)
	}
	x.exit(2)
}

// fatalMethods are the methods of log.Logger that end the process, by the
// fmt function that makes their message.
var fatalMethods = map[string]string{"Fatal": "Sprint", "Fatalf": "Sprintf", "Fatalln": "Sprintln"}

// flagSetType is flag.FlagSet.
var flagSetType = reflect.TypeFor[flag.FlagSet]()

// rewriteProcessExits writes the calls of compiled methods that would end
// the process as the session's, which end the cell (exits): a
// *log.Logger's Fatal, and the Parse of a *flag.FlagSet, which exits at a
// bad flag if the set was made with flag.ExitOnError:
//
//	l.Fatalf("no %s", h)  →  _opshrt.LogFatal(l, _opshrt.Sprintf("no %s", h))
//	fs.Parse(args)        →  _opshrt.ParseFlags(fs, args)
func (rw *rewriter) rewriteProcessExits(node ast.Node) {
	eachSelectorCall(node, func(call *ast.CallExpr, sel *ast.SelectorExpr) {
		if format, ok := fatalMethods[sel.Sel.Name]; ok && rw.isLogger(sel.X) {
			msg := &ast.CallExpr{Fun: rtFunc(format), Args: call.Args, Ellipsis: call.Ellipsis}
			call.Fun, call.Args, call.Ellipsis = rtFunc("LogFatal"), []ast.Expr{sel.X, msg}, token.NoPos
		}
		if sel.Sel.Name == "Parse" && len(call.Args) == 1 && rw.packageTypeOf(sel.X) == flagSetType {
			call.Fun, call.Args = rtFunc("ParseFlags"), []ast.Expr{sel.X, call.Args[0]}
		}
	})
}
