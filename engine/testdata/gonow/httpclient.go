// Health checks over HTTP: a client timeout against a slow handler,
// context cancellation of a request, net.Error's Timeout, *url.Error,
// a recovery middleware, and parallel checks gathered in order.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

type CheckResult struct {
	Path    string
	Code    int
	Timeout bool
	Body    string
}

func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprintf(w, "recovered: %v", v)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func check(ctx context.Context, c *http.Client, base, path string) CheckResult {
	res := CheckResult{Path: path}
	req, err := http.NewRequestWithContext(ctx, "GET", base+path, nil)
	if err != nil {
		res.Body = err.Error()
		return res
	}
	resp, err := c.Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			res.Timeout = true
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			res.Body = "url.Error op=" + ue.Op
		}
		if errors.Is(err, context.Canceled) {
			res.Body += " canceled"
		}
		return res
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 32))
	res.Code = resp.StatusCode
	res.Body = string(b)
	return res
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(500 * time.Millisecond):
			io.WriteString(w, "late")
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("GET /panic", func(w http.ResponseWriter, r *http.Request) {
		var m map[string]int
		m["boom"]++
	})
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, strings.Repeat("z", 100))
	})
	srv := httptest.NewServer(recoverer(mux))
	defer srv.Close()
	client := &http.Client{Timeout: 100 * time.Millisecond}

	paths := []string{"/healthz", "/slow", "/panic", "/big", "/nope"}
	results := make([]CheckResult, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = check(context.Background(), client, srv.URL, p)
		}()
	}
	wg.Wait()
	for _, r := range results {
		fmt.Printf("%-8s %d timeout=%v %q\n", r.Path, r.Code, r.Timeout, r.Body)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := check(ctx, http.DefaultClient, srv.URL, "/healthz")
	fmt.Printf("%+v\n", r)
	r = check(context.Background(), client, "http://[::1", "/x")
	fmt.Println(r.Body != "", r.Code)

	var codes []int
	for _, p := range []string{"/big", "/healthz", "/nope"} {
		resp, err := client.Head(srv.URL + p)
		if err == nil {
			codes = append(codes, resp.StatusCode)
			resp.Body.Close()
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(codes)))
	fmt.Println(codes, http.StatusText(codes[0]))
	u, _ := url.Parse(srv.URL + "/search?q=disk+full&limit=5#top")
	q := u.Query()
	q.Add("env", "prod")
	fmt.Println(u.Path, q.Get("q"), q.Encode(), u.Fragment, u.Hostname())
}
