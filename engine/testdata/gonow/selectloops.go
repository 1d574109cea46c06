// Loops that wait in a select and leave by a labeled break, the shape of
// every poll-until-done loop.
package main

import (
	"fmt"
	"time"
)

func poll(results <-chan string, done <-chan struct{}) []string {
	var got []string
loop:
	for {
		select {
		case r := <-results:
			got = append(got, r)
		case <-done:
			break loop
		}
	}
	return got
}

func main() {
	results := make(chan string, 3)
	results <- "web-1 ok"
	results <- "web-2 ok"
	done := make(chan struct{})
	go func() {
		time.Sleep(20 * time.Millisecond)
		close(done)
	}()
	fmt.Println(poll(results, done))

	timeout := time.After(5 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	ticks := 0
wait:
	for {
		select {
		case <-tick.C:
			if ticks++; ticks == 3 {
				break wait
			}
		case <-timeout:
			break wait
		}
	}
	fmt.Println(ticks >= 3)

	closed := make(chan int)
	close(closed)
	n := 0
	for n < 3 {
	sel:
		select {
		case <-closed:
			n++
			break sel
		}
	}
	fmt.Println(n)
}
