// A generic parallel map used for fleet queries, a counter struct that
// embeds sync.Mutex, results keyed by index, errors per item, and a
// first-response-wins race with cancel.
package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

type Result[T any] struct {
	Index int
	Value T
	Err   error
}

func ParallelMap[T, R any](items []T, workers int, f func(T) (R, error)) []Result[R] {
	in := make(chan int)
	out := make([]Result[R], len(items))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range in {
				v, err := f(items[i])
				out[i] = Result[R]{Index: i, Value: v, Err: err}
			}
		}()
	}
	for i := range items {
		in <- i
	}
	close(in)
	wg.Wait()
	return out
}

type Stats struct {
	sync.Mutex
	byZone map[string]int
}

func (s *Stats) Add(zone string) {
	s.Lock()
	defer s.Unlock()
	s.byZone[zone]++
}

var errNoZone = errors.New("no zone label")

func zoneOf(host string) (string, error) {
	_, zone, ok := strings.Cut(host, ".")
	if !ok {
		return "", fmt.Errorf("%q: %w", host, errNoZone)
	}
	return zone, nil
}

func race(ctx context.Context, delays map[string]time.Duration) string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	winner := make(chan string, len(delays))
	for name, d := range delays {
		go func() {
			select {
			case <-time.After(d):
				winner <- name
			case <-ctx.Done():
			}
		}()
	}
	return <-winner
}

func main() {
	hosts := []string{"db1.eu", "db2.us", "cache", "web1.eu", "web2.ap"}
	res := ParallelMap(hosts, 3, zoneOf)
	st := &Stats{byZone: map[string]int{}}
	for _, r := range res {
		if r.Err != nil {
			fmt.Println(r.Index, "error:", r.Err, errors.Is(r.Err, errNoZone))
			continue
		}
		st.Add(r.Value)
	}
	zones := make([]string, 0)
	for z := range st.byZone {
		zones = append(zones, z)
	}
	slices.Sort(zones)
	for _, z := range zones {
		fmt.Printf("%s:%d ", z, st.byZone[z])
	}
	fmt.Println()

	lens := ParallelMap(hosts, 2, func(h string) (int, error) { return len(h), nil })
	var ls []int
	for _, r := range lens {
		ls = append(ls, r.Value)
	}
	fmt.Println(ls, slices.Max(ls), slices.Index(ls, 5))

	w := race(context.Background(), map[string]time.Duration{
		"primary": 5 * time.Millisecond, "replica": 300 * time.Millisecond, "backup": 400 * time.Millisecond,
	})
	fmt.Println("winner:", w)

	funcs := []func() (string, error){
		func() (string, error) { return "dns ok", nil },
		func() (string, error) { return "", errors.New("ntp drift 2s") },
		func() (string, error) { return "disk ok", nil },
	}
	type outcome struct {
		msg string
		err error
	}
	ch := make(chan outcome, len(funcs))
	for _, f := range funcs {
		go func() {
			m, err := f()
			ch <- outcome{m, err}
		}()
	}
	var msgs []string
	for range funcs {
		o := <-ch
		if o.err != nil {
			msgs = append(msgs, "ERR "+o.err.Error())
		} else {
			msgs = append(msgs, o.msg)
		}
	}
	slices.Sort(msgs)
	fmt.Printf("%q\n", msgs)
}
