package engine

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/traefik/yaegi/interp"

	goruntime "github.com/opsh/opsh/engine/internal/runtime"
	"github.com/opsh/opsh/engine/stdlib"
	"github.com/opsh/opsh/engine/stdlib/unrestricted"
	"github.com/opsh/opsh/internal/goref"
	"github.com/opsh/opsh/internal/lazyre"
	"github.com/opsh/opsh/internal/readonly"
)

// Evaluator runs cells of Go source in one yaegi interpreter, keeping the
// session's variables, `_` and `_N`, and the packages it imported.
type Evaluator struct {
	in       *interp.Interpreter
	exits    exits // os.Exit's (exit.go)
	index    *packageIndex
	tables   interp.Exports
	stdout   io.Writer
	stderr   *panicFilter
	cell     int             // number of the last input cell
	last     string          // the variable `_` stands for, "" if none yet, severalValues after a cell of several
	imported map[string]bool // short names imported into the session
	globals  map[string]bool // names the session declared
	// literals are the variables declared from a literal (x := 1), by the
	// literal's kind: x := 2 then gives x a value of its very type.
	literals map[string]token.Token
	types    map[reflect.Type]string
	// assertNames writes the session's struct types, as reflect writes
	// them, by their names (main.A), for namedAssertion: made again as
	// types changes, read by any goroutine.
	assertNames atomic.Pointer[strings.Replacer]
	// typeKeys are the names the session declares its struct types by,
	// a redefined one's version (_opshV2_Host) where types has Host.
	typeKeys map[reflect.Type]string
	fields   map[reflect.Type][]string
	embedded map[reflect.Type][]bool // which fields are embedded, by type
	// fieldTypes are the types of a struct's fields as its declaration
	// writes them, by struct type.
	fieldTypes map[reflect.Type][]ast.Expr
	// varTypes are the types of the session's variables that name its
	// types, as the source that declared them wrote them (noteVarType).
	varTypes map[string]ast.Expr
	// funcSigs are the signatures of the session's functions (not
	// generic), by name, as their declarations write them.
	funcSigs map[string]*ast.FuncType
	boxes    boxes // opens yaegi's boxes for fmt, json and the display
	// locals are the struct types the session declared inside functions
	// (localtypes.go).
	locals localStructs
	// structSpecs are the struct types of the program being run, by name
	// (see nameStructsCall).
	structSpecs map[string]*ast.TypeSpec
	params      func(name, def string) string
	goPanic     func(v any)
	// goPanicked is the first goroutine's panic not yet failing a cell,
	// when goroutines' panics fail cells (EvalOptions.GoPanicFails).
	goPanicFails bool
	goPanicMu    sync.Mutex
	goPanicked   any
	// stopProgram stops the program being run (a script's), which a
	// goroutine's panic ends, as it ends Go's; stopped tells that it did.
	stopProgram func()
	stopped     bool
	// selects are the select statements rewriteSelects runs.
	selects selects
	// importedAs is the name each imported package path goes by.
	importedAs map[string]string
	// kept receives the pointers generated code hands back (see define).
	kept []reflect.Value
	// defers are what the running cell's top-level defer statements
	// deferred, run when it ends.
	defers []func()
	// pending are declarations that use names not declared yet.
	pending []pendingDecl
	tmps    int // counter for the names of temporary variables
	// mainRan is set once a program's main ran (see evalProgram).
	mainRan bool
	// returned is set by a top-level return of the running cell.
	returned bool
	// hold is what the next of the user's code to run waits for (Hold).
	hold func() error
	// opaqueImports is set once the session imported names it cannot list
	// (a dot import, a source package named otherwise than its path).
	opaqueImports bool
	dotImport     bool
	// typeNames are the types the session declared.
	typeNames map[string]bool
	// typeDecls are the definitions of the types the session declared.
	typeDecls map[string]string
	// aliases are the names of typeDecls that are aliases (type C = T).
	aliases map[string]bool
	// programTypes are the definitions of the types of the program
	// running (runProgram), which typeDecls has once it ran.
	programTypes map[string]string
	// programMethods are the program's methods, by "T.M", while it runs.
	programMethods map[string]*ast.FuncDecl
	// taggedDecls are those of typeDecls the interpreter was given with
	// a tag (tagLookalikes), as it was given them: a conversion to the
	// definition (P's, held as struct{ N int }) is to that very type.
	taggedDecls map[string]string
	// funcs are the functions the session declared.
	funcs map[string]bool
	// funcRefs are the session's functions each function and method
	// calls, and its types each names, by the declaration's name
	// (funcrefs.go).
	funcRefs map[string]map[string]bool
	funcSrc  map[string]string
	// declaredAt orders the declarations of funcRefs (declSeq counts).
	declaredAt map[string]int
	declSeq    int
	// refreshing are the functions being declared again for a function
	// they call declared again (refresh).
	refreshing map[string]bool
	// methods are the names of the methods the session declared.
	methods map[string]bool
	// untypedConsts are the values of the session's untyped constants of
	// literals (noteUntypedConst).
	untypedConsts map[string]constant.Value
	// methodDecls are the session's methods, "T.M" to their source.
	methodDecls map[string]string
	// declGen counts the changes to methodDecls and typeDecls, which
	// cachedSets was made at.
	declGen    int
	cachedSets struct {
		gen  int
		sets map[string]map[string]bool
	}
	// brokenTypes are the types a cell that failed declared, or declared
	// methods of, to their definitions (failed.go).
	brokenTypes map[string]string
	// failedVars are the variables a statement declared that failed to
	// compile (failed.go).
	failedVars map[string]bool
	// unforwarded are the struct types declared at the prompt that are
	// given the methods of their embedded fields when first used
	// (lazyforward.go).
	unforwarded map[string]bool
	// generics are the generic functions the session declared, by the
	// user's name (see renameGenerics).
	generics map[string]*genericFunc
	// genericTypes is set once the session declared a generic type.
	genericTypes bool
	// instanceTexts are the instances of generic types whose methods
	// textMethods has (instanceMethodsCall), as the source writes them.
	instanceTexts map[string]bool
	// typeVersions are the names of the redefined types' current
	// definitions, by the user's names; versions counts each type's
	// redefinitions; genericNamed are the generic types, which keep their
	// first (typeversions.go).
	typeVersions map[string]string
	versions     map[string]int
	genericNamed map[string]bool
	// instances are the instances of generic types the session's cells
	// wrote (Opt[int]), each with its generic type's name.
	instances map[string]string
	// genericStructs are the session's generic struct types, by name;
	// instanceNames, the names of their instances' struct types found so
	// far (generictypes.go), reflect.Type to string.
	genericStructs map[string]*ast.TypeSpec
	instanceNames  sync.Map
	// genericSpecs are the declarations of all the session's generic
	// types, by name.
	genericSpecs map[string]*ast.TypeSpec
	// carrying is set while a redefined type's methods are declared again
	// for the new one: what does not compile then is not kept for later.
	carrying bool
	// goSrcLoaded is set once engine/gosrc's packages are compiled in,
	// methodHelpers once the prelude's methodHelpers are declared.
	goSrcLoaded   bool
	methodHelpers bool
	stdGenerics   bool // stdGenericHelpers declared
	// forwarders are the names of the forwarders declared, by their
	// methods (compiledassert.go); "" where one could not be.
	forwarders map[string]string
	// embedders are the names of the types of struct literals embedding
	// a package's interfaces, by the literal's type (embedding.go); ""
	// where one could not be declared.
	embedders map[string]string
	// aliased are the packages imported under opsh's names for the
	// forwarders' and embedders' methods (aliasImport).
	aliased map[string]bool
	pretty  *prettyPrinter
	notes   []string
}

// EvalOptions configure an Evaluator.
type EvalOptions struct {
	Stdout, Stderr io.Writer
	// Builtins are the builtins' symbol tables (builtins/all.Symbols).
	Builtins interp.Exports
	// Param answers param(name, default) calls; nil returns the default.
	Param func(name, def string) string
	// GoPanic reports a panic recovered in a goroutine; nil writes it to
	// Stderr.
	GoPanic func(v any)
	// GoPanicFails makes a goroutine's panic fail the cell that runs when
	// it is reported, or the next, as it ends a Go program: a script's.
	// A goroutine's os.Exit between cells then ends the next (exit.go).
	GoPanicFails bool
	// GoPath is where source packages are imported from ($GOPATH).
	GoPath string
	// Args are os.Args as the interpreted code sees them; nil leaves the
	// process's.
	Args []string
	// ReadOnly is the session's read-only policy (opsh run --read-only):
	// calls that change something are refused (see engine/readonly.go).
	ReadOnly readonly.Policy
}

