// An errgroup written by hand: the first error wins and cancels the
// others through the context; context.Cause tells why.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

type Group struct {
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error
	cancel  context.CancelCauseFunc
}

func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancelCause(ctx)
	return &Group{cancel: cancel}, ctx
}

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel(err)
				}
			})
		}
	}()
}

func (g *Group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel(nil)
	}
	return g.err
}

var ErrBadDisk = errors.New("disk /dev/sdb failing")

func check(ctx context.Context, name string, d time.Duration, fail bool) error {
	select {
	case <-time.After(d):
		if fail {
			return fmt.Errorf("%s: %w", name, ErrBadDisk)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	g, ctx := WithContext(context.Background())
	var mu sync.Mutex
	var finished []string
	checks := []struct {
		name string
		d    time.Duration
		fail bool
	}{
		{"cpu", 5 * time.Millisecond, false},
		{"disk", 20 * time.Millisecond, true},
		{"net", 400 * time.Millisecond, false},
		{"mem", 500 * time.Millisecond, false},
	}
	for _, c := range checks {
		g.Go(func() error {
			err := check(ctx, c.name, c.d, c.fail)
			mu.Lock()
			finished = append(finished, fmt.Sprintf("%s=%v", c.name, err))
			mu.Unlock()
			return err
		})
	}
	err := g.Wait()
	sort.Strings(finished)
	fmt.Println(finished)
	fmt.Println("first error:", err)
	fmt.Println("is bad disk:", errors.Is(err, ErrBadDisk))
	fmt.Println("ctx err:", ctx.Err())
	fmt.Println("cause:", context.Cause(ctx))

	g2, ctx2 := WithContext(context.Background())
	for i := range 3 {
		g2.Go(func() error { return check(ctx2, fmt.Sprint("n", i), time.Millisecond, false) })
	}
	fmt.Println("all ok:", g2.Wait(), ctx2.Err(), context.Cause(ctx2))
}
