package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/builtins/web"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/internal/testenv"
)

// bin is a go-httpbin server for one test, recording what it served.
type bin struct {
	*httptest.Server
	mu      sync.Mutex
	results []httpbin.Result
	started map[string]int
}

func newBin(t *testing.T) *bin {
	t.Helper()
	b := &bin{started: map[string]int{}}
	h := httpbin.New(httpbin.WithObserver(func(_ context.Context, r httpbin.Result) {
		b.mu.Lock()
		b.results = append(b.results, r)
		b.mu.Unlock()
	}), httpbin.WithMaxDuration(10*time.Second))
	handler := h.Handler()
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.mu.Lock()
		b.started[r.URL.Path]++
		b.mu.Unlock()
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(b.Close)
	return b
}

// cancelOnArrival calls cancel once the server has received n requests
// for path (or after 10 s).
func (b *bin) cancelOnArrival(path string, n int, cancel func()) {
	go func() {
		defer cancel()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			b.mu.Lock()
			got := b.started[path]
			b.mu.Unlock()
			if got >= n {
				return
			}
		}
	}()
}

// requests returns how many requests for path the server has received.
func (b *bin) requests(path string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.started[path]
}

// served returns how many requests for uri the server answered, and their statuses.
func (b *bin) served(uri string) []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	var st []int
	for _, r := range b.results {
		if r.URI == uri {
			st = append(st, r.Status)
		}
	}
	return st
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func path(t *testing.T, r *web.Response, p string) any {
	t.Helper()
	v, err := r.Path(p)
	if err != nil {
		t.Fatalf("%s: %v\nbody: %s", p, err, r.Text())
	}
	return v
}

// captureStderr makes the cell's error output a buffer for the test.
func captureStderr(t *testing.T) *testenv.Buffer {
	t.Helper()
	var buf testenv.Buffer
	prev := cell.Set(&cell.State{Ctx: context.Background(), Stdout: os.Stdout, Stderr: &buf})
	t.Cleanup(func() { cell.Set(prev) })
	return &buf
}

func TestMethods(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	for _, tc := range []struct {
		name string
		call func(string, ...any) (*web.Response, error)
		path string
	}{
		{"GET", s.Get, "/get"},
		{"POST", s.Post, "/post"},
		{"PUT", s.Put, "/put"},
		{"PATCH", s.Patch, "/patch"},
		{"DELETE", s.Delete, "/delete"},
	} {
		r := must[*web.Response](t)(tc.call(tc.path))
		if r.StatusCode != 200 || r.Method != tc.name {
			t.Fatalf("%s %s: %s (method %s)", tc.name, tc.path, r.Status, r.Method)
		}
		if got := path(t, r, "method"); got != tc.name {
			t.Errorf("%s: server saw method %v", tc.name, got)
		}
	}
	r := must[*web.Response](t)(s.Head("/head"))
	if r.StatusCode != 200 || len(r.Bytes()) != 0 || r.Header.Get("Content-Type") == "" {
		t.Errorf("HEAD: %s, %d bytes, Content-Type %q", r.Status, len(r.Bytes()), r.Header.Get("Content-Type"))
	}
	r = must[*web.Response](t)(s.Options("/get"))
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Access-Control-Allow-Methods"), "PATCH") {
		t.Errorf("OPTIONS: %s, Allow-Methods %q", r.Status, r.Header.Get("Access-Control-Allow-Methods"))
	}
	r = must[*web.Response](t)(s.Do("query", "/anything"))
	if got := path(t, r, "method"); got != "QUERY" {
		t.Errorf("Do(query): server saw method %v", got)
	}
}

func TestQueryAndHeaders(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	s.Header("X-Team", "sre")
	s.Header("X-Gone", "soon")
	s.Header("X-Gone", "")
	r := must[*web.Response](t)(s.Get("/get?z=0", web.Query{"a": "1", "n": 2, "ok": true, "tag": []string{"x", "y"}}, web.Headers{"X-Req": "one"}))
	for p, want := range map[string]any{
		"args.a.0": "1", "args.n.0": "2", "args.ok.0": "true", "args.tag.0": "x", "args.tag.1": "y", "args.z.0": "0",
		"headers.X-Team.0": "sre", "headers.X-Req.0": "one", "headers.User-Agent.0": web.UserAgent,
	} {
		if got := path(t, r, p); got != want {
			t.Errorf("%s = %v, want %v", p, got, want)
		}
	}
	if _, err := r.Path("headers.X-Gone"); err == nil {
		t.Error("a header set to \"\" was still sent")
	}
	if !strings.HasPrefix(web.UserAgent, "opsh/") {
		t.Errorf("UserAgent %q", web.UserAgent)
	}
	// A request's header overrides the session's.
	r = must[*web.Response](t)(s.Get("/headers", web.Headers{"X-Team": "dba", "User-Agent": "probe/1"}))
	if got := path(t, r, "headers.X-Team.0"); got != "dba" {
		t.Errorf("X-Team = %v, want the request's", got)
	}
	if got := path(t, r, "headers.User-Agent.0"); got != "probe/1" {
		t.Errorf("User-Agent = %v, want the request's", got)
	}
}

