package engine

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"reflect"
	"sync"

	"github.com/opsh/opsh/internal/readonly"
)

// refusedFuncs are the standard library's functions that change something
// outside the interpreter, by package path in the symbol tables, with what
// they would do. In a read-only session each is replaced by a function of
// the same type that returns the refusal (readonly.ErrRefused) instead.
var refusedFuncs = map[string]map[string]string{
	"os/os": effects("writes", "Chmod", "Chown", "Chtimes", "CopyFS", "Create", "CreateTemp", "Lchown", "Link",
		"Mkdir", "MkdirAll", "MkdirTemp", "Remove", "RemoveAll", "Rename", "Symlink", "Truncate", "WriteFile"),
	"io/ioutil/ioutil": effects("writes", "TempDir", "TempFile", "WriteFile"),
	"syscall/syscall": merge(
		effects("writes", "Chmod", "Chown", "Creat", "Fallocate", "Fchmod", "Fchmodat", "Fchown", "Fchownat",
			"Ftruncate", "Lchown", "Link", "Mkdir", "Mkdirat", "Mknod", "Rename", "Renameat", "Rmdir", "Symlink",
			"Truncate", "Unlink", "Unlinkat", "Utimes", "UtimesNano"),
		effects("runs a program", "Exec", "ForkExec", "StartProcess"),
		effects("signals a process", "Kill", "Tgkill"),
		effects("changes the system", "Mount", "Unmount", "Reboot", "Sethostname", "Settimeofday",
			"Syscall", "Syscall6", "RawSyscall", "RawSyscall6"),
	),
}

func effects(effect string, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = effect
	}
	return m
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// applyReadOnly makes p the process's read-only policy (the builtins obey
// it through internal/readonly) and, when it is on, replaces in tables the
// standard library's calls that change something: file-changing os,
// io/ioutil and syscall functions, os.OpenFile with a flag that writes,
// os.StartProcess and os.FindProcess, os/exec commands (which fail when
// run unless their program is allowed), and non-GET/HEAD/OPTIONS requests
// through net/http's default transport.
func applyReadOnly(t *sessionTables, p readonly.Policy) {
	readonly.Set(p)
	if !p.On {
		return
	}
	for pkg, names := range refusedFuncs {
		syms := t.pkg(pkg)
		for name, effect := range names {
			if f, ok := syms[name]; ok && f.Kind() == reflect.Func {
				syms[name] = refuseFunc(qualified(pkg, name), effect, f, nil)
			}
		}
	}
	osSyms := t.pkg("os/os")
	osSyms["OpenFile"] = refuseFunc("os.OpenFile", "writes", osSyms["OpenFile"], writeFlags)
	for _, name := range []string{"StartProcess", "FindProcess"} {
		if f, ok := osSyms[name]; ok {
			osSyms[name] = refuseFunc("os."+name, "may signal a process", f, nil)
		}
	}
	if ex := t.pkg("os/exec/exec"); ex != nil {
		ex["Command"] = reflect.ValueOf(readOnlyCommand)
		ex["CommandContext"] = reflect.ValueOf(readOnlyCommandContext)
	}
	if h := t.pkg("net/http/http"); h != nil {
		guardDefaultTransport()
		h["DefaultTransport"] = reflect.ValueOf(&unguardedTransport).Elem()
		h["Post"] = refuseFunc("http.Post", "sends POST", h["Post"], nil)
		h["PostForm"] = refuseFunc("http.PostForm", "sends POST", h["PostForm"], nil)
	}
}

// qualified is a table's package path and a name as the user writes
// them: "os/exec/exec", "Command" → "exec.Command".
func qualified(pkg, name string) string {
	base := pkg
	for i := len(pkg) - 1; i >= 0; i-- {
		if pkg[i] == '/' {
			base = pkg[i+1:]
			break
		}
	}
	return base + "." + name
}

// writeFlags reports whether os.OpenFile's arguments ask to change the
// file: a flag to write, create, truncate or append.
func writeFlags(args []reflect.Value) bool {
	const w = os.O_WRONLY | os.O_RDWR | os.O_CREATE | os.O_TRUNC | os.O_APPEND
	return len(args) > 1 && args[1].Int()&int64(w) != 0
}

// refuseFunc wraps f (a function value) so that, when refused(args) is
// true (always if refused is nil), it returns the refusal naming
// name(args...) with effect: as its last result when that is an error,
// else by panicking with it, and zero values for the other results.
func refuseFunc(name, effect string, f reflect.Value, refused func([]reflect.Value) bool) reflect.Value {
	t := f.Type()
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		if refused == nil || refused(args) {
			if err := readonly.Check(effect, name, interfaces(args, t.IsVariadic())...); err != nil {
				return refusal(t, err)
			}
		}
		if t.IsVariadic() {
			return f.CallSlice(args)
		}
		return f.Call(args)
	})
}

// refusal are the results of a refused call of a function of type t: err
// as the last result if that is an error, zero values for the others; a
// function that returns no error panics with err.
func refusal(t reflect.Type, err error) []reflect.Value {
	n := t.NumOut()
	if n == 0 || t.Out(n-1) != reflect.TypeFor[error]() {
		panic(err)
	}
	out := make([]reflect.Value, n)
	for i := range out {
		out[i] = reflect.Zero(t.Out(i))
	}
	out[n-1] = reflect.ValueOf(&err).Elem()
	return out
}

// interfaces are a call's arguments as values to print, a variadic
// slice spread.
func interfaces(args []reflect.Value, variadic bool) []any {
	var out []any
	for i, a := range args {
		if variadic && i == len(args)-1 {
			for j := 0; j < a.Len(); j++ {
				out = append(out, a.Index(j).Interface())
			}
			continue
		}
		out = append(out, a.Interface())
	}
	return out
}

// readOnlyCommand is exec.Command in a read-only session: the command
// is made as usual, and fails when run (Run, Start, Output ...) with the
// refusal unless its program is allowed.
func readOnlyCommand(name string, arg ...string) *exec.Cmd {
	c := exec.Command(name, arg...)
	refuseCmd(c, "exec.Command", name, arg)
	return c
}

// readOnlyCommandContext is exec.CommandContext as readOnlyCommand.
func readOnlyCommandContext(ctx context.Context, name string, arg ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, name, arg...)
	refuseCmd(c, "exec.CommandContext", name, arg)
	return c
}

func refuseCmd(c *exec.Cmd, call, name string, arg []string) {
	if err := readonly.Command("runs a program", call, append([]string{name}, arg...)); err != nil {
		c.Err = err
	}
}

var (
	guardOnce sync.Once
	// unguardedTransport is what session code sees as
	// http.DefaultTransport in a read-only session: the *http.Transport
	// it was, so that http.DefaultTransport.(*http.Transport).Clone()
	// still works (a client made with it is, as any client with a
	// transport of its own, not guarded).
	unguardedTransport http.RoundTripper
)

// guardDefaultTransport makes net/http's default transport, used by
// http.Get, http.DefaultClient and every http.Client without a Transport
// of its own, refuse a request whose method may change something while
// the session is read-only.
func guardDefaultTransport() {
	guardOnce.Do(func() {
		unguardedTransport = http.DefaultTransport
		http.DefaultTransport = readOnlyTransport{base: http.DefaultTransport}
	})
}

// readOnlyTransport refuses requests other than GET, HEAD and OPTIONS
// while the read-only policy is on.
type readOnlyTransport struct{ base http.RoundTripper }

func (t readOnlyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := readonly.Request(req.Method, "http.Client.Do", req.Method, req.URL.Redacted()); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	return t.base.RoundTrip(req)
}