// NewEvaluator starts an interpreter with the standard library, the
// unrestricted packages (os/exec, syscall) and the builtins.
func NewEvaluator(opts EvalOptions) (*Evaluator, error) {
	e := &Evaluator{
		stdout:     opts.Stdout,
		stderr:     &panicFilter{w: opts.Stderr},
		imported:   map[string]bool{},
		globals:    map[string]bool{},
		forwarders: map[string]string{},
		embedders:  map[string]string{},
		aliased:    map[string]bool{},
		literals:   map[string]token.Token{},
		types:      map[reflect.Type]string{},
		typeKeys:   map[reflect.Type]string{},
		fields:     map[reflect.Type][]string{},
		embedded:   map[reflect.Type][]bool{},

		fieldTypes:   map[reflect.Type][]ast.Expr{},
		varTypes:     map[string]ast.Expr{},
		funcSigs:     map[string]*ast.FuncType{},
		params:       opts.Param,
		goPanic:      opts.GoPanic,
		goPanicFails: opts.GoPanicFails,

		importedAs:     map[string]string{},
		typeNames:      map[string]bool{},
		typeDecls:      map[string]string{},
		aliases:        map[string]bool{},
		untypedConsts:  map[string]constant.Value{},
		taggedDecls:    map[string]string{},
		typeVersions:   map[string]string{},
		versions:       map[string]int{},
		genericNamed:   map[string]bool{},
		genericStructs: map[string]*ast.TypeSpec{},
		instanceTexts:  map[string]bool{},
		genericSpecs:   map[string]*ast.TypeSpec{},
		funcs:          map[string]bool{},
		funcRefs:       map[string]map[string]bool{},
		funcSrc:        map[string]string{},
		declaredAt:     map[string]int{},
		methods:        map[string]bool{},

		methodDecls: map[string]string{},
		brokenTypes: map[string]string{},
		unforwarded: map[string]bool{},
		failedVars:  map[string]bool{},
		generics:    map[string]*genericFunc{},
	}
	e.pretty = newPrinter(e.TypeName, e.FieldNames)
	e.pretty.face, e.pretty.field = e.boxes.text, e.boxes.displayField
	if e.params == nil {
		e.params = func(_, def string) string { return def }
	}
	e.exits.script, e.exits.told = opts.GoPanicFails, opts.Stderr
	if e.goPanic == nil {
		e.goPanic = func(v any) { fmt.Fprintf(opts.Stderr, "panic in goroutine: %v\n", v) }
	}

	quietCompilerLog()
	e.in = interp.New(interp.Options{Unrestricted: true, Stdout: opts.Stdout, Stderr: e.stderr, GoPath: opts.GoPath, Args: opts.Args})
	// Tables for the same package merge symbol by symbol: unrestricted's
	// "os" adds a few functions to the standard library's.
	t := newSessionTables(stdlib.Symbols(), unrestricted.Symbols(), opts.Builtins)
	bindStdio(t, os.Stdin, opts.Stdout, e.stderr, opts.Args, &e.boxes, &e.exits)
	// os.Exit in a cell ends the cell, not the process (exit.go): the
	// REPL decides (a script exits with the code, after writing its
	// transcript's end).
	t.pkg("os/os")["Exit"] = reflect.ValueOf(e.exits.exit)
	// What a failed type assertion panics with, recovered (goPanicValue).
	t.rebind("runtime/runtime", "TypeAssertionError", (*goruntime.TypeAssertionError)(nil))
	e.bindJSON(t)
	bindXML(t, &e.boxes)
	bindFmt(t, opts.Stdout, &e.boxes)
	e.bindTemplates(t)
	bindErrors(t, e.in)
	applyReadOnly(t, opts.ReadOnly)
	e.tables = t.tables
	if err := t.use(e.in); err != nil {
		return nil, err
	}
	sprintf := t.tables["fmt/fmt"]["Sprintf"].Interface().(func(string, ...any) string) // the session's
	rt := interp.Exports{"opsh/rt/rt": {
		"GoPanic": reflect.ValueOf(func(v any) {
			v = recovered(e.namedAssertion(v)) // Go's words for the interpreter's panics
			e.goPanic(e.panicShown(v))
			e.noteGoPanic(v)
		}),
		"Param": reflect.ValueOf(func(name string, def any) (any, error) { return paramValue(e.params, name, def) }),
		"Args": reflect.ValueOf(func() []string {
			if len(opts.Args) < 2 {
				return nil
			}
			return append([]string(nil), opts.Args[1:]...)
		}),
		"Keep": reflect.ValueOf(func(ptrs ...any) {
			e.kept = e.kept[:0]
			for _, p := range ptrs {
				e.kept = append(e.kept, reflect.ValueOf(p))
			}
		}),
		"Defer":       reflect.ValueOf(func(f func()) { e.defers = append(e.defers, f) }),
		"Return":      reflect.ValueOf(func() { e.returned = true }),
		"DecodeRune":  reflect.ValueOf(utf8.DecodeRuneInString),
		"TextMethods": reflect.ValueOf(e.boxes.texts.keep),
		"Methods":     reflect.ValueOf(e.boxes.texts.keepExported),
		"Typed":       reflect.ValueOf(func(v any, typ, goType string) any { return typedArg{v, typ, goType} }),
		"Concrete":    reflect.ValueOf(concrete),
		"Equal":       reflect.ValueOf(ifaceEqual),
		"ValuesEqual": reflect.ValueOf(valuesEqual),
		"Select":      reflect.ValueOf(e.selects.run),
		"Recv":        reflect.ValueOf(recvCase),
		"Send":        reflect.ValueOf(sendCase),
		"AsFunc":      reflect.ValueOf(asFunc),
		"Held":        reflect.ValueOf(heldText),
		"HeldBox":     reflect.ValueOf(holdBox),
		"Go":          reflect.ValueOf(func(f func()) { go f() }),
		"Undeclared":  reflect.ValueOf(func(name string) any { panic(undeclaredFunc{name}) }),
		"ZeroUnless":  reflect.ValueOf(zeroUnless),
		"LogFatal":    reflect.ValueOf(e.exits.logFatal),
		"ParseFlags":  reflect.ValueOf(e.exits.parseFlags),
		"ContextKey":  reflect.ValueOf(func(v any, typ string) any { return contextKey{typ, v} }),
		// the session's fmt functions a log.Logger's calls format with
		// (loggers.go): the same values, which MapTypes knows
		"Sprint":   t.tables["fmt/fmt"]["Sprint"],
		"Sprintf":  t.tables["fmt/fmt"]["Sprintf"],
		"Sprintln": t.tables["fmt/fmt"]["Sprintln"],
		"SlogText": reflect.ValueOf(func(v any) any { return e.slogValue(v, sprintf) }),
		"Writer":   reflect.ValueOf(func(w io.Writer) io.Writer { return w }),
		"NilAssertion": reflect.ValueOf(func(typ string) error {
			return goruntime.NewTypeAssertionError("interface conversion: interface is nil, not " + typ)
		}),
		"NotType":     reflect.ValueOf(notType),
		"Conversion":  reflect.ValueOf(conversionError),
		"Lacks":       reflect.ValueOf(lacks),
		"Clear":       reflect.ValueOf(clearValue),
		"Recovered":   reflect.ValueOf(func(v any) any { return recovered(e.namedAssertion(v)) }),
		"DeferPanics": reflect.ValueOf(func() *deferPanics { return &deferPanics{named: e.namedAssertion} }),
		"HasMethods":  reflect.ValueOf(hasMethods),
		"CallMethod":  reflect.ValueOf(callMethod),
		// What stdGenericHelpers are made of.
		"Once":            reflect.ValueOf((*sync.Once)(nil)),
		"Mutex":           reflect.ValueOf((*sync.Mutex)(nil)),
		"RandN":           reflect.ValueOf(randN),
		"Type":            reflect.ValueOf((*reflect.Type)(nil)),
		"TypeOf":          reflect.ValueOf(reflect.TypeOf),
		"As":              reflect.ValueOf(errorsAs),
		"NameStructs":     reflect.ValueOf(e.nameStructs),
		"NameLocal":       reflect.ValueOf(e.locals.name),
		"IsNilPointer":    reflect.ValueOf(isNilPointer),
		"NilPointerError": reflect.ValueOf(nilPointerError),
		// The compiled types min and max take besides the session's:
		// yaegi checks ~int64 against the session's types only.
		"Duration": reflect.ValueOf((*time.Duration)(nil)),
		"FileMode": reflect.ValueOf((*fs.FileMode)(nil)),
		// The interfaces the prelude's assertions open boxes into, the
		// one slog's arguments are handed over as (slogfix.go), and the
		// one fmt's Fprint writers of the session's interfaces are made
		// (asWriter).
		"Stringer":      reflect.ValueOf((*fmt.Stringer)(nil)),
		"IOWriter":      reflect.ValueOf((*io.Writer)(nil)),
		"Marshaler":     reflect.ValueOf((*json.Marshaler)(nil)),
		"TextMarshaler": reflect.ValueOf((*encoding.TextMarshaler)(nil)),
		"LogValuer":     reflect.ValueOf((*slog.LogValuer)(nil)),
		"BoxedType":     reflect.ValueOf(boxedType),
		"BoxName":       reflect.ValueOf(boxName),
		"EmptyMark":     reflect.ValueOf((*markType)(nil)),
		"FirstMain": reflect.ValueOf(func() bool {
			first := !e.mainRan
			e.mainRan = true
			return first
		}),
	}}
	if err := e.in.Use(rt); err != nil {
		return nil, err
	}
	e.index = newPackageIndex(opts.Builtins, stdlib.Symbols(), unrestricted.Symbols(), goSrcTable)
	prelude := []string{
		`import _opshrt "opsh/rt"`,
		`func ` + goPanicFunc + `(v interface{}) { _opshrt.GoPanic(v) }
func param[_opshP any](name string, def _opshP, description string) _opshP {
	v, err := _opshrt.Param(name, def)
	if err != nil {
		panic(err)
	}
	return v.(_opshP)
}
func args() []string { return _opshrt.Args() }`,
		prelude,
	}
	for _, src := range prelude {
		if _, err := e.in.Eval(src); err != nil {
			return nil, fmt.Errorf("start interpreter: %w", err)
		}
	}
	e.boxes.fieldNames, e.boxes.typeName = e.FieldNames, e.TypeName
	e.boxes.typeKey = func(t reflect.Type) string { return e.typeKeys[t] }
	e.boxes.fieldTypes = func(t reflect.Type) ([]ast.Expr, []bool) {
		if types, ok := e.fieldTypes[t]; ok {
			return types, e.embedded[t]
		}
		l, _ := e.locals.of(t)
		return l.layout.types, l.layout.embedded
	}
	return e, nil
}

// Cell is the number of the last cell evaluated.
func (e *Evaluator) Cell() int { return e.cell }

// Result is what evaluating a cell gave.
type Result struct {
	Cell int
	// Values are the values to show: one for a single value or a (T, error)
	// pair with a nil error, all of them for other multi-value results.
	Values []reflect.Value
	// Bound is the variable `_` now stands for ("_3"), "" if the cell
	// bound nothing.
	Bound string
	// Pair is true when the value was a (T, error) pair the REPL unwrapped.
	Pair bool
	// Err is why the cell failed: an evaluation error, a panic, an
	// interrupt, or the non-nil error of a (T, error) pair.
	Err error
	// Notes are lines for the user about the cell that are no error (a
	// declaration kept until what it uses is declared).
	Notes []string
}

// Failed reports whether the cell failed.
func (r Result) Failed() bool { return r.Err != nil }

// Errors a cell can fail with.
var (
	ErrInterrupted = errors.New("interrupted")
	// ErrReturned ends a cell that ran a return statement outside any
	// function: the cells are main's body, and main returned. It is no
	// failure; a script ends there, as a program does.
	ErrReturned = errors.New("return")
)

// PanicError is a panic in the user's code.
type PanicError struct {
	Value any
	Text  string // what Go prints of Value, where fmt does not print it so
	In    string // the user's function it happened in, if any
	Line  string // the cell's line where it happened (or that called In), if known
	At    int    // that line's number in the cell, 0 if not known
}

// Position is where in the cell the panic happened (or the call of In
// was made): its line, and no column.
func (p *PanicError) Position() (line, col int) { return p.At, 0 }

func (p *PanicError) Error() string {
	text := p.Text
	if text == "" {
		text = untaggedText(fmt.Sprint(p.Value))
	}
	s := "panic: " + strings.ReplaceAll(text, "\n", "\n\t") // as Go prints a value of several lines
	if p.In != "" {
		s += "\n  in: " + p.In
	}
	if p.Line != "" {
		s += "\n  at: " + p.Line
	}
	return s
}

// panicked is the PanicError of v at the site at and trace give.
func panicked(v any, at cellPos, trace []string) *PanicError {
	line, n, in := at.panicSite(trace)
	if k, ok := at.panicLine(in, n, fmt.Sprint(v)); ok {
		line, n = strings.TrimSpace(strings.Split(at.cell, "\n")[k-1]), k
	} else if start, wrong := at.notThere(in, n, fmt.Sprint(v)); n > 0 && wrong {
		line, n = "", start // in the function, on a line not known
	}
	return &PanicError{Value: v, In: in, Line: line, At: n}
}

// ExitError is a cell calling os.Exit(Code).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("os.Exit(%d)", e.Code) }

// ValueError is the non-nil error of a (T, error) result.
type ValueError struct{ Err error }

func (v *ValueError) Error() string { return v.Err.Error() }
func (v *ValueError) Unwrap() error { return v.Err }