func TestBaseURLJoin(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL + "/anything/api/")
	for target, want := range map[string]string{
		"/users":            "/anything/api/users",
		"users/7?x=1":       "/anything/api/users/7?x=1",
		b.URL + "/get?q=ab": "/get?q=ab",
	} {
		r := must[*web.Response](t)(s.Get(target))
		if !strings.HasSuffix(r.URL, want) {
			t.Errorf("Get(%q) fetched %s, want …%s", target, r.URL, want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	r := must[*web.Response](t)(s.Post("/post", web.JSON{"hello": 5, "tags": []string{"a", "<b>"}}))
	if got := path(t, r, "json.hello"); got != 5.0 {
		t.Errorf("json.hello = %v", got)
	}
	if got := path(t, r, "json.tags[1]"); got != "<b>" {
		t.Errorf("json.tags[1] = %v", got)
	}
	if got := path(t, r, "headers.Content-Type.0"); got != "application/json" {
		t.Errorf("Content-Type sent = %v", got)
	}
	var echo struct {
		JSON struct {
			Hello int      `json:"hello"`
			Tags  []string `json:"tags"`
		} `json:"json"`
	}
	if err := r.Decode(&echo); err != nil {
		t.Fatal(err)
	}
	if echo.JSON.Hello != 5 || len(echo.JSON.Tags) != 2 {
		t.Errorf("Decode: %+v", echo)
	}
	r = must[*web.Response](t)(s.Put("/put", web.JSONOf([]int{1, 2, 3})))
	if got := path(t, r, "json.-1"); got != 3.0 {
		t.Errorf("json.-1 = %v", got)
	}
	r = must[*web.Response](t)(s.Post("/post", web.Form{"user": "ann", "n": 3}))
	if got := path(t, r, "form.user.0"); got != "ann" {
		t.Errorf("form.user = %v", got)
	}
	r = must[*web.Response](t)(s.Post("/post", web.Body{ContentType: "text/csv", Data: []byte("a,b\n1,2\n")}))
	if got, want := path(t, r, "data"), "data:text/csv;base64,YSxiCjEsMgo="; got != want {
		t.Errorf("data = %v, want %v", got, want)
	}
	if _, err := s.Post("/post", web.JSON{"a": 1}, "raw"); err == nil || !strings.Contains(err.Error(), "more than one body") {
		t.Errorf("two bodies: %v", err)
	}
	if _, err := s.Post("/post", 42); err == nil || !strings.Contains(err.Error(), "unexpected argument of type int") {
		t.Errorf("bad option: %v", err)
	}
}

func TestPathErrors(t *testing.T) {
	b := newBin(t)
	r := must[*web.Response](t)(web.Get(b.URL + "/json"))
	if got := path(t, r, "slideshow.slides.0.title"); got != "Wake up to WonderWidgets!" {
		t.Errorf("title = %v", got)
	}
	for p, want := range map[string]string{
		"slideshow.slidez.0":       `no key "slidez" at "slideshow" (keys: author, date, slides, title)`,
		"slideshow.slides.7.title": `index 7 out of range at "slideshow.slides" (a list of 2)`,
		"slideshow.title.x":        `no "x" at "slideshow.title", which is the string "Sample Slide Show"`,
		"slideshow.slides.first":   `"slideshow.slides" is a list of 2, and "first" is not an index`,
	} {
		_, err := r.Path(p)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Path(%q) = %v, want …%s", p, err, want)
		}
	}
	// A body that is not JSON names its content type and first bytes.
	r = must[*web.Response](t)(web.Get(b.URL + "/html"))
	_, err := r.JSON()
	if err == nil || !strings.Contains(err.Error(), "text/html") || !strings.Contains(err.Error(), `"<!DOCTYPE html>`) {
		t.Errorf("JSON of HTML: %v", err)
	}
}

func TestBadURLs(t *testing.T) {
	s := web.Session()
	for url, want := range map[string]string{
		"127.0.0.1:8080/get":       `no scheme (did you mean "http://127.0.0.1:8080/get"?)`,
		"/get":                     "relative URL \"/get\" and the session has no base URL",
		"ftp://example.com/x":      `scheme "ftp" is not http or https`,
		"http://[::1/x":            "malformed URL",
		"http://u:hunter22@[::1/x": "u:xxxxx@",
	} {
		_, err := s.Get(url)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Get(%q) = %v, want …%s", url, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter22") {
			t.Errorf("error shows the password: %v", err)
		}
	}
	if _, err := web.Session("localhost:1").Get("/x"); err == nil || !strings.Contains(err.Error(), "base URL") {
		t.Errorf("bad base: %v", err)
	}
}

func TestCheck(t *testing.T) {
	b := newBin(t)
	r := must[*web.Response](t)(web.Get(b.URL + "/status/404"))
	if r.OK() || r.StatusCode != 404 {
		t.Fatalf("status %s", r.Status)
	}
	err := r.Check()
	var se *web.StatusError
	if !errors.As(err, &se) || se.StatusCode != 404 {
		t.Fatalf("Check = %v", err)
	}
	if want := "GET " + b.URL + "/status/404: 404 Not Found"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Check = %q, want %q…", err, want)
	}
	r = must[*web.Response](t)(web.Post(b.URL+"/status/418", "x"))
	if err := r.Check(); err == nil || !strings.Contains(err.Error(), "POST") || !strings.Contains(err.Error(), "teapot") {
		t.Errorf("Check 418 = %v", err)
	}
	if err := must[*web.Response](t)(web.Get(b.URL + "/get")).Check(); err != nil {
		t.Errorf("Check 200 = %v", err)
	}
}

