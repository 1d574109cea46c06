// Health checks run in goroutines through an interface, with an error type
// declared after the method that returns it, a struct key, arrays, anonymous
// structs, durations, a labeled break and a deferred print.
package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

type Checker interface {
	Check() error
	Name() string
}

type base struct{ name string }

func (b base) Name() string { return b.name }

type HTTPCheck struct {
	base
	URL    string
	Status int
}

func (h HTTPCheck) Check() error {
	if h.Status >= 500 {
		return fmt.Errorf("%s: status %d", h.URL, h.Status)
	}
	return nil
}

type DiskCheck struct {
	base
	FreePct float64
}

func (d *DiskCheck) Check() error {
	if d.FreePct < 10 {
		return &LowDisk{Free: d.FreePct}
	}
	return nil
}

type LowDisk struct{ Free float64 }

func (l *LowDisk) Error() string { return fmt.Sprintf("low disk: %.1f%% free", l.Free) }

type key struct {
	host string
	port int
}

func main() {
	checks := []Checker{
		HTTPCheck{base{"api"}, "http://api/health", 200},
		HTTPCheck{base{"web"}, "http://web/health", 503},
		&DiskCheck{base{"disk"}, 4.5},
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	results := map[string]error{}
	for _, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := c.Check()
			mu.Lock()
			results[c.Name()] = err
			mu.Unlock()
		}()
	}
	wg.Wait()
	names := make([]string, 0, len(results))
	for n := range results {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		err := results[n]
		var ld *LowDisk
		switch {
		case err == nil:
			fmt.Printf("%-5s ok\n", n)
		case errors.As(err, &ld):
			fmt.Printf("%-5s DISK %.1f\n", n, ld.Free)
		default:
			fmt.Printf("%-5s FAIL %v\n", n, err)
		}
	}
	seen := map[key]int{{"a", 1}: 1}
	seen[key{"a", 1}]++
	fmt.Println(seen[key{"a", 1}], len(seen), key{"a", 1} == key{"a", 1})
	grid := [2][3]int{{1, 2, 3}, {4, 5, 6}}
	sum := 0
	for _, row := range grid {
		for _, v := range row {
			sum += v
		}
	}
	fmt.Println(sum, grid[1][2])
	anon := []struct {
		Host string
		Up   bool
	}{{"a", true}, {"b", false}}
	up := 0
	for _, a := range anon {
		if a.Up {
			up++
		}
	}
	fmt.Println(up, anon)
	d := 90 * time.Minute
	fmt.Println(d, d.Hours(), time.Duration(1500)*time.Millisecond)
	var sb strings.Builder
	defer func() { fmt.Print(sb.String()) }()
	fmt.Fprintf(&sb, "done %d\n", len(os.Args)-len(os.Args))
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if i*j == 2 {
				fmt.Println("found", i, j)
				break outer
			}
		}
	}
	total := func(xs ...int) (n int) {
		for _, x := range xs {
			n += x
		}
		return
	}
	fmt.Println(total(1, 2, 3), total(grid[0][:]...))
}
