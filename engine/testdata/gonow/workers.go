// Scripts' plumbing: a dispatch table of functions, a worker pool over
// channels, a mutex-guarded map, atomics, sync.Once, a semaphore, select
// with default, and strings.Map.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

type Command func(args []string) error

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[k]++
}

type Job struct {
	ID   int
	Host string
}

type Result struct {
	Job Job
	Out string
	Err error
}

var ErrUnknown = errors.New("unknown command")

func dispatch(table map[string]Command, line string) error {
	parts := strings.Fields(line)
	if len(parts) == 0 {
		return nil
	}
	cmd, ok := table[parts[0]]
	if !ok {
		return fmt.Errorf("%q: %w", parts[0], ErrUnknown)
	}
	return cmd(parts[1:])
}

func worker(jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		if j.Host == "bad" {
			results <- Result{Job: j, Err: fmt.Errorf("job %d failed", j.ID)}
			continue
		}
		results <- Result{Job: j, Out: strings.ToUpper(j.Host)}
	}
}

func main() {
	var log []string
	table := map[string]Command{
		"echo": func(args []string) error { log = append(log, strings.Join(args, " ")); return nil },
		"fail": func(args []string) error { return errors.New("failed: " + strings.Join(args, ",")) },
	}
	for _, l := range []string{"echo hi there", "fail a b", "nope", ""} {
		if err := dispatch(table, l); err != nil {
			fmt.Println("error:", err, errors.Is(err, ErrUnknown))
		}
	}
	fmt.Println(log)

	jobs := make(chan Job, 10)
	results := make(chan Result, 10)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	for i, h := range []string{"a", "bad", "c", "d"} {
		jobs <- Job{ID: i, Host: h}
	}
	close(jobs)
	go func() { wg.Wait(); close(results) }()
	var outs []string
	var failed int
	for r := range results {
		if r.Err != nil {
			failed++
			continue
		}
		outs = append(outs, r.Out)
	}
	sort.Strings(outs)
	fmt.Println(outs, failed)

	c := &Counter{n: map[string]int{}}
	var ops atomic.Int64
	var wg2 sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg2.Add(1)
		go func(i int) {
			defer wg2.Done()
			c.Inc([]string{"x", "y"}[i%2])
			ops.Add(1)
		}(i)
	}
	wg2.Wait()
	fmt.Println(c.n["x"], c.n["y"], ops.Load())
	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("once") })
	}
	sem := make(chan struct{}, 2)
	var active, peak atomic.Int32
	var wg3 sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg3.Add(1)
		go func() {
			defer wg3.Done()
			sem <- struct{}{}
			n := active.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			active.Add(-1)
			<-sem
		}()
	}
	wg3.Wait()
	fmt.Println(peak.Load() <= 2)
	select {
	case v := <-make(chan int):
		fmt.Println(v)
	default:
		fmt.Println("nothing ready")
	}
	upper := func(r rune) rune {
		if r == '-' {
			return -1
		}
		return r - 32
	}
	fmt.Println(strings.Map(upper, "a-b-c"))
}
