package engine

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	goruntime "github.com/opsh/opsh/engine/internal/runtime"
	"github.com/opsh/opsh/internal/lazyre"
)

// prelude declares, in the interpreter, the helpers the rewrites call for
// the builtins yaegi lacks (see rewriteBuiltins).
const prelude = `type _opshOrdered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string | _opshrt.Duration | _opshrt.FileMode
}
func _opshMin[_opshT _opshOrdered](x _opshT, ys ..._opshT) _opshT {
	for _, y := range ys {
		if y < x || y != y {
			x = y
		}
	}
	return x
}
func _opshMax[_opshT _opshOrdered](x _opshT, ys ..._opshT) _opshT {
	for _, y := range ys {
		if y > x || y != y {
			x = y
		}
	}
	return x
}
var _opshErr error
func _opshRecvBool(c <-chan bool) bool { v, _ := <-c; return v }
func _opshNew[_opshT any](v _opshT) *_opshT { return &v }
func _opshMust[_opshT any](v _opshT, err error) _opshT {
	if err != nil {
		panic(err)
	}
	return v
}
func _opshAsType[_opshE error](err error) (_opshE, bool) {
	var e _opshE
	ok := _opshrt.As(err, &e)
	return e, ok
}`

// methodHelpers are the prelude's helpers that only a session with
// methods of its own needs, declared the first time a cell declares a
// method (loadMethodHelpers): the type assertions that open the session's
// boxes (boxes.go), which know the session's methods, and the variable
// the display copies a container of the session's values into
// (containerView).
const methodHelpers = `func _opshAsError(v interface{}) error { x, _ := v.(error); return x }
func _opshAsStringer(v interface{}) _opshrt.Stringer { x, _ := v.(_opshrt.Stringer); return x }
func _opshAsMarshaler(v interface{}) _opshrt.Marshaler { x, _ := v.(_opshrt.Marshaler); return x }
func _opshAsText(v interface{}) _opshrt.TextMarshaler { x, _ := v.(_opshrt.TextMarshaler); return x }
var _opshView []interface{}`

// recovered is what recover() gave, with the value yaegi v0.16.1 hands
// recover as a reflect.Value (a panic(v) of an interface-typed v)
// unwrapped: Go's recover gives v. The interpreter's own panics for Go's
// run-time errors, and a panic(nil), give those errors (goPanicValue).
func recovered(v any) any {
	v = goPanicValue(v)
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		return rv.Interface()
	}
	if msg, ok := goRuntimeError(v); ok {
		// a panic of reflect's for an index out of range, a nil
		// pointer followed: Go's runtime.Error, in Go's words
		msg, _, _ = strings.Cut(msg, " (")
		return goruntime.NewError(msg)
	}
	return v
}

// goPanicValue is what Go panics with for v, a panic of the interpreter's
// that is not a panic(v) of the session's: a failed type assertion's
// *runtime.TypeAssertionError for yaegi's error, which starts with the
// assertion's position ("10:6: interface conversion: …"), and Go 1.21's
// *runtime.PanicNilError for a panic(nil) (the nil interface held by a
// reflect.Value).
func goPanicValue(v any) any {
	if rv, ok := v.(reflect.Value); ok && (!rv.IsValid() || rv.CanInterface() && rv.Interface() == nil) {
		return new(runtime.PanicNilError)
	}
	if err, ok := v.(error); ok {
		if m := failedAssertion.FindStringSubmatch(err.Error()); m != nil {
			return goruntime.NewTypeAssertionError(m[1])
		}
	}
	return v
}

// failedAssertion is yaegi's error for a failed type assertion.
var failedAssertion = lazyre.New(`^\d+:\d+: (interface conversion: .*)$`)

// clearValue is Go 1.21's clear: it deletes every entry of a map and sets
// every element of a slice to its zero value.
func clearValue(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map:
		v.Clear()
	case reflect.Slice:
		v.Clear()
	case reflect.Invalid:
	default:
		panic(fmt.Sprintf("invalid argument: clear(%v) needs a map or a slice", v.Type()))
	}
}

