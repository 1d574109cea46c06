package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/opsh/opsh/internal/readonly"
)

// TestReadOnly sends every kind of request to a server on 127.0.0.1 in a
// read-only session: GET, HEAD and OPTIONS reach it, the others are
// refused in one line naming the call and never sent.
func TestReadOnly(t *testing.T) {
	var writes, reads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if readonly.Method(r.Method) {
			reads.Add(1)
		} else {
			writes.Add(1)
		}
	}))
	defer srv.Close()
	readonly.SetFor(t, readonly.Policy{On: true})
	u := srv.URL + "/a"
	for _, f := range []func(string, ...any) (*Response, error){Get, Head, Options} {
		if _, err := f(u); err != nil {
			t.Fatal(err)
		}
	}
	dst := filepath.Join(t.TempDir(), "f")
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(Post(u, "x")), fmt.Sprintf(`web.Post(%q) sends POST`, u)},
		{second(Put(u, "x")), fmt.Sprintf(`web.Put(%q) sends PUT`, u)},
		{second(Patch(u, "x")), fmt.Sprintf(`web.Patch(%q) sends PATCH`, u)},
		{second(Delete(u)), fmt.Sprintf(`web.Delete(%q) sends DELETE`, u)},
		{second(Do("PROPPATCH", u)), fmt.Sprintf(`web.Do("PROPPATCH", %q) sends PROPPATCH`, u)},
		{second(Download(u, dst)), fmt.Sprintf(`web.Download(%q, %q) writes`, u, dst)},
		{Default().SaveCookies(dst), fmt.Sprintf(`web.SaveCookies(%q) writes`, dst)},
	} {
		if got, want := fmt.Sprint(c.err), "refused by --read-only: "+c.want; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if !errors.Is(c.err, readonly.ErrRefused) {
			t.Errorf("%v: not ErrRefused", c.err)
		}
	}
	if got := writes.Load(); got != 0 {
		t.Errorf("the server saw %d writing requests", got)
	}
	if got := reads.Load(); got != 3 {
		t.Errorf("the server saw %d reads, want 3", got)
	}
}

func second[T any](_ T, err error) error { return err }
