package sys_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	secretsym "github.com/opsh/opsh/builtins/secret/symbols"
	syssym "github.com/opsh/opsh/builtins/sys/symbols"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/yaegitest"
)

// newInterp is an interpreter set up as the REPL sets it up, with sys and
// secret imported.
func newInterp(t *testing.T) *interp.Interpreter {
	t.Helper()
	return yaegitest.New(t, []interp.Exports{secretsym.Symbols, syssym.Symbols},
		"github.com/opsh/opsh/builtins/sys", "github.com/opsh/opsh/builtins/secret", "errors", "os", "strings", "time", "fmt")
}

// TestInterpreter evaluates the calls as users type them in opsh, against
// real processes and files.
func TestInterpreter(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", dir)
	i := newInterp(t)
	yaegitest.Eval(t, i, `dir := `+strconvQuote(dir))
	tests := []struct {
		src  string
		want any
	}{
		{`out, _ := sys.Run("ls", "-l", dir); strings.Contains(out, " a.txt\n")`, true},
		{`out, _ = sys.Run("ls", "-1", dir); out`, "a.txt\n"},
		{`sys.Lines(out)[0]`, "a.txt"},
		{`o, _ := sys.Run("cat", sys.Stdin("hi")); o`, "hi"},
		{`o2, _ := sys.Run("cat", sys.Stdin([]byte("bytes"))); o2`, "bytes"},
		{`f, _ := os.Open(dir + "/a.txt"); o3, _ := sys.Run("cat", sys.Stdin(f)); f.Close(); o3`, "hello\n"},
		{`o4, _ := sys.Run("sh", "-c", "echo $GREETING", sys.Env("GREETING=hey")); o4`, "hey\n"},
		{`o5, _ := sys.Run("pwd", sys.Dir(dir)); strings.TrimSpace(o5) == dir`, true},
		{`o6, _ := sys.Run("echo", []string{"a", "b"}, 3); o6`, "a b 3\n"},
		{`_, err := sys.Run("sh", "-c", "echo bad >&2; exit 3"); var e *sys.ExitError; errors.As(err, &e)`, true},
		{`e.Code`, 3},
		{`e.Stderr`, "bad\n"},
		{`err.Error()`, "sh -c 'echo bad >&2; exit 3': exit status 3: bad"},
		{`_, err = sys.Run("sleep", "5", sys.Timeout(50*time.Millisecond)); strings.Contains(err.Error(), "timed out after 50ms")`, true},
		{`r, _ := sys.Capture("sh", "-c", "echo out; echo err >&2; exit 1"); r.ExitCode`, 1},
		{`r.Stdout + r.Stderr`, "out\nerr\n"},
		{`r.Display()`, "out\nstderr:\nerr\nexit status 1"},
		{`pw := secret.New("pw", []byte("s3cret")); o7, _ := sys.Run("cat", sys.Stdin(pw)); o7`, "s3cret"},
		{`sys.WriteFileAtomic(dir + "/b.txt", "new\n", 0o600)`, nil},
		{`b, _ := os.ReadFile(dir + "/b.txt"); string(b)`, "new\n"},
		{`sys.WriteFileAtomic(dir + "/c.bin", []byte{1, 2}, 0o644)`, nil},
		{`k, _ := sys.FileType(dir + "/a.txt"); k.Kind`, "text"},
		{`k.Display()`, "ASCII text"},
		{`sys.Copy(dir + "/a.txt", dir + "/copy.txt")`, nil},
		{`c, _ := os.ReadFile(dir + "/copy.txt"); string(c)`, "hello\n"},
		{`u, _ := sys.DiskUsage(dir); u.Total > 0 && u.Percent() > 0`, true},
		{`r2, _ := sys.Capture("sh", "-c", "exit 2"); r2.Check().Error()`, "sh -c 'exit 2': exit status 2"},
		{`ks, _ := sys.FileType("/bin/sh"); ks.Kind == sys.KindELF || ks.Kind == sys.KindScript`, true},
		{`p, _ := sys.Which("sh"); strings.HasSuffix(p, "/sh")`, true},
		{`h, _ := sys.ExpandUser("~/a.txt"); h == dir + "/a.txt"`, true},
		{`sys.WriteFileAtomic("~/home.txt", "at home\n", 0o600)`, nil},
		{`hb, _ := os.ReadFile(dir + "/home.txt"); string(hb)`, "at home\n"},
		{`o8, _ := sys.Run("pwd", sys.Dir("~")); strings.TrimSpace(o8) == dir`, true},
		{`_, err = sys.ExpandUser("~no-such-user-here"); err != nil`, true},
		{`_, err = sys.Which("no-such-program-here"); err.Error()`, `which no-such-program-here: executable file not found in $PATH`},
	}
	for _, tt := range tests {
		got := yaegitest.Value(t, i, tt.src)
		if tt.want == nil {
			if got != nil {
				t.Errorf("%s = %#v, want nil", tt.src, got)
			}
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s = %#v, want %#v", tt.src, got, tt.want)
		}
	}
}

// TestInterpreterInterrupt cancels the cell's context while an interpreted
// sys.Run waits on sleep, as Ctrl-C does in opsh.
func TestInterpreterInterrupt(t *testing.T) {
	i := newInterp(t)
	ctx, cancel := context.WithCancel(context.Background())
	prev := cell.Set(&cell.State{Ctx: ctx, Stdout: os.Stdout, Stderr: os.Stderr})
	t.Cleanup(func() { cell.Set(prev) })
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	v := yaegitest.Eval(t, i, `_, err := sys.Run("sleep", "30"); err.Error()`)
	if got, want := v.Interface(), "run sleep 30: interrupted"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("interrupt took %v, want under 1s", d)
	}
}

func strconvQuote(s string) string { return "`" + s + "`" }