func TestBasicAuth(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	if err := s.BasicAuth("ann", "correct-horse-9"); err != nil {
		t.Fatal(err)
	}
	r := must[*web.Response](t)(s.Get("/basic-auth/ann/correct-horse-9"))
	if r.StatusCode != 200 || path(t, r, "user") != "ann" {
		t.Errorf("right password: %s %s", r.Status, r.Text())
	}
	r = must[*web.Response](t)(s.Get("/basic-auth/ann/other-password"))
	if r.StatusCode != 401 {
		t.Errorf("wrong password: %s", r.Status)
	}
	if err := r.Check(); err == nil || !strings.Contains(err.Error(), "401 Unauthorized") {
		t.Errorf("Check = %v", err)
	}
	// The password is a secret: the session shows it redacted, and it is
	// masked wherever it is printed.
	if d := s.Display(); strings.Contains(d, "correct-horse-9") || !strings.Contains(d, "«redacted:") {
		t.Errorf("Display shows the password:\n%s", d)
	}
	if got := redact.String("pw=correct-horse-9"); strings.Contains(got, "correct-horse-9") {
		t.Errorf("the password is not registered as a secret: %s", got)
	}
	// So is the header made of it, echoed back by /headers.
	r = must[*web.Response](t)(s.Get("/headers"))
	if strings.Contains(r.Display(), "YW5uOmNvcnJlY3QtaG9yc2UtOQ") {
		t.Errorf("Display shows the Authorization header:\n%s", r.Display())
	}
	if err := s.BasicAuth("ann", 42); err == nil {
		t.Error("BasicAuth accepted an int password")
	}
}

func TestBearer(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	if r := must[*web.Response](t)(s.Get("/bearer")); r.StatusCode != 401 {
		t.Errorf("no token: %s", r.Status)
	}
	tok := secret.New("api token", []byte("tok-5f0c2a9e"))
	if err := s.Bearer(tok); err != nil {
		t.Fatal(err)
	}
	r := must[*web.Response](t)(s.Get("/bearer"))
	if r.StatusCode != 200 || path(t, r, "token") != "tok-5f0c2a9e" {
		t.Errorf("token: %s %s", r.Status, r.Text())
	}
	if strings.Contains(r.Display(), "tok-5f0c2a9e") {
		t.Errorf("Display shows the token:\n%s", r.Display())
	}
	if d := s.Display(); !strings.Contains(d, "bearer «redacted:api token»") {
		t.Errorf("session Display:\n%s", d)
	}
	s.Auth(nil)
	if r := must[*web.Response](t)(s.Get("/bearer")); r.StatusCode != 401 {
		t.Errorf("after Auth(nil): %s", r.Status)
	}
	// Credentials set as plain headers are secrets too.
	s.Header("X-Api-Key", "key-0b1c2d3e")
	r = must[*web.Response](t)(s.Get("/headers", web.Headers{"Authorization": "Token tk-99887766"}))
	if got := path(t, r, "headers.X-Api-Key.0"); got != "key-0b1c2d3e" {
		t.Errorf("X-Api-Key sent as %v", got)
	}
	for _, d := range []string{r.Display(), s.Display()} {
		if strings.Contains(d, "key-0b1c2d3e") || strings.Contains(d, "tk-99887766") {
			t.Errorf("Display shows a credential header:\n%s", d)
		}
	}
}

func TestGzipAndDeadline(t *testing.T) {
	b := newBin(t)
	r := must[*web.Response](t)(web.Get(b.URL + "/gzip"))
	if path(t, r, "gzipped") != true {
		t.Errorf("gzip body not decoded: %.100q", r.Text())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := web.Get(b.URL+"/delay/3", ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "the context's deadline passed") {
		t.Errorf("deadline: %v", err)
	}
}

func TestCookies(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	r := must[*web.Response](t)(s.Get("/cookies/set", web.Query{"team": "sre", "sid": "a1b2c3"}))
	if got := path(t, r, "cookies.sid"); got != "a1b2c3" {
		t.Fatalf("after /cookies/set the server saw sid=%v: %s", got, r.Text())
	}
	if len(r.Redirects) != 1 || !strings.Contains(r.Redirects[0], "/cookies/set") {
		t.Errorf("Redirects = %v", r.Redirects)
	}
	got := s.Cookies()
	if len(got) != 2 || got[0].Name != "sid" || got[1].Value != "sre" || got[0].Domain != "127.0.0.1" {
		t.Fatalf("Cookies = %s", got.Display())
	}
	file := filepath.Join(t.TempDir(), "cookies.txt")
	if err := s.SaveCookies(file); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("cookie file mode %v, want 0600", fi.Mode().Perm())
	}
	s2 := web.Session(b.URL)
	if err := s2.LoadCookies(file); err != nil {
		t.Fatal(err)
	}
	r = must[*web.Response](t)(s2.Get("/cookies"))
	if path(t, r, "cookies.team") != "sre" || path(t, r, "cookies.sid") != "a1b2c3" {
		t.Errorf("loaded session sent %s", r.Text())
	}
	// Deleting on the server removes it from the jar.
	must[*web.Response](t)(s2.Get("/cookies/delete", web.Query{"sid": ""}))
	if l := s2.Cookies(); len(l) != 1 || l[0].Name != "team" {
		t.Errorf("after delete: %s", l.Display())
	}
	if err := s2.SetCookie("lang", "en"); err != nil {
		t.Fatal(err)
	}
	r = must[*web.Response](t)(s2.Get("/cookies"))
	if path(t, r, "cookies.lang") != "en" {
		t.Errorf("SetCookie: server saw %s", r.Text())
	}
}

