// Command gen writes a recorded 1,000-cell session and its notebook export
// to a folder, and times how long package sessions takes to parse each, for
// bench/sessions/run.sh to compare with Jupyter's nbformat.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/opsh/opsh/sessions"
	"github.com/opsh/opsh/sessions/export"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	start := time.Date(2026, 11, 22, 0, 15, 3, 0, time.UTC)
	r, err := sessions.Create(dir, sessions.Meta{ID: "bench", Start: start, User: "bench", Host: "box", Version: "v0.1.0"})
	check(err)
	for i := 1; i <= 1000; i++ {
		s := strconv.Itoa(i)
		check(r.Input(i, start.Add(time.Duration(i)*time.Second), "x"+s+" := "+s+" * 2\nx"+s))
		check(r.Output(i, sessions.Output{Text: strconv.Itoa(2 * i), Dur: time.Millisecond, Value: &sessions.ValueInfo{Type: "int", Bound: true}}))
	}
	check(r.Close(start.Add(time.Hour)))
	md, err := os.ReadFile(r.Path())
	check(err)
	t, err := sessions.Parse("bench.md", md)
	check(err)
	nb, err := export.Notebook(t)
	check(err)
	check(os.WriteFile(filepath.Join(dir, "bench.ipynb"), nb, 0o600))
	fmt.Printf("go_parse_md_ns %d\n", median(func() { _, err := sessions.Parse("bench.md", md); check(err) }))
	fmt.Printf("go_parse_ipynb_ns %d\n", median(func() { _, err := sessions.Parse("bench.ipynb", nb); check(err) }))
}

// median runs f 50 times and returns the median time in nanoseconds.
func median(f func()) int64 {
	var ds []time.Duration
	for range 50 {
		t := time.Now()
		f()
		ds = append(ds, time.Since(t))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return int64(ds[len(ds)/2])
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
