package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/web"
	"github.com/opsh/opsh/internal/testenv"
)

// The benchmarks send sequential keep-alive GETs to one local server, the
// same way from an interpreted opsh loop, from compiled code through this
// package and through plain net/http, and from Python's requests.Session.
// bench/web runs them side by side and reports the ratios.

// benchLoop is the loop of bench/web/opsh_loop.txt: N GETs of /health
// with the session s.
func benchLoop(b *testing.B) string {
	b.Helper()
	loop, err := os.ReadFile("../../bench/web/opsh_loop.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(loop)
}

func benchServer(b *testing.B) *httptest.Server {
	b.Helper()
	body := []byte(`{"status":"ok","service":"api","checks":{"db":"ok","cache":"ok"}}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGetInterpreted runs the loop in yaegi, as the REPL would.
func BenchmarkGetInterpreted(b *testing.B) {
	srv := benchServer(b)
	i := newInterp(b)
	if _, err := i.Eval(fmt.Sprintf(`s := web.Session(%q)`, srv.URL)); err != nil {
		b.Fatal(err)
	}
	loop := benchLoop(b)
	// Warm up: one connection open, the loop compiled once.
	if _, err := i.Eval(strings.Replace(loop, "N", "1", 1)); err != nil {
		b.Fatal(err)
	}
	src := strings.Replace(loop, "N", strconv.Itoa(b.N), 1)
	b.ResetTimer()
	if _, err := i.EvalWithContext(context.Background(), src); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkGetCompiled is the same loop compiled, through this package.
func BenchmarkGetCompiled(b *testing.B) {
	srv := benchServer(b)
	s := web.Session(srv.URL)
	if _, err := s.Get("/health"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		r, err := s.Get("/health")
		if err != nil {
			b.Fatal(err)
		}
		if r.StatusCode != 200 {
			b.Fatal(r.Status)
		}
	}
}

// BenchmarkGetNetHTTP is the same loop compiled with plain net/http.
func BenchmarkGetNetHTTP(b *testing.B) {
	srv := benchServer(b)
	c := &http.Client{}
	get := func() {
		resp, err := c.Get(srv.URL + "/health")
		if err != nil {
			b.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(err, resp.Status)
		}
	}
	get()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		get()
	}
}

// BenchmarkGetPythonRequests is the same loop in Python's requests.Session
// (Debian's python3-requests); its ns/op is the loop's own time.
func BenchmarkGetPythonRequests(b *testing.B) {
	py := testenv.Python(b, "requests")
	script, err := os.ReadFile("../../bench/web/requests_loop.py")
	if err != nil {
		b.Fatal(err)
	}
	srv := benchServer(b)
	b.ResetTimer()
	out, err := exec.Command(py, "-c", string(script), srv.URL+"/health", strconv.Itoa(b.N)).CombinedOutput()
	b.StopTimer()
	if err != nil {
		b.Fatalf("python: %v\n%s", err, out)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		b.Fatalf("python printed %q", out)
	}
	b.ReportMetric(float64(ns)/float64(b.N), "ns/op")
}
