package stdlib

import (
	"bufio"
	"encoding"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"reflect"
)

// typeOf is the reflect.Type of the interface *p points to.
func typeOf[T any](p *T) reflect.Type { return reflect.TypeOf(p).Elem() }

func init() {
	printing := []reflect.Type{typeOf((*fmt.Formatter)(nil)), typeOf((*fmt.Stringer)(nil))}
	for _, f := range []any{
		fmt.Append, fmt.Appendf, fmt.Appendln, fmt.Errorf,
		fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf, fmt.Println,
		fmt.Sprint, fmt.Sprintf, fmt.Sprintln,
		log.Fatal, log.Fatalf, log.Fatalln, log.Panic, log.Panicf, log.Panicln,
		log.Print, log.Printf, log.Println,
	} {
		MapTypes[reflect.ValueOf(f)] = printing
	}
	scanning := []reflect.Type{typeOf((*fmt.Scanner)(nil))}
	for _, f := range []any{fmt.Scan, fmt.Scanf, fmt.Scanln, fmt.Fscan, fmt.Fscanf, fmt.Fscanln, fmt.Sscan, fmt.Sscanf, fmt.Sscanln} {
		MapTypes[reflect.ValueOf(f)] = scanning
	}
	marshalers := func(m, text reflect.Type) []reflect.Type { return []reflect.Type{m, text} }
	textM, textU := typeOf((*encoding.TextMarshaler)(nil)), typeOf((*encoding.TextUnmarshaler)(nil))
	jsonM := marshalers(typeOf((*json.Marshaler)(nil)), textM)
	jsonU := marshalers(typeOf((*json.Unmarshaler)(nil)), textU)
	MapTypes[reflect.ValueOf(json.Marshal)] = jsonM
	MapTypes[reflect.ValueOf(json.MarshalIndent)] = jsonM
	MapTypes[reflect.ValueOf(json.Unmarshal)] = jsonU
	MapTypes[reflect.ValueOf(xml.Marshal)] = marshalers(typeOf((*xml.Marshaler)(nil)), textM)
	MapTypes[reflect.ValueOf(xml.MarshalIndent)] = marshalers(typeOf((*xml.Marshaler)(nil)), textM)
	MapTypes[reflect.ValueOf(xml.Unmarshal)] = marshalers(typeOf((*xml.Unmarshaler)(nil)), textU)
	composedWrappers()
}

// The wrappers below let an interpreted value that implements a composed
// interface keep its extra method when it crosses into compiled code:
// net/http checks a ResponseWriter for Hijacker, io.Copy checks a Reader
// for WriterTo and a Writer for ReaderFrom. yaegi picks them through
// MapTypes, keyed by the generated wrapper of the plain interface.

type responseWriterHijacker struct {
	IValue       any
	WHeader      func() http.Header
	WWrite       func([]byte) (int, error)
	WWriteHeader func(int)
	WHijack      func() (net.Conn, *bufio.ReadWriter, error)
}

func (w responseWriterHijacker) Header() http.Header         { return w.WHeader() }
func (w responseWriterHijacker) Write(b []byte) (int, error) { return w.WWrite(b) }
func (w responseWriterHijacker) WriteHeader(code int)        { w.WWriteHeader(code) }
func (w responseWriterHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.WHijack()
}

type readerWriterTo struct {
	IValue   any
	WRead    func([]byte) (int, error)
	WWriteTo func(io.Writer) (int64, error)
}

func (r readerWriterTo) Read(p []byte) (int, error)         { return r.WRead(p) }
func (r readerWriterTo) WriteTo(w io.Writer) (int64, error) { return r.WWriteTo(w) }

type writerReaderFrom struct {
	IValue    any
	WWrite    func([]byte) (int, error)
	WReadFrom func(io.Reader) (int64, error)
}

func (w writerReaderFrom) Write(p []byte) (int, error)         { return w.WWrite(p) }
func (w writerReaderFrom) ReadFrom(r io.Reader) (int64, error) { return w.WReadFrom(r) }

func composedWrappers() {
	pairs := []struct{ plain, composed any }{
		{(*_net_http_ResponseWriter)(nil), (*responseWriterHijacker)(nil)},
		{(*_io_Reader)(nil), (*readerWriterTo)(nil)},
		{(*_io_Writer)(nil), (*writerReaderFrom)(nil)},
	}
	for _, p := range pairs {
		MapTypes[reflect.ValueOf(p.plain)] = []reflect.Type{reflect.TypeOf(p.composed).Elem()}
	}
}

// IsComposed reports whether t is one of the wrappers composedWrappers
// gives the interpreter: its first field, IValue, holds the wrapped value.
func IsComposed(t reflect.Type) bool {
	switch t {
	case reflect.TypeFor[responseWriterHijacker](), reflect.TypeFor[readerWriterTo](), reflect.TypeFor[writerReaderFrom]():
		return true
	}
	return false
}
