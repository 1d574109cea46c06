// Command web compares sequential keep-alive GETs against one local server,
// in the same run: an interpreted opsh loop (yaegi with the web builtin's
// symbols, as the REPL runs it), the same loop compiled with plain
// net/http, the loop compiled through package web, and Python's
// requests.Session (Debian's python3-requests, /usr/bin/python3).
//
//	go run ./bench/web [-n 1000] [-rounds 21] [-v]
//
// Each round runs every variant once, in turn (starting with a different
// one each round), so that load from elsewhere on the machine falls on all
// of them; the report gives each variant's
// time per request in the median round and in its best round, and the
// ratios of both.
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
	"runtime"
	"slices"
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

// opshLoop is the loop as an opsh user writes it, with N for the count
// and s for the session. It sits in a function literal: at top level,
// yaegi v0.16.1 loses the names a two-value := defines inside a block.
//
//go:embed opsh_loop.txt
var opshLoop string

func main() {
	n := flag.Int("n", 1000, "requests per loop")
	rounds := flag.Int("rounds", 21, "rounds (each runs every variant once)")
	python := flag.String("python", "/usr/bin/python3", "python with requests")
	verbose := flag.Bool("v", false, "list every round's time")
	flag.Parse()
	if err := run(*n, *rounds, *python, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "bench/web:", err)
		os.Exit(1)
	}
}

func run(n, rounds int, python string, verbose bool) error {
	body := []byte(`{"status":"ok","service":"api","checks":{"db":"ok","cache":"ok"}}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	url := srv.URL + "/health"

	interpretedLoop, err := interpreted(srv.URL, n)
	if err != nil {
		return fmt.Errorf("interpreter: %w", err)
	}
	variants := []struct {
		name string
		loop func() (time.Duration, error)
	}{
		{"opsh interpreted (yaegi + web)", interpretedLoop},
		{"compiled net/http", func() (time.Duration, error) { return netHTTP(url, n) }},
		{"compiled web", func() (time.Duration, error) { return compiledWeb(srv.URL, n) }},
		{"python requests.Session", func() (time.Duration, error) { return pythonRequests(python, url, n) }},
	}
	times := make([][]time.Duration, len(variants))
	for r := 0; r < rounds; r++ {
		// Each round starts with the next variant, so that none always
		// follows the same one (Python's exit, say).
		for k := range variants {
			i := (r + k) % len(variants)
			v := variants[i]
			d, err := v.loop()
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			times[i] = append(times[i], d)
		}
	}
	med := make([]time.Duration, len(variants))
	low := make([]time.Duration, len(variants))
	fmt.Printf("%d sequential keep-alive GETs to %s, %d rounds; per request: median and best round\n\n", n, srv.URL, rounds)
	for i, v := range variants {
		med[i], low[i] = median(times[i]), slices.Min(times[i])
		fmt.Printf("%-32s %8.1f µs  %8.1f µs\n", v.name, perRequest(med[i], n), perRequest(low[i], n))
	}
	ratio := func(a, b int) string {
		return fmt.Sprintf("%.2f× (best rounds %.2f×)", float64(med[a])/float64(med[b]), float64(low[a])/float64(low[b]))
	}
	fmt.Println()
	fmt.Printf("interpreted / compiled net/http:   %s   goal ≤ 1.2×\n", ratio(0, 1))
	fmt.Printf("compiled web / compiled net/http:  %s\n", ratio(2, 1))
	fmt.Printf("python requests / interpreted:     %s   goal ≥ 3×\n", ratio(3, 0))
	if verbose {
		fmt.Println()
		for i, v := range variants {
			fmt.Printf("%-32s rounds: %s\n", v.name, list(times[i]))
		}
	}
	return nil
}

// interpreted returns the interpreted variant: one interpreter for every
// round, as one REPL session runs many cells.
func interpreted(base string, n int) (func() (time.Duration, error), error) {
	i := interp.New(interp.Options{Unrestricted: true})
	if err := i.Use(stdlib.Symbols); err != nil {
		return nil, err
	}
	if err := i.Use(websym.Symbols); err != nil {
		return nil, err
	}
	if _, err := i.Eval(`import "github.com/opsh/opsh/builtins/web"`); err != nil {
		return nil, err
	}
	if _, err := i.Eval(fmt.Sprintf(`s := web.Session(%q)`, base)); err != nil {
		return nil, err
	}
	// Warm up: one connection open, as in the other variants.
	if _, err := i.Eval(strings.Replace(opshLoop, "N", "1", 1)); err != nil {
		return nil, err
	}
	src := strings.Replace(opshLoop, "N", strconv.Itoa(n), 1)
	return func() (time.Duration, error) {
		runtime.GC()
		start := time.Now()
		_, err := i.EvalWithContext(context.Background(), src)
		return time.Since(start), err
	}, nil
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
	runtime.GC()
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
	runtime.GC()
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

func perRequest(d time.Duration, n int) float64 { return float64(d) / float64(n) / 1e3 }

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
