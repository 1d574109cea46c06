package stdlib_test

import (
	"crypto/hkdf"
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/sha3"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/opsh/opsh/engine/stdlib"
	"github.com/opsh/opsh/engine/stdlib/unrestricted"
	"github.com/traefik/yaegi/interp"
)

// newInterp returns an interpreter with the tables loaded; unrestricted
// adds package unrestricted's, as opsh does.
func newInterp(t *testing.T, unrestrictedToo bool) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{Unrestricted: unrestrictedToo})
	if err := i.Use(stdlib.Symbols()); err != nil {
		t.Fatalf("use stdlib: %v", err)
	}
	if unrestrictedToo {
		if err := i.Use(unrestricted.Symbols()); err != nil {
			t.Fatalf("use unrestricted: %v", err)
		}
	}
	return i
}

// eval evaluates each of srcs in i and returns the last value.
func eval(t *testing.T, i *interp.Interpreter, srcs ...string) reflect.Value {
	t.Helper()
	var v reflect.Value
	for _, src := range srcs {
		var err error
		if v, err = i.EvalWithContext(t.Context(), src); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
	}
	return v
}

// TestEveryPackageImports loads the tables into a fresh interpreter and
// imports every package they hold.
func TestEveryPackageImports(t *testing.T) {
	i := newInterp(t, true)
	n := 0
	for _, tables := range []interp.Exports{stdlib.Symbols(), unrestricted.Symbols()} {
		for key := range tables {
			if key == "." {
				continue
			}
			n++
			eval(t, i, fmt.Sprintf("import p%d %q", n, path.Dir(key)))
		}
	}
	if got := len(stdlib.Symbols()); got < 150 {
		t.Errorf("stdlib.Symbols() holds %d packages, want at least 150", got)
	}
}

