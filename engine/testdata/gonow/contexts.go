// Contexts as ops code uses them: timeouts, cancel, values with a key
// type, AfterFunc, WithoutCancel, WithTimeoutCause and deadlines.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type ctxKey string

const requestIDKey ctxKey = "request-id"

type traceKey struct{}

func requestID(ctx context.Context) string {
	if v, ok := ctx.Value(requestIDKey).(string); ok {
		return v
	}
	return "-"
}

func slowOp(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("slowOp: %w", ctx.Err())
	}
}

var errMaint = errors.New("maintenance window")

func main() {
	base := context.WithValue(context.Background(), requestIDKey, "req-42")
	base = context.WithValue(base, traceKey{}, []string{"a", "b"})
	fmt.Println(requestID(base), requestID(context.Background()))
	fmt.Println(base.Value(traceKey{}), base.Value("request-id"))

	ctx, cancel := context.WithTimeout(base, 20*time.Millisecond)
	defer cancel()
	err := slowOp(ctx, time.Second)
	fmt.Println(err, errors.Is(err, context.DeadlineExceeded), requestID(ctx))
	_, hasDeadline := ctx.Deadline()
	fmt.Println("deadline:", hasDeadline)

	ctx2, cancel2 := context.WithCancel(base)
	stopped := make(chan string, 1)
	stop := context.AfterFunc(ctx2, func() { stopped <- "cleanup ran for " + requestID(ctx2) })
	cancel2()
	fmt.Println(<-stopped)
	fmt.Println("stop after run:", stop())

	ctx3, cancel3 := context.WithCancel(context.Background())
	stop3 := context.AfterFunc(ctx3, func() { fmt.Println("never") })
	fmt.Println("stop before:", stop3())
	cancel3()
	time.Sleep(5 * time.Millisecond)

	ctx4, cancel4 := context.WithTimeoutCause(context.Background(), 5*time.Millisecond, errMaint)
	defer cancel4()
	<-ctx4.Done()
	fmt.Println(ctx4.Err(), context.Cause(ctx4), errors.Is(context.Cause(ctx4), errMaint))

	parent, pcancel := context.WithCancel(base)
	detached := context.WithoutCancel(parent)
	pcancel()
	fmt.Println(parent.Err(), detached.Err(), requestID(detached))

	ctx5, cancel5 := context.WithCancelCause(context.Background())
	cancel5(fmt.Errorf("operator abort: %w", errMaint))
	fmt.Println(ctx5.Err(), context.Cause(ctx5))
	fmt.Println(context.Cause(context.Background()))

	fmt.Println(slowOp(context.Background(), time.Millisecond))
	fmt.Printf("%T %v\n", requestIDKey, requestIDKey)
}
