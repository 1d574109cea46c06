package repl

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"reflect"
	"sync"
)

// prelude declares, in the interpreter, the helpers the rewrites call for
// the builtins yaegi lacks (see rewriteBuiltins).
const prelude = `type _opshOrdered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}
func _opshMin[T _opshOrdered](x T, ys ...T) T {
	for _, y := range ys {
		if y < x || y != y {
			x = y
		}
	}
	return x
}
func _opshMax[T _opshOrdered](x T, ys ...T) T {
	for _, y := range ys {
		if y > x || y != y {
			x = y
		}
	}
	return x
}
func _opshNew[T any](v T) *T { return &v }`

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
// exactly those lines from the standard logger's output, once per process.
var quietCompilerLog = sync.OnceFunc(func() {
	log.SetOutput(&compilerLogFilter{w: log.Writer()})
})

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