// TestModernSymbols evaluates symbols added to the standard library since
// Go 1.22, each against the value compiled Go gives.
func TestModernSymbols(t *testing.T) {
	hk, err := hkdf.Key(sha256.New, []byte("secret"), []byte("salt"), "info", 16)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := pbkdf2.Key(sha256.New, "password", []byte("salt"), 1000, 16)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha3.Sum256([]byte("abc"))
	tests := []struct {
		desc string
		src  []string
		want string
	}{
		{"crypto/sha3 Sum256", []string{`import "crypto/sha3"`, `fmt.Sprintf("%x", sha3.Sum256([]byte("abc")))`}, fmt.Sprintf("%x", sum)},
		{"crypto/hkdf Key", []string{`import ("crypto/hkdf"; "crypto/sha256")`, `k, err := hkdf.Key(sha256.New, []byte("secret"), []byte("salt"), "info", 16)`, `fmt.Sprintf("%x %v", k, err)`}, fmt.Sprintf("%x <nil>", hk)},
		{"crypto/pbkdf2 Key", []string{`import ("crypto/pbkdf2"; "crypto/sha256")`, `k, err := pbkdf2.Key(sha256.New, "password", []byte("salt"), 1000, 16)`, `fmt.Sprintf("%x %v", k, err)`}, fmt.Sprintf("%x <nil>", pb)},
		{"crypto/mlkem", []string{`import "crypto/mlkem"`, `dk, _ := mlkem.GenerateKey768()`, `fmt.Sprint(len(dk.EncapsulationKey().Bytes()))`}, "1184"},
		{"crypto/rand Text", []string{`import "crypto/rand"`, `fmt.Sprint(len(rand.Text()))`}, "26"},
		{"math/rand/v2", []string{`import "math/rand/v2"`, `r := rand.New(rand.NewPCG(1, 2))`, `fmt.Sprint(r.IntN(10) < 10)`}, "true"},
		{"strings.Lines", []string{`var got []string`, `strings.Lines("a\nb\n")(func(s string) bool { got = append(got, s); return true })`, `fmt.Sprintf("%q", got)`}, `["a\n" "b\n"]`},
		{"strings.SplitSeq", []string{`var parts []string`, `strings.SplitSeq("a,b,c", ",")(func(s string) bool { parts = append(parts, s); return s != "b" })`, `fmt.Sprint(parts)`}, "[a b]"},
		{"bytes.FieldsSeq", []string{`import "bytes"`, `n := 0`, `bytes.FieldsSeq([]byte(" x  y z "))(func([]byte) bool { n++; return true })`, `fmt.Sprint(n)`}, "3"},
		{"log/slog", []string{`import "log/slog"`, `var b strings.Builder`, `slog.New(slog.NewJSONHandler(&b, nil)).Info("hi", "k", 1)`, `strings.Contains(b.String(), "\"msg\":\"hi\",\"k\":1")`}, "true"},
		{"net/netip", []string{`import "net/netip"`, `fmt.Sprint(netip.MustParsePrefix("10.0.0.0/8").Contains(netip.MustParseAddr("10.1.2.3")))`}, "true"},
		{"structs", []string{`import "structs"`, `type point struct { _ structs.HostLayout; X int }`, `fmt.Sprint(point{X: 2}.X)`}, "2"},
		{"os/exec", []string{`import "os/exec"`, `fmt.Sprint(exec.Command("true").Run())`}, "<nil>"},
		{"syscall", []string{`import ("os"; "syscall")`, `fmt.Sprint(syscall.Getpid() == os.Getpid())`}, "true"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			i := newInterp(t, true)
			eval(t, i, `import ("fmt"; "strings")`)
			got := eval(t, i, tt.src...)
			if got := fmt.Sprint(got.Interface()); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestOSRoot opens a file through os.Root (Go 1.24) and is refused a path
// that leaves the root.
func TestOSRoot(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.txt"), []byte("inside"), 0o600); err != nil {
		t.Fatal(err)
	}
	i := newInterp(t, true)
	eval(t, i, `import ("io"; "os")`, fmt.Sprintf(`r, err := os.OpenRoot(%q)`, dir))
	f := eval(t, i, `f, err := r.Open("x.txt")`, `b, _ := io.ReadAll(f)`, `string(b)`)
	if got, want := f.String(), "inside"; got != want {
		t.Errorf("read through os.Root: got %q, want %q", got, want)
	}
	if got := eval(t, i, `_, err = r.Open("../x.txt")`, `err != nil`); !got.Bool() {
		t.Error("os.Root opened a path outside the root")
	}
}

// TestSandboxedExit checks that without the unrestricted table os.Exit
// and log.Fatal panic instead of ending the test process, and that
// os/exec is not there.
func TestSandboxedExit(t *testing.T) {
	i := newInterp(t, false)
	eval(t, i, `import ("log"; "os")`)
	for _, src := range []string{`os.Exit(3)`, `log.Fatal("x")`, `log.New(os.Stderr, "", 0).Fatal("y")`} {
		if _, err := i.EvalWithContext(t.Context(), src); err == nil {
			t.Errorf("%s: no error from the sandboxed table", src)
		}
	}
	if _, err := i.EvalWithContext(t.Context(), `import "os/exec"`); err == nil {
		t.Error("os/exec imported without the unrestricted table")
	}
}

// TestUnavailableAndGeneric checks that the lists of what is missing
// agree with the tables.
func TestUnavailableAndGeneric(t *testing.T) {
	for _, p := range []string{"unique", "weak", "unsafe"} {
		if stdlib.Unavailable[p] == "" {
			t.Errorf("%s is not listed as unavailable", p)
		}
	}
	for p := range stdlib.Unavailable {
		if inSymbols(p) {
			t.Errorf("%s is both in Symbols and listed as unavailable", p)
		}
	}
	for _, p := range []string{"cmp", "iter", "maps", "slices"} {
		if inSymbols(p) {
			t.Errorf("%s has a compiled table: it would hide the interpreted source", p)
		}
	}
	var gen []string
	for p, names := range stdlib.Generic {
		if !inSymbols(p) {
			t.Errorf("Generic lists %s, which is not in Symbols", p)
		}
		gen = append(gen, p+"."+strings.Join(names, ","))
	}
	sort.Strings(gen)
	if !strings.Contains(strings.Join(gen, " "), "errors.AsType") {
		t.Errorf("Generic does not list errors.AsType: %v", gen)
	}
}

// inSymbols reports whether stdlib.Symbols() has a table for import path p.
func inSymbols(p string) bool {
	for key := range stdlib.Symbols() {
		if path.Dir(key) == p {
			return true
		}
	}
	return false
}

// TestTablesMatchToolchain fails when the toolchain's minor version moved
// on and the tables were not regenerated (go generate ./engine/stdlib/...).
func TestTablesMatchToolchain(t *testing.T) {
	parts := strings.SplitN(runtime.Version(), ".", 3)
	if len(parts) < 2 {
		t.Skipf("toolchain %s is not a release", runtime.Version())
	}
	name := parts[0] + "_" + parts[1] + "_fmt.go"
	if _, err := os.Stat(name); err != nil {
		t.Errorf("no %s for %s: regenerate the tables: %v", name, runtime.Version(), err)
	}
}
