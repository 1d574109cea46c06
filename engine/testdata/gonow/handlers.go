// Handlers as types: a struct implementing http.Handler with a method,
// StripPrefix, TimeoutHandler, MaxBytesReader, a logging middleware
// recording to a shared slice, and httptest.NewRecorder unit checks.

package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

type Metrics struct {
	mu    sync.Mutex
	count map[string]int
}

func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(w, "requests_total %d\n", len(m.count))
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(c int) {
	s.code = c
	s.ResponseWriter.WriteHeader(c)
}

type recorder struct {
	mu   sync.Mutex
	logs []string
}

func (rc *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: 200}
		next.ServeHTTP(sw, r)
		rc.mu.Lock()
		rc.logs = append(rc.logs, fmt.Sprintf("%s %s %d", r.Method, r.URL.Path, sw.code))
		rc.mu.Unlock()
	})
}

func upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8)
	b, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		http.Error(w, fmt.Sprintf("too large (limit %d)", mbe.Limit), http.StatusRequestEntityTooLarge)
		return
	}
	fmt.Fprintf(w, "got %d bytes", len(b))
}

func main() {
	m := &Metrics{count: map[string]int{"a": 1, "b": 2}}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m)
	mux.Handle("/static/", http.StripPrefix("/static", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "asset "+r.URL.Path)
	})))
	mux.HandleFunc("POST /upload", upload)
	mux.Handle("GET /slow", http.TimeoutHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond)
		fmt.Fprint(w, "done")
	}), 20*time.Millisecond, "gateway timeout\n"))
	rc := &recorder{}
	h := rc.wrap(mux)

	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/metrics", ""},
		{"GET", "/static/css/site.css", ""},
		{"POST", "/upload", "small"},
		{"POST", "/upload", strings.Repeat("x", 20)},
		{"GET", "/slow", ""},
		{"POST", "/metrics", ""},
	} {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, req)
		res := rr.Result()
		body, _ := io.ReadAll(res.Body)
		fmt.Printf("%s %s => %d %q allow=%q\n", tc.method, tc.path, res.StatusCode, strings.TrimSpace(string(body)), res.Header.Get("Allow"))
	}
	fmt.Println(strings.Join(rc.logs, "; "))

	var hh http.Handler = m
	_, isMetrics := hh.(*Metrics)
	fmt.Println(isMetrics)
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%d %s", resp.StatusCode, b)
	}
	fmt.Println(len(rc.logs))
}