// Eval runs one cell. It never panics: interpreter panics become errors, and
// the session goes on. A cell that starts with a package clause is a whole
// program (see evalProgram).
func (e *Evaluator) Eval(ctx context.Context, src string) (res Result) {
	e.cell++
	res.Cell = e.cell
	e.notes = nil
	defer func() {
		res.Notes, e.hold = e.notes, nil
		if v, ok, stopped := e.takeGoPanic(); ok && (res.Err == nil || stopped) {
			res.Err, res.Values = &PanicError{Value: v, Text: fmt.Sprint(e.panicShown(v)), In: "a goroutine"}, nil
		}
		res.Err = copiedIntoError(res.Err)
	}()
	if isProgram(src) {
		if e.goPanicFails {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			e.goPanicMu.Lock()
			e.stopProgram = cancel
			e.goPanicMu.Unlock()
			defer func() {
				e.goPanicMu.Lock()
				e.stopProgram = nil
				e.goPanicMu.Unlock()
				cancel() // the program ended: what it left running with it
			}()
		}
		res.Err = e.evalProgram(ctx, src)
		return res
	}
	segs := splitCell(src)
	if tuple, ok := tupleCell(src, segs); ok {
		src, segs = tuple, splitCell(tuple)
	}
	if err := e.checkAhead(src, segs); err != nil {
		res.Err = err
		return res
	}
	for i := 0; i < len(segs); {
		// Consecutive declarations run together (they may refer to each
		// other); statements run one at a time, so that each sees what the
		// ones before it declared (the rewrites ask the session about them).
		j := i + 1
		for segs[i].decl && j < len(segs) && segs[j].decl {
			j++
		}
		var err error
		if segs[i].decl {
			err = e.evalDecls(ctx, src, segs[i:j])
		} else {
			if e.keepVar(ctx, src, segs[i]) {
				i = j
				continue
			}
			e.returned = false
			res, err = e.evalStmt(ctx, src, segs[i], j == len(segs), res)
			if err != nil && e.keepVarForMethod(ctx, src, segs[i], err) {
				i = j
				continue
			}
			if err == nil {
				e.flushPending(ctx)
			}
			if err == nil && e.returned {
				err = ErrReturned
			}
		}
		if err != nil {
			res.Err = err
			res.Values = nil
			return res
		}
		i = j
	}
	return res
}

func (e *Evaluator) evalDecls(ctx context.Context, cellSrc string, run []segment) error {
	fset := token.NewFileSet()
	f, err := parsePart(fset, cellSrc, run[0].off, run[len(run)-1].end, true)
	if err != nil {
		return cellError(err)
	}
	e.dropImported(f)
	redef := e.versionTypes(fset, f)
	later := e.forwardUsed(ctx, f, redef)
	funcSrcs := funcSources(fset, f)
	redeclared := e.redeclaredFuncs(funcSrcs)
	names := declNames(f)
	needs := e.unknownNames(f, names) // before the rewrites' new names
	needs = append(needs, e.laterGenericMethods(f)...)
	needs = append(needs, e.initsWaitingFor(names, needs)...)
	if err := e.checkRedeclaredTypes(fset, f); err != nil {
		return err
	}
	methods, err := e.checkRedeclaredMethods(fset, f)
	if err != nil {
		return err
	}
	e.autoImport(f)
	at := cellPos{cell: cellSrc, line: run[0].line}
	if err := e.unwrapMultiValues(fset, f, nil, false); err != nil {
		return e.userError(err, at)
	}
	rw := e.rewriter(fset)
	if err := rw.apply(f); err != nil {
		return inCell(err, cellSrc)
	}
	var b strings.Builder
	if hasImport(f) {
		b.WriteString(tagComments(cellSrc))
	}
	for _, d := range f.Decls {
		b.WriteString(directive(fset, d.Pos()))
		if err := printNode(&b, fset, d); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	kept := pendingDecl{names: names, methods: declMethods(f), funcs: funcsOnly(f), needs: needs, src: b.String(), at: at, generics: rw.generics, methodSrcs: methods, funcSrcs: funcSrcs}
	if e.carrying && len(needs) > 0 {
		return fmt.Errorf("it uses %s, which the new type does not have", strings.Join(needs, ", "))
	}
	if len(needs) > 0 && !hasImport(f) {
		// Go takes declarations in any order: keep these until what they
		// use is declared, then evaluate them with it.
		e.keep(kept)
		e.flushPending(ctx) // it may close a circle of declarations
		return nil
	}
	if !e.carrying && e.keptForLaterMethod(b.String(), kept) {
		e.flushPending(ctx) // the method it waits for may be kept, waiting for it
		return nil
	}
	e.forgetInstances(rw.generics)
	if _, err := e.run(ctx, b.String(), at); err != nil && !receiverParamError(err, f) {
		if !e.carrying && e.keepForMethod(err, kept) {
			e.flushPending(ctx)
			return nil
		}
		if !e.carrying {
			e.undoFailedDecls(ctx, fset, f, funcSrcs)
		}
		return e.explainReturn(err, kept)
	}
	e.dropSuperseded(names)
	e.noteDecls(f)
	e.noteInstances(f)
	e.noteFuncRefs(f)
	maps.Copy(e.funcSrc, funcSrcs)
	gained := e.newMethods(methods)
	if len(methods) > 0 {
		maps.Copy(e.methodDecls, methods)
		e.declGen++
	}
	for _, name := range later {
		e.unforwarded[name] = true
	}
	if call := e.textMethodsCall(f); call != "" {
		_, _ = e.quietEval(call) // without them fmt shows the fields
	}
	e.giveInstanceMethods(f)
	e.noteGenerics(rw.generics)
	e.commitVersions(redef)
	e.staleCallers(ctx, f, redeclared) // once the session has all f declares
	e.refreshTypeUsers(ctx, f, gained)
	e.flushPending(ctx)
	return nil
}

// checkRedeclaredTypes refuses a type declared again with another
// definition that versionTypes did not give a new name (a generic type):
// yaegi would keep the first and give wrong answers. The same definition
// again (a cell run twice) is fine.
func (e *Evaluator) checkRedeclaredTypes(fset *token.FileSet, f *ast.File) error {
	for _, ts := range goref.TypeSpecs(f) {
		old, ok := e.typeDecls[ts.Name.Name]
		if ok && old != exprString(nil, ts.Type) {
			return fmt.Errorf("line %d: type %s is already declared in this session as %s; a generic type keeps its first definition: give the new one another name, or :reset", fset.Position(ts.Pos()).Line, ts.Name.Name, old)
		}
	}
	return nil
}

// checkRedeclaredMethods refuses a method declared again with another
// body: the interpreter keeps a type's first method of a name, and the new
// one would be silently ignored. The same declaration again (a cell run
// twice) is fine. It returns f's methods, "T.M" to their source, for the
// session to note once they ran.
func (e *Evaluator) checkRedeclaredMethods(fset *token.FileSet, f *ast.File) (map[string]string, error) {
	methods := map[string]string{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		recv := goref.ReceiverType(fd.Recv.List[0].Type)
		if recv == "" {
			continue
		}
		key := recv + "." + fd.Name.Name
		src := methodSource(fset, fd)
		if old, ok := e.methodDecls[key]; ok && old != src {
			return nil, fmt.Errorf("line %d: the method %s is already declared in this session; the interpreter keeps a method's first body, so this one would be ignored: give it another name, or :reset", fset.Position(fd.Pos()).Line, key)
		}
		methods[key] = src
	}
	return methods, nil
}

// methodSource is fd's source as the session keeps it, without its doc
// comment.
func methodSource(fset *token.FileSet, fd *ast.FuncDecl) string {
	return exprString(fset, &ast.FuncDecl{Recv: fd.Recv, Name: fd.Name, Type: fd.Type, Body: fd.Body})
}

// methodDecl is the declaration of the session's method typeName.method,
// read again from its source, and the file set it was read with; nil if
// the session has none.
func (e *Evaluator) methodDecl(typeName, method string) (*ast.FuncDecl, *token.FileSet) {
	src, ok := e.methodDecls[typeName+"."+method]
	if !ok {
		return nil, nil
	}
	return parsedFunc(src)
}

// parsedFunc is the declaration of a function or method src holds, and
// the file set it was read with; nil if src holds no one declaration of
// one.
func parsedFunc(src string) (*ast.FuncDecl, *token.FileSet) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p\n"+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return nil, nil
	}
	fd, _ := f.Decls[0].(*ast.FuncDecl)
	if fd == nil {
		return nil, nil
	}
	return fd, fset
}

// noteDecls records what declarations that ran added to the session.
func (e *Evaluator) noteDecls(f *ast.File) {
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil {
				name := strings.TrimPrefix(x.Name.Name, genericPrefix)
				e.noteDeclared(name)
				e.funcs[name] = true
				if x.Type.TypeParams == nil {
					// Any type: reflect cannot tell a function's
					// results as the source writes them (iter.Seq[int]).
					e.funcSigs[name] = x.Type
				}
			} else {
				e.methods[x.Name.Name] = true
			}
		case *ast.GenDecl:
			e.noteGenDecl(x, false)
		}
	}
	for _, ts := range resolveOrder(goref.TypeSpecs(f)) {
		e.nameType(ts)
	}
}

// noteGenerics records generic functions that declarations that ran
// declared (see renameGenerics).
func (e *Evaluator) noteGenerics(gs []*genericFunc) {
	for _, g := range gs {
		e.generics[g.name] = g
	}
}

// declNames lists the names a file's declarations declare.
func declNames(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil {
				names = append(names, x.Name.Name)
			}
		case *ast.GenDecl:
			names = append(names, specNames(x)...)
		}
	}
	return names
}

// declMethods are the names of the methods f declares.
func declMethods(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			names = append(names, fd.Name.Name)
		}
	}
	return names
}

// dropImported drops from f the imports the session has made already, under
// the same name: yaegi refuses a package imported again with the
// declarations of a cell ("strings/_.go redeclared in this block"), as a
// notebook's first cell of imports and helpers is run again.
func (e *Evaluator) dropImported(f *ast.File) {
	var decls []ast.Decl
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			decls = append(decls, d)
			continue
		}
		var specs []ast.Spec
		for _, sp := range g.Specs {
			s := sp.(*ast.ImportSpec)
			if name, p := importName(s); e.importedAs[p] != name {
				specs = append(specs, s)
			}
		}
		if g.Specs = specs; len(specs) > 0 {
			decls = append(decls, g)
		}
	}
	f.Decls = decls
}

// importName is the name an import declares, and the path it imports.
func importName(spec *ast.ImportSpec) (name, path string) {
	path, _ = strconv.Unquote(spec.Path.Value)
	if spec.Name != nil {
		return spec.Name.Name, path
	}
	return packageName(path), path
}

func hasImport(f *ast.File) bool {
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			return true
		}
	}
	return false
}

// note adds a line for the user about the cell (a declaration kept for
// later).
func (e *Evaluator) note(s string) { e.notes = append(e.notes, s) }

