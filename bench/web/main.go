// Command web compares sequential keep-alive GETs against one local server,
// in the same run: an interpreted opsh loop (yaegi with the web builtin's
// symbols, as the REPL runs it), the same loop compiled with plain
// net/http, the loop compiled through package web, and Python's
// requests.Session (Debian's python3-requests, /usr/bin/python3).
//
//	go run ./bench/web [-n 1000] [-rounds 7]
//
// Each round runs every variant once, in turn, so that load from elsewhere
// on the machine falls on all of them; the report gives each variant's
// median time per request and the ratios of the medians.
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/opsh/opsh/builtins/web"
	websym "github.com/opsh/opsh/builtins/web/symbols"
)

// pythonLoop is the loop in Python.
//
//go:embed requests_loop.py
var pythonLoop string

// opshLoop is the loop as an opsh user writes it. It sits in a function
// literal: at top level, yaegi v0.16.1 loses the names a two-value :=
// defines inside a block.
const opshLoop = `func() {
	for i := 0; i < N; i++ {
		r, err := s.Get("/health")
		if err != nil {
			panic(err)
		}
		if r.StatusCode != 200 {
			panic(r.Status)
		}
	}
}()`

func main() {
	n := flag.Int("n", 1000, "requests per loop")
	rounds := flag.Int("rounds", 7, "rounds (each runs every variant once)")
	python := flag.String("python", "/usr/bin/python3", "python with requests")
	flag.Parse()
	if err := run(*n, *rounds, *python); err != nil {
		fmt.Fprintln(os.Stderr, "bench/web:", err)
		os.Exit(1)
	}
}

func run(n, rounds int, python string) error {
	body := []byte(`{"status":"ok","service":"api","checks":{"db":"ok","cache":"ok"}}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	url := srv.URL + "/health"

	variants := []struct {
		name string
		loop func() (time.Duration, error)
	}{
		{"opsh interpreted (yaegi + web)", interpreted(srv.URL, n)},
		{"compiled net/http", func() (time.Duration, error) { return netHTTP(url, n) }},
		{"compiled web", func() (time.Duration, error) { return compiledWeb(srv.URL, n) }},
		{"python requests.Session", func() (time.Duration, error) { return pythonRequests(python, url, n) }},
	}
	times := make([][]time.Duration, len(variants))
	for r := 0; r < rounds; r++ {
		for i, v := range variants {
			d, err := v.loop()
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			times[i] = append(times[i], d)
		}
	}
	med := make([]time.Duration, len(variants))
	fmt.Printf("%d sequential keep-alive GETs to %s, %d rounds, median of the rounds\n\n", n, srv.URL, rounds)
	for i, v := range variants {
		med[i] = median(times[i])
		fmt.Printf("%-32s %10s  %8.1f µs/request   (rounds: %s)\n", v.name, med[i].Round(time.Microsecond),
			float64(med[i])/float64(n)/1e3, list(times[i]))
	}
	fmt.Printf("\ninterpreted / compiled net/http   %.2f×  (goal ≤ 1.2×)\n", float64(med[0])/float64(med[1]))
	fmt.Printf("compiled web / compiled net/http  %.2f×\n", float64(med[2])/float64(med[1]))
	fmt.Printf("python requests / interpreted     %.2f×  (goal ≥ 3×)\n", float64(med[3])/float64(med[0]))
	return nil
}

func interpreted(base string, n int) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		i := interp.New(interp.Options{Unrestricted: true})
		if err := i.Use(stdlib.Symbols); err != nil {
			return 0, err
		}
		if err := i.Use(websym.Symbols); err != nil {
			return 0, err
		}
		if _, err := i.Eval(`import "github.com/opsh/opsh/builtins/web"`); err != nil {
			return 0, err
		}
		if _, err := i.Eval(fmt.Sprintf(`s := web.Session(%q)`, base)); err != nil {
			return 0, err
		}
		// Warm up: one connection open, as in the other variants.
		if _, err := i.Eval(strings.Replace(opshLoop, "N", "1", 1)); err != nil {
			return 0, err
		}
		src := strings.Replace(opshLoop, "N", strconv.Itoa(n), 1)
		start := time.Now()
		_, err := i.EvalWithContext(context.Background(), src)
		return time.Since(start), err
	}
}

func netHTTP(url string, n int) (time.Duration, error) {
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	get := func() error {
		resp, err := c.Get(url)
		if err != nil {
			return err
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != 200 {
			err = fmt.Errorf("%s", resp.Status)
		}
		return err
	}
	if err := get(); err != nil {
		return 0, err
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := get(); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

func compiledWeb(base string, n int) (time.Duration, error) {
	s := web.Session(base)
	defer s.Close()
	if _, err := s.Get("/health"); err != nil {
		return 0, err
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		r, err := s.Get("/health")
		if err != nil {
			return 0, err
		}
		if r.StatusCode != 200 {
			return 0, fmt.Errorf("%s", r.Status)
		}
	}
	return time.Since(start), nil
}

func pythonRequests(python, url string, n int) (time.Duration, error) {
	out, err := exec.Command(python, "-c", pythonLoop, url, strconv.Itoa(n)).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%v: %s", err, out)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("python printed %q", out)
	}
	return time.Duration(ns), nil
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func list(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Round(time.Millisecond).String()
	}
	return strings.Join(parts, " ")
}
