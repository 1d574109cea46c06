// Shared state in a daemon: a config cache behind an RWMutex, lazy
// init with Once/OnceFunc/OnceValue, a Cond-based ready gate, and a
// channel of funcs run by a single owner goroutine.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

type ConfigCache struct {
	mu    sync.RWMutex
	vals  map[string]string
	reads int
}

func (c *ConfigCache) Get(k string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.vals[k]
	return v, ok
}

func (c *ConfigCache) Set(k, v string) {
	c.mu.Lock()
	c.vals[k] = v
	c.mu.Unlock()
}

type Gate struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) Wait() {
	g.mu.Lock()
	for !g.ready {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *Gate) Open() {
	g.mu.Lock()
	g.ready = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

var loads int

var loadDefaults = sync.OnceValue(func() map[string]string {
	loads++
	return map[string]string{"region": "eu-west-1", "tier": "prod"}
})

func main() {
	c := &ConfigCache{vals: map[string]string{}}
	for k, v := range loadDefaults() {
		c.Set(k, v)
	}
	loadDefaults()
	fmt.Println("loads:", loads)

	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]int{}
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%4 == 0 {
				c.Set(fmt.Sprintf("k%d", i), strings.Repeat("x", i))
			}
			v, _ := c.Get("region")
			mu.Lock()
			seen[v]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(seen, len(c.vals))

	g := NewGate()
	out := make(chan int, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.Wait()
			out <- i * i
		}()
	}
	g.Open()
	wg.Wait()
	close(out)
	var sq []int
	for v := range out {
		sq = append(sq, v)
	}
	sort.Ints(sq)
	fmt.Println(sq)

	count := 0
	initOnce := sync.OnceFunc(func() { count++ })
	for range 3 {
		initOnce()
	}
	fmt.Println("count:", count)

	vals := sync.OnceValues(func() (int, error) { return 3, fmt.Errorf("partial") })
	n, err := vals()
	fmt.Println(n, err)

	ops := make(chan func(map[string]int))
	done := make(chan map[string]int)
	go func() {
		state := map[string]int{}
		for op := range ops {
			op(state)
		}
		done <- state
	}()
	for _, h := range []string{"a", "b", "a", "c", "a"} {
		ops <- func(m map[string]int) { m[h]++ }
	}
	close(ops)
	fmt.Println(<-done)

	var once sync.Once
	for i := range 3 {
		once.Do(func() { fmt.Println("first call", i) })
	}
}
