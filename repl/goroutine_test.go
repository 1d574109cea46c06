package repl

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestGoroutinesKeepTheirCellsContext is the bounded-concurrency pattern
// of ops code: a loop starts goroutines through a semaphore, the next cell
// waits for them. The goroutines' calls (a command through sys.Run, a
// request to an HTTP server) outlive the cell that started them and all
// complete: the cell ending cancels nothing.
func TestGoroutinesKeepTheirCellsContext(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	var out bytes.Buffer
	s, err := New(Config{Reader: &lines{}, Stdout: &out, Stderr: &out, Interactive: true, Backend: newWorker(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, cell := range []string{
		`url := "` + srv.URL + `"`,
		"sem := make(chan struct{}, 3)\nvar wg sync.WaitGroup\nvar mu sync.Mutex\nvar done, failed []string",
		"for i := 0; i < 12; i++ {\n\twg.Add(1)\n\tsem <- struct{}{}\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tdefer func() { <-sem }()\n\t\tout, err := sys.Run(\"sh\", \"-c\", \"sleep 0.1; echo \"+strconv.Itoa(i))\n\t\tif err == nil {\n\t\t\tvar r *http.Response\n\t\t\tr, err = http.Get(url)\n\t\t\tif err == nil {\n\t\t\t\tr.Body.Close()\n\t\t\t}\n\t\t}\n\t\tmu.Lock()\n\t\tdefer mu.Unlock()\n\t\tif err != nil {\n\t\t\tfailed = append(failed, err.Error())\n\t\t\treturn\n\t\t}\n\t\tdone = append(done, strings.TrimSpace(out))\n\t}()\n}",
		"wg.Wait()",
	} {
		if r := s.Do(ctx, cell); r.Err != nil {
			t.Fatalf("%s: %v\n%s", cell, r.Err, out.String())
		}
	}
	out.Reset()
	s.Do(ctx, `fmt.Println(len(done), len(failed), failed)`)
	if got := strings.TrimSpace(out.String()); got != "12 0 []" {
		t.Fatalf("done, failed = %s", got)
	}
	if hits.Load() != 12 {
		t.Fatalf("the server saw %d requests, want 12", hits.Load())
	}
}
