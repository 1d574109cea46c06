package history_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/opsh/opsh/history"
)

// BenchmarkAdd is the cost of storing one cell: lock, read the last record,
// append, unlock, with compactions as they come (MaxBytes 64 KiB).
func BenchmarkAdd(b *testing.B) {
	s := history.New(filepath.Join(b.TempDir(), "history"))
	s.MaxBytes = 64 << 10
	for i := 0; b.Loop(); i++ {
		if err := s.Add(fmt.Sprintf("x%d := strings.Repeat(\"a\", %d)", i, i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad is the start-up cost of a full history: 10,000 entries.
func BenchmarkLoad(b *testing.B) {
	s := history.New(filepath.Join(b.TempDir(), "history"))
	for i := range history.DefaultMax {
		if err := s.Add(fmt.Sprintf("resp%d, err := web.Get(\"https://example.com/%d\")\nresp.Status", i, i)); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		entries, err := s.Load()
		if err != nil || len(entries) != history.DefaultMax {
			b.Fatalf("%d entries, %v", len(entries), err)
		}
	}
}
