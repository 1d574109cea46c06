package progress

import (
	"bytes"
	"io"
	"strings"
	"testing"
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
