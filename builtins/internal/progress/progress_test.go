package progress

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNonTerminalWritesOnlySummary(t *testing.T) {
	var out bytes.Buffer
	b := NewTo(&out, false, "upload", 3000)
	if _, err := io.Copy(io.Discard, b.Reader(strings.NewReader(strings.Repeat("x", 3000)))); err != nil {
		t.Fatal(err)
	}
	b.Done()
	b.Done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "100% 2.9 KiB/2.9 KiB") {
		t.Fatalf("got %q, want one summary line at 100%%", out.String())
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 3 << 30: "3.0 GiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestLive: on a terminal the line is drawn in place and cleared at the
// end; elsewhere nothing is written; nothing shows before the delay.
func TestLive(t *testing.T) {
	var b syncBuffer
	calls := make(chan struct{}, 100)
	stop := Live(&b, true, 0, func(d time.Duration) string {
		calls <- struct{}{}
		return "3/10 done"
	})
	<-calls
	stop()
	if got := b.String(); !strings.HasPrefix(got, "\r\x1b[K3/10 done") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("live line %q", got)
	}
	var pipe syncBuffer
	Live(&pipe, false, 0, func(time.Duration) string { return "x" })()
	var quick syncBuffer
	Live(&quick, true, time.Hour, func(time.Duration) string { return "x" })()
	if pipe.String() != "" || quick.String() != "" {
		t.Errorf("wrote %q to a pipe, %q before the delay", pipe.String(), quick.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
