package engine

import (
	"fmt"
	"io"
	"log"
	"log/slog"
	"maps"
	"os"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// sessionTables are the symbol tables one interpreter starts with: the
// compiled packages' tables merged package by package, a later table's
// symbols winning. A package's table is shared with every other session
// until this one changes it: pkg and rebind copy it first, so that a
// session's rebinding (fmt to its output, os.Exit to the end of a cell, a
// read-only policy) never reaches another's. Sharing is what keeps an
// interpreter's start cheap: copying every symbol of the standard library
// cost more than the rest of Use.
type sessionTables struct {
	tables interp.Exports
	owned  map[string]bool
}

func newSessionTables(sources ...interp.Exports) *sessionTables {
	t := &sessionTables{tables: interp.Exports{}, owned: map[string]bool{}}
	for _, src := range sources {
		for pkg, syms := range src {
			if t.tables[pkg] == nil {
				t.tables[pkg] = syms
				continue
			}
			maps.Copy(t.pkg(pkg), syms)
		}
	}
	return t
}

// pkg is the session's own table of pkg ("os/os"), to change; nil when
// no table has pkg.
func (t *sessionTables) pkg(pkg string) map[string]reflect.Value {
	syms := t.tables[pkg]
	if syms == nil || t.owned[pkg] {
		return syms
	}
	own := make(map[string]reflect.Value, len(syms)+8)
	maps.Copy(own, syms)
	t.tables[pkg], t.owned[pkg] = own, true
	return own
}

// rebind replaces pkg's function name with f for this session. The
// interface types yaegi wraps the original's arguments in carry over to f
// (MapTypes: how fmt.Println sees the String method of a session's type).
func (t *sessionTables) rebind(pkg, name string, f any) {
	syms := t.pkg(pkg)
	if syms == nil {
		return
	}
	orig := syms[name]
	syms[name] = reflect.ValueOf(f)
	if !orig.IsValid() {
		return
	}
	if types := t.mapTypes(); types != nil {
		if ts, ok := types[orig]; ok {
			types[syms[name]] = ts
		}
	}
}

// mapTypes is the session's own copy of the MapTypes table.
func (t *sessionTables) mapTypes() map[reflect.Value][]reflect.Type {
	wasOwned := t.owned["."]
	dot := t.pkg(".")
	if dot == nil || !dot["MapTypes"].IsValid() {
		return nil
	}
	types := dot["MapTypes"].Interface().(map[reflect.Value][]reflect.Type)
	if !wasOwned {
		types = maps.Clone(types)
		dot["MapTypes"] = reflect.ValueOf(types)
	}
	return types
}

// use gives the tables to the interpreter. yaegi's Use takes a batch that
// holds "fmt/fmt" for the standard library: it then points fmt, log and os
// at the interpreter's streams, and compiles its own bundled copies of
// cmp, maps and slices (Go 1.22's), which would shadow engine/gosrc's and
// take a third of an interpreter's start. The session does the first
// itself (bindStdio) and has its own generic packages, so fmt's table goes
// in under "fmt//fmt": Use splits a key with path.Dir and path.Base, which
// give the same package, fmt.
func (t *sessionTables) use(in *interp.Interpreter) error {
	batch := make(interp.Exports, len(t.tables))
	for pkg, syms := range t.tables {
		if pkg == "fmt/fmt" {
			pkg = "fmt//fmt"
		}
		batch[pkg] = syms
	}
	return in.Use(batch)
}

// processSlog is log/slog's default logger as the process began, whose
// handler writes through the log package's standard logger.
var processSlog = slog.Default()

// bindStdio points the standard library's implicit streams at the
// session's: fmt's Scan functions (its Print functions are bindFmt's), the log package's standard
// logger, flag's command line and os.Args.
func bindStdio(t *sessionTables, stdin io.Reader, stdout, stderr io.Writer, args []string, b *boxes, x *exits) {
	t.rebind("fmt/fmt", "Scan", func(a ...any) (int, error) { return fmt.Fscan(stdin, a...) })
	t.rebind("fmt/fmt", "Scanln", func(a ...any) (int, error) { return fmt.Fscanln(stdin, a...) })
	t.rebind("fmt/fmt", "Scanf", func(f string, a ...any) (int, error) { return fmt.Fscanf(stdin, f, a...) })

	// log.Fatal writes its message and exits with status 1, through the
	// session's os.Exit (exit.go). The printing functions take their
	// arguments as fmt's do (fmtfix.go).
	// The session's log is the process's standard logger, which log/slog's
	// default handler writes through: slog.Info goes where log.Print
	// goes, log.SetFlags shapes its lines, and slog.SetDefault takes
	// log.Print, as in Go. A session has its process (the worker's, the
	// kernel's); an evaluator takes the logger over, and slog's default
	// back.
	slog.SetDefault(processSlog)
	l := log.Default()
	l.SetOutput(stderr)
	l.SetFlags(log.LstdFlags)
	l.SetPrefix("")
	logArgs := func(to func(...any)) func(...any) { return func(a ...any) { to(b.printArgs(a)...) } }
	logFormat := func(to func(string, ...any)) func(string, ...any) {
		return func(f string, a ...any) { f, a = b.printfArgs(f, a); to(f, a...) }
	}
	fatal := func(s string) { x.logFatal(l, s) }
	for name, f := range map[string]any{
		"Fatal": logArgs(func(a ...any) { fatal(fmt.Sprint(a...)) }), "Fatalf": logFormat(func(f string, a ...any) { fatal(fmt.Sprintf(f, a...)) }), "Fatalln": logArgs(func(a ...any) { fatal(fmt.Sprintln(a...)) }),
		"Panic": logArgs(l.Panic), "Panicf": logFormat(l.Panicf), "Panicln": logArgs(l.Panicln),
		"Print": logArgs(l.Print), "Printf": logFormat(l.Printf), "Println": logArgs(l.Println),
		"Default": func() *log.Logger { return l },
		"Flags":   l.Flags, "SetFlags": l.SetFlags, "Prefix": l.Prefix, "SetPrefix": l.SetPrefix,
		"Output": l.Output, "Writer": l.Writer, "SetOutput": l.SetOutput,
	} {
		t.rebind("log/log", name, f)
	}

	if len(args) == 0 {
		args = os.Args
	}
	if osSyms := t.pkg("os/os"); osSyms != nil {
		osSyms["Args"] = reflect.ValueOf(&args).Elem()
		// A stream that is a file is the session's os.Stdin, Stdout or
		// Stderr too; any other keeps the process's (a worker captures
		// its descriptors).
		for name, f := range map[string]any{"Stdin": stdin, "Stdout": stdout, "Stderr": stderr} {
			if f, ok := f.(*os.File); ok {
				osSyms[name] = reflect.ValueOf(&f).Elem()
			}
		}
	}
	if syms := t.pkg("flag/flag"); syms != nil {
		bindFlags(syms, args, stderr, x)
	}
}