// nameType remembers the name of a struct type the user declared, and the
// names its fields were given, so values of it display as the user wrote
// them (yaegi's reflect types have no name, and it renames an unexported
// field b to Xb). Only a struct: the reflect type of `type L int` is int
// itself, and naming it would call every int an L. Two struct types of the
// same fields share a reflect type, and then neither name is given.
func (e *Evaluator) nameType(spec *ast.TypeSpec) {
	if _, ok := spec.Type.(*ast.StructType); !ok {
		return
	}
	v, err := e.quietEval("*new(" + spec.Name.Name + ")")
	if err != nil || !v.IsValid() || v.Kind() != reflect.Struct {
		return
	}
	e.nameStruct(spec, v.Type())
}

// nameStruct is nameType of the struct type t the interpreter made of
// spec.
func (e *Evaluator) nameStruct(spec *ast.TypeSpec, t reflect.Type) {
	st, ok := spec.Type.(*ast.StructType)
	if !ok || t.Kind() != reflect.Struct {
		return
	}
	name := userTypeName(spec.Name.Name)
	if other, ok := e.types[t]; ok && other != name {
		e.types[t] = ""
	} else {
		e.types[t] = name
	}
	e.nameStructsInAssertions()
	e.typeKeys[t] = spec.Name.Name
	var names []string
	var embedded []bool
	var types []ast.Expr
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 { // embedded: named after its type
			t := f.Type
			if star, ok := t.(*ast.StarExpr); ok {
				t = star.X
			}
			if sel, ok := t.(*ast.SelectorExpr); ok {
				t = sel.Sel
			}
			id, _ := t.(*ast.Ident)
			if id == nil {
				return
			}
			names = append(names, userTypeName(id.Name)) // Logger of a Logger declared again
			embedded = append(embedded, true)
			types = append(types, f.Type)
		}
		for _, n := range f.Names {
			names = append(names, n.Name)
			embedded = append(embedded, false)
			types = append(types, f.Type)
		}
	}
	if len(names) == t.NumField() {
		e.fields[t] = names
		e.embedded[t] = embedded
		e.fieldTypes[t] = types
	}
}

// TypeName returns the user's name for an interpreted type, if any.
func (e *Evaluator) TypeName(t reflect.Type) (string, bool) {
	if n, ok := e.types[t]; ok {
		return n, n != ""
	}
	if l, local := e.locals.of(t); local {
		return l.name, l.name != ""
	}
	return e.instanceName(t)
}

// FieldNames returns the field names the user wrote for an interpreted
// struct type, in order, if known.
func (e *Evaluator) FieldNames(t reflect.Type) []string {
	if names, ok := e.fields[t]; ok {
		return names
	}
	l, _ := e.locals.of(t)
	return l.layout.names
}

func (e *Evaluator) rewriter(fset *token.FileSet) *rewriter {
	return &rewriter{
		fset:       fset,
		constValue: e.untypedConst,
		last:       e.last,
		defined:    func(name string) bool { return e.globals[name] },
		isVar:      func(name string) bool { return e.globals[name] && !e.typeNames[name] },
		isType:     func(name string) bool { return e.typeNames[name] },
		generic:    func(name string) *genericFunc { return e.generics[name] },
		typeOfValue: func(expr string) (ast.Expr, bool) {
			v, err := e.quietEval(expr)
			if err != nil || !v.IsValid() {
				return nil, false
			}
			if t, ok := e.typeExpr(v.Type()); ok {
				return t, true
			}
			return e.typeExpr(unnamedFunc(v.Type())) // iter.Seq[string] of a compiled package
		},
		sliceOrMapType: e.sliceOrMapType,
		funcType:       e.funcType,
		methodDecl:     e.methodDecl,
		packageType:    e.packageType,
		packageValue:   func(x ast.Expr) reflect.Type { return e.valueType(x, 0) },
		packageConst:   e.packageConst,
		importPath:     e.importPath,
		typeSource: func(t reflect.Type) (string, bool) {
			s, err := e.typeSrc().write(t)
			return s, err == nil
		},
		textType:    e.boxes.texts.has,
		pointerText: func(name string) bool { m, ok := e.boxes.texts.named(name); return ok && m.ptr },
		jsonType:    func(name string) bool { return e.boxes.texts.hasAny(name, jsonMethods...) },
		varType:     e.varType,
		funcSig:     func(name string) *ast.FuncType { return e.funcSigs[name] },
		typeDecl:    e.typeDecl,
		alias: func(name string) (ast.Expr, bool) {
			if !e.aliases[name] {
				return nil, false
			}
			return e.typeDecl(name)
		},
		genericSpec:    func(name string) *ast.TypeSpec { return e.genericSpecs[name] },
		versioned:      len(e.typeVersions) > 0,
		sameStruct:     e.sameStruct,
		packageResults: e.packageResults,
		packageFunc:    e.packageFunc,
		methodNamed:    func(name string) bool { return e.methods[name] },
		localStruct:    e.locals.add,
		sessionTypes:   func() bool { return len(e.typeNames) > 0 },
		methodSets:     e.methodSets,
		genericMethods: e.genericMethodSets,
		instances:      func() map[string]string { return e.instances },
		forwarder:      e.forwarder,
		embedder:       e.embedder,
		note:           e.note,
		kindOf: func(expr string) reflect.Kind {
			v, err := e.quietEval(expr)
			if err != nil || !v.IsValid() {
				return reflect.Invalid
			}
			return v.Kind()
		},
	}
}

// sliceOrMapType is x's type (see valueType) if it is a slice or a map,
// as Go source; a compiled named type is written as what it stands for
// (http.Header as map[string][]string).
func (e *Evaluator) sliceOrMapType(x ast.Expr, result int) (ast.Expr, bool) {
	t := e.valueType(x, result)
	if t == nil {
		return nil, false
	}
	switch {
	case t.Kind() == reflect.Slice && t.PkgPath() != "":
		t = reflect.SliceOf(t.Elem())
	case t.Kind() == reflect.Map && t.PkgPath() != "":
		t = reflect.MapOf(t.Key(), t.Elem())
	case t.Kind() != reflect.Slice && t.Kind() != reflect.Map:
		return nil, false
	}
	return e.typeExpr(t)
}

// funcType is the type of x, a package's function (strings.ToUpper) or a
// session's variable, if it is a function, as Go source.
func (e *Evaluator) funcType(x ast.Expr) (ast.Expr, bool) {
	switch v := x.(type) {
	case *ast.SelectorExpr:
		if id, ok := v.X.(*ast.Ident); !ok || id.Obj != nil {
			return nil, false
		}
	case *ast.Ident:
		if v.Obj != nil || !e.globals[v.Name] || e.funcs[v.Name] {
			return nil, false
		}
	default:
		return nil, false
	}
	t := e.valueType(x, 0)
	if t == nil || t.Kind() != reflect.Func {
		return nil, false
	}
	return e.typeExpr(t)
}

// typeExpr is t written as Go source of the session, parsed.
func (e *Evaluator) typeExpr(t reflect.Type) (ast.Expr, bool) {
	src, err := e.typeSrc().write(t)
	if err != nil {
		return nil, false
	}
	tx, err := parser.ParseExpr(src)
	return tx, err == nil
}

// unnamedFunc is the function type t is made of, if t is a named one (an
// instance of a compiled package's generic type, which the session cannot
// name); t otherwise.
func unnamedFunc(t reflect.Type) reflect.Type {
	if t.Kind() != reflect.Func || t.Name() == "" {
		return t
	}
	in := make([]reflect.Type, t.NumIn())
	for i := range in {
		in[i] = t.In(i)
	}
	out := make([]reflect.Type, t.NumOut())
	for i := range out {
		out[i] = t.Out(i)
	}
	return reflect.FuncOf(in, out, t.IsVariadic())
}

// valueType is the type of a package's variable, of a call of a
// package's function, of a composite literal of a package's type or a
// conversion to one (from the symbol tables, importing nothing: a
// program's rewrite must not import what the program imports itself), or
// of a pure expression of the session's globals; nil if it cannot tell
// without running a call. For a call, result is which of its results.
func (e *Evaluator) valueType(x ast.Expr, result int) reflect.Type {
	switch v := x.(type) {
	case *ast.CompositeLit:
		return e.packageType(v.Type)
	case *ast.CallExpr:
		if t := e.packageType(v.Fun); t != nil {
			return t // a conversion
		}
		t := e.valueType(v.Fun, 0)
		if t == nil || t.Kind() != reflect.Func || result >= t.NumOut() {
			return nil
		}
		return t.Out(result)
	case *ast.SelectorExpr:
		if sym, ok := e.packageSymbol(v); ok {
			if isTypeSymbol(sym) {
				return nil
			}
			return sym.Type()
		}
	}
	if !pureExpr(x) {
		return nil
	}
	val, err := e.quietEval(exprString(nil, x))
	if err != nil || !val.IsValid() {
		return nil
	}
	return val.Type()
}

// packageResults are the result types of the package's function sel, as
// Go source naming packages by their own names (importing nothing, as
// valueType).
func (e *Evaluator) packageResults(sel *ast.SelectorExpr) ([]ast.Expr, bool) {
	sym, ok := e.packageSymbol(sel)
	if !ok || isTypeSymbol(sym) || sym.Kind() != reflect.Func {
		return nil, false
	}
	var out []ast.Expr
	for i := range sym.Type().NumOut() {
		t, ok := compiledTypeExpr(sym.Type().Out(i))
		if !ok {
			return nil, false
		}
		out = append(out, t)
	}
	return out, true
}

// packageFunc is the type of the package's function sel, from the symbol
// tables.
func (e *Evaluator) packageFunc(sel *ast.SelectorExpr) reflect.Type {
	sym, ok := e.packageSymbol(sel)
	if !ok || isTypeSymbol(sym) || sym.Kind() != reflect.Func {
		return nil
	}
	return sym.Type()
}

// compiledTypeExpr is t, a compiled type, as Go source naming packages by
// their own names, parsed; it imports nothing, as valueType.
func compiledTypeExpr(t reflect.Type) (ast.Expr, bool) {
	src := typeSource{
		pkgName:  func(path string) (string, bool) { return packageName(path), true },
		userType: func(reflect.Type) (string, bool) { return "", false },
	}
	s, err := src.write(t)
	if err != nil {
		return nil, false
	}
	x, err := parser.ParseExpr(s)
	return x, err == nil
}

// packageSymbol is the symbol table entry of pkg.Name, pkg being a
// package's name (not a global of the session).
func (e *Evaluator) packageSymbol(sel *ast.SelectorExpr) (reflect.Value, bool) {
	id, ok := sel.X.(*ast.Ident)
	if !ok || e.globals[id.Name] {
		return reflect.Value{}, false
	}
	p, ok := e.index.lookup(id.Name)
	if !ok {
		p = e.importPath(id.Name) // imported under a name of its own (_opshPkg2)
		ok = p != ""
	}
	if !ok {
		return reflect.Value{}, false
	}
	return e.pathSymbol(p, sel.Sel.Name)
}

// packageConst is the value of the package's untyped constant sel
// (math.Pi), which the symbol tables keep as a constant.Value.
func (e *Evaluator) packageConst(sel *ast.SelectorExpr) (constant.Value, bool) {
	sym, ok := e.packageSymbol(sel)
	if !ok || !sym.IsValid() || !sym.Type().Implements(constantType) {
		return nil, false
	}
	c, ok := sym.Interface().(constant.Value)
	return c, ok && c != nil
}