// TestCookiesFileInterop checks that Python's MozillaCookieJar (what
// requests users persist sessions with) reads the file SaveCookies writes,
// and that LoadCookies reads the one it writes.
func TestCookiesFileInterop(t *testing.T) {
	py := testenv.Python(t, "http.cookiejar")
	b := newBin(t)
	s := web.Session(b.URL)
	must[*web.Response](t)(s.Get("/cookies/set", web.Query{"sid": "a1b2c3"}))
	dir := t.TempDir()
	ours, theirs := filepath.Join(dir, "ours.txt"), filepath.Join(dir, "theirs.txt")
	if err := s.SaveCookies(ours); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, http.cookiejar, time
j = http.cookiejar.MozillaCookieJar(sys.argv[1])
j.load(ignore_discard=True, ignore_expires=True)
print(sorted((c.name, c.value, c.domain) for c in j))
c = http.cookiejar.Cookie(0, "py", "yes", None, False, "127.0.0.1", False, False, "/", True, False, int(time.time()) + 3600, False, None, None, {})
j.set_cookie(c)
j.save(sys.argv[2], ignore_discard=True, ignore_expires=True)
`
	out, err := runPython(py, script, ours, theirs)
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	if want := "[('sid', 'a1b2c3', '127.0.0.1')]"; strings.TrimSpace(out) != want {
		t.Errorf("python read %s, want %s", out, want)
	}
	s2 := web.Session(b.URL)
	if err := s2.LoadCookies(theirs); err != nil {
		t.Fatal(err)
	}
	r := must[*web.Response](t)(s2.Get("/cookies"))
	if path(t, r, "cookies.py") != "yes" || path(t, r, "cookies.sid") != "a1b2c3" {
		t.Errorf("after loading Python's file the server saw %s", r.Text())
	}
}

func TestRedirects(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	r := must[*web.Response](t)(s.Get("/redirect/3"))
	if r.StatusCode != 200 || !strings.HasSuffix(r.URL, "/get") || len(r.Redirects) != 3 {
		t.Errorf("/redirect/3: %s at %s via %v", r.Status, r.URL, r.Redirects)
	}
	s.Redirects(0)
	r = must[*web.Response](t)(s.Get("/redirect/3"))
	if r.StatusCode != 302 || r.Header.Get("Location") == "" {
		t.Errorf("Redirects(0): %s, Location %q", r.Status, r.Header.Get("Location"))
	}
	s.Redirects(2)
	s.Retry(2)
	s.Backoff(time.Millisecond, time.Millisecond)
	before := b.requests("/redirect/3")
	_, err := s.Get("/redirect/3")
	if err == nil || !strings.Contains(err.Error(), "stopped after 2 redirects") {
		t.Errorf("Redirects(2) on 3: %v", err)
	}
	if n := b.requests("/redirect/3") - before; n != 1 {
		t.Errorf("too many redirects was retried: %d attempts", n)
	}
}

func TestRetryStatus(t *testing.T) {
	b := newBin(t)
	stderr := captureStderr(t)
	s := web.Session(b.URL)
	s.Retry(3)
	s.Backoff(time.Millisecond, 5*time.Millisecond)
	r := must[*web.Response](t)(s.Get("/status/503"))
	if r.StatusCode != 503 {
		t.Errorf("status %s", r.Status)
	}
	if got := b.requests("/status/503"); got != 4 {
		t.Errorf("%d attempts, want 4", got)
	}
	if n := strings.Count(stderr.String(), "503 Service Unavailable; retry"); n != 3 {
		t.Errorf("retry notes: %d\n%s", n, stderr)
	}
	// POST is not idempotent: one attempt only.
	must[*web.Response](t)(s.Post("/status/503", "x"))
	if got := b.requests("/status/503"); got != 5 {
		t.Errorf("POST was retried: %d requests in all", got)
	}
	// 404 is not retried.
	must[*web.Response](t)(s.Get("/status/404"))
	if got := b.requests("/status/404"); got != 1 {
		t.Errorf("404 was retried: %d requests", got)
	}
}

// flaky fails its first n requests with status, then echoes the request.
func flaky(t *testing.T, n int32, status int, retryAfter string) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(status)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		body := new(bytes.Buffer)
		body.ReadFrom(r.Body)
		w.Write([]byte(r.Method + " " + r.Header.Get("X-Signature") + " " + body.String()))
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestRetryThenSuccess(t *testing.T) {
	captureStderr(t)
	srv, calls := flaky(t, 2, 502, "")
	s := web.Session(srv.URL)
	s.Retry(3)
	s.Backoff(time.Millisecond, 2*time.Millisecond)
	r := must[*web.Response](t)(s.Put("/thing", "payload"))
	if r.StatusCode != 200 || calls.Load() != 3 {
		t.Fatalf("%s after %d calls", r.Status, calls.Load())
	}
	if got := r.Text(); got != "PUT  payload" {
		t.Errorf("the retried body arrived as %q", got)
	}
}

func TestRetryAfter(t *testing.T) {
	captureStderr(t)
	srv, calls := flaky(t, 1, 429, "1")
	s := web.Session(srv.URL)
	s.Retry(1)
	s.Backoff(time.Millisecond, time.Millisecond)
	start := time.Now()
	r := must[*web.Response](t)(s.Get("/"))
	if r.StatusCode != 200 || calls.Load() != 2 {
		t.Fatalf("%s after %d calls", r.Status, calls.Load())
	}
	if el := time.Since(start); el < 900*time.Millisecond {
		t.Errorf("Retry-After: 1 was not honoured: retried after %s", el)
	}
	// A Retry-After beyond MaxRetryAfter gives the response back at once.
	srv2, calls2 := flaky(t, 1, 503, "86400")
	s2 := web.Session(srv2.URL)
	s2.Retry(2)
	r = must[*web.Response](t)(s2.Get("/"))
	if r.StatusCode != 503 || calls2.Load() != 1 {
		t.Errorf("Retry-After: 86400 → %s after %d calls", r.Status, calls2.Load())
	}
}

func TestRetryConnectionRefused(t *testing.T) {
	stderr := captureStderr(t)
	url := "http://127.0.0.1:" + strconv.Itoa(testenv.FreePort(t))
	s := web.Session(url)
	s.Retry(2)
	s.Backoff(time.Millisecond, time.Millisecond)
	_, err := s.Post("/x", "body")
	if err == nil || !strings.Contains(err.Error(), "connection refused") || !strings.HasPrefix(err.Error(), "POST "+url+"/x: ") {
		t.Fatalf("err = %v", err)
	}
	if n := strings.Count(stderr.String(), "connection refused; retry"); n != 2 {
		t.Errorf("a refused POST (never sent) is retried: %d retries\n%s", n, stderr)
	}
}

func TestTimeout(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	s.Timeout(200 * time.Millisecond)
	start := time.Now()
	_, err := s.Get("/delay/5")
	if !errors.Is(err, web.ErrTimeout) || !strings.Contains(err.Error(), "no response within 200ms") {
		t.Fatalf("err = %v", err)
	}
	var we *web.Error
	if !errors.As(err, &we) || !we.Timeout() || we.Method != "GET" {
		t.Errorf("err is not a timed-out *web.Error: %#v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("timed out after %s", el)
	}
	// The server saw the client go away.
	testenv.WaitFor(t, 5*time.Second, "httpbin to log the abandoned /delay", func() error {
		if st := b.served("/delay/5"); len(st) != 1 || st[0] != 499 {
			return errors.New("not yet")
		}
		return nil
	})
	// A request's own timeout overrides the session's.
	if _, err := web.Session(b.URL).Get("/delay/5", 150*time.Millisecond); !errors.Is(err, web.ErrTimeout) || !strings.Contains(err.Error(), "150ms") {
		t.Errorf("per-request timeout: %v", err)
	}
	// A body that keeps coming is not cut: /drip sends 5 bytes over 1s.
	s.Timeout(400 * time.Millisecond)
	r := must[*web.Response](t)(s.Get("/drip", web.Query{"duration": "1s", "delay": "0s", "numbytes": 5}))
	if len(r.Bytes()) != 5 {
		t.Errorf("drip: %d bytes", len(r.Bytes()))
	}
}

func TestCancel(t *testing.T) {
	b := newBin(t)
	// An explicit context, as a library user passes it.
	ctx, cancel := context.WithCancel(context.Background())
	b.cancelOnArrival("/delay/5", 1, cancel)
	start := time.Now()
	_, err := web.Session(b.URL).Get("/delay/5", ctx)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err = %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("cancelled after %s", el)
	}
	// The running cell's context, as Ctrl-C in the REPL cancels it.
	cctx, ccancel := context.WithCancel(context.Background())
	prev := cell.Set(&cell.State{Ctx: cctx, Stdout: os.Stdout, Stderr: os.Stderr})
	defer cell.Set(prev)
	b.cancelOnArrival("/delay/5", 2, ccancel)
	s := web.Session(b.URL)
	s.Retry(5)
	_, err = s.Get("/delay/5")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cell cancel: err = %v", err)
	}
	testenv.WaitFor(t, 5*time.Second, "httpbin to log both abandoned requests", func() error {
		if st := b.served("/delay/5"); len(st) != 2 {
			return errors.New("not yet")
		}
		return nil
	})
}

// TestAuthSigner checks that a custom authenticator sees the final request,
// body included, on every attempt and on a same-host redirect.
func TestAuthSigner(t *testing.T) {
	captureStderr(t)
	srv, calls := flaky(t, 1, 503, "")
	var signed atomic.Int32
	s := web.Session(srv.URL)
	s.Header("X-Team", "sre")
	s.Retry(1)
	s.Backoff(time.Millisecond, time.Millisecond)
	s.Auth(func(req *http.Request) error {
		signed.Add(1)
		if req.Header.Get("X-Team") != "sre" || req.Header.Get("User-Agent") != web.UserAgent {
			t.Errorf("the signer saw headers %v", req.Header)
		}
		rc, err := req.GetBody()
		if err != nil {
			return err
		}
		body := new(bytes.Buffer)
		body.ReadFrom(rc)
		req.Header.Set("X-Signature", "sig("+req.Method+" "+req.URL.RequestURI()+" "+body.String()+")")
		return nil
	})
	r := must[*web.Response](t)(s.Put("/obj?v=1", "data"))
	if got, want := r.Text(), "PUT sig(PUT /obj?v=1 data) data"; got != want {
		t.Errorf("server got %q, want %q", got, want)
	}
	if calls.Load() != 2 || signed.Load() != 2 {
		t.Errorf("%d calls, %d signatures", calls.Load(), signed.Load())
	}
	s.Auth(func(*http.Request) error { return errors.New("no credentials") })
	if _, err := s.Get("/"); err == nil || !strings.Contains(err.Error(), "auth: no credentials") {
		t.Errorf("failing signer: %v", err)
	}

	// Redirects to the same host are signed again.
	b := newBin(t)
	s = web.Session(b.URL)
	var seen []string
	s.Auth(func(req *http.Request) error {
		seen = append(seen, req.URL.Path)
		req.Header.Set("Authorization", "Sig "+req.URL.Path)
		return nil
	})
	r = must[*web.Response](t)(s.Get("/redirect-to", web.Query{"url": "/headers"}))
	if got := path(t, r, "headers.Authorization.0"); got != "Sig /headers" {
		t.Errorf("after a redirect the server saw Authorization %v (signed %v)", got, seen)
	}
}

func TestProxyFromEnvironment(t *testing.T) {
	var got atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.String())
		w.Write([]byte("via proxy"))
	}))
	t.Cleanup(proxy.Close)
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("NO_PROXY", "skip.invalid")
	r := must[*web.Response](t)(web.Session().Get("http://api.example.invalid/health"))
	if r.Text() != "via proxy" || got.Load() != "http://api.example.invalid/health" {
		t.Errorf("proxy saw %v, response %q", got.Load(), r.Text())
	}
	_, err := web.Session().Get("http://db.skip.invalid/x")
	if err == nil || strings.Contains(err.Error(), "via proxy") {
		t.Errorf("NO_PROXY host went through the proxy: %v", err)
	}
	// Loopback never goes through the proxy.
	b := newBin(t)
	if r := must[*web.Response](t)(web.Session().Get(b.URL + "/get")); r.Text() == "via proxy" {
		t.Error("a loopback request went through the proxy")
	}
}

var statusLine = regexp.MustCompile(`^200 OK · application/json · \d+ B · [\d.]+ ms\n`)

func TestDisplay(t *testing.T) {
	b := newBin(t)
	r := must[*web.Response](t)(web.Get(b.URL + "/json"))
	d := r.Display()
	if !statusLine.MatchString(d) {
		t.Errorf("Display first line:\n%s", d)
	}
	if !strings.Contains(d, "\n{\n  \"slideshow\": {\n    \"author\": \"Yours Truly\",") {
		t.Errorf("JSON not indented:\n%s", d)
	}
	if got := r.Text()[:50]; !strings.HasPrefix(got, `{"slideshow":`) && !strings.HasPrefix(got, "{\n") {
		t.Errorf("Text()[:50] = %q", got)
	}
	// A long body is cut, with a note.
	r = must[*web.Response](t)(web.Get(b.URL + "/stream/100"))
	d = r.Display()
	if lines := strings.Count(d, "\n"); lines > 62 || !regexp.MustCompile(`\n… cut: \d+ of 100 lines shown; r.Text\(\) has all 1\d\.\d KiB$`).MatchString(d) {
		t.Errorf("long body: %d lines, ends %q", lines, d[max(0, len(d)-120):])
	}
	// Binary bodies are not dumped.
	r = must[*web.Response](t)(web.Get(b.URL + "/image/png"))
	if d := r.Display(); !strings.Contains(d, "of binary data; r.Bytes() has them") || !strings.HasPrefix(d, "200 OK · image/png · ") {
		t.Errorf("binary:\n%.200s", d)
	}
	// The session shows its settings.
	s := web.Session(b.URL)
	s.Header("X-Team", "sre")
	s.Retry(3)
	s.Timeout(5 * time.Second)
	d = s.Display()
	for _, want := range []string{"web session " + b.URL, "header    X-Team: sre", "retry     3", "timeout   5s"} {
		if !strings.Contains(d, want) {
			t.Errorf("session Display lacks %q:\n%s", want, d)
		}
	}
}

func runPython(py, script string, args ...string) (string, error) {
	out, err := exec.Command(py, append([]string{"-c", script}, args...)...).CombinedOutput()
	return string(out), err
}

func TestDownload(t *testing.T) {
	b := newBin(t)
	stderr := captureStderr(t)
	s := web.Session(b.URL)
	dir := t.TempDir()
	file := filepath.Join(dir, "blob.bin")
	r := must[*web.Response](t)(s.Download("/bytes/300000?seed=7", file))
	if r.File != file || len(r.Bytes()) != 0 {
		t.Errorf("File %q, %d bytes in memory", r.File, len(r.Bytes()))
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := must[*web.Response](t)(s.Get("/bytes/300000?seed=7")).Bytes()
	if !bytes.Equal(got, want) || len(got) != 300000 {
		t.Errorf("saved %d bytes, want the %d of a GET", len(got), len(want))
	}
	if d := r.Display(); !strings.HasPrefix(d, "200 OK · application/octet-stream · 293.0 KiB · ") || !strings.HasSuffix(d, "\nsaved to "+file) {
		t.Errorf("Display:\n%s", d)
	}
	if !strings.Contains(stderr.String(), "blob.bin") {
		t.Errorf("no progress line on the cell's error output: %q", stderr)
	}
	// An error status leaves the file alone and keeps the body for Check.
	r = must[*web.Response](t)(s.Download("/status/404", file))
	if err := r.Check(); err == nil || r.File != "" {
		t.Errorf("404: Check %v, File %q", err, r.File)
	}
	if again, _ := os.ReadFile(file); !bytes.Equal(again, want) {
		t.Error("a failed download changed the file")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
}

func TestLinkPagination(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 0 {
			page = 1
		}
		if page < 3 {
			w.Header().Set("Link", fmt.Sprintf(`<%s?page=%d>; rel="next", </items?page=3>; rel="last"`, r.URL.Path, page+1))
		}
		fmt.Fprintf(w, `[%d]`, page)
	}))
	t.Cleanup(srv.Close)
	s := web.Session(srv.URL)
	var pages []any
	for next := "/items"; next != ""; {
		r := must[*web.Response](t)(s.Get(next))
		pages = append(pages, path(t, r, "0"))
		next = r.Link("next")
	}
	if fmt.Sprint(pages) != "[1 2 3]" {
		t.Errorf("pages %v", pages)
	}
}

// TestTimeoutAcrossRequests runs the timeout between and after quick
// requests of one session: each request is still limited by its own
// timeout, waiting for the response and then between parts of the body,
// and a request after one that timed out or was interrupted is unaffected.
func TestTimeoutAcrossRequests(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	s.Timeout(300 * time.Millisecond)
	quick := func(opts ...any) {
		t.Helper()
		for range 3 {
			if r, err := s.Get("/get", opts...); err != nil || r.StatusCode != 200 {
				t.Fatalf("quick GET: %v", err)
			}
		}
	}
	quick()
	start := time.Now()
	if _, err := s.Get("/delay/5"); !errors.Is(err, web.ErrTimeout) || !strings.Contains(err.Error(), "no response within 300ms") {
		t.Fatalf("after quick requests, waiting for the response: err = %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("timed out after %s", el)
	}
	quick()
	// /drip sends 2 bytes 3 s apart: the gap is cut.
	_, err := s.Get("/drip", web.Query{"duration": "6s", "delay": "0s", "numbytes": 2})
	if !errors.Is(err, web.ErrTimeout) || !strings.Contains(err.Error(), "body stalled for 300ms") {
		t.Fatalf("after quick requests, a stalled body: err = %v", err)
	}
	quick()
	// A slow request that takes longer in total than the timeout, but
	// answers within it, is not cut: the timer restarted.
	for range 5 {
		if _, err := s.Get("/delay/0.1"); err != nil {
			t.Fatalf("a response within the timeout: %v", err)
		}
	}
	// An explicit context, cancelled while a request waits.
	ctx, cancel := context.WithCancel(context.Background())
	quick(ctx)
	b.cancelOnArrival("/delay/5", 1, cancel)
	if _, err := s.Get("/delay/5", ctx); !errors.Is(err, context.Canceled) || errors.Is(err, web.ErrTimeout) {
		t.Fatalf("cancelled after quick requests with its context: err = %v", err)
	}
	if _, err := s.Get("/get", ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("a request with a cancelled context: err = %v", err)
	}
	quick()
}

// TestAuthSignerChangesURL checks that a signer that adds to the URL, as
// query-string signatures do, starts from the request's own URL on every
// attempt, and sees the Host it goes to.
func TestAuthSignerChangesURL(t *testing.T) {
	captureStderr(t)
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		n := len(queries)
		mu.Unlock()
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	t.Cleanup(srv.Close)
	s := web.Session(srv.URL)
	s.Retry(2)
	s.Backoff(time.Millisecond, time.Millisecond)
	var hosts []string
	s.Auth(func(req *http.Request) error {
		hosts = append(hosts, req.Host)
		q := req.URL.Query()
		q.Add("sig", "x")
		req.URL.RawQuery = q.Encode()
		return nil
	})
	for range 2 {
		mu.Lock()
		queries = nil
		mu.Unlock()
		hosts = nil
		r := must[*web.Response](t)(s.Get("/x", web.Query{"a": "1"}))
		if r.StatusCode != 200 {
			t.Fatalf("status %s", r.Status)
		}
		mu.Lock()
		got := strings.Join(queries, " ")
		mu.Unlock()
		if got != "a=1&sig=x a=1&sig=x a=1&sig=x" {
			t.Errorf("the server saw queries %q", got)
		}
		host := strings.TrimPrefix(srv.URL, "http://")
		if strings.Join(hosts, " ") != host+" "+host+" "+host {
			t.Errorf("the signer saw Host %q, want %s each time", hosts, host)
		}
	}
	// A session without a signer sends its URL as it is.
	r := must[*web.Response](t)(web.Session(srv.URL).Get("/x", web.Query{"a": "1"}))
	if r.URL != srv.URL+"/x?a=1" {
		t.Errorf("URL = %s", r.URL)
	}
	mu.Lock()
	defer mu.Unlock()
	if q := queries[len(queries)-1]; q != "a=1" {
		t.Errorf("without a signer, the server saw %q", q)
	}
}

// TestRepeatedTargets sends requests to the same and to other targets in
// turn, with and without a query: each goes to its own URL and reports it.
func TestRepeatedTargets(t *testing.T) {
	b := newBin(t)
	host := strings.TrimPrefix(b.URL, "http://")
	s := web.Session("http://ops:hunter22@" + host)
	for _, c := range []struct {
		target string
		query  web.Query
		want   string // the URL after the host
	}{
		{"/anything/a", nil, "/anything/a"},
		{"/anything/a", nil, "/anything/a"},
		{"/anything/a", web.Query{"x": "1"}, "/anything/a?x=1"},
		{"/anything/a", nil, "/anything/a"},
		{"/anything/a", web.Query{"x": "2"}, "/anything/a?x=2"},
		{"/anything/b?y=3", nil, "/anything/b?y=3"},
		{"/anything/b?y=3", web.Query{"x": "4"}, "/anything/b?x=4&y=3"},
		{"/anything/b?y=3", nil, "/anything/b?y=3"},
		{b.URL + "/anything/c", nil, "/anything/c"},
		{"/anything/a", nil, "/anything/a"},
	} {
		var opts []any
		if c.query != nil {
			opts = append(opts, c.query)
		}
		r := must[*web.Response](t)(s.Get(c.target, opts...))
		if want := "http://ops:xxxxx@" + host + c.want; r.URL != want && !(strings.HasPrefix(c.target, "http") && r.URL == b.URL+c.want) {
			t.Errorf("Get(%q, %v): URL %s, want %s", c.target, c.query, r.URL, want)
		}
		if got := path(t, r, "url"); got != b.URL+c.want {
			t.Errorf("Get(%q, %v): the server saw %v, want %s", c.target, c.query, got, b.URL+c.want)
		}
	}
}

// TestConcurrentRequests fans one session out over goroutines, each with
// its own targets, queries and timeouts: every response is its own.
func TestConcurrentRequests(t *testing.T) {
	b := newBin(t)
	s := web.Session(b.URL)
	s.Timeout(5 * time.Second)
	var wg sync.WaitGroup
	errs := make(chan error, 8*20)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				target := fmt.Sprintf("/anything/g%d", g%3)
				var opts []any
				want := b.URL + target
				if i%2 == 1 {
					opts = append(opts, web.Query{"i": strconv.Itoa(i)})
					want += "?i=" + strconv.Itoa(i)
				}
				if i%5 == 4 {
					opts = append(opts, 3*time.Second)
				}
				r, err := s.Get(target, opts...)
				if err != nil {
					errs <- err
					return
				}
				got, err := r.Path("url")
				if err != nil || got != want || r.URL != want {
					errs <- fmt.Errorf("goroutine %d: Get(%q, %v): the server saw %v (%v), Response.URL %s; want %s", g, target, opts, got, err, r.URL, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// A timeout still cuts a request after the fan-out.
	if _, err := s.Get("/delay/5", 200*time.Millisecond); !errors.Is(err, web.ErrTimeout) {
		t.Errorf("after the fan-out: %v", err)
	}
}

// TestCookiesEachRequest checks that each request and each retry sends
// the jar's cookies once: they are not left behind in the session's
// headers or in a request's own for the next request or attempt.
func TestCookiesEachRequest(t *testing.T) {
	captureStderr(t)
	var mu sync.Mutex
	var seen []string
	fails := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/login":
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "s1", Path: "/"})
		case "/flaky":
			seen = append(seen, strings.Join(r.Header.Values("Cookie"), " | "))
			if fails < 2 {
				fails++
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		default:
			seen = append(seen, strings.Join(r.Header.Values("Cookie"), " | "))
		}
	}))
	t.Cleanup(srv.Close)
	s := web.Session(srv.URL)
	s.Retry(2)
	s.Backoff(time.Millisecond, time.Millisecond)
	must[*web.Response](t)(s.Get("/login"))
	for range 3 {
		must[*web.Response](t)(s.Get("/x"))
	}
	must[*web.Response](t)(s.Get("/x", web.Headers{"X-Req": "1"}))
	must[*web.Response](t)(s.Get("/flaky", web.Headers{"X-Req": "1"}))
	must[*web.Response](t)(s.Get("/x"))
	mu.Lock()
	got := strings.Join(seen, ", ")
	mu.Unlock()
	if want := strings.Repeat("sid=s1, ", 7) + "sid=s1"; got != want {
		t.Errorf("the server saw cookies %q, want %q", got, want)
	}
	if h := s.Headers(); h.Get("Cookie") != "" {
		t.Errorf("the session's headers hold a cookie: %v", h)
	}
	// Concurrent requests with cookies share the session's headers.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if _, err := s.Get("/x"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, c := range seen[8:] {
		if c != "sid=s1" {
			t.Fatalf("a concurrent request sent cookies %q", c)
		}
	}
}
