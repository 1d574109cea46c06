package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/cell"
)

// TestRoundTripLikeClient runs the same requests through a session that
// sends each request straight to the transport unless it is redirected
// (the default) and through one that sends everything through
// net/http.Client, and compares what the servers saw at every hop, the
// responses, the errors and the cookies the sessions end with: redirects
// of every kind, with and without bodies, across hosts with
// authentication, cookies set and deleted on the way, a Cookie header of
// the request's own, retries, and transport errors.
func TestRoundTripLikeClient(t *testing.T) {
	var mu sync.Mutex
	var log []string
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		log = append(log, fmt.Sprintf("%s %s %s cookie=%q auth=%q referer=%q ct=%q x=%q ua=%q accept=%q body=%q",
			r.Host[:strings.LastIndexByte(r.Host, ':')], r.Method, r.URL.RequestURI(), r.Header.Values("Cookie"), r.Header.Get("Authorization"),
			r.Header.Get("Referer"), r.Header.Get("Content-Type"), r.Header.Get("X-Req"), r.Header.Get("User-Agent"),
			r.Header.Get("Accept"), body))
		mu.Unlock()
		q := r.URL.Query()
		for _, c := range q["setcookie"] {
			name, value, _ := strings.Cut(c, "=")
			ck := &http.Cookie{Name: name, Value: value, Path: "/"}
			if value == "" {
				ck.MaxAge = -1
			}
			http.SetCookie(w, ck)
		}
		switch {
		case strings.HasPrefix(r.URL.Path, "/redirect"):
			code, _ := strconv.Atoi(q.Get("code"))
			if to := q.Get("to"); to != "" {
				w.Header().Set("Location", to)
			}
			w.WriteHeader(code)
			fmt.Fprint(w, "moved")
		case r.URL.Path == "/status":
			code, _ := strconv.Atoi(q.Get("code"))
			w.WriteHeader(code)
		default:
			fmt.Fprintf(w, "%s %s", r.Method, r.URL.RequestURI())
		}
	})
	a := httptest.NewServer(handler)
	t.Cleanup(a.Close)
	b := httptest.NewServer(handler)
	t.Cleanup(b.Close)
	bURL := strings.Replace(b.URL, "127.0.0.1", "localhost", 1)
	esc := func(s string) string { return strings.NewReplacer("?", "%3F", "&", "%26", "=", "%3D").Replace(s) }

	type call struct {
		setup  func(s *Client)
		method string
		target string
		opts   []any
	}
	calls := []call{
		{nil, "GET", "/echo", nil},
		{nil, "GET", "/echo?setcookie=a=1", nil},
		{nil, "GET", "/echo", []any{Query{"q": "1"}}},
		{nil, "GET", "/redirect?code=302&to=/echo&setcookie=b=2", nil},
		{nil, "GET", "/redirect?code=301&to=" + esc("/redirect?code=302&to=/echo&setcookie=c=3"), nil},
		{nil, "POST", "/redirect?code=307&to=/echo", []any{"hi"}},
		{nil, "POST", "/redirect?code=308&to=/echo", []any{JSON{"k": 1}}},
		{nil, "POST", "/redirect?code=303&to=/echo", []any{JSON{"k": 1}}},
		{nil, "POST", "/redirect?code=302&to=/echo", []any{Form{"f": "v"}}},
		{nil, "PUT", "/redirect?code=301&to=/echo", []any{"put"}},
		{nil, "HEAD", "/redirect?code=302&to=/echo", nil},
		{nil, "DELETE", "/redirect?code=307&to=/echo", nil},
		{nil, "GET", "/redirect?code=302", nil},
		{nil, "GET", "/redirect?code=307", nil},
		{nil, "GET", "/redirect?code=302&to=echo%3Fx%3D1", []any{Query{"y": "2"}}},
		{nil, "GET", "/redirect?code=302&to=" + esc(bURL+"/echo?setcookie=d=4"), []any{Headers{"X-Req": "1"}}},
		{nil, "GET", "/redirect?code=302&to=/echo&setcookie=a=", nil},
		{nil, "GET", "/redirect?code=302&to=/echo&setcookie=own=2", []any{Headers{"Cookie": "own=1; other=1"}}},
		{nil, "GET", "/echo", []any{Headers{"Cookie": "own=3"}}},
		{func(s *Client) { s.Bearer("tok") }, "GET", "/redirect?code=302&to=/echo", nil},
		{nil, "GET", "/redirect?code=302&to=" + esc(bURL+"/echo"), nil},
		{nil, "GET", "/redirect?code=302&to=" + esc(bURL+"/redirect?code=302&to="+a.URL+"/echo"), nil},
		{func(s *Client) { s.Auth(nil); s.Header("Authorization", "Basic dXNlcjpwdw==") }, "GET", "/redirect?code=302&to=" + esc(bURL+"/echo"), nil},
		{func(s *Client) { s.Header("Authorization", ""); s.Redirects(0) }, "GET", "/redirect?code=302&to=/echo", nil},
		{func(s *Client) { s.Redirects(1) }, "GET", "/redirect?code=302&to=" + esc("/redirect?code=302&to=/echo"), nil},
		{func(s *Client) {
			s.Redirects(DefaultRedirects)
			s.Retry(2)
			s.Backoff(time.Millisecond, time.Millisecond)
		}, "GET", "/status?code=503", nil},
		{nil, "GET", "/redirect?code=302&to=/status%3Fcode%3D503", nil},
		{nil, "GET", strings.Replace(a.URL, "http:", "https:", 1) + "/echo", nil},
		{nil, "GET", "http://127.0.0.1:1/echo", nil},
		{nil, "GET", "http://ops:pw@" + strings.TrimPrefix(a.URL, "http://") + "/redirect?code=302&to=/echo", nil},
		{nil, "GET", "/echo", nil},
	}
	run := func(viaClient bool) []string {
		mu.Lock()
		log = nil
		mu.Unlock()
		s := Session(a.URL)
		s.viaClient = viaClient
		var out []string
		for i, c := range calls {
			if c.setup != nil {
				c.setup(s)
			}
			res, err := s.Do(c.method, c.target, c.opts...)
			got := fmt.Sprintf("call %d %s %s: ", i, c.method, c.target)
			if err != nil {
				got += fmt.Sprintf("error %s [scheme mismatch %v]", strings.ReplaceAll(err.Error(), bURL, "B"), errors.Is(err, http.ErrSchemeMismatch))
			} else {
				got += fmt.Sprintf("%s %s via %v: %q", res.Status, res.URL, res.Redirects, res.Text())
			}
			mu.Lock()
			got += "\n\t" + strings.Join(log, "\n\t")
			log = nil
			mu.Unlock()
			for _, ck := range s.Cookies() {
				got += fmt.Sprintf("\n\tjar %s=%s %s %s", ck.Name, ck.Value, ck.Domain, ck.Path)
			}
			out = append(out, got)
		}
		return out
	}
	prev := cell.Set(&cell.State{Ctx: context.Background(), Stdout: io.Discard, Stderr: io.Discard})
	t.Cleanup(func() { cell.Set(prev) })
	want := run(true)
	got := run(false)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("direct:\n%s\nthrough http.Client:\n%s", got[i], want[i])
		}
	}
	// The comparison saw what it is about.
	all := strings.Join(want, "\n")
	for _, s := range []string{"307 Temporary Redirect", "302 Found", "jar d=4", `referer="http://127.0.0.1`, `auth="Bearer tok"`, "own=2", "stopped after 1 redirects", "connection refused", "[scheme mismatch true]"} {
		if !strings.Contains(all, s) {
			t.Errorf("the calls never gave %q:\n%s", s, all)
		}
	}
	if testing.Verbose() {
		t.Log(all)
	}
}
