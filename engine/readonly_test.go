package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/opsh/opsh/internal/readonly"
)

// newReadOnlyEvaluator is an interpreter of a read-only session that
// allows the program "true".
func newReadOnlyEvaluator(t *testing.T) *Evaluator {
	t.Helper()
	var out bytes.Buffer
	e, err := NewEvaluator(EvalOptions{Stdout: &out, Stderr: &out,
		ReadOnly: readonly.Policy{On: true, AllowCommands: []string{"true"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { readonly.Set(readonly.Policy{}) })
	return e
}

// TestReadOnlyStdlib runs the standard library's calls in a read-only
// interpreter: those that change a file, run a program or send a POST are
// refused with one line naming the call; reads run.
func TestReadOnlyStdlib(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "keep.txt")
	if err := os.WriteFile(existing, []byte("kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	var posts, gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if readonly.Method(r.Method) {
			gets.Add(1)
		} else {
			posts.Add(1)
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	e := newReadOnlyEvaluator(t)
	f := filepath.Join(dir, "new.txt")
	refused := []struct{ src, msg string }{
		{fmt.Sprintf(`os.WriteFile(%q, []byte("x"), 0o600)`, f), fmt.Sprintf(`os.WriteFile(%q, [1 bytes], -rw-------) writes`, f)},
		{fmt.Sprintf(`os.Create(%q)`, f), fmt.Sprintf(`os.Create(%q) writes`, f)},
		{fmt.Sprintf(`os.Remove(%q)`, existing), fmt.Sprintf(`os.Remove(%q) writes`, existing)},
		{fmt.Sprintf(`os.Rename(%q, %q)`, existing, f), "os.Rename("},
		{fmt.Sprintf(`os.MkdirAll(%q, 0o700)`, filepath.Join(dir, "d")), "os.MkdirAll("},
		{fmt.Sprintf(`os.OpenFile(%q, os.O_WRONLY|os.O_APPEND, 0)`, existing), "os.OpenFile("},
		{`exec.Command("touch", "x").Run()`, `exec.Command("touch", "x") runs a program`},
		{`exec.Command("sh", "-c", "true").Output()`, `exec.Command("sh", "-c", "true") runs a program`},
		{fmt.Sprintf(`http.Post(%q, "text/plain", strings.NewReader("x"))`, srv.URL), "http.Post("},
		{fmt.Sprintf(`http.NewRequest("DELETE", %q, nil)`+"\n"+`(&http.Client{}).Do(_)`, srv.URL), `http.Client.Do("DELETE", ` + fmt.Sprintf("%q", srv.URL) + `) sends DELETE`},
	}
	for _, c := range refused {
		var res Result
		for _, line := range strings.Split(c.src, "\n") {
			res = e.Eval(context.Background(), line)
		}
		if res.Err == nil || !strings.Contains(res.Err.Error(), "refused by --read-only: "+c.msg) {
			t.Errorf("%s: error %v, want the refusal %q", c.src, res.Err, c.msg)
		}
		if res.Err != nil && !errors.Is(res.Err, readonly.ErrRefused) {
			t.Errorf("%s: errors.Is(%v, ErrRefused) is false", c.src, res.Err)
		}
	}
	allowed := []string{
		fmt.Sprintf(`os.ReadFile(%q)`, existing),
		fmt.Sprintf(`os.OpenFile(%q, os.O_RDONLY, 0)`, existing),
		`exec.Command("true").Run()`,
		`http.DefaultTransport.(*http.Transport).Clone()`,
		fmt.Sprintf(`http.Get(%q)`, srv.URL),
		fmt.Sprintf(`http.NewRequest("HEAD", %q, nil)`+"\n"+`http.DefaultClient.Do(_)`, srv.URL),
	}
	for _, src := range allowed {
		var res Result
		for _, line := range strings.Split(src, "\n") {
			res = e.Eval(context.Background(), line)
		}
		if res.Err != nil {
			t.Errorf("%s: %v, want it to run", src, res.Err)
		}
	}
	if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists after the refused writes (%v)", f, err)
	}
	if b, err := os.ReadFile(existing); err != nil || string(b) != "kept" {
		t.Errorf("%s = %q, %v; want it untouched", existing, b, err)
	}
	if got := posts.Load(); got != 0 {
		t.Errorf("the server saw %d requests other than GET", got)
	}
	if got := gets.Load(); got != 2 {
		t.Errorf("the server saw %d GET and HEAD requests, want 2", got)
	}
}

// TestReadOnlyOff leaves the standard library whole when the policy is off.
func TestReadOnlyOff(t *testing.T) {
	e, _ := newTestEvaluator(t)
	f := filepath.Join(t.TempDir(), "new.txt")
	if res := e.Eval(context.Background(), fmt.Sprintf(`os.WriteFile(%q, []byte("x"), 0o600)`, f)); res.Err != nil {
		t.Fatal(res.Err)
	}
	if _, err := os.Stat(f); err != nil {
		t.Fatal(err)
	}
}
