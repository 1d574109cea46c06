package repl

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestInterruptedBuiltinLeavesWhatItFinished: a builtin cut short by
// Ctrl-C (a fleet run) leaves what it had finished, and the session binds
// it to _ though the cell was interrupted.
func TestInterruptedBuiltinLeavesWhatItFinished(t *testing.T) {
	var out bytes.Buffer
	s, err := New(Config{Reader: &lines{}, Stdout: &out, Stderr: &out, Interactive: true, Backend: newWorker(t)})
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(300*time.Millisecond, s.Interrupt)
	if r := s.Do(context.Background(), `facts.Partial()`); !errors.Is(r.Err, ErrInterrupted) {
		t.Fatalf("err = %v, want interrupted", r.Err)
	}
	if !strings.Contains(out.String(), "what it had finished is in _ (and _1)") {
		t.Errorf("output %q does not say where the finished rows are", out.String())
	}
	out.Reset()
	if r := s.Do(context.Background(), `len(_)`); r.Err != nil || strings.TrimSpace(out.String()) != "2" {
		t.Fatalf("len(_) = %q, %v", out.String(), r.Err)
	}
}
