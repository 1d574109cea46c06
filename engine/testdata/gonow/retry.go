// Retries with backoff, a circuit breaker and context deadlines.
package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

var ErrUnavailable = errors.New("service unavailable")

type TempError struct {
	Op    string
	After time.Duration
}

func (e *TempError) Error() string   { return fmt.Sprintf("%s: try again after %v", e.Op, e.After) }
func (e *TempError) Temporary() bool { return true }

type Breaker struct {
	mu       sync.Mutex
	failures int
	limit    int
	open     bool
}

func (b *Breaker) Do(f func() error) error {
	b.mu.Lock()
	if b.open {
		b.mu.Unlock()
		return fmt.Errorf("breaker open after %d failures: %w", b.failures, ErrUnavailable)
	}
	b.mu.Unlock()
	err := f()
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.failures++
		if b.failures >= b.limit {
			b.open = true
		}
		return err
	}
	b.failures = 0
	return nil
}

func retry(ctx context.Context, attempts int, base time.Duration, f func(int) error) error {
	var errs []error
	for i := range attempts {
		err := f(i)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
		var te *TempError
		if !errors.As(err, &te) {
			return errors.Join(errs...)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("after %d attempts: %w", i+1, ctx.Err())
		case <-time.After(base << i):
		}
	}
	return fmt.Errorf("gave up: %w", errors.Join(errs...))
}

func main() {
	ctx := context.Background()
	calls := 0
	err := retry(ctx, 5, time.Millisecond, func(i int) error {
		calls++
		if i < 2 {
			return &TempError{Op: "GET /health", After: time.Duration(i+1) * time.Millisecond}
		}
		return nil
	})
	fmt.Println("ok after", calls, "calls:", err)

	err = retry(ctx, 3, time.Millisecond, func(i int) error {
		return &TempError{Op: "PUT", After: time.Millisecond}
	})
	fmt.Println(err)
	var te *TempError
	fmt.Println(errors.As(err, &te), te.Op)

	err = retry(ctx, 3, time.Millisecond, func(int) error { return ErrUnavailable })
	fmt.Println(errors.Is(err, ErrUnavailable), err)

	ctx2, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	err = retry(ctx2, 10, 4*time.Millisecond, func(int) error { return &TempError{Op: "slow"} })
	fmt.Println(errors.Is(err, context.DeadlineExceeded))

	b := &Breaker{limit: 2}
	for i := range 4 {
		err := b.Do(func() error { return fmt.Errorf("call %d failed", i) })
		fmt.Println(i, err, errors.Is(err, ErrUnavailable))
	}
	r := rand.New(rand.NewPCG(1, 2))
	jitter := time.Duration(r.IntN(100)) * time.Microsecond
	fmt.Println(jitter < 100*time.Microsecond)
	var once sync.Once
	for range 3 {
		once.Do(func() { fmt.Println("once") })
	}
}
