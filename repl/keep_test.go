package repl

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/sessions"
)

func TestKeptOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.cell-1.out")
	k := keptOutput{head: 10, tail: 10}
	k.reset(path)
	var all bytes.Buffer
	for i := 0; i < 50; i++ {
		line := []byte(strings.Repeat(string(rune('a'+i%26)), 3) + "\n")
		k.Write(line)
		all.Write(line)
	}
	k.close()
	got := k.String()
	want := all.String()[:10] + "\n… 180 bytes left out …\n" + all.String()[190:]
	if got != want || k.Saved() != path {
		t.Fatalf("kept %q, saved in %q\nwant %q, saved in %q", got, k.Saved(), want, path)
	}
	saved, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(saved, all.Bytes()) {
		t.Fatalf("saved %d bytes, %v; want the %d bytes printed", len(saved), err, all.Len())
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved with mode %v, want 0600", fi.Mode().Perm())
	}
	k.reset("")
	k.Write([]byte("small"))
	if k.String() != "small" {
		t.Fatalf("a small output is kept as %q", k.String())
	}
	// one write larger than the head and the tail together, the first
	k.reset("")
	big := strings.Repeat("0123456789", 5)
	k.Write([]byte(big))
	k.close()
	if want := big[:10] + "\n… 30 bytes left out …\n" + big[40:]; k.String() != want {
		t.Fatalf("a large first write is kept as %q, want %q", k.String(), want)
	}
}

// pathRecorder is a Recorder that keeps what it is given, with a path for
// the files a session saves beside its transcript.
type pathRecorder struct {
	path string
	outs []sessions.Output
}

func (r *pathRecorder) Stage(int, time.Time, string) (func() error, error) { return nil, nil }
func (r *pathRecorder) Output(_ int, o sessions.Output) error {
	r.outs = append(r.outs, o)
	return nil
}
func (r *pathRecorder) Note(string) error            { return nil }
func (r *pathRecorder) Context(string, string) error { return nil }
func (r *pathRecorder) Path() string                 { return r.path }
func (r *pathRecorder) Meta() sessions.Meta          { return sessions.Meta{} }

// TestLargeOutputIsBounded: a cell printing 50 MB reaches the screen
// whole, the transcript keeps its head and tail with a line saying where
// the rest is, and the front-end's memory does not grow with it.
func TestLargeOutputIsBounded(t *testing.T) {
	dir := t.TempDir()
	rec := &pathRecorder{path: filepath.Join(dir, "20261206-0400-ab12.md")}
	screen := &countingWriter{}
	s, err := New(Config{Reader: &lines{}, Stdout: screen, Stderr: screen, Recorder: rec, Backend: newWorker(t)})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := s.Do(context.Background(), "line := strings.Repeat(\"x\", 99)\nfor i := 0; i < 500000; i++ {\n\tfmt.Println(line)\n}")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	runtime.ReadMemStats(&after)
	if screen.n != 50_000_000 {
		t.Errorf("the screen got %d bytes, want 50000000", screen.n)
	}
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 16<<20 {
		t.Errorf("the front-end's heap grew by %d MiB for the cell, want ≤ 16", grew>>20)
	}
	kept := rec.outs[len(rec.outs)-1].Text
	if len(kept) > 2*defaultKeep+200 || !strings.Contains(kept, "\n… 49868928 bytes left out …\n") {
		t.Errorf("the transcript keeps %d bytes: %q…", len(kept), kept[:min(len(kept), 200)])
	}
	if fi, err := os.Stat(filepath.Join(dir, "20261206-0400-ab12.cell-1.out")); err != nil || fi.Size() != 50_000_000 {
		t.Errorf("the whole output saved: %v, %v", fi, err)
	}
}

type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}