// pathSymbol is the symbol name of the compiled package of import path p.
func (e *Evaluator) pathSymbol(p, name string) (reflect.Value, bool) {
	if isGoSrc(p) {
		return reflect.Value{}, false
	}
	sym, ok := e.tables[e.index.Key(p)][name]
	return sym, ok
}

// packageType is the type x names if it is a package's type (http.Header).
func (e *Evaluator) packageType(x ast.Expr) reflect.Type {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if sym, ok := e.packageSymbol(sel); ok && isTypeSymbol(sym) {
		return sym.Type().Elem()
	}
	return nil
}

// isTypeSymbol reports whether a symbol table entry is a type (a nil
// pointer to it).
func isTypeSymbol(sym reflect.Value) bool {
	return sym.Kind() == reflect.Pointer && sym.IsNil() && !sym.CanAddr()
}

// evalStmt runs one top-level statement of a cell; last says whether its
// value is the cell's.
func (e *Evaluator) evalStmt(ctx context.Context, cellSrc string, seg segment, last bool, res Result) (Result, error) {
	fset := token.NewFileSet()
	f, err := parsePart(fset, cellSrc, seg.off, seg.end, false)
	if err != nil {
		return res, cellError(err)
	}
	e.forwardUsed(ctx, f, e.versionTypes(fset, f))
	e.autoImport(f)
	body := f.Decls[0].(*ast.FuncDecl).Body
	if err := e.usesFailedVars(body); err != nil {
		return res, err
	}
	if err := e.usesKeptForMethod(body); err != nil {
		return res, err
	}
	if err := rewriteTopReturns(body); err != nil {
		return res, err
	}
	at := cellPos{cell: cellSrc, line: seg.line}
	if err := e.unwrapMultiValues(fset, body, body.List, false); err != nil {
		return res, e.userError(err, at)
	}
	e.giveInstanceMethods(body)
	rw := e.rewriter(fset)
	if err := rw.apply(body); err != nil {
		return res, inCell(err, cellSrc)
	}
	rw.rewriteTopDefers(body)
	stmts := declareVars(body.List)
	var sh shape
	var valueStmt *ast.ExprStmt
	if n := len(stmts); last && n > 0 {
		if es, ok := stmts[n-1].(*ast.ExprStmt); ok {
			if sh, err = e.classify(ctx, es.X, at); err != nil {
				return res, err
			}
			if sh.values > 0 {
				valueStmt = es
			}
		}
	}
	names, errName := e.valueNames(sh)
	if valueStmt != nil {
		stmts[len(stmts)-1] = valueDefine(names, errName, valueStmt.X)
	} else if n := len(stmts); n > 0 {
		names = nil
		if stmts, errName, err = e.unwrapAssign(ctx, fset, stmts, at); err != nil {
			return res, err
		}
	}
	stmts = e.typedDefines(stmts)
	for _, st := range stmts {
		if err := e.runTop(ctx, fset, st, at); err != nil {
			e.noteFailedVars(stmts, err)
			return res, err
		}
	}
	e.noteGlobals(stmts)
	e.noteInstances(body)
	if err := e.checkErr(errName); err != nil {
		// port := strconv.Atoi("80x") failed: port is not the zero value
		// the interpreter declared it with, but undefined, as after a
		// failed compile
		for _, name := range declaredVars(stmts[len(stmts)-1:]) {
			if name != errName {
				e.failedVars[name] = true
			}
		}
		return res, err
	}
	if valueStmt == nil {
		return res, nil
	}
	res.Pair = errName != "" && len(names) > 0
	for _, n := range names {
		v, err := e.quietEval(n)
		if err != nil {
			return res, err
		}
		res.Values = append(res.Values, e.withMethods(n, v))
	}
	if len(names) == 1 && (!res.Values[0].IsValid() || res.Values[0].Kind() == reflect.Interface && res.Values[0].IsNil()) {
		// Python's rule for its None: a nil interface (a nil error, an
		// any holding nothing) shows nothing and leaves _ as it was. A nil
		// slice, map or pointer is a value of its type, shown as one.
		res.Values, res.Pair = nil, false
		return res, nil
	}
	if len(names) > 1 {
		e.last = severalValues
	}
	if len(names) == 1 {
		e.last = names[0]
		res.Bound = names[0]
		e.noteDeclared(names[0])
		e.noteVarType(names[0], e.sourceType(valueStmt.X))
	}
	return res, nil
}

// typedDefines writes each of the cell's a, b := f() whose f the source
// shows the results of as a declaration of each new name with its type,
// then the assignment:
//
//	var a Level
//	var b Port
//	a, b = two()
//
// yaegi's variables of the cell's a, b := two() held their values in
// boxes that lost the type's methods (any(a).(fmt.Stringer) was false),
// and a function called by a function read n, err := strconv.Atoi(s) as
// nothing (reflect: call of reflect.Value.Interface on zero Value).
func (e *Evaluator) typedDefines(stmts []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range stmts {
		as, ok := st.(*ast.AssignStmt)
		if !ok {
			out = append(out, st)
			continue
		}
		var types []ast.Expr
		if as.Tok == token.DEFINE && len(as.Lhs) >= 2 && len(as.Rhs) == 1 && isCall(as.Rhs[0]) && !slices.ContainsFunc(as.Lhs, isErrVar) {
			types = e.rewriter(token.NewFileSet()).results(unparen(as.Rhs[0]).(*ast.CallExpr).Fun)
		}
		if len(types) != len(as.Lhs) {
			out = append(out, st) // (the pair of a value cell's (T, error) call too, whose names a failure marks)
			continue
		}
		declare := func(id *ast.Ident, t, value ast.Expr) {
			spec := &ast.ValueSpec{Names: []*ast.Ident{id}, Type: t}
			if value != nil {
				spec.Values = []ast.Expr{value}
			}
			out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: as.Pos(), Tok: token.VAR, Specs: []ast.Spec{spec}}})
		}
		// x, err := strconv.Atoi(x): the call reads the x there was, so
		// the results go to variables of their own first
		reads := namesUsed(as.Rhs[0])
		redeclared := slices.ContainsFunc(as.Lhs, func(l ast.Expr) bool { id, ok := l.(*ast.Ident); return ok && reads[id.Name] })
		lhs := as.Lhs
		if redeclared {
			as.Lhs = nil
			for i := range lhs {
				as.Lhs = append(as.Lhs, ast.NewIdent(fmt.Sprintf("%sdef%d", loopCopy, i)))
			}
		}
		for i, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				declare(id, types[i], nil)
			}
		}
		as.Tok = token.ASSIGN
		out = append(out, as)
		if redeclared {
			for i, l := range lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					declare(id, types[i], as.Lhs[i])
				}
			}
		}
	}
	return out
}

// namesUsed are the names x refers to (not the selected names of x.Sel).
func namesUsed(x ast.Expr) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					names[id.Name] = true
				}
				return true
			})
			return false
		case *ast.Ident:
			names[n.Name] = true
		}
		return true
	})
	return names
}

// isErrVar reports whether x is the variable of a value cell's error.
func isErrVar(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == errVar
}

// valueNames are the variables a value statement of the given shape is
// stored in: _N for one value (or a (T, error) pair, with its error in
// errName), _N_i for each of several.
func (e *Evaluator) valueNames(sh shape) (names []string, errName string) {
	switch {
	case sh.values == 1 && sh.lastErr:
		// A call whose only result is an error succeeds or fails.
		return nil, errVar
	case sh.values == 1:
		return []string{fmt.Sprintf("_%d", e.cell)}, ""
	case sh.values == 2 && sh.lastErr:
		return []string{fmt.Sprintf("_%d", e.cell)}, errVar
	}
	for i := 0; i < sh.values; i++ {
		names = append(names, fmt.Sprintf("_%d_%d", e.cell, i))
	}
	return names, ""
}

// valueDefine is names, errName := x.
func valueDefine(names []string, errName string, x ast.Expr) ast.Stmt {
	var lhs []ast.Expr
	for _, n := range names {
		lhs = append(lhs, ast.NewIdent(n))
	}
	if errName != "" {
		lhs = append(lhs, ast.NewIdent(errName))
	}
	return &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
}

// checkErr fails the cell with the error variable name holds, if any.
func (e *Evaluator) checkErr(name string) error {
	if name == "" {
		return nil
	}
	ev, err := e.quietEval(name)
	if err == nil && ev.IsValid() && !ev.IsNil() {
		if verr, ok := ev.Interface().(error); ok && verr != nil {
			return &ValueError{Err: verr}
		}
	}
	return nil
}

// unwrapAssign gives a (T, error) call assigned to one name the REPL's
// rule, r := web.Get(u) as a value cell gets it: the name takes T and a
// non-nil error fails the cell. (yaegi would silently give the name the
// first value and drop the error.) Other value counts that cannot fit one
// name are refused.
func (e *Evaluator) unwrapAssign(ctx context.Context, fset *token.FileSet, stmts []ast.Stmt, at cellPos) ([]ast.Stmt, string, error) {
	n := len(stmts)
	as, ok := stmts[n-1].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || (as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
		return stmts, "", nil
	}
	call, ok := unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return stmts, "", nil
	}
	sh, err := e.classify(ctx, call, at)
	if err != nil {
		return stmts, "", err
	}
	switch {
	case sh.values == 2 && sh.lastErr:
		const errName = errVar
		if as.Tok == token.DEFINE {
			as.Lhs = append(as.Lhs, ast.NewIdent(errName))
			return stmts, errName, nil
		}
		// _opshVal, _opshErr := f(); if _opshErr == nil { x = _opshVal }
		val := &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_opshVal"), ast.NewIdent(errName)}, Tok: token.DEFINE, Rhs: as.Rhs}
		set := &ast.IfStmt{
			Cond: &ast.BinaryExpr{X: ast.NewIdent(errName), Op: token.EQL, Y: ast.NewIdent("nil")},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.AssignStmt{Lhs: as.Lhs, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("_opshVal")}}}},
		}
		return append(stmts[:n-1:n-1], val, set), errName, nil
	case sh.values == 0:
		return stmts, "", fmt.Errorf("%s is used as a value, but returns nothing", exprString(fset, call))
	case sh.values > 1:
		return stmts, "", fmt.Errorf("assignment mismatch: 1 variable but %s() returns %d values", exprString(fset, call.Fun), sh.values)
	}
	return stmts, "", nil
}

// noteDeclared records that the session declared name (anew).
func (e *Evaluator) noteDeclared(name string) {
	e.globals[name] = true
	delete(e.literals, name)
	delete(e.varTypes, name)
	delete(e.funcSigs, name)
	delete(e.failedVars, name)
	delete(e.untypedConsts, name)
}

// noteGlobals records the names top-level statements declared.
func (e *Evaluator) noteGlobals(stmts []ast.Stmt) {
	for _, st := range stmts {
		switch x := st.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						e.noteDeclared(id.Name)
						if len(x.Rhs) == len(x.Lhs) {
							if lit, ok := x.Rhs[i].(*ast.BasicLit); ok {
								e.literals[id.Name] = lit.Kind
							}
							e.noteVarType(id.Name, e.sourceType(x.Rhs[i]))
						}
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := x.Decl.(*ast.GenDecl); ok {
				e.noteGenDecl(g, true)
			}
		}
	}
}

