// A rolling deploy: a semaphore bounds concurrency, WaitGroup.Go starts
// the workers, errors are joined, sync.Map records state, atomic.Value
// holds the current version, and a timer is reset as a watchdog.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type Phase int

const (
	Pending Phase = iota
	Draining
	Updated
	Failed
)

func (p Phase) String() string {
	return [...]string{"pending", "draining", "updated", "failed"}[p]
}

type DeployError struct {
	Host string
	Step string
}

func (e *DeployError) Error() string { return e.Host + ": " + e.Step + " failed" }

func deploy(host string) error {
	time.Sleep(2 * time.Millisecond)
	if strings.HasSuffix(host, "4") {
		return &DeployError{Host: host, Step: "healthcheck"}
	}
	return nil
}

func main() {
	hosts := []string{"app-1", "app-2", "app-3", "app-4", "app-5", "app-14"}
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	var state sync.Map
	var inflight, peak atomic.Int32
	var mu sync.Mutex
	var errs []error
	for _, h := range hosts {
		state.Store(h, Pending)
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			n := inflight.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			state.Store(h, Draining)
			err := deploy(h)
			inflight.Add(-1)
			if err != nil {
				state.Store(h, Failed)
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				return
			}
			state.Store(h, Updated)
		})
	}
	wg.Wait()
	fmt.Println("peak <= 2:", peak.Load() <= 2, "inflight:", inflight.Load())

	var lines []string
	state.Range(func(k, v any) bool {
		p := v.(Phase) // (Range's v any shows no type: see :help limits)
		lines = append(lines, fmt.Sprintf("%s=%v", k, p))
		return true
	})
	sort.Strings(lines)
	fmt.Println(strings.Join(lines, " "))
	if v, ok := state.Load("app-4"); ok {
		p := v.(Phase)
		fmt.Println("app-4:", p, int(p))
	}

	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	joined := errors.Join(errs...)
	fmt.Println(joined)
	var de *DeployError
	fmt.Println(errors.As(joined, &de), de.Host, de.Step)

	var version atomic.Value
	version.Store("v1.4.2")
	old := version.Swap("v1.5.0")
	fmt.Println(old, version.Load(), version.CompareAndSwap("v1.5.0", "v1.5.1"), version.Load())

	var hits atomic.Uint64
	var flag atomic.Bool
	fmt.Println(flag.CompareAndSwap(false, true), flag.Load(), hits.Add(3), hits.Add(^uint64(0)))

	var legacy int64
	atomic.AddInt64(&legacy, 5)
	atomic.StoreInt64(&legacy, atomic.LoadInt64(&legacy)*2)
	fmt.Println(legacy)

	watchdog := time.NewTimer(50 * time.Millisecond)
	beats := 0
	for beats < 3 {
		time.Sleep(time.Millisecond)
		if !watchdog.Stop() {
			<-watchdog.C
		}
		watchdog.Reset(50 * time.Millisecond)
		beats++
	}
	fired := false
	select {
	case <-watchdog.C:
		fired = true
	default:
	}
	fmt.Println("beats:", beats, "fired:", fired)
}
