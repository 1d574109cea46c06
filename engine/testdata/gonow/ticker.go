// A bounded ticker loop, a token-bucket rate limiter, select with
// default for non-blocking sends, and retries with exponential backoff.
package main

import (
	"errors"
	"fmt"
	"time"
)

type Limiter struct {
	tokens chan struct{}
}

func NewLimiter(burst int) *Limiter {
	l := &Limiter{tokens: make(chan struct{}, burst)}
	for range burst {
		l.tokens <- struct{}{}
	}
	return l
}

func (l *Limiter) Allow() bool {
	select {
	case <-l.tokens:
		return true
	default:
		return false
	}
}

var errTransient = errors.New("503 service unavailable")

func retry(attempts int, base time.Duration, f func(int) error) (int, error) {
	var err error
	delay := base
	for i := 1; i <= attempts; i++ {
		if err = f(i); err == nil {
			return i, nil
		}
		if !errors.Is(err, errTransient) {
			return i, fmt.Errorf("permanent: %w", err)
		}
		time.Sleep(delay)
		delay *= 2
	}
	return attempts, fmt.Errorf("gave up after %d attempts: %w", attempts, err)
}

func main() {
	ticker := time.NewTicker(5 * time.Millisecond)
	defer ticker.Stop()
	timeout := time.After(time.Second)
	ticks := 0
loop:
	for {
		select {
		case <-ticker.C:
			ticks++
			if ticks == 4 {
				break loop
			}
		case <-timeout:
			fmt.Println("timeout!")
			break loop
		}
	}
	fmt.Println("ticks:", ticks)

	l := NewLimiter(3)
	var allowed, denied int
	for range 5 {
		if l.Allow() {
			allowed++
		} else {
			denied++
		}
	}
	fmt.Println("allowed", allowed, "denied", denied)

	events := make(chan string, 2)
	dropped := 0
	for i := range 5 {
		select {
		case events <- fmt.Sprint("ev", i):
		default:
			dropped++
		}
	}
	close(events)
	for e := range events {
		fmt.Print(e, " ")
	}
	fmt.Println("dropped", dropped)

	n, err := retry(5, time.Millisecond, func(i int) error {
		if i < 3 {
			return errTransient
		}
		return nil
	})
	fmt.Println(n, err)
	n, err = retry(3, time.Millisecond, func(int) error { return errTransient })
	fmt.Println(n, err, errors.Is(err, errTransient))
	n, err = retry(3, time.Millisecond, func(int) error { return errors.New("404 not found") })
	fmt.Println(n, err)

	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timer fired")
	case v, ok := <-make(chan int):
		fmt.Println(v, ok)
	}
	tm := time.AfterFunc(time.Hour, func() {})
	fmt.Println("stopped:", tm.Stop())
	d := 1500 * time.Millisecond
	fmt.Println(d, d.Round(time.Second), d.Truncate(time.Second), time.Duration(0))
}