// noteGenDecl records what a declaration that ran added to the session:
// imports, types (and, if named, their names, for display: noteDecls
// names a file's in resolveOrder), variables and constants.
func (e *Evaluator) noteGenDecl(g *ast.GenDecl, named bool) {
	implicit := constGroupTypes(g)
	for _, sp := range g.Specs {
		switch s := sp.(type) {
		case *ast.ImportSpec:
			name, p := importName(s)
			// Names it brings in that are not known here: a dot import's,
			// a source package's, whose name its files give.
			if _, known := e.index.key(p); name == "." {
				e.dotImport = true
			} else if !known && s.Name == nil {
				e.opaqueImports = true
			} else if known && s.Name != nil && name != "_" {
				e.importedAs[p] = name // fst "testing/fstest": fst.MapFS is found
			}
			if name != "." && name != "_" {
				e.noteImport(name, p)
			}
		case *ast.TypeSpec:
			e.noteDeclared(s.Name.Name)
			e.typeNames[s.Name.Name] = true
			e.aliases[s.Name.Name] = s.Assign.IsValid() && s.TypeParams == nil
			e.typeDecls[s.Name.Name] = exprString(nil, untagged(s.Type))
			e.declGen++
			delete(e.taggedDecls, s.Name.Name)
			if tagged := exprString(nil, s.Type); tagged != e.typeDecls[s.Name.Name] {
				e.taggedDecls[s.Name.Name] = tagged
			}
			if named {
				e.nameType(s)
			}
			if s.TypeParams != nil {
				e.genericTypes = true
				e.genericNamed[userTypeName(s.Name.Name)] = true
				e.noteGenericStruct(s)
				e.genericSpecs[s.Name.Name] = s
			}
		case *ast.ValueSpec:
			for i, id := range s.Names {
				e.noteDeclared(id.Name)
				switch {
				case s.Type != nil:
					e.noteVarType(id.Name, s.Type)
				case implicit[s] != nil:
					e.noteVarType(id.Name, implicit[s])
				case len(s.Values) == len(s.Names):
					e.noteVarType(id.Name, e.sourceType(s.Values[i]))
				}
				if g.Tok == token.CONST && s.Type == nil && implicit[s] == nil && i < len(s.Values) {
					e.noteUntypedConst(id.Name, s.Values[i])
				}
			}
		}
	}
}

// noteUntypedConst remembers the value of the untyped constant name,
// given by x, when x is made of literals and such constants, for
// foldIntDivisions; not a rune's, which would lose its type.
func (e *Evaluator) noteUntypedConst(name string, x ast.Expr) {
	if hasRuneOrIota(x) {
		return
	}
	if c := foldConstWith(x, 0, e.untypedConst); c != nil {
		e.untypedConsts[name] = c
	}
}

// untypedConst is the value of the session's untyped constant id
// (noteUntypedConst), nil if it is none.
func (e *Evaluator) untypedConst(id *ast.Ident) constant.Value {
	return e.untypedConsts[id.Name]
}

// noteVarType remembers t, the type of the session's variable name as the
// source shows it (nil if it does not), when it names one of the
// session's types: reflect does not know those by name, and fmt's
// arguments need them (rewriteTypedArgs).
func (e *Evaluator) noteVarType(name string, t ast.Expr) {
	if t != nil && len(typeNamesIn(t, func(name string) bool { return e.typeNames[name] })) > 0 {
		e.varTypes[name] = t
	}
}

// sourceType is the type of the value x as the source shows it, running
// nothing and asking the interpreter for no global's value (the session's
// variables have the types noteVarType kept); nil if it does not show it.
func (e *Evaluator) sourceType(x ast.Expr) ast.Expr {
	rw := e.rewriter(token.NewFileSet())
	rw.typeOfValue = nil // a global's value is not asked for
	t, _, ok := rw.staticType(x)
	if !ok {
		return nil
	}
	return t
}

// varType is the type noteVarType remembered for name.
func (e *Evaluator) varType(name string) (ast.Expr, bool) {
	t, ok := e.varTypes[name]
	return t, ok
}

// typeDecl is the definition of the session's type name, parsed, as the
// interpreter was given it (with its tag).
func (e *Evaluator) typeDecl(name string) (ast.Expr, bool) {
	src, ok := e.taggedDecls[name]
	if !ok {
		src, ok = e.typeDecls[name]
	}
	if !ok {
		return nil, false
	}
	t, err := parser.ParseExpr(src)
	return t, err == nil
}

// autoImport imports the packages a cell names but neither imported nor
// declared, as goimports would.
func (e *Evaluator) autoImport(node ast.Node) {
	own := map[string]bool{} // what the cell imports itself, with it
	if f, ok := node.(*ast.File); ok {
		for _, spec := range f.Imports {
			name, _ := importName(spec)
			own[name] = true
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Obj != nil || e.imported[id.Name] || e.globals[id.Name] || own[id.Name] {
			return true
		}
		if p, ok := e.index.lookup(id.Name); ok {
			if _, err := e.quietEval(importStmt(id.Name, p)); err == nil {
				e.noteImport(id.Name, p)
			}
		}
		return true
	})
}

func importStmt(name, p string) string {
	if packageName(p) == name {
		return "import " + strconv.Quote(p)
	}
	return "import " + name + " " + strconv.Quote(p)
}

// quietEval evaluates a side-effect-free expression for the REPL's own
// use, never panicking.
func (e *Evaluator) quietEval(src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if err := e.loadGoSrc(src); err != nil {
		return reflect.Value{}, err
	}
	return e.in.Eval(src)
}

// run compiles and runs generated source, turning panics (of the
// interpreter or of the user's code) and interrupts into errors that speak
// of the user's cell.
func (e *Evaluator) run(ctx context.Context, src string, at cellPos) (reflect.Value, error) {
	prog, err := e.compileProgram(src)
	if err != nil {
		return reflect.Value{}, e.userError(err, at)
	}
	return e.execute(ctx, prog, at)
}

// compileProgram compiles src without running it, never panicking.
func (e *Evaluator) compileProgram(src string) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = limitError(r)
		}
	}()
	if err := e.loadGoSrc(src); err != nil {
		return nil, err
	}
	if err := e.loadMethodHelpers(src); err != nil {
		return nil, err
	}
	if err := e.loadStdGenerics(src); err != nil {
		return nil, fmt.Errorf("declare the standard library's generic functions: %w", err)
	}
	return e.in.Compile(src)
}

// namedAssertion is v, a panic, with the session's struct types named in
// it where it is yaegi's failed type assertion, which writes such a type
// as reflect does, struct { X int }, where Go writes its name, main.A.
// Any goroutine may call it.
func (e *Evaluator) namedAssertion(v any) any {
	err, ok := v.(error)
	names := e.assertNames.Load()
	if !ok || names == nil || !failedAssertion.MatchString(err.Error()) {
		return v
	}
	return errors.New(names.Replace(err.Error()))
}

// assertedFrom names, in yaegi's panic for a failed assertion of a value
// of a named interface type ("10:6: interface conversion: interface {} is
// *main.Square, not main.Circle"), the interface, as Go does (main.Shape
// is *main.Square, …), where the one assertion on that line of the cell
// shows it; v itself otherwise.
func (e *Evaluator) assertedFrom(v any, at cellPos) any {
	err, ok := v.(error)
	if !ok || !strings.Contains(err.Error(), "interface conversion: interface {} is ") {
		return v
	}
	line, _ := yaegiPosition(err)
	fset, f := parseAny(at.cell)
	if line == 0 || f == nil {
		return v
	}
	var found []*ast.TypeAssertExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if ta, ok := n.(*ast.TypeAssertExpr); ok && ta.Type != nil && fset.Position(ta.Pos()).Line == line {
			found = append(found, ta)
		}
		return true
	})
	if len(found) != 1 {
		return v
	}
	rw := e.rewriter(fset)
	rw.learn(f)
	t, _, ok := rw.staticType(found[0].X)
	if !ok || isIdent(t, "any") || isEmptyInterface(t) || !rw.isInterface(t) {
		return v
	}
	return errors.New(strings.Replace(err.Error(), "interface conversion: interface {} is ", "interface conversion: "+rw.goTypeName(t)+" is ", 1))
}

// nameStructsInAssertions makes the replacer namedAssertion uses of the
// session's named struct types.
func (e *Evaluator) nameStructsInAssertions() {
	type named struct{ written, name string }
	var all []named
	for t, name := range e.types {
		if name != "" {
			all = append(all, named{t.String(), "main." + name})
		}
	}
	// the longest first: a struct type that holds another
	sort.Slice(all, func(i, j int) bool { return len(all[i].written) > len(all[j].written) })
	var pairs []string
	for _, n := range all {
		pairs = append(pairs, n.written, n.name)
	}
	e.assertNames.Store(strings.NewReplacer(pairs...))
}

// limitError is a panic of yaegi's compiler or run time, which says that
// the interpreter cannot run some construct.
func limitError(r any) error {
	return fmt.Errorf("%s (yaegi v0.16.1: %v); see :help limits", limitPrefix, r)
}

// yaegi runs Go on package reflect, and some mistakes of the cell's reach
// the user as reflect's panics: an index out of range as reflect.Value.Index
// saw it, a call of a field that is no function as reflect.Value.Call did.
// goRuntimeError and callNonFunc give them Go's words.
var (
	reflectIndex = lazyre.New(`^reflect: (?:slice|array|string) index out of range$`)
	reflectSlice = lazyre.New(`^reflect\.Value\.Slice3?: (?:string )?slice index out of bounds$`)
	callNonFunc  = lazyre.New(`^reflect: call of reflect\.Value\.Call on (\S+) Value$`)
	reflectZero  = lazyre.New(`^reflect: call of reflect\.Value\.\w+ on zero Value$`)
	// what yaegi does calling a nil func value, or a method of a nil
	// interface value
	reflectNilCall = lazyre.New(`^(?:reflect\.Value\.Call: call of nil function|reflect: Method on nil interface value)$`)
	// make of a negative or inverted size
	reflectMake = map[string]string{
		"reflect.MakeSlice: negative len":        "runtime error: makeslice: len out of range",
		"reflect.MakeSlice: negative cap":        "runtime error: makeslice: cap out of range",
		"reflect.MakeSlice: len > cap":           "runtime error: makeslice: cap out of range",
		"reflect.MakeChan: negative buffer size": "makechan: size out of range",
		"reflect.Value.Grow: negative len":       "runtime error: makeslice: len out of range",
	}
)

// goRuntimeError is Go's run-time error for a panic of reflect's that
// stands for one.
func goRuntimeError(v any) (string, bool) {
	msg := fmt.Sprint(v)
	switch {
	case reflectIndex.MatchString(msg):
		return "runtime error: index out of range", true
	case reflectSlice.MatchString(msg):
		return "runtime error: slice bounds out of range", true
	case reflectMake[msg] != "":
		return reflectMake[msg], true
	case reflectZero.MatchString(msg), reflectNilCall.MatchString(msg):
		// What yaegi does to the value of a nil pointer it follows, a nil
		// func it calls.
		return "runtime error: invalid memory address or nil pointer dereference", true
	}
	return "", false
}

