package main

import (
	"bytes"
	"io"
	"testing"
)

// TestPriorityWriter feeds lines whole, split across writes and several to
// a write, and lines that bring their own priority.
func TestPriorityWriter(t *testing.T) {
	var b bytes.Buffer
	w := &priorityWriter{w: &b, priority: errorPriority}
	for _, s := range []string{
		"error: one\n",
		"part", "ial\n",
		"two\nlines\n",
		"<6>its own\n",
		"opsh run: warning: cut file\n",
		"no newline at the end",
	} {
		if n, err := io.WriteString(w, s); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	want := "<3>error: one\n<3>partial\n<3>two\n<3>lines\n<6>its own\n<4>opsh run: warning: cut file\n<3>no newline at the end"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
