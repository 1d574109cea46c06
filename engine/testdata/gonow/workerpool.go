// A worker pool that probes hosts, collects results over a channel of
// structs, sorts them, and counts with typed atomics.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

type Result struct {
	Host    string
	Latency int
	Err     error
}

func (r Result) String() string {
	if r.Err != nil {
		return fmt.Sprintf("%s: FAIL (%v)", r.Host, r.Err)
	}
	return fmt.Sprintf("%s: %dms", r.Host, r.Latency)
}

var errDown = errors.New("connection refused")

func probe(host string) (int, error) {
	if strings.HasSuffix(host, "-3") || strings.HasSuffix(host, "-7") {
		return 0, fmt.Errorf("probe %s: %w", host, errDown)
	}
	return len(host) * 7 % 50, nil
}

func main() {
	var hosts []string
	for i := 1; i <= 9; i++ {
		hosts = append(hosts, fmt.Sprintf("web-%d", i))
	}
	jobs := make(chan string)
	results := make(chan Result, len(hosts))
	var ok, failed atomic.Int64
	var sawFailure atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for h := range jobs {
				lat, err := probe(h)
				if err != nil {
					failed.Add(1)
					sawFailure.Store(true)
				} else {
					ok.Add(1)
				}
				results <- Result{Host: h, Latency: lat, Err: err}
			}
		}(w)
	}
	for _, h := range hosts {
		jobs <- h
	}
	close(jobs)
	wg.Wait()
	close(results)

	var all []Result
	for r := range results {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Host < all[j].Host })
	for _, r := range all {
		fmt.Println(r)
	}
	fmt.Println("ok:", ok.Load(), "failed:", failed.Load(), "any failure:", sawFailure.Load())
	n := 0
	for _, r := range all {
		if errors.Is(r.Err, errDown) {
			n++
		}
	}
	fmt.Println("refused:", n)
	fmt.Printf("%v\n", all[2])
	var max atomic.Int32
	for _, r := range all {
		for {
			cur := max.Load()
			if int32(r.Latency) <= cur || max.CompareAndSwap(cur, int32(r.Latency)) {
				break
			}
		}
	}
	fmt.Println("max latency:", max.Load(), "swapped:", max.Swap(0), "now:", max.Load())
}