// interpreterPanic reports whether a panic of a cell is the interpreter's
// own: a failure of package reflect (which yaegi runs on) in a session
// that does not use reflect itself.
func (e *Evaluator) interpreterPanic(v any, cell string) bool {
	msg := fmt.Sprint(v)
	return (strings.HasPrefix(msg, "reflect: ") || strings.HasPrefix(msg, "reflect.")) &&
		!e.imported["reflect"] && !strings.Contains(cell, "reflect.")
}

// promotedMethod is the panic of yaegi's run time when a value whose
// method is promoted from an embedded field is made an interface value:
// of a struct type declared in a function, which forwardEmbedded does not
// give the methods.
var promotedMethod = lazyre.New(`^\d+:\d+: method not found: (\w+)$`)

// unlikeFormatter is the panic of yaegi's run time when a value held in
// an any whose Format method is not fmt.Formatter's (a struct embedding a
// time.Time) is handed to fmt: yaegi matches fmt's interfaces by their
// methods' names.
var unlikeFormatter = lazyre.New(`^reflect\.Set: value of type (func\(.*\).*) is not assignable to type func\(fmt\.State, int32\)$`)

// limitPrefix starts the message of a limitError.
const limitPrefix = "the interpreter cannot run this"

// Hold makes the next Eval prepare its cell (parse, rewrite, compile) but
// run none of it before proceed returns: the worker calls proceed, which
// waits until the front-end has the cell's input on disk, before the
// cell's first statement or declaration runs, and before a source package
// it imports is loaded (loading runs the package's initialisation). An
// error from proceed (the cell was interrupted meanwhile) ends the cell.
// A cell that never runs (it does not compile) does not wait.
func (e *Evaluator) Hold(proceed func() error) { e.hold = proceed }

// proceed waits for the cell's hold, the first time it is called in a
// cell; the REPL's own side-effect-free evaluations (quietEval) do not.
func (e *Evaluator) proceed() error {
	h := e.hold
	if h == nil {
		return nil
	}
	e.hold = nil
	err := h()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return ErrInterrupted
	}
	return err
}

// execute runs a compiled program.
func (e *Evaluator) execute(ctx context.Context, prog *interp.Program, at cellPos) (v reflect.Value, err error) {
	if err := e.proceed(); err != nil {
		return reflect.Value{}, err
	}
	e.stderr.begin()
	defer func() {
		trace := e.stderr.end()
		if r := recover(); r != nil {
			err = limitError(r)
		}
		var p interp.Panic
		if errors.As(err, &p) {
			err = e.panicError(p.Value, at, trace)
		}
	}()
	v, err = e.exits.run(func() (reflect.Value, error) {
		v, err := e.in.ExecuteWithContext(ctx, prog)
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			// The interpreter stopped: the selects waiting wake, and their
			// goroutines end at their next step. (Woken as ctx was done,
			// before the interpreter stopped, main ran on: a goroutine's
			// panic stopped a script's program, which printed what
			// followed its select.)
			e.selects.interrupt()
		}
		return v, err
	})
	if err != nil {
		if _, ok := err.(*ExitError); ok {
			return v, err
		}
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return v, ErrInterrupted
		}
		if _, ok := err.(interp.Panic); ok {
			return v, err
		}
		return v, e.userError(err, at)
	}
	return v, nil
}

// panicError is what a panic with value v of code run for the cell at
// (with the interpreter's trace, if any) says to the user: os.Exit's exit,
// the limits of the interpreter it stands for, Go's words for mistakes
// that reached it as reflect's panics, or the panic itself.
func (e *Evaluator) panicError(v any, at cellPos, trace []string) error {
	v = goPanicValue(e.namedAssertion(e.assertedFrom(v, at)))
	msg := fmt.Sprint(v)
	if u, ok := v.(undeclaredFunc); ok {
		return u
	}
	if m := promotedMethod.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s (yaegi v0.16.1: method not found: %s): a value given as an interface has no %s method. If its type has one from an embedded field, and is a struct type declared in a function (struct{ error }), declare the type outside the function, or name the field, struct{ err error }, and give the struct the method, func (s S) %s(…) { return s.err.%s(…) }; see :help limits", limitPrefix, m[1], m[1], m[1], m[1])
	}
	if m := unlikeFormatter.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s (yaegi v0.16.1: a value with a method Format %s, as a struct embedding a time.Time has, is printed as a fmt.Formatter when fmt is given it in an interface value); give fmt a variable of its type, or its field; see :help limits", limitPrefix, strings.TrimPrefix(m[1], "func"))
	}
	if goErr, ok := goRuntimeError(v); ok {
		p := panicked(goErr, at, trace)
		detail := ""
		if p.In == "" {
			detail = e.boundsDetail(at.cell, p.At)
		}
		p.Value = goErr + detail + negativeHint(goErr, detail)
		return p
	}
	if m := callNonFunc.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("invalid operation: cannot call non-function (a value of type %s)", m[1])
	}
	if e.interpreterPanic(v, at.cell) {
		return limitError(v)
	}
	p := panicked(v, at, trace)
	if text, ok := e.panicShown(v).(panicText); ok {
		p.Text = string(text)
	}
	return p
}

// noteGoPanic keeps v, a goroutine's panic as recover gives it, to fail a cell with, when
// goroutines' panics fail cells, and no other is kept.
func (e *Evaluator) noteGoPanic(v any) {
	if !e.goPanicFails {
		return
	}
	e.goPanicMu.Lock()
	defer e.goPanicMu.Unlock()
	if e.goPanicked == nil {
		e.goPanicked = v
		if e.stopProgram != nil {
			e.stopProgram()
			e.stopped = true
		}
	}
}

// takeGoPanic is the goroutine's panic noteGoPanic kept, if one was, which
// it forgets, and whether the panic stopped the program being run.
func (e *Evaluator) takeGoPanic() (v any, ok, stopped bool) {
	e.goPanicMu.Lock()
	defer e.goPanicMu.Unlock()
	v, stopped = e.goPanicked, e.stopped
	e.goPanicked, e.stopped = nil, false
	return v, v != nil, stopped
}

// panicText is what a value's Error or String method says of it.
type panicText string

func (t panicText) String() string { return string(t) }

// panicShown is what Go prints of v, a panic's value: for a value of the
// session's type whose Error or String method reflect does not show (a
// value receiver's: panic(MyErr{7}) printed {7}), what that method says;
// else v.
func (e *Evaluator) panicShown(v any) any {
	shown := v
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		shown = rv.Interface() // (the interpreter's panic holds one)
	}
	switch shown.(type) {
	case nil, error, fmt.Stringer:
		return v
	}
	t := reflect.TypeOf(shown)
	if t.Kind() == reflect.Pointer {
		t = t.Elem() // panic(&MyErr{3}) of an Error on *MyErr
	}
	name, ok := e.TypeName(t)
	if !ok {
		return v
	}
	for _, m := range []string{"Error", "String"} {
		if tm, ok := e.boxes.texts.method(name, m); ok {
			if s, ok := tm.text(reflect.ValueOf(shown)); ok {
				return panicText(fmt.Sprint(s))
			}
		}
	}
	return v
}

// userError rewords an interpreter error for the user: the position in
// the cell, the user's names, a hint where one helps. The error keeps the
// position (a LocatedError) for a front-end to name the file's line.
func (e *Evaluator) userError(err error, at cellPos) error {
	line, col := yaegiPosition(err)
	return located(e.reword(at.friendly(err), at), line, col)
}

// reword is userError's message for err, which friendly has already made
// the user's.
func (e *Evaluator) reword(err error, at cellPos) error {
	if msg, ok := e.multiValueArg(at.cell); ok {
		return errors.New(msg) // yaegi's words for it vary, and mislead
	}
	if m := noSelector.FindStringSubmatch(err.Error()); m != nil && !(e.genericTypes && lostMethod.MatchString(err.Error())) {
		if msg, ok := e.selectorError(at.cell, m[2]); ok {
			return errors.New(m[1] + msg)
		}
	}
	if u, ok := e.undefinedType(err, at.cell); ok {
		return u
	}
	if m := importNotFound.FindStringSubmatch(err.Error()); m != nil {
		return e.importError(m[1], m[2])
	}
	if m := mismatchedTypes.FindStringSubmatch(err.Error()); m != nil {
		if expr, ok := binaryAt(at.cell, m[1]); ok {
			return fmt.Errorf("%sinvalid operation: %s (mismatched types %s and %s)", m[1], expr, m[2], m[3])
		}
	}
	if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
		if typ, ok := literalOfField(at.cell, m[2]); ok {
			return fmt.Errorf("%sunknown field %s in struct literal of type %s", m[1], m[2], typ)
		}
	}
	var undef *UndefinedError
	if errors.As(err, &undef) && !e.globals[undef.Name] {
		name := undef.Name
		if name == mainName {
			name = "main" // (renameMain's), kept by the user's name
		}
		if needs, ok := e.pendingNeeds(name); ok {
			return waitsError(name, needs)
		}
		if p, why, ok := unavailable(undef.Name); ok {
			return fmt.Errorf("%s is not available in the interpreter: %s (see :help limits)", p, why)
		}
	}
	if strings.HasPrefix(err.Error(), limitPrefix) && genericCall.MatchString(at.cell) {
		return fmt.Errorf("%s; if it is a call of slices or maps on a value of a compiled type that opsh could not tell, convert the value to its type: slices.Sort([]string(w)), maps.Keys(map[string][]string(r.Header))", strings.TrimSuffix(err.Error(), "; see :help limits"))
	}
	if e.genericTypes && lostMethod.MatchString(err.Error()) {
		return fmt.Errorf("%w (a value of a generic type kept at the top level from a generic function's result loses its methods: declare it with its type, var p Pair[string, int] = MakePair(k, v); see :help limits)", err)
	}
	return e.hint(err)
}

// mismatchedTypes is yaegi's error for an operation on operands of two
// types, after its position; Go's names the operation.
var mismatchedTypes = lazyre.New(`^((?:line \d+:\d+: )?)invalid operation: mismatched types (\S+) and (\S+)$`)

// binaryAt is the one binary operation (not && or ||) of cell on the line
// of the position at ("line L:C: ", or "" for any line), as the cell
// writes it; false if there is none or several.
func binaryAt(cell, at string) (string, bool) {
	fset, f := parseAny(cell)
	if f == nil {
		return "", false
	}
	line := 0
	fmt.Sscanf(at, "line %d:", &line)
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if ok && b.Op != token.LAND && b.Op != token.LOR && (line == 0 || fset.Position(b.Pos()).Line == line) {
			found = append(found, exprString(fset, b))
		}
		return true
	})
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}

// unknownField is yaegi's error for a key of a struct literal that names
// no field, after its position; Go's names the literal's type too.
var unknownField = lazyre.New(`^((?:line \d+:\d+: )?)unknown field (\w+) in struct literal$`)

