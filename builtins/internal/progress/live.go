package progress

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/opsh/opsh/internal/cell"
)

// liveInterval is how often a live line is redrawn.
const liveInterval = 200 * time.Millisecond

// Live shows, on a terminal, a status line that line() words from the
// time elapsed, redrawn in place until stop is called, which clears it;
// it first shows after delay (0: at once), so that what ends sooner shows
// nothing. Elsewhere (a pipe, a transcript) it shows nothing at all.
func Live(w io.Writer, tty bool, delay time.Duration, line func(elapsed time.Duration) string) (stop func()) {
	if !tty || w == nil {
		return func() {}
	}
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wait := time.NewTimer(delay)
		defer wait.Stop()
		select {
		case <-done:
			return
		case <-wait.C:
		}
		tick := time.NewTicker(liveInterval)
		defer tick.Stop()
		for {
			fmt.Fprintf(w, "\r\x1b[K%s", line(time.Since(start)))
			select {
			case <-done:
				fmt.Fprint(w, "\r\x1b[K")
				return
			case <-tick.C:
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
		})
	}
}

// Waiting shows "label · 3.2 s" on the running cell's error output while
// a call that may hang (an HTTP request, a remote command) waits, once it
// has waited 2 s; stop clears it.
func Waiting(label string) (stop func()) {
	return Live(cell.Stderr(), cell.Terminal(), 2*time.Second, func(d time.Duration) string {
		return fmt.Sprintf("%s · %s", label, Seconds(d))
	})
}

// Seconds words a duration for a live line: 8.1 s.
func Seconds(d time.Duration) string {
	return fmt.Sprintf("%.1f s", d.Seconds())
}
