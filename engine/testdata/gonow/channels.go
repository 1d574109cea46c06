// Channel pipelines: generator, stages, fan-out and fan-in, a first
// error that cancels the rest, a bounded rate, and sync.Cond.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

func gen(ctx context.Context, items ...string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, it := range items {
			select {
			case out <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func stage(ctx context.Context, in <-chan string, f func(string) string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for s := range in {
			select {
			case out <- f(s):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func merge(ctx context.Context, ins ...<-chan string) <-chan string {
	out := make(chan string)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Add(1)
		go func(c <-chan string) {
			defer wg.Done()
			for s := range c {
				select {
				case out <- s:
				case <-ctx.Done():
					return
				}
			}
		}(in)
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

type group struct {
	wg     sync.WaitGroup
	once   sync.Once
	err    error
	cancel context.CancelFunc
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel()
				}
			})
		}
	}()
}

func (g *group) Wait() error { g.wg.Wait(); return g.err }

type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *queue) get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := gen(ctx, "web-1", "web-2", "db-1", "cache-1")
	upper := stage(ctx, src, strings.ToUpper)
	a := stage(ctx, upper, func(s string) string { return s + "!" })
	var got []string
	for s := range merge(ctx, a) {
		got = append(got, s)
	}
	fmt.Println(got)

	ins := []<-chan string{gen(ctx, "a", "b"), gen(ctx, "c"), gen(ctx, "d", "e", "f")}
	var all []string
	for s := range merge(ctx, ins...) {
		all = append(all, s)
	}
	sort.Strings(all)
	fmt.Println(all)

	gctx, gcancel := context.WithCancel(context.Background())
	g := &group{cancel: gcancel}
	var mu sync.Mutex
	done := []string{}
	for _, h := range []string{"ok-1", "bad", "slow"} {
		g.Go(func() error {
			switch h {
			case "bad":
				return fmt.Errorf("%s: connection refused", h)
			case "slow":
				select {
				case <-time.After(2 * time.Second):
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			mu.Lock()
			done = append(done, h)
			mu.Unlock()
			return nil
		})
	}
	err := g.Wait()
	fmt.Println(err, done, errors.Is(gctx.Err(), context.Canceled))

	tick := time.NewTicker(time.Millisecond)
	start := time.Now()
	n := 0
	for range tick.C {
		n++
		if n == 5 {
			break
		}
	}
	tick.Stop()
	fmt.Println(n, time.Since(start) >= 4*time.Millisecond)

	q := newQueue()
	res := make(chan int)
	go func() {
		sum := 0
		for i := 0; i < 3; i++ {
			sum += q.get()
		}
		res <- sum
	}()
	for i := 1; i <= 3; i++ {
		q.put(i * 10)
	}
	fmt.Println(<-res)

	timeout := time.After(20 * time.Millisecond)
	results := make(chan int, 1)
	results <- 7 // ready before the timeout, however busy the machine
	for i := 0; i < 2; i++ {
		select {
		case v := <-results:
			fmt.Println("got", v)
		case <-timeout:
			fmt.Println("timed out")
		}
	}
	var nilCh chan int
	select {
	case v := <-nilCh:
		fmt.Println(v)
	default:
		fmt.Println("nil channel never ready")
	}
	buf := make(chan int, 3)
	buf <- 1
	buf <- 2
	fmt.Println(len(buf), cap(buf))
	close(buf)
	for v := range buf {
		fmt.Print(v)
	}
	v, ok := <-buf
	fmt.Println(v, ok)
}
