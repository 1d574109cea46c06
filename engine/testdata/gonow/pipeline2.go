// A three-stage pipeline with a done channel: generate log lines,
// parse them in parallel, fan in, stop early on done; then a channel of
// result channels to keep order.
package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

type Record struct {
	Host   string
	Status int
	Bytes  int
}

func generate(done <-chan struct{}, lines []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, l := range lines {
			select {
			case out <- l:
			case <-done:
				return
			}
		}
	}()
	return out
}

func parse(done <-chan struct{}, in <-chan string) <-chan Record {
	out := make(chan Record)
	go func() {
		defer close(out)
		for l := range in {
			f := strings.Fields(l)
			if len(f) != 3 {
				continue
			}
			st, _ := strconv.Atoi(f[1])
			b, _ := strconv.Atoi(f[2])
			select {
			case out <- Record{f[0], st, b}:
			case <-done:
				return
			}
		}
	}()
	return out
}

func merge[T any](done <-chan struct{}, cs ...<-chan T) <-chan T {
	var wg sync.WaitGroup
	out := make(chan T)
	wg.Add(len(cs))
	for _, c := range cs {
		go func(c <-chan T) {
			defer wg.Done()
			for v := range c {
				select {
				case out <- v:
				case <-done:
					return
				}
			}
		}(c)
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

func main() {
	lines := []string{
		"web-1 200 512", "web-2 500 0", "web-1 404 12", "garbage",
		"web-3 200 2048", "web-2 200 100", "web-3 503 0", "web-1 200 64",
	}
	done := make(chan struct{})
	src := generate(done, lines)
	workers := make([]<-chan Record, 3)
	for i := range workers {
		workers[i] = parse(done, src)
	}
	byHost := map[string][]int{}
	total := 0
	for r := range merge(done, workers...) {
		byHost[r.Host] = append(byHost[r.Host], r.Status)
		total += r.Bytes
	}
	close(done)
	hosts := make([]string, 0, len(byHost))
	for h := range byHost {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	for _, h := range hosts {
		s := byHost[h]
		sort.Ints(s)
		fmt.Println(h, s)
	}
	fmt.Println("bytes:", total)

	done2 := make(chan struct{})
	first := generate(done2, []string{"a", "b", "c", "d"})
	fmt.Println(<-first, <-first)
	close(done2)
	rest := 0
	for range first {
		rest++
	}
	fmt.Println("drained <= 2:", rest <= 2) // the select picks either case once done is closed

	ordered := make(chan chan string, 4)
	go func() {
		defer close(ordered)
		for i := range 4 {
			c := make(chan string, 1)
			ordered <- c
			go func() { c <- strings.Repeat("#", 4-i) + strconv.Itoa(i) }()
		}
	}()
	for c := range ordered {
		fmt.Print(<-c, " ")
	}
	fmt.Println()

	var sendOnly chan<- int
	recv := make(chan int, 1)
	sendOnly = recv
	sendOnly <- 7
	v, ok := <-recv
	fmt.Println(v, ok, len(recv), cap(recv))
	close(recv)
	v, ok = <-recv
	fmt.Println(v, ok)
}