// literalOfField is the type, as the cell writes it, of the one
// composite literal of cell with a key name; false if there is none or
// several.
func literalOfField(cell, name string) (string, bool) {
	_, f := parseAny(cell)
	if f == nil {
		return "", false
	}
	types := map[string]bool{}
	var visit func(cl *ast.CompositeLit, typ ast.Expr)
	visit = func(cl *ast.CompositeLit, typ ast.Expr) {
		if cl.Type != nil {
			typ = cl.Type
		}
		elem := indexedType(typ) // of the literals of elided type in it ({…} for &T{…} too)
		if star, ok := elem.(*ast.StarExpr); ok {
			elem = star.X
		}
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if isIdent(kv.Key, name) && typ != nil {
					types[exprString(nil, typ)] = true
				}
				el = kv.Value
			}
			if inner, ok := el.(*ast.CompositeLit); ok {
				visit(inner, elem)
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if cl, ok := n.(*ast.CompositeLit); ok {
			visit(cl, nil)
			return false
		}
		return true
	})
	if len(types) != 1 {
		return "", false
	}
	for t := range types {
		return t, true
	}
	return "", false
}

// importNotFound is yaegi's error for an import of a package it has no
// symbols nor source of, after its position.
var importNotFound = lazyre.New(`^((?:line \d+:\d+: )?)import "([^"]+)" error: unable to find source related to`)

// importError is Go's error for an import of the package p the session
// does not have, with the one of its packages p may be a misspelling of:
// package strngs is not in std (did you mean strings?); or, for a package
// of the standard library's the interpreter cannot have, why.
func (e *Evaluator) importError(at, p string) error {
	if why, ok := stdlib.Unavailable[p]; ok {
		return fmt.Errorf("%spackage %s is not available in the interpreter: %s (see :help limits)", at, p, why)
	}
	if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
		return fmt.Errorf("%scannot import %s: it is no package of the standard library's or opsh's, nor under $GOPATH/src, where the interpreter reads packages' source", at, p)
	}
	var known []string
	for key := range e.tables {
		if dir := path.Dir(key); !strings.Contains(dir, "internal") {
			known = append(known, dir)
		}
	}
	hint := ""
	if near := nearName(p, known); near != "" {
		hint = " (did you mean " + near + "?)"
	}
	return fmt.Errorf("%spackage %s is not in std%s", at, p, hint)
}

// noSelector is yaegi's error for x.Name where x has no field or method
// Name, after its position.
var noSelector = lazyre.New(`^((?:line \d+:\d+: )?)undefined (?:selector|method): (\w+)$`)

// selectorError is Go's error for the first selector of cell that names
// sel: "h.Nme undefined (type Host has no field or method Nme, but does
// have field Name)", the type when the session can tell it without running
// a call.
func (e *Evaluator) selectorError(cell, sel string) (string, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", stmtsHeader+cell+"\n}", 0)
	if err != nil {
		return "", false
	}
	var x *ast.SelectorExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok && x == nil && s.Sel.Name == sel {
			x = s
		}
		return x == nil
	})
	if x == nil {
		return "", false
	}
	what := fmt.Sprintf("%s undefined (", exprString(fset, x))
	t := e.valueType(x.X, 0)
	if t == nil {
		return what + "no field or method " + sel + ")", true
	}
	typ := e.TypeString(t)
	if declared, ok := e.declaredType(x.X); ok {
		typ = exprString(nil, declared) // a Port, an int to reflect
	}
	what += "type " + typ + " has no field or method " + sel
	if other, kind := e.otherCase(t, sel); other != "" {
		what += ", but does have " + kind + " " + other
	}
	return what + ")", true
}

// declaredType is the type the source declared x with, a variable of the
// session's or an element of one (ports[0] of a []Port); false if it does
// not show it.
func (e *Evaluator) declaredType(x ast.Expr) (ast.Expr, bool) {
	switch x := x.(type) {
	case *ast.Ident:
		if x.Obj != nil {
			return nil, false // the cell's own
		}
		t, ok := e.varTypes[x.Name]
		return t, ok
	case *ast.IndexExpr:
		if t, ok := e.declaredType(x.X); ok {
			elem := indexedType(t)
			return elem, elem != nil
		}
	}
	return nil, false
}

// otherCase is the field or method of t whose name is sel in other case,
// as Go's error names it, and which of the two it is.
func (e *Evaluator) otherCase(t reflect.Type, sel string) (name, kind string) {
	for i := range t.NumMethod() {
		if m := t.Method(i).Name; strings.EqualFold(m, sel) {
			return m, "method"
		}
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return "", ""
	}
	names := e.FieldNames(t)
	for i := range t.NumField() {
		n := t.Field(i).Name
		if i < len(names) {
			n = names[i]
		}
		if strings.EqualFold(n, sel) {
			return n, "field"
		}
	}
	return "", ""
}

// multiValueArg is Go's error for the first call in cell that is given,
// as one of several arguments or as the only one of a function of another
// arity, a call of a function with several results: yaegi says only "too
// many arguments" of strings.TrimSpace(sys.Run("uname")).
func (e *Evaluator) multiValueArg(cell string) (string, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", stmtsHeader+cell+"\n}", 0)
	if err != nil {
		return "", false
	}
	var msg string
	var funcs []ast.Node // the nodes from the file down to n's parent
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			if len(funcs) > 0 {
				funcs = funcs[:len(funcs)-1]
			}
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || msg != "" {
			if msg == "" {
				funcs = append(funcs, n)
			}
			return msg == ""
		}
		funcs = append(funcs, n)
		for i, arg := range call.Args {
			inner, ok := arg.(*ast.CallExpr)
			if !ok {
				continue
			}
			t := e.valueType(inner.Fun, 0)
			if t == nil || t.Kind() != reflect.Func || t.NumOut() < 2 {
				continue
			}
			if len(call.Args) == 1 && forwards(e.valueType(call.Fun, 0), t) {
				continue // f(g()), g's results f's arguments, is Go
			}
			msg = fmt.Sprintf("multiple-value %s (value of type (%s)) in single-value context", exprString(fset, inner), e.resultTypes(t))
			msg += assignFirst(fset, call, i, t, inFunction(funcs[1:]))
			return false
		}
		return true
	})
	return msg, msg != ""
}

// assignFirst is the hint multiValueArg's message ends with: call's
// argument arg assigned on a line of its own, and call given the value. At a cell's top level a failed call
// stops the cell, so one name takes its value (out := sys.Run("uname"));
// in a function the error is Go's to handle.
func assignFirst(fset *token.FileSet, call *ast.CallExpr, arg int, t reflect.Type, inFunc bool) string {
	names := []string{"out"}
	for i := 1; i < t.NumOut(); i++ {
		names = append(names, "_")
	}
	last := t.Out(t.NumOut() - 1)
	if last == reflect.TypeFor[error]() {
		names[len(names)-1] = "err"
		if !inFunc && t.NumOut() == 2 {
			names = names[:1]
		}
	}
	inner := call.Args[arg]
	call.Args[arg] = ast.NewIdent("out")
	then := exprString(fset, call)
	call.Args[arg] = inner
	return fmt.Sprintf(": assign it first, %s := %s, then %s", strings.Join(names, ", "), exprString(fset, inner), then)
}

// inFunction reports whether path, the nodes from a file's top down to
// one, passes through a function the cell declares (the cell's own
// statements are in the function stmtsHeader opens, path[0]).
func inFunction(path []ast.Node) bool {
	for i, n := range path {
		switch n.(type) {
		case *ast.FuncLit:
			return true
		case *ast.FuncDecl:
			if i > 0 {
				return true
			}
		}
	}
	return false
}

// forwards reports whether a function of type f may be called with the
// results of one of type g as its arguments; true when f is not known.
func forwards(f, g reflect.Type) bool {
	switch {
	case f == nil || f.Kind() != reflect.Func:
		return true
	case f.IsVariadic():
		return g.NumOut() >= f.NumIn()-1
	}
	return g.NumOut() == f.NumIn()
}

// genericCall finds a call of a function of slices or maps.
var genericCall = lazyre.New(`\b(?:slices|maps)\.[A-Z]\w*\(`)

// lostMethod is yaegi's error for a method of a value it does not know.
var lostMethod = lazyre.New(`undefined selector: \w+$`)

var noSymbol = lazyre.New(`package (\w+) "([^"]+)" has no symbol (\w+)`)

// hint adds to "package rand "math/rand" has no symbol Reader" the package
// of the same name that has it (crypto/rand), and how to get it.
func (e *Evaluator) hint(err error) error {
	m := noSymbol.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	var others []string
	for key, syms := range e.tables {
		p, name := path.Split(key)
		p = strings.TrimSuffix(p, "/")
		if name == m[1] && p != m[2] && !strings.Contains(p, "internal") {
			if _, ok := syms[m[3]]; ok {
				others = append(others, p)
			}
		}
	}
	if len(others) == 0 {
		return err
	}
	sort.Strings(others)
	return fmt.Errorf("%w (%s here is %q; %s has %s: import %q)", err, m[1], m[2], others[0], m[3], others[0])
}

// panicFilter passes the interpreter's standard error through, except the
// stack of interpreter frames it prints on a panic, which it keeps for
// panicSite, and the lines yaegi logs before a panic of its own compiler
// (through the standard logger, which is the session's log).
type panicFilter struct {
	mu       sync.Mutex
	w        io.Writer
	trace    []string
	catching bool
}

func (p *panicFilter) begin() {
	p.mu.Lock()
	p.trace, p.catching = nil, true
	p.mu.Unlock()
}

func (p *panicFilter) end() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.catching = false
	return p.trace
}

func (p *panicFilter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if yaegiLogPanic.Match(b) {
		return len(b), nil // the interpreter's own, before its panic
	}
	if panicTraceLine.Match(b) {
		if p.catching {
			p.trace = append(p.trace, strings.Split(strings.TrimSpace(string(b)), "\n")...)
		}
		return len(b), nil
	}
	return p.w.Write(b)
}

// printNode writes n as the Go source the interpreter is given, its
// positions those of the cell (or file) it was parsed from.
func printNode(w io.Writer, fset *token.FileSet, n ast.Node) error {
	// The printer lays out what was written on one line on several (a
	// loop's body { s += x }): it says so in line directives, which
	// pinLines gives their columns.
	if fset.File(n.Pos()) == nil {
		// generated code, of no positions in fset: the printer's would
		// be its own estimates
		return fprintNode(w, fset, n, printer.RawFormat)
	}
	var b bytes.Buffer
	if err := fprintNode(&b, fset, n, printer.RawFormat|printer.SourcePos); err != nil {
		return err
	}
	_, err := w.Write(pinLines(b.Bytes(), fset, n))
	return err
}

// fprintNode prints n in the printer's mode, and turns a panic of the
// printer's (a rewrite left a node it cannot print) into an error.
func fprintNode(w io.Writer, fset *token.FileSet, n ast.Node, mode printer.Mode) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the cell cannot be written out for the interpreter (%v): please report it", r)
		}
	}()
	cfg := printer.Config{Mode: mode}
	return cfg.Fprint(w, fset, n)
}

// isNil reports whether v is nil: no value, or a nil pointer, interface,
// map, slice, channel or func.
func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func:
		return v.IsNil()
	}
	return false
}