// yaegi v0.16.1 reports some failures of its compiler with log.Panic,
// which also prints them through the standard logger before the evaluator
// recovers the panic and words the error itself. quietCompilerLog drops
// exactly those lines from the standard logger's output; it is called
// again whenever that output may have been replaced.
func quietCompilerLog() {
	logMu.Lock()
	defer logMu.Unlock()
	if _, ok := log.Writer().(*compilerLogFilter); !ok {
		log.SetOutput(&compilerLogFilter{w: log.Writer()})
	}
}

var logMu sync.Mutex

// compilerMessages are what yaegi's compiler logs as it panics.
var compilerMessages = [][]byte{[]byte(" nil type\n"), []byte(" nil reflect type\n"), []byte("compositeGenerator not implemented")}

type compilerLogFilter struct{ w io.Writer }

func (f *compilerLogFilter) Write(p []byte) (int, error) {
	for _, m := range compilerMessages {
		if bytes.HasSuffix(p, m) || bytes.Contains(p, m) && m[0] != ' ' {
			return len(p), nil
		}
	}
	return f.w.Write(p)
}

// bindFlags gives a script's flag package its own command line: the
// script's arguments, not opsh's. The package's functions become the
// methods of one FlagSet parsing args[1:]; a bad flag ends the script with
// exit status 2 after the usage, as flag.ExitOnError does.
func bindFlags(table map[string]reflect.Value, args []string, stderr io.Writer, x *exits) {
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	table["CommandLine"] = reflect.ValueOf(&fs).Elem()
	table["Parse"] = reflect.ValueOf(func() {
		if err := fs.Parse(args[1:]); err != nil {
			x.flagsFailed(err)
		}
	})
	for name, m := range map[string]any{
		"Arg": fs.Arg, "Args": fs.Args, "NArg": fs.NArg, "NFlag": fs.NFlag, "Parsed": fs.Parsed,
		"Bool": fs.Bool, "BoolVar": fs.BoolVar, "BoolFunc": fs.BoolFunc, "Duration": fs.Duration, "DurationVar": fs.DurationVar,
		"Float64": fs.Float64, "Float64Var": fs.Float64Var, "Func": fs.Func, "Int": fs.Int, "IntVar": fs.IntVar,
		"Int64": fs.Int64, "Int64Var": fs.Int64Var, "String": fs.String, "StringVar": fs.StringVar,
		"Uint": fs.Uint, "UintVar": fs.UintVar, "Uint64": fs.Uint64, "Uint64Var": fs.Uint64Var,
		"TextVar": fs.TextVar, "Var": fs.Var, "Set": fs.Set, "Lookup": fs.Lookup, "Visit": fs.Visit,
		"VisitAll": fs.VisitAll, "PrintDefaults": fs.PrintDefaults,
	} {
		table[name] = reflect.ValueOf(m)
	}
}

// paramValue is param(name, def): the value given for name (opsh run -p
// name=v, --name v), read as def's type (string, a number, bool,
// time.Duration), or def.
func paramValue(given func(name, def string) string, name string, def any) (any, error) {
	text := fmt.Sprint(def)
	v := given(name, text)
	if v == text {
		return def, nil
	}
	t := reflect.TypeOf(def)
	out := reflect.New(t).Elem()
	var err error
	switch {
	case t == reflect.TypeOf(time.Duration(0)):
		var d time.Duration
		d, err = time.ParseDuration(v)
		out.SetInt(int64(d))
	case t.Kind() == reflect.String:
		out.SetString(v)
	case t.Kind() == reflect.Bool:
		var b bool
		b, err = strconv.ParseBool(v)
		out.SetBool(b)
	case out.CanInt():
		var n int64
		n, err = strconv.ParseInt(v, 0, t.Bits())
		out.SetInt(n)
	case out.CanUint():
		var n uint64
		n, err = strconv.ParseUint(v, 0, t.Bits())
		out.SetUint(n)
	case out.CanFloat():
		var f float64
		f, err = strconv.ParseFloat(v, t.Bits())
		out.SetFloat(f)
	default:
		return nil, fmt.Errorf("param %q: a default of type %s cannot be given on the command line (use a string, a number, a bool or a time.Duration)", name, t)
	}
	if err != nil {
		return nil, fmt.Errorf("param %q: %q is not a %s", name, v, t)
	}
	return out.Interface(), nil
}
